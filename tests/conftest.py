"""Fixtures: a fresh app and database per test, CSRF on, and helpers that act like a browser."""

import os
import re
from pathlib import Path

import pytest

from quiz import create_app
from quiz.core import bank
from quiz.extensions import db
from quiz.store import importer

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
BUNDLED = REPO / "questions"


# Set (by .ci/postgres.sh) to run every test on PostgreSQL instead of a SQLite file.
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL, the tests of SQLite's own settings (WAL, BEGIN IMMEDIATE) have nothing to check."""
    if TEST_DATABASE_URL:
        skip = pytest.mark.skip(reason="checks SQLite's own settings; this run is on PostgreSQL")
        for item in items:
            if "sqlite_only" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def database_url(tmp_path):
    """An empty database for one test: a new SQLite file, or the PostgreSQL database of TEST_DATABASE_URL emptied."""
    if not TEST_DATABASE_URL:
        return f"sqlite:///{tmp_path / 'quiz.sqlite'}"
    empty_postgres(TEST_DATABASE_URL)
    return TEST_DATABASE_URL


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


@pytest.fixture
def make_app(database_url):
    """A factory of apps on this test's empty database (no tables yet); their connections close after the test."""
    made = []

    def make(**settings):
        made.append(create_app(app_settings(database_url, **settings)))
        return made[-1]

    yield make
    for each in made:
        with each.app_context():
            db.engine.dispose()


@pytest.fixture
def app(database_url):
    """An app on its own fresh database with the small test bank loaded."""
    app = create_app(app_settings(database_url))
    with app.app_context():
        db.create_all()
        load_bank(FIXTURES / "mini.yaml")
    yield app
    with app.app_context():
        db.engine.dispose()


def load_bank(path):
    """Import a question file or folder into the current app's database."""
    tally = importer.import_banks(db.session, bank.load_path(path))
    db.session.commit()
    return tally


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


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


@pytest.fixture
def live_server(app):
    """The app served by a real multi-threaded WSGI server on 127.0.0.1; yields its base URL."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab with its own cookies, at a laptop's width."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def phone_page(browser):
    """A tab the width of a small phone."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def no_js_page(browser):
    """A tab with JavaScript switched off: every page must still work."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


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


@pytest.fixture
def make_teacher(app):
    """A factory: ``make_teacher(email=..., password=..., name=...)`` stores a teacher, returns their id."""

    def make(email: str = TEACHER_EMAIL, password: str = TEACHER_PASSWORD, name: str = "Ms Example") -> int:
        from quiz.store.accounts import create_teacher

        with app.app_context():
            teacher = create_teacher(email, password, name)
            db.session.commit()
            return teacher.id

    return make


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
    from sqlalchemy import select

    from quiz.models import Attempt, Question

    attempt_url = start_attempt(client, slug, name)
    token = attempt_url.rstrip("/").rsplit("/", 1)[-1]
    form = {"csrf_token": csrf_token(client, attempt_url)}
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.token == token))
        if classroom_id is not None:
            attempt.classroom_id = classroom_id
            db.session.commit()
        for question in db.session.scalars(select(Question).where(Question.id.in_(attempt.question_ids))):
            given = answers[question.key]
            if question.kind == "tag":
                form.update({f"q{question.id}-{sentence}": category for sentence, category in given.items()})
            else:
                choice = next(c for c in question.choices if given in (c.text, c.category))
                form[f"q{question.id}"] = str(choice.id)
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


@pytest.fixture
def school(app, make_teacher) -> School:
    from sqlalchemy import select

    from quiz.models import Article, Attempt, Classroom, Quiz

    owner_id = make_teacher()
    make_teacher(email=OTHER_EMAIL, name="Mr Other")
    s = School(app, owner=app.test_client(), other=app.test_client(), student=app.test_client(),
               anonymous=app.test_client())
    login(s.owner)
    login(s.other, OTHER_EMAIL)
    with app.app_context():
        from quiz.core import codes

        classroom = Classroom(teacher_id=owner_id, name="7B", code=codes.generate())
        db.session.add(classroom)
        db.session.commit()
        class_id, code = classroom.id, classroom.code
        article_id = db.session.scalar(select(Article.id))
        quiz_id = db.session.scalar(select(Quiz.id).where(Quiz.slug == "mini-quiz"))
    joined = s.student.post("/join", data={"csrf_token": csrf_token(s.student, "/join"), "code": code,
                                           "display_name": "Zed Classmate"})
    assert joined.status_code == 302, joined.get_data(as_text=True)
    result_url = take_quiz(s.student, app, "Zed Classmate", MINI_ANSWERS)
    take_quiz(app.test_client(), app, "Ana Public", MINI_ANSWERS)
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.display_name == "Zed Classmate"))
        assert attempt.classroom_id == class_id and result_url.endswith(f"/attempts/{attempt.token}/result")
        token = attempt.token
    s.samples = {"token": token, "slug": "mini-quiz", "class_id": class_id, "article_id": article_id,
                 "quiz_id": quiz_id, "key": "mini-choice", "fmt": "yaml", "filename": "style.css"}
    s.query = {"teacher.new_question": {"article": article_id}, "summaries.student": {"name": "Ana Public"}}
    return s


def db_dump(app) -> list[tuple]:
    """Every row of every table, in a fixed order: two equal dumps mean nothing was written."""
    from sqlalchemy import select

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
    from sqlalchemy import select

    from quiz.models import Attempt, Question

    url = start_attempt(client, slug, name)
    form = {"csrf_token": csrf_token(client, url)}
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.token == url.rsplit("/", 1)[-1]))
        for question in db.session.scalars(select(Question).where(Question.id.in_(attempt.question_ids))):
            given = MINI_ANSWERS[question.key]
            if question.kind == "tag":
                form.update({f"q{question.id}-{key}": category for key, category in given.items()})
            else:
                form[f"q{question.id}"] = str(next(c.id for c in question.choices if given in (c.text, c.category)))
    return url, form
