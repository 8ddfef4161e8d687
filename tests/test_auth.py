"""Teachers sign in safely: hashed passwords, short growing waits after wrong tries, sessions that really end."""

import re
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from quiz.core import passwords
from quiz.extensions import db
from quiz.models import Teacher, TeacherSession, utcnow
from quiz.web.auth.views import FAILED
from tests.helpers import TEACHER_EMAIL, TEACHER_PASSWORD, csrf_token, login


def teacher_row(app, email=TEACHER_EMAIL) -> Teacher:
    with app.app_context():
        teacher = db.session.scalar(select(Teacher).where(Teacher.email == email))
        db.session.expunge(teacher)
        return teacher


def try_login(client, email=TEACHER_EMAIL, password="wrong password here"):
    token = csrf_token(client, "/teacher/login")
    return client.post("/teacher/login", data={"csrf_token": token, "email": email, "password": password})


# --- Creating accounts ------------------------------------------------------------------------


def test_create_teacher_asks_for_the_password_twice_and_stores_an_argon2id_hash(app, runner):
    result = runner.invoke(
        args=["create-teacher", "Ana@School.org", "--name", "Ms Ana"], input="a long passphrase\na long passphrase\n"
    )
    assert result.exit_code == 0, result.output
    assert "a long passphrase" not in result.output  # typed hidden
    teacher = teacher_row(app, "ana@school.org")
    assert teacher.name == "Ms Ana"
    assert teacher.password_hash.startswith("$argon2id$")
    assert passwords.verify(teacher.password_hash, "a long passphrase")


def test_create_teacher_refuses_two_different_passwords(app, runner):
    result = runner.invoke(args=["create-teacher", "ana@school.org"], input="first passphrase\nsecond passphrase\n" * 3)
    assert result.exit_code != 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Teacher)) == 0


def test_create_teacher_reads_the_password_from_stdin_exactly_as_given(app, runner, client):
    phrase = "  spaces at both ends and ünïcode too  "
    result = runner.invoke(args=["create-teacher", "ana@school.org", "--password-stdin"], input=phrase + "\n")
    assert result.exit_code == 0, result.output
    login(client, "ana@school.org", phrase)
    assert try_login(client.application.test_client(), "ana@school.org", phrase.strip()).status_code == 400


def test_create_teacher_refuses_short_passwords_and_duplicate_emails(app, runner, make_teacher):
    short = runner.invoke(args=["create-teacher", "new@school.org", "--password-stdin"], input="seven77\n")
    assert short.exit_code != 0 and "at least 8 characters" in short.output
    make_teacher()
    twice = runner.invoke(
        args=["create-teacher", TEACHER_EMAIL.upper(), "--password-stdin"], input="another passphrase\n"
    )
    assert twice.exit_code != 0 and "already exists" in twice.output


def test_a_fresh_installation_has_no_account_to_sign_in_with(client):
    for email, password in [("admin", "admin"), ("admin@example.org", "password"), ("teacher@example.org", "teacher")]:
        response = try_login(client, email, password)
        assert response.status_code == 400
    assert client.get("/teacher/").status_code == 302


def test_a_long_passphrase_is_accepted_exactly_as_typed(app, make_teacher, client):
    phrase = "the quick brown fox jumps over the lazy dog " * 10  # 440 characters, far past bcrypt's 72 bytes
    make_teacher(password=phrase)
    assert try_login(client, TEACHER_EMAIL, phrase[:-1]).status_code == 400
    login(client, TEACHER_EMAIL, phrase)


def test_an_old_hash_is_redone_with_todays_parameters_at_sign_in(app, make_teacher, client):
    make_teacher()
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(TEACHER_PASSWORD)
    with app.app_context():
        teacher = db.session.scalar(select(Teacher))
        teacher.password_hash = weak
        db.session.commit()
    login(client)
    renewed = teacher_row(app).password_hash
    assert renewed != weak and not passwords.needs_rehash(renewed)


# --- Signing in and the lockout --------------------------------------------------------------


def test_a_teacher_signs_in_and_reaches_the_teacher_pages(make_teacher, client):
    make_teacher()
    assert client.get("/teacher/").status_code == 302
    response = login(client)
    assert response.location.endswith("/teacher/")
    page = client.get("/teacher/").get_data(as_text=True)
    assert "Signed in as Ms Example" in page and "Sign out" in page


