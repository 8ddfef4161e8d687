"""A student opens the quiz from their course in a real browser: the platform's pages post themselves to the
tool, and the student lands in the quiz as themself, with no name to type."""

import re

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Attempt
from tests.helpers import check_a11y, fits_width
from tests.lti_platform import LEARNER, PlatformServer

pytestmark = pytest.mark.browser


@pytest.fixture
def platform():
    server = PlatformServer()
    yield server.platform
    server.stop()


def test_a_student_who_clicks_the_activity_lands_in_the_quiz_as_themself(app, tmp_path, live_server, platform, page):
    app.config["LTI_KEY_FOLDER"] = str(tmp_path / "lti_keys")
    platform.tool_launch_url, platform.tool_jwks_url = f"{live_server}/lti/launch", f"{live_server}/lti/jwks"
    result = app.test_cli_runner().invoke(args=[*platform.registration(), "--tool-url", live_server])
    assert result.exit_code == 0, result.output
    lineitem = platform.add_line_item("Mini quiz", 4, "mini-quiz")

    page.goto(f"{platform.base}/start?user=student-ben&name=Ben+Okafor&quiz=mini-quiz&lineitem={lineitem}")
    page.wait_for_url(re.compile(re.escape(live_server) + r"/attempts/[\w-]+$"))
    assert page.get_by_role("heading", level=1).first.inner_text() == "Mini quiz"
    assert "Answering as Ben Okafor" in page.get_by_role("main").inner_text()
    assert page.locator("form").filter(has=page.get_by_role("button", name="Submit answers")).count() == 1
    page.screenshot(path="/tmp/work/shots/d-student-launch.png", full_page=False)
    check_a11y(page)
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.token == page.url.rsplit("/", 1)[-1]))
        assert (attempt.display_name, attempt.lti_user_id) == ("Ben Okafor", "student-ben")

    # A second click on the activity brings the same attempt back.
    first = page.url
    page.goto(f"{platform.base}/start?user=student-ben&name=Ben+Okafor&quiz=mini-quiz&lineitem={lineitem}")
    page.wait_for_url(re.compile(re.escape(live_server) + r"/attempts/[\w-]+$"))
    assert page.url == first


def test_a_refused_launch_says_why_on_a_page_that_fits_a_phone(app, live_server, phone_page):
    phone_page.goto(f"{live_server}/lti/login?iss=https://unknown.example&login_hint=someone")
    assert "not registered" in phone_page.get_by_role("main").inner_text()
    phone_page.screenshot(path="/tmp/work/shots/d-refused-phone.png")
    check_a11y(phone_page)
    fits_width(phone_page)


def test_a_teacher_adds_a_quiz_from_the_platform_and_sees_the_class_list_it_brought_in(
    app, tmp_path, live_server, platform, page
):
    app.config["LTI_KEY_FOLDER"] = str(tmp_path / "lti_keys")
    platform.tool_launch_url, platform.tool_jwks_url = f"{live_server}/lti/launch", f"{live_server}/lti/jwks"
    assert app.test_cli_runner().invoke(args=[*platform.registration(), "--tool-url", live_server]).exit_code == 0
    platform.members = [
        {"user_id": "student-ana", "name": "Ana Lopez", "roles": [LEARNER], "status": "Active"},
        {"user_id": "student-ben", "name": "Ben Okafor", "roles": [LEARNER], "status": "Active"},
    ]
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(f"{platform.base}/start?user=teacher-1&name=Ms+Rivera&message=deep")
    page.wait_for_url(f"{live_server}/lti/deep-link")
    check_a11y(page)
    fits_width(page)
    page.screenshot(path="/tmp/work/shots/d-picker-phone.png", full_page=True)
    page.get_by_label("Mini quiz", exact=True).check()
    page.get_by_role("button", name="Add this quiz to the course").click()
    page.wait_for_url(f"{platform.base}/deep-link-return")  # the signed answer posted itself to the platform
    [item] = platform.returned
    assert item["custom"] == {"quiz": "mini-quiz"}

    start = f"{platform.base}/start?user=teacher-1&name=Ms+Rivera&role=instructor&quiz=mini-quiz"
    page.goto(f"{start}&lineitem={item['lineitem_url']}")
    page.wait_for_url(re.compile(re.escape(live_server) + r"/teacher/classes/\d+/platform$"))
    table = page.get_by_role("table").inner_text()
    assert "Ana Lopez" in table and "Ben Okafor" in table and table.count("Not started") == 2
    check_a11y(page)
    fits_width(page)
    page.screenshot(path="/tmp/work/shots/d-course-phone.png", full_page=True)
    page.goto(f"{live_server}/teacher/lti")
    assert f"{live_server}/lti/jwks" in page.get_by_role("main").inner_text()
    check_a11y(page)
    fits_width(page)
    page.screenshot(path="/tmp/work/shots/d-tool-values-phone.png", full_page=True)
