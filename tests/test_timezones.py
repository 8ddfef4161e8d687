"""The teacher's clock: times typed and shown in their zone, stored in UTC, read by the class with the zone named."""

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from quiz.core import clock
from quiz.extensions import db
from quiz.models import Assignment, Teacher
from tests.classroom_helpers import assign, class_code, create_class, join, text_of
from tests.helpers import ALL_RIGHT, TEACHER_EMAIL, TEACHER_PASSWORD, csrf_token, login, take_quiz


def test_a_time_typed_in_los_angeles_in_winter_is_stored_eight_hours_later():
    typed = datetime(2026, 12, 8, 15, 0)
    assert clock.to_utc(typed, "America/Los_Angeles") == datetime(2026, 12, 8, 23, 0)
    assert clock.to_local(datetime(2026, 12, 8, 23, 0), "America/Los_Angeles") == typed
    assert clock.show(datetime(2026, 12, 8, 23, 0), "America/Los_Angeles") == "Tuesday 8 December 2026, 15:00 PST"


def test_summer_time_is_followed_and_zones_without_letters_get_an_offset():
    assert clock.to_utc(datetime(2026, 7, 1, 15, 0), "America/Los_Angeles") == datetime(2026, 7, 1, 22, 0)
    assert clock.show(datetime(2026, 7, 1, 22, 0), "America/Los_Angeles").endswith("15:00 PDT")
    assert clock.show(datetime(2026, 7, 1, 10, 0), "Asia/Dubai") == "Wednesday 1 July 2026, 14:00 UTC+04:00"


def test_an_unknown_zone_falls_back_to_utc_and_says_so():
    assert clock.show(datetime(2026, 12, 8, 23, 0), "Mars/Olympus") == "Tuesday 8 December 2026, 23:00 UTC"
    assert not clock.is_known("Mars/Olympus") and clock.is_known("Europe/Berlin")


def test_a_time_within_the_week_reads_as_a_day_and_a_time():
    now = datetime(2026, 12, 1, 12, 0)  # a Tuesday
    assert clock.short(datetime(2026, 12, 4, 23, 0), "America/Los_Angeles", now) == "Friday 15:00 PST"
    assert clock.short(datetime(2026, 12, 20, 23, 0), "America/Los_Angeles", now) == "Sunday 20 December, 15:00 PST"


@pytest.fixture
def teacher(client, make_teacher):
    make_teacher()
    login(client)
    return client


def set_zone(client, zone):
    token = csrf_token(client, "/teacher/account")
    return client.post("/teacher/account", data={"csrf_token": token, "time_zone": zone})


def test_a_teacher_chooses_their_time_zone_on_the_account_page(app, teacher):
    assert set_zone(teacher, "America/Los_Angeles").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Teacher.time_zone)) == "America/Los_Angeles"
    assert set_zone(teacher, "Mars/Olympus").status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Teacher.time_zone)) == "America/Los_Angeles"


def test_a_teacher_in_los_angeles_sets_15_00_and_the_class_reads_15_00_pst(app, teacher):
    set_zone(teacher, "America/Los_Angeles")
    class_id = create_class(teacher)
    task = assign(teacher, app, class_id, due_at="2026-12-11T15:00")
    with app.app_context():
        assert db.session.get(Assignment, task).due_at == datetime(2026, 12, 11, 23, 0)
    student = app.test_client()
    join(student, class_code(app, class_id))
    page = text_of(student.get("/class"))
    assert "15:00 PST" in page and "America/Los Angeles" in page and "23:00" not in page
    assert "15:00 PST" in text_of(teacher.get(f"/teacher/classes/{class_id}"))


def test_the_quiz_timezone_setting_is_the_default_for_a_teacher_who_chose_none(app, teacher):
    app.config["QUIZ_TIMEZONE"] = "Europe/Berlin"
    class_id = create_class(teacher)
    task = assign(teacher, app, class_id, due_at="2026-12-11T15:00")
    with app.app_context():
        assert db.session.get(Assignment, task).due_at == datetime(2026, 12, 11, 14, 0)
    assert "Europe/Berlin" in text_of(teacher.get("/teacher/account"))


def sign_in_from(client, zone: str):
    """Sign in as a browser in ``zone`` does: static/zone.js puts the zone in the form."""
    token = csrf_token(client, "/teacher/login")
    form = {"csrf_token": token, "email": TEACHER_EMAIL, "password": TEACHER_PASSWORD, "browser_zone": zone}
    assert client.post("/teacher/login", data=form).status_code == 302


def submitted_shown(client) -> str:
    html = client.get("/teacher/summaries/mini-quiz/students?classroom=none").get_data(as_text=True)
    return re.search(r"\b(\w+ \d+ \w+, \d\d:\d\d [A-Z][\w+:]*)", html).group(1)


def test_before_choosing_a_zone_a_teacher_reads_times_in_their_browsers_zone(app, client, make_teacher):
    make_teacher()
    take_quiz(app.test_client(), app, "Ana", ALL_RIGHT)
    sign_in_from(client, "America/Los_Angeles")
    assert submitted_shown(client).endswith(("PST", "PDT"))
    assert set_zone(client, "Europe/Berlin").status_code == 302  # a chosen zone wins over the browser's
    assert submitted_shown(client).endswith(("CET", "CEST"))


@pytest.mark.parametrize("zone", ["", "Mars/Olympus", "Europe/" + "x" * 5000, "<script>"])
def test_a_missing_or_made_up_browser_zone_signs_in_and_reads_the_default(app, client, make_teacher, zone):
    make_teacher()
    take_quiz(app.test_client(), app, "Ana", ALL_RIGHT)
    sign_in_from(client, zone)
    assert submitted_shown(client).endswith("UTC")


@pytest.mark.browser
def test_the_sign_in_page_reports_the_browsers_zone(app, live_server, browser, make_teacher):
    make_teacher()
    take_quiz(app.test_client(), app, "Ana", ALL_RIGHT)
    context = browser.new_context(timezone_id="America/Los_Angeles")
    tab = context.new_page()
    tab.goto(f"{live_server}/teacher/login")
    tab.fill("input[name=email]", TEACHER_EMAIL)
    tab.fill("input[name=password]", TEACHER_PASSWORD)
    tab.locator("form button[type=submit], form input[type=submit]").last.click()
    tab.wait_for_url(lambda url: "/login" not in url)
    tab.goto(f"{live_server}/teacher/summaries/mini-quiz/students?classroom=none")
    assert " PST" in tab.inner_text("main") or " PDT" in tab.inner_text("main")
    context.close()