def test_a_wrong_password_and_an_unknown_email_get_the_same_words(make_teacher, client):
    make_teacher()
    wrong_password = try_login(client, TEACHER_EMAIL, "not the password").get_data(as_text=True)
    unknown_email = try_login(client, "nobody@example.org", "not the password").get_data(as_text=True)
    flashes = [re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', page) for page in (wrong_password, unknown_email)]
    assert flashes[0] == flashes[1] == [FAILED]


def test_many_wrong_passwords_never_lock_the_account_for_long(app, make_teacher, client, monkeypatch):
    """Ten wrong passwords used to lock an account for 15 minutes; now each try past the free ones waits seconds."""
    from quiz.store import throttle

    make_teacher()
    now = [utcnow()]
    monkeypatch.setattr(throttle, "utcnow", lambda: now[0])
    statuses = []
    for _ in range(15):
        statuses.append(try_login(client).status_code)
        with app.app_context():
            row = db.session.scalar(select(throttle.Throttle).where(throttle.Throttle.scope == "login-pair"))
            pause = (row.wait_until - now[0]) if row.wait_until else timedelta(0)
        assert pause <= throttle.RULES["login-pair"].cap
        now[0] += pause
    assert set(statuses) == {400}  # every try was looked at, since each waited its turn
    assert teacher_row(app).locked_until is None  # no lock on the account itself
    now[0] += throttle.RULES["login-pair"].cap
    login(client)


@pytest.mark.parametrize("target", ["/teacher/\r\nSet-Cookie: x=1", "/teacher/%0d%0a", "/\x00", "/" + "a" * 3000])
def test_a_sign_in_link_with_line_breaks_in_next_still_signs_in_safely(make_teacher, client, target):
    make_teacher()
    token = csrf_token(client, "/teacher/login")
    response = client.post(
        "/teacher/login",
        query_string={"next": target},
        data={"csrf_token": token, "email": TEACHER_EMAIL, "password": TEACHER_PASSWORD},
    )
    assert response.status_code == 302
    assert (
        "\n" not in response.location
        and "\r" not in response.location
        and "Set-Cookie" not in response.headers.get("Location", "")
    )


@pytest.mark.parametrize("target", ["https://elsewhere.example/", "//elsewhere.example/", "/\\elsewhere.example"])
def test_sign_in_never_sends_a_teacher_to_another_site(make_teacher, client, target):
    make_teacher()
    token = csrf_token(client, "/teacher/login")
    response = client.post(
        "/teacher/login",
        query_string={"next": target},
        data={"csrf_token": token, "email": TEACHER_EMAIL, "password": TEACHER_PASSWORD},
    )
    assert response.status_code == 302 and response.location == "/teacher/"


def test_sign_in_returns_to_the_page_that_asked_for_it(make_teacher, client):
    make_teacher()
    asked = client.get("/teacher/quizzes")
    assert asked.status_code == 302 and "/teacher/login" in asked.location
    token = csrf_token(client, asked.location)
    response = client.post(
        asked.location, data={"csrf_token": token, "email": TEACHER_EMAIL, "password": TEACHER_PASSWORD}
    )
    assert response.location == "/teacher/quizzes"


def test_a_login_form_without_its_token_is_refused_with_400(make_teacher, client):
    make_teacher()
    response = client.post("/teacher/login", data={"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD})
    assert response.status_code == 400
    assert client.get("/teacher/").status_code == 302


# --- Sessions end on the server ---------------------------------------------------------------


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def test_after_logout_an_old_copy_of_the_cookie_opens_nothing(app, make_teacher, client):
    make_teacher()
    login(client)
    stolen = session_cookie(client)
    response = client.post("/teacher/logout", data={"csrf_token": csrf_token(client, "/teacher/")})
    assert response.status_code == 302
    assert client.get("/teacher/").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    response = replay.get("/teacher/")
    assert response.status_code == 302 and "/teacher/login" in response.location
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(TeacherSession)) == 0


def test_changing_the_password_signs_out_every_other_browser(app, make_teacher):
    make_teacher()
    laptop, phone = app.test_client(), app.test_client()
    login(laptop)
    login(phone)
    token = csrf_token(laptop, "/teacher/account/password")
    response = laptop.post(
        "/teacher/account/password",
        data={
            "csrf_token": token,
            "current": TEACHER_PASSWORD,
            "new": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/teacher/").status_code == 200
    assert phone.get("/teacher/").status_code == 302
    assert try_login(app.test_client(), TEACHER_EMAIL, TEACHER_PASSWORD).status_code == 400
    login(app.test_client(), TEACHER_EMAIL, "a brand new passphrase")


def test_a_password_change_needs_the_current_password_and_a_long_enough_new_one(app, make_teacher, client):
    make_teacher()
    login(client)
    token = csrf_token(client, "/teacher/account/password")
    response = client.post(
        "/teacher/account/password",
        data={
            "csrf_token": token,
            "current": "not my password",
            "new": "short",
            "confirm": "short",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "That is not your current password." in page and "at least 8 characters" in page
    assert passwords.verify(teacher_row(app).password_hash, TEACHER_PASSWORD)


def test_session_cookies_are_httponly_lax_and_secure_over_https(make_teacher, client):
    make_teacher()
    response = login(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure = client.application.test_client()
    token = csrf_token(secure, "https://localhost/teacher/login")
    response = secure.post(
        "https://localhost/teacher/login",
        data={"csrf_token": token, "email": TEACHER_EMAIL, "password": TEACHER_PASSWORD},
        headers={"Referer": "https://localhost/teacher/login"},  # CSRF over HTTPS also checks the referrer
    )
    assert response.status_code == 302 and "Secure" in response.headers["Set-Cookie"]
