"""What the tests share: paths, the test app's settings, and helpers that act as a browser, a student or a teacher."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from quiz.core import bank
from quiz.core.kinds import KINDS
from quiz.extensions import db
from quiz.models import Attempt, Question
from quiz.store import importer

FIXTURES = Path(__file__).parent / "fixtures"
# The article as it was received, byte for byte (see fixtures/README.md).
SOURCE_ARTICLE = FIXTURES / "source-article.txt"
REPO = Path(__file__).parent.parent
BUNDLED = REPO / "questions"


# Set (by .ci/postgres.sh) to run every test on PostgreSQL instead of a SQLite file.
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")


def empty_postgres(url: str) -> None:
    """An emptied PostgreSQL schema for the next test: cheaper than a new database."""
    from quiz.database import empty_postgres_schema

    empty_postgres_schema(url)


def app_settings(database_url: str, **extra) -> dict:
    """The configuration every test app runs with, on ``database_url``."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": True,
        **extra,
    }


def load_bank(path):
    """Import a question file or folder into the current app's database."""
    tally = importer.import_banks(db.session, bank.load_path(path))
    db.session.commit()
    return tally


_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(client, url: str) -> str:
    """Open ``url`` as a browser would and read the CSRF token from its form."""
    response = client.get(url)
    match = _TOKEN.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {url} ({response.status_code})"
    return match.group(1)


def start_attempt(client, slug: str = "mini-quiz", name: str = "Ana") -> str:
    """Start a quiz as a student and return the attempt's URL."""
    token = csrf_token(client, f"/quizzes/{slug}")
    response = client.post(f"/quizzes/{slug}", data={"csrf_token": token, "display_name": name})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.location


# --- A real server and a real browser ---------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def check_a11y(page) -> None:
    """Run axe-core on the page: no serious or critical violation is allowed."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}" for v in bad
    )
    assert not bad, f"accessibility violations on {page.url}:\n{report}"


def fits_width(page) -> None:
    """Nothing on the page is wider than the screen (no sideways scrolling)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


# --- Teachers ---------------------------------------------------------------------------------

TEACHER_EMAIL = "teacher@example.org"
TEACHER_PASSWORD = "correct horse battery staple"


def login(client, email: str = TEACHER_EMAIL, password: str = TEACHER_PASSWORD):
    """Sign in through the real form, as a teacher's browser does, and check it worked."""
    token = csrf_token(client, "/teacher/login")
    response = client.post("/teacher/login", data={"csrf_token": token, "email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


# --- Students with known answers (for the summaries) ------------------------------------------


def take_quiz(client, app, name: str, answers: dict, slug: str = "mini-quiz", classroom_id: int | None = None) -> str:
    """Take ``slug`` as student ``name`` and submit ``answers``; returns the result page's URL.

    ``answers`` maps a question key to the text of the choice picked (a category key for a
    classify question) or, for a tag question, to ``{sentence key: category}``.
    """
    attempt_url = start_attempt(client, slug, name)
    token = attempt_url.rstrip("/").rsplit("/", 1)[-1]
    form = {"csrf_token": csrf_token(client, attempt_url)}
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.token == token))
        if classroom_id is not None:
            attempt.classroom_id = classroom_id
            db.session.commit()
        for question in db.session.scalars(select(Question).where(Question.id.in_(attempt.question_ids))):
            form.update(answer_form(question, answers[question.key]))
    response = client.post(attempt_url, data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.location


# --- A school: two teachers, a class and its student, for the access and security tests ------

OTHER_EMAIL = "other.teacher@example.org"
MINI_ANSWERS = {
    "mini-choice": "The agency",
    "mini-classify": "opinion",
    "mini-mark": "According to the agency",
    "mini-tag": {"p1s1": "sourced", "p1s2": "sourced"},
}


class School:
    """Who is who: ``owner`` (a teacher with a class), ``other`` (a teacher with none), ``student``
    (joined the owner's class and submitted a quiz), ``anonymous`` (a fresh browser); ``samples``
    holds a real value for every URL argument and ``query`` the query string some pages need."""

    def __init__(self, app, **clients):
        self.app = app
        self.__dict__.update(clients)
        self.samples: dict[str, object] = {}
        self.query: dict[str, dict] = {}

    def url(self, rule, **override) -> str:
        """A working address for ``rule``, built from the samples."""
        from urllib.parse import urlencode

        values = {name: override.get(name, self.samples[name]) for name in rule.arguments}
        path = self.app.url_map.bind("localhost").build(rule.endpoint, values)
        query = self.query.get(rule.endpoint)
        return f"{path}?{urlencode(query)}" if query else path


def db_dump(app) -> list[tuple]:
    """Every row of every table, in a fixed order: two equal dumps mean nothing was written."""
    with app.app_context():
        rows = []
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows += [(table.name, *row) for row in db.session.execute(select(table).order_by(*order))]
        db.session.rollback()
        return rows


def integrity_problems(app) -> list:
    """What SQLite's integrity and foreign-key checks report (PostgreSQL enforces both itself)."""
    from sqlalchemy import text

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return []
        with db.engine.connect() as connection:
            problems = [row for row in connection.execute(text("PRAGMA integrity_check")) if row[0] != "ok"]
            return problems + list(connection.execute(text("PRAGMA foreign_key_check")))


def filled_in_quiz(app, client, slug: str = "mini-quiz", name: str = "Ana") -> tuple[str, dict]:
    """Start ``slug`` as a student and fill in every answer right: (attempt URL, form to post)."""
    url = start_attempt(client, slug, name)
    form = {"csrf_token": csrf_token(client, url)}
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.token == url.rsplit("/", 1)[-1]))
        for question in db.session.scalars(select(Question).where(Question.id.in_(attempt.question_ids))):
            form.update(answer_form(question, MINI_ANSWERS[question.key]))
    return url, form


