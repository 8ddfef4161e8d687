"""In a real browser: four students take the quiz, then their teacher finds the numbers their answers imply."""

import csv
import os
from pathlib import Path

import pytest

from quiz.core.taxonomy import CATEGORIES
from tests.helpers import CLASS_ANSWERS, TEACHER_EMAIL, TEACHER_PASSWORD, check_a11y, fits_width
from tests.planting import SLUG, plant_class

pytestmark = pytest.mark.browser

PROMPTS = {
    "mini-choice": "Who says there are 120 cases?",
    "mini-classify": "Which best describes this statement?",
    "mini-mark": "Select the words that show who says most cases involve adults.",
}


def take_in_browser(tab, base: str, name: str, answers: dict) -> None:
    """A student types their name, picks each answer by its label and submits."""
    tab.goto(f"{base}/quizzes/mini-quiz")
    tab.get_by_label("Your name as your teacher knows you").fill(name)
    tab.get_by_role("button", name="Start the quiz").click()
    for key, prompt in PROMPTS.items():
        label = CATEGORIES.get(answers[key], answers[key])
        tab.locator("fieldset.question", has_text=prompt).get_by_label(label).check()
    for position, category in enumerate(answers["mini-tag"].values()):
        tab.locator("fieldset.tag-item").nth(position).get_by_label(CATEGORIES[category]).check()
    tab.get_by_role("button", name="Submit answers").click()
    tab.get_by_role("heading", name="Your result").wait_for()


def test_a_teacher_finds_the_numbers_four_students_answers_imply(live_server, page, no_js_page, make_teacher, tmp_path):
    for name, answers in CLASS_ANSWERS.items():
        take_in_browser(no_js_page, live_server, name, answers)
        no_js_page.context.clear_cookies()

    make_teacher()
    page.goto(f"{live_server}/teacher/login")
    page.fill("input[name=email]", TEACHER_EMAIL)
    page.fill("input[name=password]", TEACHER_PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.goto(f"{live_server}/teacher/summaries/")
    check_a11y(page)
    page.get_by_role("table").get_by_role("link", name="Mini quiz", exact=True).click()

    stat = lambda name: page.locator(f"[data-stat={name}]").first.inner_text()  # noqa: E731
    assert stat("attempts") == "4"
    assert stat("mean") == "2.3 of 4 (56%)"
    assert stat("median") == "2"
    facility = {
        key: page.locator(f"#question-{key} [data-stat=facility]").inner_text()
        for key in ("mini-choice", "mini-classify", "mini-mark", "mini-tag")
    }
    assert set(facility.values()) == {"needs 10 answers"}  # four answers are too few to print a rate
    assert page.locator("[data-cell=opinion-sourced]").inner_text().startswith("2 (50%)")
    assert page.locator("[data-cell=sourced-unsourced]").inner_text().startswith("2 (25%)")
    assert page.locator("[data-cell=sourced-sourced]").inner_text().startswith("4 (50%)")
    assert page.locator("ol.mixups > li").first.inner_text().startswith("Treats quoted opinions as sourced facts")
    assert page.locator("[data-sentence=p2s1]").inner_text() == "[50% misread of 4: Q2]"
    # The charts stand beside tables with the same numbers.
    assert page.locator("svg#score-chart[role=img] title").count() == 1
    assert page.locator("#distribution-table tbody tr").count() == 10
    check_a11y(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Answers (CSV)").click()
    path = tmp_path / "answers.csv"
    download.value.save_as(path)
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    assert len(rows) == 17
    dee = {row[3]: row for row in rows[1:] if row[1] == "Dee"}
    assert dee["mini-choice"][6:9] == ["The mayor", "0", "no"]
    assert dee["mini-tag"][6:9] == ["p1s1=sourced; p1s2=opinion", "0.5", "no"]

    page.get_by_role("link", name="Students").first.click()
    check_a11y(page)
    page.get_by_role("link", name="Cy", exact=True).click()
    assert "could be guessing" in page.locator("#attempt-table").inner_text()
    assert not page.get_by_text("Calling something “a disaster” is a judgement").is_visible()  # collapsed
    page.get_by_text("Show every answer with its explanation").click()
    assert page.get_by_text("Calling something “a disaster” is a judgement").is_visible()
    check_a11y(page)


def sign_in(tab, base: str) -> None:
    tab.goto(f"{base}/teacher/login")
    tab.fill("input[name=email]", TEACHER_EMAIL)
    tab.fill("input[name=password]", TEACHER_PASSWORD)
    tab.locator("form button[type=submit], form input[type=submit]").last.click()
    tab.wait_for_url(lambda url: "/login" not in url)


def test_a_planted_class_reads_as_what_to_do_next_at_both_widths(
    app, live_server, page, phone_page, make_teacher, tmp_path
):
    shots = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)  # set it to keep the pictures
    names = plant_class(app)
    make_teacher()
    summary = f"{live_server}/teacher/summaries/{SLUG}"
    for tab, width in ((page, 1280), (phone_page, 360)):
        sign_in(tab, live_server)
        tab.goto(summary)
        first = tab.locator("#next")
        assert first.locator("ol.mixups > li").first.inner_text().startswith("Treats quoted opinions as sourced facts")
        assert "Over-sceptical" in first.inner_text() and "Credulous" in first.inner_text()
        tab.screenshot(path=str(shots / f"c-summary-{width}.png"))
        if width == 360:  # a phone's first screen is the filter; the next is what to do
            first.scroll_into_view_if_needed()
            tab.screenshot(path=str(shots / "c-summary-360-next.png"))
        check_a11y(tab)
        fits_width(tab)

    # The grid: sorted by score from the keyboard, the lowest first.
    page.goto(f"{summary}/grid")
    check_a11y(page)
    fits_width(page)
    page.get_by_role("button", name="Sort by Score").focus()
    page.keyboard.press("Enter")
    assert page.locator("th[aria-sort=ascending]").inner_text().startswith("Score")
    scores = page.eval_on_selector_all(
        "#answer-grid tbody tr td:nth-of-type(1)", "cells => cells.map(c => parseFloat(c.dataset.value))"
    )
    assert len(scores) == len(names) and scores == sorted(scores) and scores[0] < scores[-1]
    page.keyboard.press("Enter")  # again: highest first
    assert page.locator("th[aria-sort=descending]").inner_text().startswith("Score")
    first = page.locator("#answer-grid tbody tr").first.locator("th a").inner_text()
    assert names[first] == "strong"
    page.screenshot(path=str(shots / "c-grid-1280.png"))
    # On a phone the grid scrolls inside its own region, which the keyboard can reach.
    phone_page.goto(f"{summary}/grid")
    check_a11y(phone_page)
    fits_width(phone_page)
    region = phone_page.get_by_role("region", name="counted attempts")
    assert region.get_attribute("tabindex") == "0"
    region.scroll_into_view_if_needed()
    phone_page.screenshot(path=str(shots / "c-grid-360.png"))

    page.goto(f"{summary}/readers")
    check_a11y(page)
    # Students at one place share a labelled point: strong, weak and confidently wrong readers judge alike.
    assert page.locator("#reader-table tbody tr").count() == 30
    assert page.locator("svg#reader-plot circle").count() == 4
    assert page.locator("svg#reader-plot text", has_text="Always-Opinion 1 and 3 more").count() == 1
    page.locator("#plot-heading").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "c-discernment-1280.png"))
    phone_page.goto(f"{summary}/readers")
    check_a11y(phone_page)
    fits_width(phone_page)


