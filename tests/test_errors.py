"""When something breaks: a plain page with an error id the server log also has, and nothing inside
the app (traceback, SQL, file paths) shown to the browser. And no start in an unsafe setup."""

import logging
import os
import re
import subprocess
import sys

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from quiz import create_app
from quiz.extensions import db
from quiz.models import Answer
from quiz.store import attempts
from tests.helpers import REPO, filled_in_quiz

LEAKS = ("Traceback", "SELECT", "INSERT", "sqlalchemy", "OperationalError", "/work/", ".py", "line ", "secret_table")


@pytest.fixture
def no_debug(app):
    """The app as in production: exceptions become the 500 page instead of reaching the test."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert not app.debug
    return app


def test_a_crash_while_submitting_shows_a_plain_page_with_an_error_id_in_the_log(no_debug, client, caplog, monkeypatch):
    def broken_disk(*args, **kwargs):
        raise OperationalError("INSERT INTO secret_table VALUES (?) -- /work/main/quiz/attempts.py", {}, OSError())

    url, form = filled_in_quiz(no_debug, client)
    monkeypatch.setattr(attempts, "record", broken_disk)
    with caplog.at_level(logging.ERROR):
        response = client.post(url, data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    found = re.search(r"Error id: <code>([0-9a-f]{8})</code>", page)
    assert found, page
    error_id = found.group(1)
    for leak in LEAKS:
        assert leak not in page, leak
    logged = [r for r in caplog.records if error_id in r.getMessage()]
    assert logged and logged[0].exc_info, "the error id and its traceback must be in the server log"
    with no_debug.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Answer)) == 0  # nothing half-written


def test_every_crash_gets_its_own_short_id(no_debug, client, monkeypatch):
    from quiz.web.taking import views as taking

    monkeypatch.setattr(taking, "minutes_needed", lambda quiz: 1 / 0)
    ids = set()
    for _ in range(3):
        page = client.get("/").get_data(as_text=True)
        assert "ZeroDivisionError" not in page and "Traceback" not in page
        ids |= set(re.findall(r"<code>([0-9a-f]{8})</code>", page))
    assert len(ids) == 3


def test_a_working_page_is_unaffected_and_an_unknown_page_is_a_plain_404(no_debug, client):
    assert client.get("/").status_code == 200
    response = client.get("/teacher/../../etc/passwd")
    assert response.status_code == 404
    assert "Traceback" not in response.get_data(as_text=True)


def production_start(tmp_path, **env) -> subprocess.CompletedProcess:
    """``flask --app quiz routes`` in a clean environment, as a server would start it."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "SECRET_KEY"))}
    clean.update(DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite'}", **env)
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "quiz", "routes"],
        cwd=REPO,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_production_start_with_debug_on_refuses_to_run_and_says_why(tmp_path):
    refused = production_start(tmp_path, SECRET_KEY="s" * 48, FLASK_DEBUG="1")
    assert refused.returncode != 0
    assert "Debug mode is on" in refused.stderr and "Unset FLASK_DEBUG" in refused.stderr
    started = production_start(tmp_path, SECRET_KEY="s" * 48)
    assert started.returncode == 0, started.stderr
    assert "taking.index" in started.stdout


def test_a_production_start_with_a_weak_secret_key_refuses_to_run_and_says_why(tmp_path):
    refused = production_start(tmp_path, SECRET_KEY="changeme")
    assert refused.returncode != 0
    assert "SECRET_KEY is missing or too weak" in refused.stderr


def test_debug_mode_is_refused_by_the_factory_itself(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setenv("SECRET_KEY", "s" * 48)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    with pytest.raises(RuntimeError, match="Debug mode is on"):
        create_app()
