"""Launching from a school's learning platform (LTI 1.3), against a simulated platform in this process.

The whole story: the administrator registers the platform by the command, a teacher adds a quiz
with the deep-linking picker, launches it and gets the class list, a student launches, resumes,
submits, and the platform's gradebook receives exactly the app's score. Every kind of spoiled
launch is refused with a page that says why, and stores nothing.
"""

import html
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from quiz.core import lti as core
from quiz.extensions import db
from quiz.models import (
    Attempt,
    ClassStudent,
    LtiContext,
    LtiLink,
    LtiMember,
    LtiNonce,
    LtiPendingScore,
    LtiPlatform,
    Teacher,
    utcnow,
)
from quiz.store import lti as store
from tests.helpers import MINI_ANSWERS, answer_form, csrf_token, db_dump, fetch, questions_of_attempt
from tests.lti_platform import INSTRUCTOR, LEARNER, PlatformServer, form_action, form_fields

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
ROSTER = [
    {"user_id": "student-ana", "name": "Ana Lopez", "roles": [LEARNER], "status": "Active"},
    {"user_id": "student-ben", "name": "Ben Okafor", "roles": [LEARNER], "status": "Active"},
    {"user_id": "teacher-1", "name": "Ms Rivera", "roles": [INSTRUCTOR], "status": "Active"},
    {"user_id": "student-cy", "name": "Cy Tran", "roles": [LEARNER], "status": "Active"},
]


@pytest.fixture
def platform():
    server = PlatformServer()
    yield server.platform
    server.stop()


@pytest.fixture
def tool(app, tmp_path):
    """The app with its signing keys in this test's own folder."""
    app.config["LTI_KEY_FOLDER"] = str(tmp_path / "lti_keys")
    return app


def register(app, platform, base: str) -> str:
    """Register the platform by the administrator's command, as the README says; returns its output."""
    platform.tool_launch_url = f"{base}/lti/launch"
    platform.tool_jwks_url = f"{base}/lti/jwks"
    result = app.test_cli_runner().invoke(args=[*platform.registration(), "--tool-url", base])
    assert result.exit_code == 0, result.output
    return result.output


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


# --- The whole story, over real HTTP: the tool on a live server, the test as the browser -------


def launch_in_browser(session: requests.Session, base: str, params: dict) -> requests.Response:
    """Login initiation → the platform's authorisation page → its form post of the id_token to the tool."""
    login = session.post(f"{base}/lti/login", data=params, allow_redirects=False)
    assert login.status_code == 302, login.text
    page = session.get(login.headers["Location"])
    assert page.status_code == 200, page.text
    return session.post(form_action(page.text), data=form_fields(page.text))


