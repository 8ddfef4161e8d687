"""In a real browser: a teacher in Los Angeles assigns a quiz to a class with a class list, a student joins by
picking their name, the teacher resets an attempt, and a time-limited attempt is submitted at its limit."""

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from quiz.core import codes
from quiz.extensions import db
from quiz.models import Assignment, Attempt, Classroom, Quiz, utcnow
from tests.helpers import TEACHER_EMAIL, TEACHER_PASSWORD, check_a11y

pytestmark = pytest.mark.browser
SHOTS = "/tmp/work/shots"


def sign_in(page, base):
    page.goto(base + "/teacher/login")
    page.get_by_label("Email").fill(TEACHER_EMAIL)
    page.get_by_label("Password").fill(TEACHER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/teacher/")


def no_sideways_scroll(page) -> None:
    wide = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"{page.url} scrolls {wide}px sideways"


def shot(page, name) -> None:
    import os

    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/e1-{name}.png", full_page=True)


def make_class_only_quiz(app, title="Class only quiz") -> None:
    from quiz.models import QuizQuestion

    with app.app_context():
        mini = db.session.scalar(select(Quiz).where(Quiz.slug == "mini-quiz"))
        other = Quiz(
            slug="class-only-quiz", title=title, article_id=mini.article_id, published=True, open_to_anyone=False
        )
        db.session.add(other)
        db.session.flush()
        other.entries.extend(QuizQuestion(question_id=e.question_id, position=e.position) for e in mini.entries)
        db.session.commit()


def set_up_class(page, base, name="7B") -> int:
    page.goto(base + "/teacher/classes")
    page.get_by_label("Name of the class").fill(name)
    page.get_by_role("button", name="Create the class").click()
    page.wait_for_url(re.compile(r"/teacher/classes/\d+$"))
    return int(page.url.rsplit("/", 1)[-1])


def test_a_teacher_in_los_angeles_assigns_and_a_listed_student_reads_15_00_pst(
    app, browser, page, phone_page, live_server, make_teacher
):
    make_teacher()
    make_class_only_quiz(app)
    sign_in(page, live_server)
    page.goto(live_server + "/teacher/account")
    page.get_by_label("Your time zone").select_option("America/Los_Angeles")
    page.get_by_role("button", name="Save the time zone").click()
    assert page.get_by_text("Your time zone is now America/Los Angeles").is_visible()
    class_id = set_up_class(page, live_server)
    page.get_by_label("Names").fill("Maya R\nBen Ode\nZoë Ng")
    page.get_by_role("button", name="Add to the class list").click()
    assert page.get_by_text("3 name(s) added").is_visible()

    page.get_by_role("link", name="Assign a quiz").click()
    page.get_by_label("Quiz").select_option(label="Mini quiz")
    page.get_by_label("Due at").fill("2026-12-11T15:00")
    page.get_by_label("Attempts each student may submit").fill("1")
    check_a11y(page)
    shot(page, "assignment-form")
    page.get_by_role("button", name="Assign the quiz").click()
    page.wait_for_url(re.compile(r"/assignments/\d+$"))
    assert page.get_by_role("heading", name="Share with the class").is_visible()
    page.wait_for_function("document.querySelector('img.qr').complete")
    assert page.locator("img.qr").evaluate("img => img.naturalWidth > 0")
    check_a11y(page)
    shot(page, "share-panel")
    page.get_by_role("link", name="Printable handout").click()
    check_a11y(page)
    shot(page, "handout")
    with app.app_context():
        assert db.session.scalar(select(Assignment.due_at)) == datetime(2026, 12, 11, 23, 0)
        code = codes.shown(db.session.get(Classroom, class_id).code)

    # The student opens the join link on a phone and picks their name from the class list.
    phone_page.goto(f"{live_server}/join?code={code}")
    check_a11y(phone_page)
    no_sideways_scroll(phone_page)
    phone_page.get_by_label("Your name").select_option(label="Maya R")
    phone_page.get_by_role("button", name="Join the class").click()
    phone_page.wait_for_url(live_server + "/class")
    body = phone_page.locator("main").inner_text()
    assert "Mini quiz" in body and "Class only quiz" not in body
    assert "15:00 PST" in body and "America/Los Angeles" in body
    check_a11y(phone_page)
    no_sideways_scroll(phone_page)
    shot(phone_page, "student-class-360")

    # She submits her one attempt; the teacher resets it from the class page.
    phone_page.get_by_role("button", name=re.compile("^Start")).click()
    phone_page.wait_for_url(re.compile(r"/attempts/"))
    answer_everything(phone_page)
    phone_page.wait_for_url(re.compile(r"/result$"))
    assert "Try again" not in phone_page.locator("main").inner_text()
    assert "ask Ms Example" in phone_page.locator("main").inner_text()
    no_sideways_scroll(phone_page)
    page.goto(f"{live_server}/teacher/classes/{class_id}")
    page.get_by_role("button", name="Reset attempts of Maya R").click()
    assert page.get_by_text("Maya R has all their attempts back").is_visible()
    check_a11y(page)
    shot(page, "class-page")
    phone_page.goto(live_server + "/class")
    assert "1 attempt(s) left" in phone_page.locator("main").inner_text()
    with app.app_context():
        assert [a.score for a in db.session.scalars(select(Attempt))] == [4]


def answer_everything(page) -> None:
    """Answer the mini quiz right in the page and submit it."""
    page.get_by_label("The agency").first.check()
    page.locator("fieldset.question").nth(1).get_by_label(re.compile("^Opinion")).check()
    for word in ("According", "to", "the", "agency"):
        page.locator("fieldset.question").nth(2).get_by_role("button", name=word, exact=True).first.click()
    tags = page.locator("fieldset.question").nth(3)
    for group in range(tags.locator("fieldset.tag-item").count()):
        tags.locator("fieldset.tag-item").nth(group).get_by_label(re.compile("^Sourced")).check()
    page.get_by_role("button", name="Submit answers").click()


def test_a_time_limited_attempt_is_submitted_at_the_limit_with_what_was_saved(app, page, live_server, make_teacher):
    teacher_id = make_teacher()
    with app.app_context():
        classroom = Classroom(teacher_id=teacher_id, name="7C", code=codes.generate())
        db.session.add(classroom)
        db.session.flush()
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "mini-quiz"))
        db.session.add(Assignment(classroom_id=classroom.id, quiz_id=quiz.id, time_limit_minutes=1))
        db.session.commit()
        code = classroom.code
    page.goto(f"{live_server}/join?code={code}")
    page.get_by_label("Your name as your teacher knows you").fill("Ana")
    page.get_by_role("button", name="Join the class").click()
    page.get_by_role("button", name=re.compile("^Start")).click()
    page.wait_for_url(re.compile(r"/attempts/"))
    assert page.locator("[data-countdown-text]").is_visible()
    page.get_by_label("The agency").first.check()
    page.get_by_role("button", name="Save my answers").click()
    page.wait_for_url(re.compile(r"/attempts/[^/]+(#.*)?$"))
    with app.app_context():
        attempt = db.session.scalar(select(Attempt))
        attempt.started_at = utcnow() - timedelta(seconds=55)  # five seconds left
        db.session.commit()
    page.reload()
    left = page.locator("[data-countdown-text]").inner_text()
    assert re.fullmatch(r"0:0[0-9]", left), left
    check_a11y(page)
    page.wait_for_url(re.compile(r"/result$"), timeout=20_000)
    main = page.locator("main").inner_text()
    assert "Time is up" in main and "1 out of 4" in main
    with app.app_context():
        attempt = db.session.scalar(select(Attempt))
        assert attempt.submitted and attempt.score == 1


