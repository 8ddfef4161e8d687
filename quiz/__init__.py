"""A media-literacy quiz: students read a real news article and learn who claims what."""

import os
from pathlib import Path
from typing import Any

from flask import Flask

from quiz import cli
from quiz.database import tune_engine
from quiz.extensions import csrf, db, login_manager, migrate
from quiz.web import compression, errors, security, templating
from quiz.web.sessions import HttpsAwareSessions

# Templates, static files, the question bank and the migrations sit beside the package in a checkout and
# inside it in a built wheel (pyproject's force-include); use whichever is there.
_HERE = Path(__file__).parent
ROOT = _HERE if (_HERE / "templates").is_dir() else _HERE.parent

WEAK_SECRETS = {"", "dev", "secret", "changeme", "change-me", "development"}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: config from the environment (or ``test_config``), extensions, blueprints."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{Path(app.instance_path) / 'quiz.sqlite'}",
        QUESTIONS_PATH=str(ROOT / "questions"),
        # A student may keep a quiz open through a long lesson; the token lasts the school day.
        WTF_CSRF_TIME_LIMIT=8 * 3600,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    if test_config is None:
        configure_from_environment(app)
    else:
        app.config.from_mapping(test_config)
    require_strong_secret(app)
    app.config.setdefault("TEACHER_SESSION_HOURS", 12)

    db.init_app(app)
    csrf.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    with app.app_context():
        tune_engine(db.engine)
    register_sign_in(app)
    security.register(app)
    compression.register(app)
    templating.register(app)
    errors.register(app)
    cli.register(app)

    from quiz.web import auth, classes, lti, summaries, taking, teacher

    for area in (taking, summaries, auth, teacher, classes, lti):
        app.register_blueprint(area.bp)
    return app


def configure_from_environment(app: Flask) -> None:
    """Read ``DATABASE_URL`` and ``SECRET_KEY``; the run command keeps a key in the instance folder."""
    if url := os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = postgres_driver(url)
    key_file = Path(app.instance_path) / "secret_key"
    if secret := os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret
    elif key_file.is_file():
        app.config["SECRET_KEY"] = key_file.read_text().strip()
    app.config["SESSION_COOKIE_SECURE"] = os.environ.get("SESSION_COOKIE_SECURE", "") == "1"
    # Absolute links from this base, never from a request's Host header; the client's address from
    # X-Forwarded-For only behind this many proxies (see quiz/web/security.py).
    app.config["QUIZ_BASE_URL"] = os.environ.get("QUIZ_BASE_URL", "")
    app.config["QUIZ_PROXY_FIX"] = int(os.environ.get("QUIZ_PROXY_FIX", "0") or 0)


def postgres_driver(url: str) -> str:
    """Send a plain ``postgres://`` or ``postgresql://`` URL, as hosts hand them out, to psycopg 3."""
    for plain in ("postgres://", "postgresql://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url.removeprefix(plain)
    return url


def require_strong_secret(app: Flask) -> None:
    """Refuse to start with a missing or guessable ``SECRET_KEY``: it signs every session."""
    if app.testing:
        return
    secret = str(app.config.get("SECRET_KEY") or "")
    if secret.lower() in WEAK_SECRETS or len(secret) < 32:
        raise RuntimeError(
            "SECRET_KEY is missing or too weak. Set it to a random string of 32 or more characters, "
            "for example: export SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))') "
            "(the Makefile's run command keeps one in instance/secret_key)."
        )


def register_sign_in(app: Flask) -> None:
    """Teachers' sign-in: server-side sessions behind the cookie, and where a visitor is sent to sign in."""
    from quiz.web.auth.views import load_teacher

    app.session_interface = HttpsAwareSessions()
    login_manager.init_app(app)
    login_manager.user_loader(load_teacher)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in as a teacher to see that page."
    login_manager.login_message_category = "info"