# --- Answers, built on each kind's own form fields --------------------------------------------


def answer_form(question, given=None) -> dict[str, str]:
    """The fields a browser sends to answer ``question``: its model answer, or ``given``.

    ``given`` is what a student picks: a choice's text, a category key, a choice, marked word
    indices (a list), or ``{sentence key: category}`` for a tag question.
    """
    kind = KINDS[question.kind]
    answer = kind.model_answer(question) if given is None else given
    if isinstance(answer, str):
        answer = next(c for c in question.choices if answer in (c.text, c.category))
    return kind.form_fields(question, answer)


def attempt_of(app, url: str) -> Attempt:
    """The attempt whose address (or result address) is ``url``, detached from the session."""
    token = url.rstrip("/").removesuffix("/result").rsplit("/", 1)[-1]
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.token == token))
        db.session.expunge(attempt)
        return attempt


def questions_of_attempt(app, url: str) -> list[Question]:
    """The questions of the attempt at ``url``, in the order it shows them."""
    with app.app_context():
        ids = attempt_of(app, url).question_ids
        found = {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(ids)))}
        for question in found.values():
            question.choices  # noqa: B018  (loaded now, read after the session ends)
            db.session.expunge(question)
        return [found[i] for i in ids]


def answers_form(app, client, url: str, wrong=()) -> dict[str, str]:
    """A form answering every question of the attempt at ``url`` right, except those whose key is in ``wrong``."""
    form = {"csrf_token": csrf_token(client, url)}
    with app.app_context():
        for question in questions_of_attempt(app, url):
            question = db.session.merge(question)
            given = None
            if question.key in wrong:
                model = KINDS[question.kind].model_answer(question)
                given = (
                    {k: ("opinion" if v != "opinion" else "sourced") for k, v in model.items()}
                    if isinstance(model, dict)
                    else next(c for c in question.choices if not c.correct)
                )
            form.update(answer_form(question, given))
    return form


def answer_all_right(app, client, url: str) -> None:
    """Submit the attempt at ``url`` with every answer right, as the student's browser would."""
    assert client.post(url, data=answers_form(app, client, url)).status_code == 302


def attempt_score(app, url: str) -> tuple[float, float]:
    attempt = attempt_of(app, url)
    return attempt.score, attempt.max_score


def guessed_token() -> str:
    """A token of the same shape as a real attempt's."""
    return secrets.token_urlsafe(18)


# --- Who may open what (the access matrix) ---------------------------------------------------

PUBLIC = "public"  # anyone: the quiz list, starting a quiz, joining a class, signing in
STUDENT = "student-token"  # whoever holds the attempt's unguessable token, and nobody else
TEACHER = "teacher"  # any signed-in teacher: the bank, quizzes and summaries are the school's
OWNER = "teacher-owner"  # only the teacher the record belongs to; everyone else gets a 404
# Routes any teacher opens (GET) but only the quiz's composer may POST to: another teacher gets a 403.
QUIZ_OWNER_WRITES = {"teacher.edit_quiz", "teacher.publish_quiz", "teacher.remove_quiz"}

