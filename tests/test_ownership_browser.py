"""In a real browser: another teacher's quiz read-only with its Duplicate button, and the GIFT check page,
both passing the accessibility check, fitting a 360-pixel phone and working by keyboard."""

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Quiz
from tests.helpers import FIXTURES, OTHER_EMAIL, TEACHER_PASSWORD, check_a11y, fits_width

pytestmark = pytest.mark.browser


def sign_in(page, base, email):
    page.goto(base + "/teacher/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEACHER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/teacher/")


@pytest.fixture
def someone_elses_quiz(app, make_teacher) -> int:
    owner = make_teacher()
    make_teacher(email=OTHER_EMAIL, name="Mr Other")
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "mini-quiz"))
        quiz.created_by_id = owner
        db.session.commit()
        return quiz.id


def test_another_teachers_quiz_is_read_and_duplicated_by_keyboard(someone_elses_quiz, page, live_server):
    sign_in(page, live_server, OTHER_EMAIL)
    page.goto(f"{live_server}/teacher/quizzes/{someone_elses_quiz}")
    assert page.get_by_text("This quiz belongs to Ms Example").is_visible()
    check_a11y(page)
    page.get_by_role("button", name="Duplicate into a quiz of my own").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/teacher/quizzes/*")
    assert page.get_by_label("Title").input_value() == "Mini quiz (copy)"


def test_the_gift_check_page_is_accessible_and_fits_a_phone(someone_elses_quiz, page, phone_page, live_server):
    for tab in (page, phone_page):
        sign_in(tab, live_server, OTHER_EMAIL)
        tab.goto(live_server + "/teacher/transfer")
        tab.get_by_label("Question file").set_input_files(str(FIXTURES / "gift" / "moodle-fixture.gift"))
        tab.get_by_label("Article for GIFT questions").select_option("mini-article")
        tab.get_by_label("Skill for GIFT questions").select_option("source")
        tab.get_by_role("button", name="Import").click()
        assert tab.get_by_role("heading", name="Check moodle-fixture.gift before importing").is_visible()
    check_a11y(page)
    fits_width(phone_page)
    page.get_by_role("button", name="Import the questions listed").click()
    assert page.get_by_text("Questions without an excerpt yet").is_visible()
