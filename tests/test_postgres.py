"""PostgreSQL: the suite really runs on it, plain URLs reach psycopg 3, and racing submits stay one result.

``make test`` runs the whole suite a second time on a private PostgreSQL (``.ci/postgres.sh`` sets
TEST_DATABASE_URL); the race below runs on both databases.
"""

import re
import threading

import pytest
import requests
from sqlalchemy import func, select

from quiz import postgres_driver
from quiz.extensions import db
from quiz.models import Answer, Attempt, Question
from quiz.store import attempts
from tests.helpers import TEST_DATABASE_URL, answer_form

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="this run is on SQLite (TEST_DATABASE_URL unset)")
def test_with_a_test_database_url_every_test_app_runs_on_postgresql(app):
    with app.app_context():
        assert db.engine.dialect.name == "postgresql"
        assert db.engine.dialect.driver == "psycopg"
        assert db.session.scalar(select(func.count()).select_from(Question)) > 0


def test_a_plain_postgresql_url_is_served_by_psycopg_3():
    assert postgres_driver("postgres://quiz@db/quiz") == "postgresql+psycopg://quiz@db/quiz"
    assert postgres_driver("postgresql://quiz:pw@db:5433/quiz") == "postgresql+psycopg://quiz:pw@db:5433/quiz"
    assert postgres_driver("postgresql+psycopg://quiz@db/quiz") == "postgresql+psycopg://quiz@db/quiz"
    assert postgres_driver("sqlite:///instance/quiz.sqlite") == "sqlite:///instance/quiz.sqlite"


def test_a_duplicate_submit_that_slips_past_the_row_lock_still_lands_on_the_result(app, live_server, monkeypatch):
    # Without SELECT ... FOR UPDATE two submits of one attempt both get to write its answers; the
    # UNIQUE(attempt, question) constraint refuses the second, which must become a redirect, not a 500.
    monkeypatch.setattr(
        attempts, "load_for_update", lambda token: db.session.scalar(select(Attempt).where(Attempt.token == token))
    )
    browser = requests.Session()
    start = f"{live_server}/quizzes/mini-quiz"
    token = TOKEN.search(browser.get(start, timeout=30).text).group(1)
    page = browser.post(start, data={"csrf_token": token, "display_name": "Quick Clicker"}, timeout=30)
    form = {"csrf_token": TOKEN.search(page.text).group(1), **right_answers(app)}
    gate, statuses = threading.Barrier(10), []

    def click() -> None:
        copy = requests.Session()
        copy.cookies.update(browser.cookies)
        gate.wait(timeout=30)
        statuses.append(copy.post(page.url, data=form, timeout=60, allow_redirects=False).status_code)

    threads = [threading.Thread(target=click) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert statuses == [302] * 10
    assert browser.get(f"{page.url}/result", timeout=30).status_code == 200
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.display_name == "Quick Clicker"))
        stored = db.session.scalar(select(func.count()).select_from(Answer).where(Answer.attempt_id == attempt.id))
        assert attempt.submitted_at is not None and attempt.score == attempt.max_score
        assert stored == len(attempt.question_ids)


def right_answers(app) -> dict[str, str]:
    """The form fields that answer every question of the mini quiz correctly."""
    with app.app_context():
        form = {}
        for question in db.session.scalars(select(Question).where(Question.current)):
            form.update(answer_form(question))
        return form


def test_a_nul_character_in_an_address_or_a_form_finds_nothing_instead_of_failing(app, client):
    # PostgreSQL refuses text holding NUL outright; the app must answer as SQLite does: no match.
    from tests.helpers import csrf_token, start_attempt

    real = start_attempt(client).rsplit("/", 1)[-1]
    assert client.get(f"/attempts/{real}%00/result").status_code == 404
    assert client.get(f"/attempts/{real}%00").status_code == 404
    token = csrf_token(client, "/teacher/login")
    response = client.post("/teacher/login", data={"csrf_token": token, "email": "a\x00@example.org", "password": "x"})
    assert response.status_code < 500
    assert client.get(f"/attempts/{real}/result").status_code in (200, 302)
