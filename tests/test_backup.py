"""Backups taken while a class is submitting, restores, and the integrity check that guards both."""

import re
import threading

import requests
from sqlalchemy import create_engine, func, select

from quiz.extensions import db
from quiz.models import Attempt, Question
from quiz.store.backup import counts
from tests.helpers import TEST_DATABASE_URL, answer_form

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def right_answers(app) -> dict[str, str]:
    """The form fields that answer every question of the mini quiz correctly."""
    with app.app_context():
        quiz_questions = db.session.scalars(select(Question).where(Question.current)).all()
        form = {}
        for question in quiz_questions:
            form.update(answer_form(question))
        return form


def take_quiz_over_http(base: str, name: str, answers: dict[str, str]) -> bool:
    """A student's browser: open the quiz, start it, submit; True when the server acknowledged it."""
    with requests.Session() as browser:
        start = f"{base}/quizzes/mini-quiz"
        token = TOKEN.search(browser.get(start, timeout=30).text).group(1)
        page = browser.post(start, data={"csrf_token": token, "display_name": name}, timeout=30)
        form = {"csrf_token": TOKEN.search(page.text).group(1), **answers}
        return browser.post(page.url, data=form, timeout=60, allow_redirects=False).status_code == 302


def submitted_names(app) -> set[str]:
    with app.app_context():
        db.session.remove()
        return set(db.session.scalars(select(Attempt.display_name).where(Attempt.submitted_at.is_not(None))))


def test_a_backup_taken_while_students_submit_restores_to_exactly_what_it_held(app, live_server, tmp_path):
    answers = right_answers(app)
    runner = app.test_cli_runner()
    for n in range(3):
        assert take_quiz_over_http(live_server, f"Early {n}", answers)

    # Eight students keep submitting, one after another each, while the backup is taken.
    acknowledged: list[str] = []
    backing_up = threading.Event()

    def student(n: int) -> None:
        for round_ in range(4):
            name = f"During {n}.{round_}"
            if take_quiz_over_http(live_server, name, answers):
                acknowledged.append(name)
            if round_ == 0:
                backing_up.wait(timeout=30)

    threads = [threading.Thread(target=student, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    backup = tmp_path / ("quiz.dump" if TEST_DATABASE_URL else "backup.sqlite")
    before = set(acknowledged)
    backing_up.set()
    result = runner.invoke(args=["backup", str(backup)])
    after = set(acknowledged)
    for t in threads:
        t.join(timeout=120)
    assert result.exit_code == 0, result.output
    assert backup.stat().st_size > 0

    for n in range(2):
        assert take_quiz_over_http(live_server, f"Late {n}", answers)
    result = runner.invoke(args=["restore", "--yes", str(backup)])
    assert result.exit_code == 0, result.output
    assert "integrity check passed" in result.output

    restored = submitted_names(app)
    assert {"Early 0", "Early 1", "Early 2"} | before <= restored
    assert restored - {"Early 0", "Early 1", "Early 2"} <= after | set(acknowledged)
    assert not restored & {"Late 0", "Late 1"}
    assert runner.invoke(args=["check-db"]).exit_code == 0
    if not TEST_DATABASE_URL:
        # The SQLite copy is a database file of its own: the restore brought back exactly its counts.
        copy = create_engine(f"sqlite:///{backup}")
        with copy.connect() as connection:
            held = counts(connection)
        copy.dispose()
        with app.app_context(), db.engine.connect() as connection:
            assert counts(connection) == held
        assert held["submitted"] == len(restored)


def test_a_backup_never_overwrites_a_file_unless_told_to(app, runner, tmp_path):
    target = tmp_path / "kept.bak"
    target.write_text("an earlier backup")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code != 0
    assert "exists" in result.output
    assert target.read_text() == "an earlier backup"


def test_a_damaged_backup_is_refused_and_the_database_left_alone(app, runner, tmp_path):
    damaged = tmp_path / "damaged.bak"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x07" * 8192)
    with app.app_context():
        questions = db.session.scalar(select(func.count()).select_from(Question))
    result = runner.invoke(args=["restore", "--yes", str(damaged)])
    assert result.exit_code != 0
    with app.app_context():
        db.session.remove()
        assert db.session.scalar(select(func.count()).select_from(Question)) == questions


def test_the_integrity_check_finds_an_attempt_marked_submitted_without_its_answers(app, client, runner):
    from tests.helpers import start_attempt

    token = start_attempt(client).rsplit("/", 1)[-1]
    assert runner.invoke(args=["check-db"]).exit_code == 0
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.token == token))
        attempt.submitted_at, attempt.score = attempt.started_at, 0.0
        db.session.commit()
    result = runner.invoke(args=["check-db"])
    assert result.exit_code != 0
    assert "is submitted with 0 of" in result.output


def test_on_postgresql_the_backup_command_uses_pg_dump_and_says_so(app, runner, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump to be found
    result = runner.invoke(args=["backup", str(tmp_path / "quiz.dump")])
    if TEST_DATABASE_URL:
        assert result.exit_code != 0
        assert "pg_dump --format=custom" in result.output
    else:
        assert result.exit_code == 0, result.output  # SQLite needs no outside tool