def test_a_growth_report_reads_at_both_widths(app, live_server, page, phone_page, make_teacher, tmp_path):
    from sqlalchemy import select

    from quiz.extensions import db
    from quiz.models import Assignment, Attempt, Classroom, Quiz
    from tests.helpers import ALL_RIGHT, take_quiz

    shots = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    teacher = make_teacher()
    with app.app_context():
        room = Classroom(teacher_id=teacher, name="Period 3", code="GROWTHB1")
        db.session.add(room)
        db.session.flush()
        quiz_id = db.session.scalar(select(Quiz.id).where(Quiz.slug == "mini-quiz"))
        tasks = [Assignment(classroom_id=room.id, quiz_id=quiz_id) for _ in range(2)]
        db.session.add_all(tasks)
        db.session.commit()
        room_id, task_ids = room.id, [t.id for t in tasks]
    for task, plan in zip(
        task_ids, ({"Ana": "Cy", "Ben": "Cy", "Cy": "Ben"}, {"Ana": None, "Ben": "Dee", "Cy": "Dee"}), strict=True
    ):
        for name, who in plan.items():
            url = take_quiz(
                app.test_client(), app, name, CLASS_ANSWERS[who] if who else ALL_RIGHT, classroom_id=room_id
            )
            with app.app_context():
                db.session.scalar(select(Attempt).where(Attempt.token == url.split("/")[-2])).assignment_id = task
                db.session.commit()
    sign_in(page, live_server)
    page.goto(f"{live_server}/teacher/summaries/growth")
    check_a11y(page)
    options = page.locator("select[name=before] option")
    page.select_option("select[name=before]", options.nth(0).get_attribute("value"))
    page.select_option("select[name=after]", options.nth(1).get_attribute("value"))
    page.get_by_role("button", name="Link them").click()
    assert page.locator("#growth-verdict").inner_text().startswith("3 students took both.")
    check_a11y(page)
    fits_width(page)
    page.screenshot(path=str(shots / "c-growth-1280.png"), full_page=True)
    sign_in(phone_page, live_server)
    phone_page.goto(page.url)
    check_a11y(phone_page)
    fits_width(phone_page)
    phone_page.screenshot(path=str(shots / "c-growth-360.png"))


def test_the_bundled_quizs_heat_map_fits_a_phone(app, live_server, phone_page, make_teacher):
    """A sentence that many questions quote gets a long note of links; it wraps instead of widening the page."""
    from tests.helpers import BUNDLED, answers_form, load_bank, questions_of_attempt, start_attempt

    with app.app_context():
        load_bank(BUNDLED)
    for n, name in enumerate(("Ana", "Ben", "Cy")):
        client = app.test_client()
        url = start_attempt(client, "who-says-so", name)
        wrong = {q.key for q in questions_of_attempt(app, url)[n::3]}
        assert client.post(url, data=answers_form(app, client, url, wrong=wrong)).status_code == 302
    make_teacher()
    sign_in(phone_page, live_server)
    phone_page.goto(f"{live_server}/teacher/summaries/who-says-so")
    longest = max(
        phone_page.eval_on_selector_all(".heat-note", "notes => notes.map(n => n.querySelectorAll('a').length)")
    )
    assert longest >= 7  # the case this is about: p4s1 is quoted by seven questions
    fits_width(phone_page)
