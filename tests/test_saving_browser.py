"""In a real browser: answers are saved as they are chosen and come back after a reload or in another browser."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Question, Quiz
from tests.helpers import BUNDLED, answers_form, check_a11y, fits_width, load_bank, questions_of_attempt

pytestmark = pytest.mark.browser

SHOTS = "/tmp/work/shots"


def start(tab, base: str, slug: str = "mini-quiz", name: str = "Noor") -> str:
    tab.goto(f"{base}/quizzes/{slug}")
    tab.get_by_label("Your name as your teacher knows you").fill(name)
    tab.get_by_role("button", name="Start the quiz").click()
    tab.wait_for_url("**/attempts/*")
    return tab.url


def choose(tab, question_id: int, choice_id: int) -> None:
    tab.click(f"label[for='q{question_id}-c{choice_id}']")


def right_choice(question: Question) -> int:
    return next(c.id for c in question.choices if c.correct)


def test_answers_chosen_survive_a_reload_and_open_in_a_new_browser(page, browser, app, live_server):
    url = start(page, live_server)
    questions = {q.key: q for q in questions_of_attempt(app, url)}
    status = page.locator("[data-save-status]")
    assert status.inner_text() == "Nothing saved yet"

    choose(page, questions["mini-choice"].id, right_choice(questions["mini-choice"]))
    expect(page.locator("[data-save-status]")).to_have_text("Saved")
    tag = questions["mini-tag"]
    page.click(f"label[for='q{tag.id}-p1s1-opinion']")
    page.click(f"label[for='q{tag.id}-p1s2-sourced']")
    expect(page.locator("[data-save-status]")).to_have_text("Saved")

    page.reload()
    assert page.locator(f"#q{questions['mini-choice'].id}-c{right_choice(questions['mini-choice'])}").is_checked()
    assert page.locator(f"#q{tag.id}-p1s1-opinion").is_checked()
    assert page.locator("[data-answered]").inner_text() == "2"
    assert page.locator("[data-progress-bar]").evaluate("bar => bar.value") == 2
    assert status.inner_text() == "Saved"

    other = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        tab = other.new_page()
        tab.goto(url)
        assert tab.locator(f"#q{tag.id}-p1s2-sourced").is_checked()
        assert tab.locator("[data-answered]").inner_text() == "2"
        check_a11y(tab)
    finally:
        other.close()


def test_a_lost_connection_says_not_saved_and_retries_until_it_is(page, app, live_server):
    url = start(page, live_server)
    choice = next(q for q in questions_of_attempt(app, url) if q.key == "mini-choice")
    page.route("**/save", lambda route: route.abort())

    choose(page, choice.id, right_choice(choice))
    expect(page.locator("[data-save-status]")).to_have_text("Not saved — retrying")
    page.unroute("**/save")
    expect(page.locator("[data-save-status]")).to_have_text("Saved", timeout=20_000)

    page.reload()
    assert page.locator(f"#q{choice.id}-c{right_choice(choice)}").is_checked()


def test_without_javascript_the_save_button_keeps_the_answers(no_js_page, browser, app, live_server):
    url = start(no_js_page, live_server)
    choice = next(q for q in questions_of_attempt(app, url) if q.key == "mini-choice")
    choose(no_js_page, choice.id, right_choice(choice))

    no_js_page.get_by_role("button", name="Save my answers").click()

    assert "Your answers are saved: 1 of 4 answered." in no_js_page.locator(".flash").inner_text()
    assert no_js_page.locator("#progress-text").inner_text() == "1 of 4 questions answered"
    assert no_js_page.locator(f"#q{choice.id}-c{right_choice(choice)}").is_checked()
    other = browser.new_context(java_script_enabled=False)
    try:
        tab = other.new_page()
        tab.goto(url)
        assert tab.locator(f"#q{choice.id}-c{right_choice(choice)}").is_checked()
    finally:
        other.close()


def test_on_a_phone_the_article_folds_above_the_question_and_find_it_opens_it(phone_page, app, live_server):
    url = start(phone_page, live_server)
    panel = phone_page.locator("details[data-article-panel]")
    assert panel.evaluate("d => d.open") is False
    assert phone_page.get_by_text("Show the article").is_visible()

    phone_page.locator("a.excerpt-link").first.click()

    assert panel.evaluate("d => d.open") is True
    target = phone_page.locator(".sentence.is-target")
    assert target.count() == 1 and target.is_visible()
    fits_width(phone_page)
    assert "/attempts/" in url


@pytest.fixture
def bundled(app):
    with app.app_context():
        load_bank(BUNDLED)
        slug = db.session.scalar(select(Quiz.slug).where(Quiz.slug == "who-says-so"))
    return slug


def test_screenshots_of_a_resumed_attempt_and_the_phone_result_page(bundled, app, live_server, browser):
    """Not a check of looks: it keeps pictures of the two pages for a person to look at, and checks they fit."""
    laptop = browser.new_context(viewport={"width": 1280, "height": 900})
    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        tab = laptop.new_page()
        url = start(tab, live_server, bundled)
        for question in questions_of_attempt(app, url)[:3]:
            if question.choices and question.kind != "mark":
                choose(tab, question.id, right_choice(question))
        expect(tab.locator("[data-save-status]")).to_have_text("Saved")
        tab.reload()
        assert tab.locator("[data-answered]").inner_text() != "0"
        tab.evaluate("window.scrollTo(0, 0)")
        tab.screenshot(path=f"{SHOTS}/e2-resumed-attempt.png")

        small = phone.new_page()
        client = app.test_client()
        form = answers_form(app, client, url)
        assert client.post(url, data=form).status_code == 302
        small.goto(url + "/result")
        fits_width(small)
        small.screenshot(path=f"{SHOTS}/e2-phone-result.png")
        small.locator("table.tag-table").first.scroll_into_view_if_needed()
        small.screenshot(path=f"{SHOTS}/e2-phone-result-tags.png")
    finally:
        laptop.close()
        phone.close()
