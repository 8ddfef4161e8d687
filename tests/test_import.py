"""Importing question files: idempotent, all or nothing, and never rewriting a past score."""

from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select, text

from quiz.extensions import db
from quiz.models import Answer, Attempt, Question, Quiz
from tests.helpers import BUNDLED, FIXTURES, answer_form, csrf_token, start_attempt


def dump(app) -> dict:
    """Every row of every table, to compare the database before and after."""
    with app.app_context():
        tables = db.metadata.sorted_tables
        return {t.name: db.session.execute(select(t).order_by(*t.primary_key.columns)).all() for t in tables}


def test_init_db_then_import_the_bundled_bank_from_the_command_line(runner, app):
    assert runner.invoke(args=["init-db"]).exit_code == 0
    result = runner.invoke(args=["import-questions", str(BUNDLED)])
    assert result.exit_code == 0, result.output
    assert "Imported 1 file(s)" in result.output
    with app.app_context():
        assert db.session.scalar(select(Quiz).where(Quiz.slug == "who-says-so")) is not None


def test_importing_twice_changes_nothing(runner, app):
    assert runner.invoke(args=["import-questions", str(BUNDLED)]).exit_code == 0
    before = dump(app)
    result = runner.invoke(args=["import-questions", str(BUNDLED)])
    assert "0 added, 0 updated, 0 new version(s)" in result.output
    assert dump(app) == before


def test_a_malformed_file_imports_nothing_and_says_where(runner, app, tmp_path):
    good = yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))
    good["questions"][0]["prompt"] = "A changed prompt that must not land"
    good["questions"][2]["choices"][0]["correct"] = False
    bad = tmp_path / "broken.yaml"
    bad.write_text(yaml.safe_dump(good, allow_unicode=True), encoding="utf-8")
    before = dump(app)

    result = runner.invoke(args=["import-questions", str(bad)])

    assert result.exit_code != 0
    assert f"{bad}, line " in result.output and "questions[2].choices" in result.output
    assert "nothing was imported" in result.output
    assert dump(app) == before


def answer_everything_right(client, app, name="Ana"):
    url = start_attempt(client, name=name)
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.token == url.rsplit("/", 1)[-1]))
        form = {"csrf_token": csrf_token(client, url)}
        for question_id in attempt.question_ids:
            q = db.session.get(Question, question_id)
            form.update(answer_form(q))
    response = client.post(url, data=form)
    assert response.status_code == 302
    return url


def test_a_changed_question_keeps_the_score_of_past_attempts(client, app, runner, tmp_path):
    answer_everything_right(client, app)
    changed = yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))
    # The author decides the right answer is now "The writer".
    for choice in changed["questions"][0]["choices"]:
        choice["correct"] = choice["text"] == "The writer"
        choice.setdefault("feedback", "Now explained.")
        choice["feedback"] = choice["feedback"] or "Now explained."
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")

    result = runner.invoke(args=["import-questions", str(path)])

    assert "1 new version(s)" in result.output, result.output
    with app.app_context():
        attempt = db.session.scalar(select(Attempt))
        assert attempt.score == 4 and all(a.correct for a in attempt.answers)
        versions = db.session.scalars(select(Question).where(Question.key == "mini-choice")).all()
        assert [(q.version, q.current) for q in versions] == [(1, False), (2, True)]
        quiz = db.session.scalar(select(Quiz))
        assert quiz.questions[0].version == 2
    # The old result page still shows what the student answered then.
    page = client.get(attempt_url := f"/attempts/{attempt.token}/result").get_data(as_text=True)
    assert "4 out of 4" in page, attempt_url


def test_an_unanswered_question_is_updated_in_place(app, runner, tmp_path):
    changed = yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))
    changed["questions"][0]["prompt"] = "Who, according to the sentence, says there are 120 cases?"
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")

    result = runner.invoke(args=["import-questions", str(path)])

    assert "0 added, 1 updated, 0 new version(s)" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Question).where(Question.key == "mini-choice")) == 1
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 0


@pytest.mark.sqlite_only
def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(app):
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_a_folder_is_imported_in_one_go(runner, app, tmp_path):
    (tmp_path / "mini.yaml").write_text((FIXTURES / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    for source in Path(BUNDLED).glob("*.yaml"):
        (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(args=["import-questions", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Imported 2 file(s)" in result.output


@pytest.mark.sqlite_only
def test_a_submission_takes_the_write_lock_first_and_a_page_view_does_not(client, app):
    from sqlalchemy import event

    from tests.helpers import start_attempt

    seen = []
    with app.app_context():
        engine = db.engine
    listener = lambda conn, cursor, statement, *args: seen.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        url = start_attempt(client)
        begins_when_starting = [s for s in seen if s.startswith("BEGIN")]
        seen.clear()
        client.get(url)
        begins_when_reading = [s for s in seen if s.startswith("BEGIN")]
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert "BEGIN IMMEDIATE" in begins_when_starting
    assert begins_when_reading and "BEGIN IMMEDIATE" not in begins_when_reading


def test_the_run_command_loads_the_bundled_bank_once_and_keeps_teachers_edits(runner, app):
    first = runner.invoke(args=["import-questions", "--new-only", str(BUNDLED)])
    assert "Imported 1 file(s)" in first.output
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "who-says-so"))
        quiz.published = False  # a teacher takes the quiz off the list in the browser
        db.session.commit()

    again = runner.invoke(args=["import-questions", "--new-only", str(BUNDLED)])

    assert "Skipped" in again.output and "already loaded" in again.output
    with app.app_context():
        assert db.session.scalar(select(Quiz.published).where(Quiz.slug == "who-says-so")) is False


def test_quiz_settings_in_a_file_are_imported_and_settings_left_out_are_kept(runner, app, tmp_path):
    data = yaml.safe_load((FIXTURES / "mini.yaml").read_text(encoding="utf-8"))
    data["quizzes"][0].update({"attempts": 2, "opens": "2026-01-05T08:00:00+01:00", "published": False})
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert runner.invoke(args=["import-questions", str(path)]).exit_code == 0
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "mini-quiz"))
        assert (quiz.max_attempts, quiz.published, str(quiz.opens_at)) == (2, False, "2026-01-05 07:00:00")
        other = db.session.scalar(select(Quiz).where(Quiz.slug == "mini-steps"))
        other.max_attempts = 3
        db.session.commit()
    assert runner.invoke(args=["import-questions", str(path)]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(Quiz.max_attempts).where(Quiz.slug == "mini-steps")) == 3


def test_an_unknown_kind_is_named_with_the_kinds_we_know():
    from quiz.core import bank

    text = (FIXTURES / "mini.yaml").read_text().replace("kind: choice", "kind: multiple-choice", 1)
    with pytest.raises(bank.BankError) as error:
        bank.load_text(text, "q.yaml")
    assert "line 21, questions[0]: 'multiple-choice' is not a kind we know; use choice, classify, mark, tag" in str(
        error.value
    )
