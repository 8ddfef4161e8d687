"""In a real browser: four students take the quiz, then their teacher finds the numbers their answers imply."""

import csv

import pytest
from conftest import TEACHER_EMAIL, TEACHER_PASSWORD, check_a11y
from test_summaries import CLASS_ANSWERS

from quiz.core.taxonomy import CATEGORIES

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
    assert stat("mean") == "2.25 of 4 (56.2%)"
    assert stat("median") == "2.00"
    facility = {
        key: page.locator(f"#question-{key} [data-stat=facility]").inner_text()
        for key in ("mini-choice", "mini-classify", "mini-mark", "mini-tag")
    }
    assert facility == {"mini-choice": "50.0%", "mini-classify": "50.0%", "mini-mark": "75.0%", "mini-tag": "50.0%"}
    assert page.locator("[data-cell=opinion-sourced]").inner_text().startswith("2 (50.0%)")
    assert page.locator("[data-cell=sourced-unsourced]").inner_text().startswith("2 (25.0%)")
    assert page.locator("[data-cell=sourced-sourced]").inner_text().startswith("4 (50.0%)")
    assert page.locator("ol.mixups li").first.inner_text().startswith("Treats quoted opinions as sourced facts")
    assert page.locator("[data-sentence=p2s1]").inner_text() == "[50.0% misread of 4: Q2]"
    # The charts stand beside tables with the same numbers.
    assert page.locator("svg#score-chart[role=img] title").count() == 1
    assert page.locator("#distribution-table tbody tr").count() == 5
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
    assert page.get_by_text("Calling something “a disaster” is a judgement").is_visible()
    check_a11y(page)