ACCESS = {
    "static": PUBLIC,
    "taking.index": PUBLIC,
    "taking.start": PUBLIC,
    "taking.attempt": STUDENT,
    "taking.submit": STUDENT,
    "taking.save": STUDENT,
    "taking.result": STUDENT,
    "taking.again": STUDENT,
    "classes.join": PUBLIC,
    "classes.joined": PUBLIC,
    "classes.leave": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": PUBLIC,
    "auth.change_password": TEACHER,
    "teacher.home": TEACHER,
    "teacher.articles": TEACHER,
    "teacher.article": TEACHER,
    "teacher.new_article": TEACHER,
    "teacher.questions": TEACHER,
    "teacher.question_preview": TEACHER,
    "teacher.new_question": TEACHER,
    "teacher.edit_question": TEACHER,
    "teacher.delete_question": TEACHER,
    "teacher.remove_quiz": TEACHER,
    "teacher.remove_article": TEACHER,
    "teacher.correct_article": TEACHER,
    "teacher.quizzes": TEACHER,
    "teacher.new_quiz": TEACHER,
    "teacher.edit_quiz": TEACHER,
    "teacher.preview_quiz": TEACHER,
    "teacher.publish_quiz": TEACHER,
    "teacher.export_quiz": TEACHER,
    "teacher.duplicate": TEACHER,
    "teacher.draft_questions": TEACHER,
    "teacher.drafts": TEACHER,
    "teacher.edit_draft": TEACHER,
    "teacher.review_draft": TEACHER,
    "teacher.confirm_gift": TEACHER,
    "teacher.transfer": TEACHER,
    "teacher.export_bank": TEACHER,
    "teacher.export_bank_gift": TEACHER,
    "classes.index": TEACHER,
    "classes.show": OWNER,
    "classes.rotate": OWNER,
    "classes.delete": OWNER,
    "classes.assign": OWNER,
    "classes.assignment": OWNER,
    "classes.handout": OWNER,
    "classes.qr_code": OWNER,
    "classes.grant": OWNER,
    "classes.edit_assignment": OWNER,
    "classes.class_list": OWNER,
    "classes.rename": OWNER,
    "classes.merge": OWNER,
    "classes.start": PUBLIC,  # a student of the class, known by the class in their session
    "auth.account": TEACHER,
    "summaries.index": TEACHER,
    "summaries.quiz": TEACHER,
    "summaries.students": TEACHER,
    "summaries.student": TEACHER,
    "summaries.attempts_csv": TEACHER,
    "summaries.answers_csv": TEACHER,
    "summaries.grid": TEACHER,
    "summaries.grid_csv": TEACHER,
    "summaries.readers": TEACHER,
    "summaries.growth_links": TEACHER,
    "summaries.growth": OWNER,
    # Learning platforms (LTI): the platform's own endpoints are public, protected by state, nonce and signature.
    "lti.jwks": PUBLIC,
    "lti.login": PUBLIC,
    "lti.launch": PUBLIC,
    "lti.pick": TEACHER,
    "lti.home": TEACHER,
    "lti.course": OWNER,
}

# POST routes a learning platform sends from its own site: exempt from CSRF by design (see docs/lti.md).
CSRF_EXEMPT_BY_DESIGN = {"lti.login", "lti.launch"}


def routes(app):
    """Every (rule, method) the app answers, HEAD and OPTIONS aside."""
    return [
        (rule, method)
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"})
    ]


def fetch(client, method: str, url: str, data=None):
    """One request, read to the end and closed, as a browser would (files and CSV downloads stream)."""
    return client.open(url, method=method, data=data, buffered=True)


# --- Four students with known answers (the summaries) ------------------------------------------

ALL_RIGHT = {
    "mini-choice": "The agency",
    "mini-classify": "opinion",
    "mini-mark": "According to the agency",
    "mini-tag": {"p1s1": "sourced", "p1s2": "sourced"},
}
# Four students whose scores are 4, 1.5, 1 and 2.5 out of 4.
CLASS_ANSWERS = {
    "Ana": ALL_RIGHT,
    "Ben": {
        "mini-choice": "The writer",
        "mini-classify": "sourced",
        "mini-mark": "According to the agency",
        "mini-tag": {"p1s1": "sourced", "p1s2": "unsourced"},
    },
    "Cy": {
        "mini-choice": "The agency",
        "mini-classify": "sourced",
        "mini-mark": "most of the cases involve adults",
        "mini-tag": {"p1s1": "opinion", "p1s2": "unsourced"},
    },
    "Dee": {
        "mini-choice": "The mayor",
        "mini-classify": "opinion",
        "mini-mark": "According to the agency",
        "mini-tag": {"p1s1": "sourced", "p1s2": "opinion"},
    },
}


# --- Question files in and out ----------------------------------------------------------------


def bank_contents(app) -> list[tuple]:
    """Everything a question is, as the database holds it, for comparing two banks."""
    with app.app_context():
        rows = db.session.scalars(select(Question).where(Question.current).order_by(Question.key)).all()
        return [
            (
                q.key,
                q.kind,
                q.skill,
                q.difficulty,
                q.prompt,
                q.excerpt,
                q.evidence,
                q.explanation,
                q.sentence_keys,
                q.data,
                q.fingerprint,
                q.article.slug,
                q.article.text,
                [(c.position, c.text, c.correct, c.feedback, c.category) for c in q.choices],
            )
            for q in rows
        ]


def upload(client, name, content: bytes, **fields):
    """Send a file through the import form, encoded in memory as a browser would send it."""
    fields = {"csrf_token": csrf_token(client, "/teacher/transfer"), **fields}
    boundary = "----question-file-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return client.post("/teacher/transfer", data=body, content_type=f"multipart/form-data; boundary={boundary}")


# --- Benchmarks run as tests ------------------------------------------------------------------


def run_benchmark(script: str, *arguments: str) -> dict:
    """Run a benchmarks/ script on this suite's database and return the figures it printed."""
    database = "postgresql" if TEST_DATABASE_URL else "sqlite"
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / script), "--database", database, "--json", *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = done.stdout.strip().splitlines()
    assert lines, f"{script} printed nothing:\n{done.stderr[-3000:]}"
    figures = json.loads(lines[-1])
    print(json.dumps(figures, indent=1))  # shown with pytest -s, for the record
    return figures