def test_a_teacher_adds_a_quiz_a_student_launches_it_and_the_gradebook_gets_the_apps_score(tool, live_server, platform):
    app, base = tool, live_server
    output = register(app, platform, base)
    assert f"{base}/lti/login" in output and f"{base}/lti/launch" in output and f"{base}/lti/jwks" in output
    platform.members = ROSTER

    # The teacher adds an activity: the deep-linking picker lists the published quizzes.
    teacher = requests.Session()
    picker = launch_in_browser(
        teacher, base, platform.prepare("teacher-1", "Ms Rivera", [INSTRUCTOR], message="LtiDeepLinkingRequest")
    )
    assert picker.status_code == 200 and picker.url == f"{base}/lti/deep-link", picker.text
    assert "Mini quiz" in picker.text
    quiz_id = re.search(r'name="quiz" required type="radio" value="(\d+)"', picker.text).group(1)
    answer = teacher.post(picker.url, data={"csrf_token": TOKEN.search(picker.text).group(1), "quiz": quiz_id})
    assert answer.status_code == 200 and "data-autopost" in answer.text
    assert "form-action 'self' " + platform.base in answer.headers["Content-Security-Policy"]
    back = teacher.post(form_action(answer.text), data={"JWT": form_fields(answer.text)["JWT"]})
    assert back.status_code == 200, back.text
    [item] = platform.returned
    assert item["custom"] == {"quiz": "mini-quiz"} and item["url"] == f"{base}/lti/launch"
    assert item["lineItem"]["scoreMaximum"] == 4 and item["data"].startswith("opaque-")
    lineitem = item["lineitem_url"]

    # The teacher opens the activity: the course's class is made and its roster brought in.
    course = launch_in_browser(
        teacher,
        base,
        platform.prepare("teacher-1", "Ms Rivera", [INSTRUCTOR], custom=item["custom"], lineitem=lineitem),
    )
    assert course.status_code == 200, course.text
    for name in ("Ana Lopez", "Ben Okafor", "Cy Tran"):
        assert name in course.text
    assert course.text.count("Not started") == 3 and "Ms Rivera</th>" not in course.text

    # A student opens it: no name to type, they land in the quiz as themself; opening it again resumes.
    student = requests.Session()
    params = dict(custom=item["custom"], lineitem=lineitem)
    first = launch_in_browser(student, base, platform.prepare("student-ana", "Ana Lopez", [LEARNER], **params))
    assert first.status_code == 200 and "/attempts/" in first.url, first.text
    again = launch_in_browser(student, base, platform.prepare("student-ana", "Ana Lopez", [LEARNER], **params))
    assert again.url == first.url
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.token == first.url.rsplit("/", 1)[-1]))
        assert (attempt.display_name, attempt.lti_user_id) == ("Ana Lopez", "student-ana")
        assert attempt.classroom_id is not None

    # They submit with one answer wrong; the platform's gradebook receives the app's own score.
    form = {"csrf_token": TOKEN.search(first.text).group(1)}
    for question in questions_of_attempt(app, first.url):
        given = MINI_ANSWERS[question.key]
        if question.key == "mini-choice":
            given = next(c for c in question.choices if not c.correct)
        form.update(answer_form(question, given))
    result = student.post(first.url, data=form)
    assert result.status_code == 200 and result.url.endswith("/result")
    deadline = time.monotonic() + 15
    while not platform.scores and time.monotonic() < deadline:
        time.sleep(0.05)
    with app.app_context():
        attempt = db.session.get(Attempt, attempt.id)
        assert attempt.score == 3 and attempt.max_score == 4
        [score] = platform.scores
        assert score["lineitem"] == lineitem.rsplit("/", 1)[-1] and score["userId"] == "student-ana"
        assert (score["scoreGiven"], score["scoreMaximum"]) == (attempt.score, attempt.max_score)
        assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")
        assert score["timestamp"].endswith("+00:00")
    deadline = time.monotonic() + 5
    while count(app, LtiPendingScore) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert count(app, LtiPendingScore) == 0

    # The teacher's roster now shows Ana's score beside the two who have not started.
    roster = teacher.get(course.url)
    assert "3 of 4" in roster.text and roster.text.count("Not started") == 2
    with app.app_context():
        listed = {s.name for s in db.session.scalars(select(ClassStudent).where(ClassStudent.on_list))}
        assert listed == {"Ana Lopez", "Ben Okafor", "Cy Tran"}


# --- Refusals: over the test client, the platform still on its own server -----------------------


@pytest.fixture
def registered(tool, platform, monkeypatch):
    # Each test's platform is new: no wait between two fetches of its key set.
    monkeypatch.setattr(store, "KEY_SET_COOLDOWN_SECONDS", 0.0)
    register(tool, platform, "http://localhost")
    platform.tool_key_set = lambda: core.key_set(Path(tool.config["LTI_KEY_FOLDER"]))
    return tool


def begin(client, platform, **prepare) -> dict:
    """Begin a login at the tool and let the platform answer it: the form the browser would post back."""
    defaults = dict(
        user="student-ana",
        name="Ana Lopez",
        roles=[LEARNER],
        custom={"quiz": "mini-quiz"},
        lineitem=f"{platform.base}/lineitems/1",
    )
    login = client.post("/lti/login", data=platform.prepare(**{**defaults, **prepare}))
    assert login.status_code == 302, login.get_data(as_text=True)
    page = requests.get(login.location)
    assert page.status_code == 200, page.text
    return form_fields(page.text)


def refused(app, client, fields: dict, words: str) -> None:
    before = db_dump(app)
    response = client.post("/lti/launch", data=fields)
    text = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400, text
    assert "was refused" in text and words in text, text
    assert db_dump(app) == before, "a refused launch stored something"


