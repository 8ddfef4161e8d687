"""In a real browser, a student takes the bundled quiz from the list to the result page."""

import pytest
from sqlalchemy import select

from quiz.core.kinds import mark_key
from quiz.extensions import db
from quiz.models import Attempt, Question
from tests.helpers import BUNDLED, check_a11y, fits_width, load_bank

pytestmark = pytest.mark.browser


@pytest.fixture
def bundled(app):
    with app.app_context():
        load_bank(BUNDLED)
    return app


def plan(app, attempt_url: str, wrong_every: int = 4) -> list[dict]:
    """What the test will answer for each question: right, except every ``wrong_every``-th."""
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.token == attempt_url.split("/")[-1]))
        steps = []
        for n, qid in enumerate(attempt.question_ids, start=1):
            q = db.session.get(Question, qid)
            right = n % wrong_every != 0
            step = {"id": q.id, "kind": q.kind, "right": right}
            if q.kind == "tag":
                step["tags"] = {k: (v["category"] if right else "prediction") for k, v in q.data["key"].items()}
                step["right"] = right or all(v["category"] == "prediction" for v in q.data["key"].values())
            else:
                pick = next(c for c in q.choices if c.correct == right)
                step["choice"] = pick.id
                step["words"] = sorted(mark_key(q)) if right else [len(mark_key(q)) + max(mark_key(q)) + 1]
            steps.append(step)
        return steps


def answer(page, step, javascript=True):
    q = f"#question-{step['id']}"
    if step["kind"] == "tag":
        for key, category in step["tags"].items():
            page.click(f"label[for='q{step['id']}-{key}-{category}']")
    elif step["kind"] == "mark" and javascript:
        for index in step["words"]:
            page.click(f"{q} button.word[data-index='{index}']")
    else:
        page.click(f"label[for='q{step['id']}-c{step['choice']}']")


def test_a_student_takes_the_whole_quiz_and_reads_the_result(page, bundled, live_server):
    page.goto(live_server + "/")
    check_a11y(page)
    page.get_by_role("link", name="Who says so? Reading a news report on immigration detainers", exact=True).click()
    check_a11y(page)
    page.get_by_label("Your name as your teacher knows you").fill("Dana")
    page.get_by_role("button", name="Start the quiz").click()

    assert "/attempts/" in page.url
    article = page.locator("article.source")
    assert "California’s sanctuary policies" in article.inner_text()
    assert "โ" not in page.content()
    assert page.locator("#terms-heading").is_visible()
    check_a11y(page)

    steps = plan(bundled, page.url)
    for n, step in enumerate(steps, start=1):
        answer(page, step)
        if n in (1, len(steps)):
            assert page.locator("[data-answered]").inner_text() == str(n)

    page.get_by_role("button", name="Submit answers").click()

    assert page.url.endswith("/result")
    expected = sum(s["right"] for s in steps)
    assert f"{expected} out of {len(steps)}" in page.locator(".score").inner_text()
    assert page.locator("section.feedback").count() == len(steps)
    assert page.locator("section.feedback .explanation").count() == len(steps)
    assert page.locator("mark.evidence").count() >= len([s for s in steps if s["kind"] != "tag"])
    check_a11y(page)
    with bundled.app_context():
        assert db.session.scalar(select(Attempt)).score == expected


def test_an_excerpt_link_highlights_its_sentence_in_the_article(page, bundled, live_server):
    page.goto(live_server + "/quizzes/who-says-so")
    page.get_by_label("Your name as your teacher knows you").fill("Eli")
    page.get_by_role("button", name="Start the quiz").click()
    link = page.locator("a.excerpt-link").first
    target = link.get_attribute("href")

    link.click()

    sentence = page.locator(target)
    assert "is-target" in sentence.get_attribute("class")
    assert sentence.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"


def test_without_javascript_the_same_quiz_works_with_phrase_choices(no_js_page, bundled, live_server):
    page = no_js_page
    page.goto(live_server + "/quizzes/who-says-so")
    page.get_by_label("Your name as your teacher knows you").fill("Fay")
    page.get_by_role("button", name="Start the quiz").click()
    assert page.locator("[data-mark-fallback]").first.is_visible()
    assert not page.locator("[data-mark-words]").first.is_visible()

    steps = plan(bundled, page.url)
    for step in steps:
        answer(page, step, javascript=False)
    page.get_by_role("button", name="Submit answers").click()

    assert page.url.endswith("/result")
    expected = sum(s["right"] for s in steps)
    assert f"{expected} out of {len(steps)}" in page.locator(".score").inner_text()


def test_on_a_phone_the_article_comes_first_and_nothing_is_cut_off(phone_page, bundled, live_server):
    page = phone_page
    page.goto(live_server + "/")
    fits_width(page)
    page.goto(live_server + "/quizzes/who-says-so")
    fits_width(page)
    page.get_by_label("Your name as your teacher knows you").fill("Gus")
    page.get_by_role("button", name="Start the quiz").click()

    fits_width(page)
    article_top = page.locator("article.source").bounding_box()["y"]
    first_question = page.locator("fieldset.question").first.bounding_box()["y"]
    assert article_top < first_question
    check_a11y(page)


def test_on_a_wide_screen_the_article_sits_beside_the_questions(page, bundled, live_server):
    page.goto(live_server + "/quizzes/who-says-so")
    page.get_by_label("Your name as your teacher knows you").fill("Hal")
    page.get_by_role("button", name="Start the quiz").click()
    article = page.locator(".article-column").bounding_box()
    questions = page.locator(".questions-column").bounding_box()
    assert article["x"] + article["width"] <= questions["x"]
    assert abs(article["y"] - questions["y"]) < 5