def test_every_class_page_fits_a_phone_and_passes_the_accessibility_check(
    app, page, phone_page, live_server, make_teacher
):
    make_teacher()
    sign_in(page, live_server)
    class_id = set_up_class(page, live_server, "A class with a rather long name for a small phone screen")
    page.get_by_label("Names").fill("Maya R\nBen Ode")
    page.get_by_role("button", name="Add to the class list").click()
    page.goto(f"{live_server}/teacher/classes/{class_id}/assign")
    page.get_by_label("Quiz").select_option(label="Mini quiz")
    page.get_by_label("Time limit in minutes").fill("30")
    page.get_by_role("button", name="Assign the quiz").click()
    page.wait_for_url(re.compile(r"/assignments/\d+$"))
    share = page.url.removeprefix(live_server)
    sign_in(phone_page, live_server)
    teacher_pages = [
        f"/teacher/classes/{class_id}",
        f"/teacher/classes/{class_id}/assign",
        share,
        share + "/handout",
        "/teacher/account",
        "/teacher/classes",
        "/teacher/quizzes",
        "/teacher/quizzes/1",
    ]
    for tab in (page, phone_page):
        for path in teacher_pages:
            tab.goto(live_server + path)
            check_a11y(tab)
            no_sideways_scroll(tab)
    with app.app_context():
        code = codes.shown(db.session.get(Classroom, class_id).code)
    student = phone_page.context.browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    for path in ["/", "/join", f"/join?code={code}"]:
        student.goto(live_server + path)
        check_a11y(student)
        no_sideways_scroll(student)
    student.get_by_label("Your name").select_option(label="Ben Ode")
    student.get_by_role("button", name="Join the class").click()
    student.wait_for_url(live_server + "/class")
    check_a11y(student)
    no_sideways_scroll(student)
    student.get_by_role("button", name=re.compile("^Start")).click()
    student.wait_for_url(re.compile(r"/attempts/"))
    assert student.locator("[data-countdown-text]").is_visible()
    check_a11y(student)
    no_sideways_scroll(student)
    student.context.close()
