"""Wrong class codes and wrong passwords cost a short, growing wait, counted in the database, never a long lock.

The clock of ``quiz.store.throttle`` is moved by hand, so waits pass without sleeping.
"""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from quiz.core import codes
from quiz.extensions import db
from quiz.models import Classroom, Throttle, utcnow
from quiz.store import throttle
from tests.helpers import TEACHER_EMAIL, TEACHER_PASSWORD, csrf_token


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock: ``clock.advance(seconds)`` moves it on."""

    class Clock:
        now = utcnow()

        def advance(self, seconds: float) -> None:
            self.now += timedelta(seconds=seconds)

    moved = Clock()
    monkeypatch.setattr(throttle, "utcnow", lambda: moved.now)
    return moved


@pytest.fixture
def class_code(app, make_teacher) -> str:
    teacher_id = make_teacher()
    with app.app_context():
        classroom = Classroom(teacher_id=teacher_id, name="7B", code=codes.generate())
        db.session.add(classroom)
        db.session.commit()
        return classroom.code


def wrong_code(n: int) -> str:
    """A well-formed code no class has (the fixture's random code is another)."""
    alphabet = codes.ALPHABET
    return "".join(alphabet[(n // len(alphabet) ** i) % len(alphabet)] for i in range(codes.LENGTH))


def join(client, code: str, name: str = "Ana", address: str = "10.0.0.7"):
    token = csrf_token(client, "/join")
    return client.post(
        "/join",
        data={"csrf_token": token, "code": code, "display_name": name},
        environ_base={"REMOTE_ADDR": address},
    )


def test_a_school_behind_one_address_joins_after_many_typos_waiting_seconds_at_most(app, client, class_code, clock):
    for n in range(throttle.RULES["join-address"].free):
        assert join(client, wrong_code(n)).status_code == 400
    assert join(client, wrong_code(999)).status_code == 400  # one more wrong code: now a 1-second wait
    waiting = join(client, class_code, "Ben")
    assert waiting.status_code == 429
    assert "Wait 1 second, then try again" in waiting.get_data(as_text=True)
    clock.advance(1.5)
    assert join(client, class_code, "Ben").status_code == 302  # the right code, a second and a half later


def test_the_wait_grows_but_never_past_half_a_minute(app, client, class_code, clock):
    waits = []
    for n in range(throttle.RULES["join-address"].free + 12):
        response = join(client, wrong_code(n))
        text = response.get_data(as_text=True)
        if response.status_code == 429:
            waits.append(int(text.split("Wait ")[1].split(" ")[0]))
        with app.app_context():
            pending = throttle.wait(db.session, "join-address", throttle.digest("10.0.0.7"))
        clock.advance(pending)
    assert max(waits or [0]) <= 30
    with app.app_context():
        row = db.session.scalar(select(Throttle).where(Throttle.scope == "join-address"))
        assert row.wait_until - clock.now <= timedelta(seconds=30)
    clock.advance(31)
    assert join(client, class_code).status_code == 302


def test_retyping_the_same_wrong_code_counts_once(app, client, class_code, clock):
    for _ in range(throttle.RULES["join-address"].free + 10):
        assert join(client, wrong_code(5)).status_code == 400
    assert join(client, class_code).status_code == 302


def test_another_address_is_not_slowed_by_one_that_guessed(app, class_code, clock):
    guesser = app.test_client()
    for n in range(throttle.RULES["join-address"].free + 3):
        join(guesser, wrong_code(n), address="10.0.0.66")
    assert join(guesser, class_code, address="10.0.0.66").status_code == 429
    assert join(app.test_client(), class_code, address="10.0.0.7").status_code == 302


def test_a_code_in_the_join_link_is_counted_like_a_typed_one(app, client, class_code, clock):
    for n in range(throttle.RULES["join-address"].free + 1):
        client.get(f"/join?code={wrong_code(n)}", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert client.get(f"/join?code={class_code}", environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 429


def test_every_worker_sees_the_same_counts(app, make_app, database_url, class_code, clock):
    for n in range(throttle.RULES["join-address"].free + 1):
        join(app.test_client(), wrong_code(n))
    second_worker = make_app()  # another process's app on the same database
    assert join(second_worker.test_client(), class_code).status_code == 429


def test_behind_a_proxy_the_forwarded_address_counts_only_when_configured(make_app, app, class_code, clock):
    def guess_from_many_forwarded(client) -> int:
        for n in range(throttle.RULES["join-address"].free + 1):
            token = csrf_token(client, "/join")
            client.post(
                "/join",
                data={"csrf_token": token, "code": wrong_code(n), "display_name": "Ana"},
                headers={"X-Forwarded-For": "203.0.113.5"},
                environ_base={"REMOTE_ADDR": "127.0.0.1"},
            )
        token = csrf_token(client, "/join")
        return client.post(
            "/join",
            data={"csrf_token": token, "code": class_code, "display_name": "Ben"},
            headers={"X-Forwarded-For": "198.51.100.8"},
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
        ).status_code

    proxied = make_app(QUIZ_PROXY_FIX=1)
    assert guess_from_many_forwarded(proxied.test_client()) == 302  # another client behind the proxy joins
    with app.app_context():
        db.session.execute(db.delete(Throttle))
        db.session.commit()
    assert guess_from_many_forwarded(app.test_client()) == 429  # no ProxyFix: the header is not believed


# --- Teachers' sign-in --------------------------------------------------------------------------


def sign_in(client, email=TEACHER_EMAIL, password="wrong password here", address="10.1.1.1"):
    token = csrf_token(client, "/teacher/login")
    return client.post(
        "/teacher/login",
        data={"csrf_token": token, "email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_wrong_passwords_past_the_free_ones_ask_for_a_short_wait_then_the_right_one_works(
    app, client, make_teacher, clock
):
    make_teacher()
    for _ in range(throttle.RULES["login-pair"].free + 1):
        assert sign_in(client).status_code == 400
    waiting = sign_in(client, password=TEACHER_PASSWORD)
    assert waiting.status_code == 429 and "Wait 1 second" in waiting.get_data(as_text=True)
    clock.advance(2)
    assert sign_in(client, password=TEACHER_PASSWORD).status_code == 302


def test_a_known_and_an_unknown_email_are_throttled_alike(app, make_teacher, clock):
    make_teacher()
    answers = {}
    for email in (TEACHER_EMAIL, "nobody@example.org"):
        client = app.test_client()
        answers[email] = [sign_in(client, email, address="10.1.1.2").status_code for _ in range(8)]
        with app.app_context():
            db.session.execute(db.delete(Throttle))
            db.session.commit()
    assert answers[TEACHER_EMAIL] == answers["nobody@example.org"]
    assert 429 in answers[TEACHER_EMAIL]


def test_a_stranger_guessing_elsewhere_cannot_lock_the_teacher_out(app, make_teacher, clock):
    make_teacher()
    stranger = app.test_client()
    for _ in range(60):
        sign_in(stranger, address="10.9.9.9")
        with app.app_context():
            clock.advance(
                throttle.longest_wait(db.session, [("login-pair", throttle.digest("10.9.9.9", TEACHER_EMAIL))])
            )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Throttle)) >= 3  # counted in the database
    teacher = app.test_client()
    first = sign_in(teacher, password=TEACHER_PASSWORD, address="10.2.2.2")
    if first.status_code == 429:  # the account as a whole is slowed, by seconds at most
        assert int(first.get_data(as_text=True).split("Wait ")[1].split(" ")[0]) <= 30
        clock.advance(31)
        first = sign_in(teacher, password=TEACHER_PASSWORD, address="10.2.2.2")
    assert first.status_code == 302


def test_old_counts_are_forgotten(app, make_teacher, clock):
    with app.app_context():
        throttle.fail(db.session, "login-address", "k")
        db.session.commit()
        clock.advance(2 * 24 * 3600)
        assert throttle.forget_old(db.session) == 1


def test_the_wait_doubles_from_one_second_to_its_cap():
    rule = throttle.RULES["login-pair"]
    waits = [throttle.delay(rule, n).total_seconds() for n in range(rule.free + 1, rule.free + 10)]
    assert waits[:4] == [1, 2, 4, 8]
    assert max(waits) == rule.cap.total_seconds()
