"""The schema is made by migrations: a new database gets exactly the models' tables, and keeps its data."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, func, inspect, select

from quiz.extensions import db
from quiz.models import Question
from tests.helpers import FIXTURES


def differences(app, metadata=None) -> list:
    """What Alembic would still have to change to turn the database into the models' schema."""
    with app.app_context(), db.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), metadata or db.metadata)


def test_init_db_migrates_an_empty_database_to_exactly_the_models_schema(make_app):
    app = make_app()
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert differences(app) == []
    with app.app_context():
        assert "alembic_version" in inspect(db.engine).get_table_names()


def test_a_model_change_without_a_migration_is_noticed(make_app):
    app = make_app()
    app.test_cli_runner().invoke(args=["init-db"])
    changed = MetaData()
    for table in db.metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["attempt"].append_column(Column("minutes_taken", Integer))
    assert [d[0] for d in differences(app, changed)] == ["add_column"]


def test_running_init_db_again_keeps_every_question(make_app):
    app = make_app()
    runner = app.test_cli_runner()
    runner.invoke(args=["init-db"])
    assert runner.invoke(args=["import-questions", str(FIXTURES / "mini.yaml")]).exit_code == 0
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Question))
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Question)) == before > 0


def test_a_database_made_before_migrations_is_adopted_with_its_data(app, runner):
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Question))
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert differences(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Question)) == before > 0
        assert "alembic_version" in inspect(db.engine).get_table_names()


def test_the_migrations_go_down_to_nothing_and_up_again(make_app):
    app = make_app()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert runner.invoke(args=["db", "downgrade", "base"]).exit_code == 0
    with app.app_context():
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    assert differences(app) == []
