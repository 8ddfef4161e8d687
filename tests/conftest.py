"""Fixtures: a fresh app and database per test, CSRF on, and helpers that act like a browser."""

import re
from pathlib import Path

import pytest

from quiz import bank, create_app, importer
from quiz.extensions import db

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
BUNDLED = REPO / "questions"


@pytest.fixture
def app(tmp_path):
    """An app on its own SQLite file with the small test bank loaded."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'quiz.sqlite'}",
            "WTF_CSRF_ENABLED": True,
        }
    )
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
        from quiz.auth import create_teacher

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
