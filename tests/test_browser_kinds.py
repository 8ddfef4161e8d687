"""Every kind of question, in both feedback timings, answered with the keyboard alone."""

import pytest
from sqlalchemy import select

from quiz.core.kinds import mark_key
from quiz.extensions import db
from quiz.models import Attempt, Question
from tests.helpers import check_a11y

pytestmark = pytest.mark.browser


def tab_to(page, selector: str, text: str | None = None, limit: int = 300) -> None:
    """Press Tab until the element matching ``selector`` (and ``text``) has the focus, as a keyboard user would."""
    check = """([sel, text]) => { const el = document.activeElement;
        return !!el && el.matches(sel) && (text === null || el.textContent.trim() === text); }"""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(check, [selector, text]):
            return
    raise AssertionError(f"Tab never reached {selector} {text or ''}")


def choose_radio(page, name: str, value: str) -> None:
    """Tab into a radio group, then move with the arrow keys to the wanted value."""
    tab_to(page, f"input[type=radio][name='{name}']")
    for _ in range(10):
        if page.evaluate("() => document.activeElement.value") == value:
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    assert page.locator(f"input[name='{name}'][value='{value}']").is_checked()


def answer_by_keyboard(page, q) -> None:
    if q["kind"] == "tag":
        for key, category in q["tags"].items():
            choose_radio(page, f"q{q['id']}-{key}", category)
    elif q["kind"] == "mark":
        for index in q["words"]:
            tab_to(page, f"#question-{q['id']} button.word[data-index='{index}']")
            page.keyboard.press("Space")
        pressed = page.locator(f"#question-{q['id']} button.word[aria-pressed=true]").count()
        assert pressed == len(q["words"])
    else:
        choose_radio(page, f"q{q['id']}", str(q["choice"]))


def right_answers(app, attempt_url):
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.token == attempt_url.split("/")[-1].split("?")[0]))
        plan = []
        for qid in attempt.question_ids:
            q = db.session.get(Question, qid)
            item = {"id": q.id, "kind": q.kind}
            if q.kind == "tag":
                item["tags"] = {k: v["category"] for k, v in q.data["key"].items()}
            elif q.kind == "mark":
                item["words"] = sorted(mark_key(q))
            else:
                item["choice"] = q.correct_choice.id
            plan.append(item)
        return plan


def start_by_keyboard(page, base, slug, name):
    page.goto(f"{base}/quizzes/{slug}")
    check_a11y(page)
    tab_to(page, "#display_name")
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    page.wait_for_url("**/attempts/**")


def test_all_at_once_every_kind_answered_by_keyboard(page, app, live_server):
    start_by_keyboard(page, live_server, "mini-quiz", "Ida")
    check_a11y(page)
    plan = right_answers(app, page.url)
    assert {q["kind"] for q in plan} == {"choice", "classify", "mark", "tag"}

    for q in plan:
        answer_by_keyboard(page, q)
    assert page.locator("[data-answered]").inner_text() == "4"
    tab_to(page, "[data-submit-once]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith("/result")
    assert "4 out of 4" in page.locator(".score").inner_text()
    assert "three quarters of the words you marked" in page.content()
    table = page.locator("table.tag-table")
    assert "2 of 2 sentences match" in table.locator("caption").inner_text()
    check_a11y(page)


def test_one_at_a_time_feedback_after_each_question_and_one_attempt(page, app, live_server):
    start_by_keyboard(page, live_server, "mini-steps", "Jo")
    plan = right_answers(app, page.url)

    for n, q in enumerate(plan, start=1):
        check_a11y(page)
        assert f"Question {n} of 4" in page.locator(".byline").inner_text()
        answer_by_keyboard(page, q)
        tab_to(page, "button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "✓ Right" in page.locator("section.feedback .verdict").inner_text()
        assert page.locator("section.feedback .explanation").is_visible()
        check_a11y(page)
        link = "See your result" if n == len(plan) else "Next question"
        tab_to(page, "a.button", link)
        with page.expect_navigation():
            page.keyboard.press("Enter")

    assert page.url.endswith("/result")
    assert "4 out of 4" in page.locator(".score").inner_text()
    with app.app_context():
        attempts = db.session.scalars(select(Attempt)).all()
        assert len(attempts) == 1 and len(attempts[0].answers) == 4 and attempts[0].score == 4