def test_a_launch_from_another_issuer_is_refused(registered, client, platform):
    refused(registered, client, begin(client, platform, iss="https://impostor.example"), "wrong issuer")


def test_a_launch_meant_for_another_tool_is_refused(registered, client, platform):
    refused(registered, client, begin(client, platform, aud="another-tool"), "meant for another tool")


def test_a_launch_from_an_unregistered_deployment_is_refused(registered, client, platform):
    refused(registered, client, begin(client, platform, deployment_id="deployment-9"), "deployment")


def test_a_launch_with_a_forged_signature_is_refused(registered, client, platform):
    from tests.lti_platform import new_key

    refused(registered, client, begin(client, platform, key=new_key()), "signature does not match")


def test_an_expired_launch_is_refused(registered, client, platform):
    refused(registered, client, begin(client, platform, exp=-600), "expired")


def test_a_launch_whose_state_does_not_match_is_refused(registered, client, platform):
    refused(registered, client, begin(client, platform, state="a-state-never-issued"), "state is unknown")


def test_a_launch_that_does_not_carry_the_logins_nonce_is_refused(registered, client, platform):
    refused(registered, client, begin(client, platform, nonce="a-nonce-of-another-login"), "nonce does not match")


def test_a_replayed_launch_is_refused_and_starts_no_second_attempt(registered, client, platform):
    fields = begin(client, platform)
    assert client.post("/lti/launch", data=fields).status_code == 302
    assert count(registered, Attempt) == 1 and count(registered, LtiNonce) == 1
    refused(registered, client, fields, "already used")
    assert count(registered, Attempt) == 1


def test_a_key_the_platform_does_not_publish_is_refused_after_one_fresh_look_at_its_key_set(
    registered, client, platform
):
    from tests.lti_platform import new_key

    assert client.post("/lti/launch", data=begin(client, platform, user="student-ben")).status_code == 302
    fetched = platform.key_set_fetches
    refused(registered, client, begin(client, platform, kid="never-published", key=new_key()), "does not publish")
    assert platform.key_set_fetches == fetched + 1


def test_a_platform_that_rotates_its_key_is_still_accepted_after_one_fresh_look(registered, client, platform):
    from tests.lti_platform import new_key

    assert client.post("/lti/launch", data=begin(client, platform, user="student-ben")).status_code == 302
    fetched = platform.key_set_fetches
    platform.keys["platform-key-2"] = new_key()
    platform.published.append("platform-key-2")
    platform.signing_kid = "platform-key-2"
    response = client.post("/lti/launch", data=begin(client, platform, user="student-cy"))
    assert response.status_code == 302 and "/attempts/" in response.location
    assert platform.key_set_fetches == fetched + 1


def test_a_login_from_an_unregistered_platform_is_refused_and_stores_nothing(registered, client):
    before = db_dump(registered)
    response = client.post("/lti/login", data={"iss": "https://unknown.example", "login_hint": "x"})
    assert response.status_code == 400 and "not registered" in response.get_data(as_text=True)
    assert db_dump(registered) == before


def test_a_student_cannot_use_the_deep_linking_picker(registered, client, platform):
    fields = begin(client, platform, message="LtiDeepLinkingRequest", roles=[LEARNER], link=None)
    refused(registered, client, fields, "Only a course’s teacher")


def test_a_launch_naming_no_quiz_of_this_site_says_so(registered, client, platform):
    response = client.post("/lti/launch", data=begin(client, platform, custom={"quiz": "no-such-quiz"}))
    assert response.status_code == 404 and "does not name a quiz" in response.get_data(as_text=True)
    assert count(registered, Attempt) == 0 and count(registered, LtiLink) == 0


# --- Scores: never lost while the platform is down -----------------------------------------------


def submit_as_student(app, client, platform, user: str = "student-ana", name: str = "Ana Lopez") -> Attempt:
    if not platform.lineitems:
        platform.add_line_item("Mini quiz", 4, "mini-quiz")
    launch = client.post("/lti/launch", data=begin(client, platform, user=user, name=name))
    assert launch.status_code == 302
    url = launch.location
    page = client.get(url).get_data(as_text=True)
    form = {"csrf_token": TOKEN.search(page).group(1)}
    for question in questions_of_attempt(app, url):
        form.update(answer_form(question))
    response = fetch(client, "POST", url, data=form)  # read to the end and closed, as a browser does
    assert response.status_code == 302
    with app.app_context():
        return db.session.scalar(select(Attempt).where(Attempt.token == url.rsplit("/", 1)[-1]))


