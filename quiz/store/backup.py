"""Keeping students' data safe, and no longer than needed: backups, restores, checks, purges.

SQLite is copied with its online backup API: one read transaction, so the copy is a consistent
snapshot while students keep submitting (a file copy of a live database is not). PostgreSQL is
copied by its own tool, ``pg_dump``, which also reads one snapshot; ``pg_restore`` brings it back.
"""

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 — runs pg_dump and pg_restore, never a shell
from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, func, select
from sqlalchemy.engine import URL

from quiz.database import begin_write
from quiz.extensions import db
from quiz.models import Answer, Attempt, Classroom, Judgement, Question, Teacher, utcnow

COUNTED = {
    "teachers": Teacher,
    "classes": Classroom,
    "questions": Question,
    "attempts": Attempt,
    "answers": Answer,
    "judgements": Judgement,
}

PG_DUMP_HELP = (
    "On PostgreSQL, back up with pg_dump, which reads one consistent snapshot while students keep "
    "submitting: pg_dump --format=custom --file PATH postgresql://USER@HOST/DATABASE "
    "(Debian/Ubuntu: apt-get install postgresql-client, of the server's major version or newer). "
    "Restore it with: pg_restore --clean --if-exists --no-owner --single-transaction --dbname URL PATH."
)


def counts(connection: Connection) -> dict[str, int]:
    """How many rows the tables that matter hold, plus how many attempts were submitted."""
    found = {name: connection.scalar(select(func.count()).select_from(model)) for name, model in COUNTED.items()}
    found["submitted"] = connection.scalar(select(func.count()).where(Attempt.submitted_at.is_not(None)))
    return found


def integrity_problems(connection: Connection) -> list[str]:
    """Everything wrong with a database: the engine's own check, then attempts left half-written.

    An attempt is whole when it is either not submitted and not complete, or submitted with a score
    and an answer to every one of its questions.
    """
    problems = []
    if connection.dialect.name == "sqlite":
        verdict = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
        if verdict != ["ok"]:
            problems += [f"integrity_check: {line}" for line in verdict]
        problems += [f"foreign_key_check: {row}" for row in connection.exec_driver_sql("PRAGMA foreign_key_check")]
    elif connection.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'").first():
        # PostgreSQL enforces its foreign keys itself; amcheck, where installed, verifies every index.
        connection.exec_driver_sql(
            "SELECT bt_index_check(c.oid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE a.amname = 'btree' AND n.nspname = current_schema()"
        ).all()
    answered = Counter(
        dict(connection.execute(select(Answer.attempt_id, func.count()).group_by(Answer.attempt_id)).all())
    )
    rows = connection.execute(select(Attempt.id, Attempt.submitted_at, Attempt.score, Attempt.question_ids))
    for attempt_id, submitted_at, score, question_ids in rows:
        given, needed = answered[attempt_id], len(question_ids or [])
        if submitted_at is not None and (score is None or given != needed):
            problems.append(f"attempt {attempt_id} is submitted with {given} of {needed} answers, score {score}")
        if submitted_at is None and needed and given >= needed:
            problems.append(f"attempt {attempt_id} has every answer but was never scored")
    return problems


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why in plain words."""


class IntegrityFailed(BackupError):
    """The integrity check found problems; ``problems`` lists them."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"the database failed its integrity check ({len(problems)} problem(s))")


def report(engine: Engine) -> dict[str, int]:
    """Check a database and return its counts; ``IntegrityFailed`` when anything is wrong."""
    with engine.connect() as connection:
        problems = integrity_problems(connection)
        found = counts(connection)
    if problems:
        raise IntegrityFailed(problems)
    return found


def describe(found: dict[str, int]) -> str:
    return ", ".join(f"{number} {name}" for name, number in found.items())


# --- SQLite ------------------------------------------------------------------------------------


def backup_sqlite(engine: Engine, target: Path) -> None:
    """Copy the live database to ``target`` in one step of the backup API: a consistent snapshot."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = engine.raw_connection()
    try:
        copy = sqlite3.connect(partial)
        try:
            source.driver_connection.backup(copy)
            # A backup is one self-contained file: no write-ahead log beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    finally:
        source.close()
    partial.replace(target)  # the backup appears whole or not at all


def restore_sqlite(engine: Engine, source: Path) -> None:
    """Overwrite the live database with ``source`` through the backup API, in one step."""
    copy = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    target = engine.raw_connection()
    try:
        copy.backup(target.driver_connection)
    finally:
        target.close()
        copy.close()
    engine.dispose()


# --- PostgreSQL --------------------------------------------------------------------------------


def libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The URL as pg_dump reads it, and an environment carrying the password (kept off the command line)."""
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return plain, environment


def run_pg_tool(tool: str, *arguments: str, environment: dict[str, str]) -> None:
    path = shutil.which(tool)
    if path is None:
        raise BackupError(f"{tool} was not found on PATH. {PG_DUMP_HELP}")
    done = subprocess.run([path, *arguments], env=environment, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{tool} failed: {done.stderr.strip()}\n{PG_DUMP_HELP}")


def purge(days: int) -> tuple[int, int, object]:
    """Remove attempts started more than ``days`` days ago; how many attempts and answers went, and the cutoff."""
    cutoff = utcnow() - timedelta(days=days)
    begin_write()
    old = select(Attempt.id).where(Attempt.started_at < cutoff)
    answers = db.session.scalar(select(func.count()).where(Answer.attempt_id.in_(old)))
    # The answers and their judgements go with the attempt: ON DELETE CASCADE in the schema.
    removed = db.session.execute(delete(Attempt).where(Attempt.started_at < cutoff)).rowcount
    db.session.commit()
    return removed, answers, cutoff
