"""Migration 0003 (assignments, class lists, time zones): a database made at the schema before it keeps its attempts."""

from sqlalchemy import inspect, text

from quiz.extensions import db


def test_a_database_at_the_earlier_schema_upgrades_with_its_attempts_intact(make_app):
    app = make_app()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0002"]).exit_code == 0
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO teacher (id, email, name, password_hash, failed_logins) "
                "VALUES (1, 't@example.org', 'T', 'x', 0)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO article (id, slug, title, outlet, author, url, published, text) "
                "VALUES (1, 'a', 'A', 'O', 'W', 'u', 'p', 'Text.')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO quiz (id, slug, title, description, article_id, question_order, feedback, "
                "published) VALUES (1, 'q', 'Q', '', 1, 'fixed', 'end', true)"
            )
        )
        connection.execute(text("INSERT INTO classroom (id, teacher_id, name, code) VALUES (1, 1, '7B', 'ACEFHJKM')"))
        connection.execute(
            text(
                "INSERT INTO attempt (id, token, quiz_id, classroom_id, display_name, question_ids, "
                "started_at, submitted_at, score, max_score) VALUES "
                "(1, 'tok', 1, 1, 'Ana', '[]', '2026-11-30 10:00:00', '2026-11-30 10:20:00', 3.5, 4)"
            )
        )
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context(), db.engine.connect() as connection:
        row = connection.execute(text("SELECT display_name, score, classroom_id, assignment_id FROM attempt")).one()
        assert tuple(row) == ("Ana", 3.5, 1, None)
        assert connection.execute(text("SELECT open_to_anyone FROM quiz")).scalar() in (True, 1)
        assert connection.execute(text("SELECT time_zone FROM teacher")).scalar() is None
        tables = set(inspect(connection).get_table_names())
    assert {"assignment", "class_student", "attempt_grant"} <= tables
    assert runner.invoke(args=["db", "downgrade", "0002"]).exit_code == 0
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(text("SELECT score FROM attempt")).scalar() == 3.5