def test_a_score_the_platform_refuses_waits_and_is_sent_when_it_is_back(registered, client, platform):
    platform.down = True
    attempt = submit_as_student(registered, client, platform)
    assert attempt.score == 4 and platform.scores == []
    with registered.app_context():
        pending = db.session.scalar(select(LtiPendingScore))
        assert pending.tries == 1 and "503" in pending.last_error and pending.next_try_at > utcnow()
    runner = registered.test_cli_runner()
    platform.down = False
    result = runner.invoke(args=["lti-send-scores"])
    assert "0 score(s) sent" in result.output and "1 still pending" in result.output  # not due yet: back-off
    with registered.app_context():
        db.session.scalar(select(LtiPendingScore)).next_try_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    result = runner.invoke(args=["lti-send-scores"])
    assert result.exit_code == 0 and "1 score(s) sent" in result.output and "0 still pending" in result.output
    [score] = platform.scores
    assert (score["userId"], score["scoreGiven"], score["scoreMaximum"]) == ("student-ana", 4, 4)
    assert count(registered, LtiPendingScore) == 0


def test_trying_again_after_a_launch_sends_the_new_score_to_the_same_gradebook_column(registered, client, platform):
    first = submit_as_student(registered, client, platform)
    result = f"/attempts/{first.token}/result"
    again = client.post(f"/attempts/{first.token}/again", data={"csrf_token": csrf_token(client, result)})
    assert again.status_code == 302
    with registered.app_context():
        second = db.session.scalar(select(Attempt).where(Attempt.token == again.location.rsplit("/", 1)[-1]))
        assert (second.lti_link_id, second.lti_user_id) == (first.lti_link_id, "student-ana")


def test_while_the_platform_is_down_other_submits_do_not_wait_for_it_and_nothing_is_lost(registered, client, platform):
    platform.down = True
    submit_as_student(registered, client, platform)
    submit_as_student(registered, registered.test_client(), platform, user="student-ben", name="Ben Okafor")
    assert platform.refused_scores == 1  # the second submit did not try a platform known to be failing
    with registered.app_context():
        assert sorted(p.tries for p in db.session.scalars(select(LtiPendingScore))) == [0, 1]
    platform.down = False
    result = registered.test_cli_runner().invoke(args=["lti-send-scores", "--all"])
    assert "2 score(s) sent" in result.output and "0 still pending" in result.output
    assert sorted(s["userId"] for s in platform.scores) == ["student-ana", "student-ben"]


def test_each_failure_waits_longer_up_to_six_hours():
    delays = [store.next_delay(n) for n in range(1, 12)]
    assert delays[0] == timedelta(minutes=1) and delays[1] == timedelta(minutes=2)
    assert delays == sorted(delays) and delays[-1] == timedelta(hours=6)


def test_an_instructor_launch_signs_them_in_to_their_course_class(registered, client, platform):
    platform.members = ROSTER
    fields = begin(client, platform, user="teacher-1", name="Ms Rivera", roles=[INSTRUCTOR])
    response = client.post("/lti/launch", data=fields)
    assert response.status_code == 302 and "/platform" in response.location
    page = client.get(response.location)
    assert page.status_code == 200 and "Ben Okafor" in page.get_data(as_text=True)
    assert client.get("/teacher/lti").status_code == 200
    with registered.app_context():
        assert db.session.scalar(select(func.count()).select_from(LtiMember)) == 4
        context = db.session.scalar(select(LtiContext))
        assert context.title == "Media literacy 7" and context.classroom_id is not None
        assert db.session.scalar(select(Teacher.name)) == "Ms Rivera"


# --- The administrator's commands ---------------------------------------------------------------


