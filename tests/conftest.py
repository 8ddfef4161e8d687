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
