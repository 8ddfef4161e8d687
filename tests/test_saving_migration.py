"""A database made before answers were saved as given (revision 0003) upgrades with every attempt intact."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, MetaData, String, Text, insert, select
from sqlalchemy.types import JSON

from quiz.extensions import db
from quiz.models import Answer, Article, Attempt, Quiz, SavedAnswer

NOW = datetime(2026, 12, 1, 9, 30)


def filled(table, **given) -> dict:
    """``given``, with a plain value in every other required column, as any earlier version of the app wrote."""
    values = dict(given)
    for column in table.columns:
        if column.name in values or column.nullable or column.server_default is not None or column.primary_key:
            continue
        kind = type(column.type)
        if issubclass(kind, Boolean):
            values[column.name] = False
        elif issubclass(kind, Integer):
            values[column.name] = 0
        elif issubclass(kind, DateTime):
            values[column.name] = NOW
        elif issubclass(kind, JSON):
            values[column.name] = []
        elif issubclass(kind, String | Text):
            values[column.name] = "x"
        else:
            values[column.name] = 0
    return values


def test_attempts_made_at_revision_0003_are_all_there_after_the_upgrade(make_app):
    app = make_app()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0003"]).exit_code == 0
    with app.app_context(), db.engine.begin() as connection:
        old = MetaData()
        old.reflect(connection)
        assert "saved_answer" not in old.tables and "archived" not in old.tables["quiz"].columns
        t = old.tables
        connection.execute(insert(t["article"]), filled(t["article"], id=1, slug="a", text="The agency said so."))
        connection.execute(
            insert(t["question"]),
            filled(
                t["question"],
                id=1,
                key="q",
                article_id=1,
                kind="choice",
                skill="source",
                difficulty="easy",
                sentence_keys=["p1s1"],
                data={},
            ),
        )
        connection.execute(
            insert(t["quiz"]),
            filled(t["quiz"], id=1, slug="z", title="Z", article_id=1, question_order="fixed", feedback="end"),
        )
        for n, submitted in ((1, NOW), (2, None)):
            connection.execute(
                insert(t["attempt"]),
                filled(
                    t["attempt"],
                    id=n,
                    token=f"t{n}",
                    quiz_id=1,
                    display_name=f"Student {n}",
                    question_ids=[1],
                    started_at=NOW,
                    submitted_at=submitted,
                    score=0.6667 if submitted else None,
                    max_score=1,
                ),
            )
        connection.execute(
            insert(t["answer"]),
            filled(t["answer"], attempt_id=1, question_id=1, credit=0.6667, correct=False, answered_at=NOW),
        )

    result = runner.invoke(args=["db", "upgrade"])

    assert result.exit_code == 0, result.output
    with app.app_context():
        attempts = db.session.scalars(select(Attempt).order_by(Attempt.id)).all()
        assert [(a.display_name, a.score, a.submitted_at) for a in attempts] == [
            ("Student 1", 0.6667, NOW),
            ("Student 2", None, None),
        ]
        assert all(a.article_id is None for a in attempts)  # they read the quiz's own article
        assert db.session.scalar(select(Answer.credit)) == 0.6667
        assert db.session.scalar(select(Quiz.archived)) is False
        article = db.session.get(Article, 1)
        assert (article.version, article.previous_id, article.archived) == (1, None, False)
        assert db.session.scalars(select(SavedAnswer)).all() == []