def test_the_commands_register_list_and_remove_a_platform(tool, platform):
    runner = tool.test_cli_runner()
    output = register(tool, platform, "https://quiz.example.org")
    assert "https://quiz.example.org/lti/login" in output and core.SCOPE_SCORE in output
    again = runner.invoke(args=[*platform.registration()])
    assert again.exit_code != 0 and "already registered" in again.output
    listed = runner.invoke(args=["lti-list-platforms", "--tool-url", "https://quiz.example.org"])
    assert platform.issuer in listed.output and "deployment-1" in listed.output
    bad = runner.invoke(
        args=[
            "lti-add-platform",
            "--issuer",
            "x",
            "--client-id",
            "c",
            "--deployment-id",
            "d",
            "--auth-url",
            "not a url",
            "--token-url",
            "https://t",
            "--jwks-url",
            "https://j",
        ]
    )
    assert bad.exit_code != 0 and "full web address" in bad.output
    assert count(tool, LtiPlatform) == 1
    gone = runner.invoke(args=["lti-remove-platform", platform.issuer, "--client-id", platform.client_id])
    assert gone.exit_code == 0 and count(tool, LtiPlatform) == 0
    missing = runner.invoke(args=["lti-remove-platform", platform.issuer, "--client-id", platform.client_id])
    assert missing.exit_code != 0 and "No platform" in missing.output


def test_a_rotated_key_stays_published_until_its_tokens_have_expired(tool, client):
    first = client.get("/lti/jwks").get_json()["keys"]
    assert len(first) == 1 and first[0]["kty"] == "RSA" and "d" not in first[0]
    result = tool.test_cli_runner().invoke(args=["lti-rotate-key"])
    assert result.exit_code == 0
    both = client.get("/lti/jwks").get_json()["keys"]
    assert [k["kid"] for k in both][0] == first[0]["kid"] and len(both) == 2
    folder = Path(tool.config["LTI_KEY_FOLDER"])
    newest = core.signing_key(folder)
    assert newest.kid == both[1]["kid"]
    core.rotate(folder, now=newest.created + core.RETIRED_KEY_SECONDS + 10)
    kept = [k.kid for k in core.keys(folder)]
    assert first[0]["kid"] not in kept and newest.kid in kept and len(kept) == 2


def test_a_platform_name_is_cleaned_like_any_name_and_a_missing_one_becomes_student():
    assert core.person_name({"given_name": " Ana ", "family_name": "López\u200b"}) == "Ana López"
    assert core.person_name({"name": "Eve\u202eevil"}) == "Student"
    assert core.person_name({}) == "Student"
    assert len(core.person_name({"name": "x" * 300})) == 60


@pytest.mark.parametrize(
    "spoiled",
    [
        {core.LTI + "context": "course-7"},
        {core.LTI + "roles": "Instructor"},
        {core.LTI + "custom": ["quiz"]},
        {core.LTI + "resource_link": "link-1"},
        {core.AGS_CLAIM: {"lineitem": 42}},
        {core.LTI + "message_type": ["LtiResourceLinkRequest"]},
        {"sub": 7},
    ],
)
def test_claims_of_the_wrong_shape_are_refused_or_ignored_never_a_crash(spoiled):
    claims = {
        "sub": "u1",
        "nonce": "n1",
        core.LTI + "version": "1.3.0",
        core.LTI + "deployment_id": "d1",
        core.LTI + "message_type": core.RESOURCE_LINK,
        core.LTI + "resource_link": {"id": "link-1"},
        **spoiled,
    }
    try:
        launch = core.read_launch(claims, ["d1"], "client", "n1")
    except core.Refused as why:
        assert str(why)
    else:
        assert launch.lineitem_url is None and not launch.staff and launch.custom == {}


def test_a_second_instructor_of_the_course_is_signed_in_but_not_shown_the_first_ones_class(
    registered, client, platform
):
    first = client.post(
        "/lti/launch", data=begin(client, platform, user="teacher-1", name="Ms Rivera", roles=[INSTRUCTOR])
    )
    assert "/platform" in first.location
    other = registered.test_client()
    second = other.post(
        "/lti/launch", data=begin(other, platform, user="teacher-2", name="Mr Chen", roles=[INSTRUCTOR])
    )
    assert second.location.endswith("/teacher/lti")
    assert "belongs to the teacher who first opened" in other.get("/teacher/lti").get_data(as_text=True)
    assert other.get(first.location).status_code == 404
    assert count(registered, Teacher) == 2 and count(registered, LtiContext) == 1
