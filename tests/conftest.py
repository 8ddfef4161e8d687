"""Fixtures only: a fresh app and database per test, CSRF on, a real server and real browser tabs.

Helpers the tests share (sign in, take a quiz, build an answer form) live in ``tests/helpers.py``.
"""

import pytest

from quiz import create_app
from quiz.extensions import db
from tests.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FIXTURES,
    MINI_ANSWERS,
    OTHER_EMAIL,
    TEACHER_EMAIL,
    TEACHER_PASSWORD,
    TEST_DATABASE_URL,
    School,
    app_settings,
    csrf_token,
    empty_postgres,
    load_bank,
    login,
    take_quiz,
)


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


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


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


@pytest.fixture
def school(app, make_teacher) -> School:
    from sqlalchemy import select

    from quiz.models import Article, Attempt, Classroom, Quiz

    owner_id = make_teacher()
    make_teacher(email=OTHER_EMAIL, name="Mr Other")
    s = School(
        app, owner=app.test_client(), other=app.test_client(), student=app.test_client(), anonymous=app.test_client()
    )
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
        db.session.get(Quiz, quiz_id).created_by_id = owner_id  # the owner composed it: others read it only
        db.session.commit()
    joined = s.student.post(
        "/join", data={"csrf_token": csrf_token(s.student, "/join"), "code": code, "display_name": "Zed Classmate"}
    )
    assert joined.status_code == 302, joined.get_data(as_text=True)
    result_url = take_quiz(s.student, app, "Zed Classmate", MINI_ANSWERS)
    take_quiz(app.test_client(), app, "Ana Public", MINI_ANSWERS)
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.display_name == "Zed Classmate"))
        assert attempt.classroom_id == class_id and result_url.endswith(f"/attempts/{attempt.token}/result")
        token = attempt.token
        from quiz.models import Assignment, ClassStudent

        assignment = Assignment(classroom_id=class_id, quiz_id=quiz_id, attempts_allowed=2)
        db.session.add(assignment)
        db.session.flush()
        db.session.get(Attempt, attempt.id).assignment_id = assignment.id  # Zed took the class's assignment
        db.session.commit()
        assignment_id = assignment.id
        student_id = db.session.scalar(select(ClassStudent.id).where(ClassStudent.classroom_id == class_id))
        from quiz.models import GrowthLink  # the owner's growth report (its one assignment read both ways)

        growth = GrowthLink(classroom_id=class_id, before_id=assignment_id, after_id=assignment_id)
        db.session.add(growth)
        db.session.commit()
        link_id = growth.id
    with app.app_context():
        from quiz.web.teacher.drafts import checked_drafts

        article = db.session.get(Article, article_id)
        article.drafts = checked_drafts(article)  # what "Draft questions" writes
        db.session.commit()
        draft_id = article.drafts[0]["id"]
    s.samples = {
        "token": token,
        "slug": "mini-quiz",
        "class_id": class_id,
        "article_id": article_id,
        "quiz_id": quiz_id,
        "key": "mini-choice",
        "fmt": "yaml",
        "filename": "style.css",
        "assignment_id": assignment_id,
        "draft_id": draft_id,
        "student_id": student_id,
        "link_id": link_id,
    }
    s.query = {"teacher.new_question": {"article": article_id}, "summaries.student": {"name": "Ana Public"}}
    return s
