"""Helpers for the class tests: a teacher's class, a quiz assigned to it, students joining it."""

import re
from datetime import datetime

from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Assignment, Attempt, Classroom, Quiz
from tests.helpers import answers_form, csrf_token


def create_class(client, name="Year 10, period 3") -> int:
    token = csrf_token(client, "/teacher/classes")
    response = client.post("/teacher/classes", data={"csrf_token": token, "name": name})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.location.rsplit("/", 1)[-1])


def class_code(app, class_id) -> str:
    with app.app_context():
        return db.session.get(Classroom, class_id).code


def quiz_id(app, slug="mini-quiz") -> int:
    with app.app_context():
        return db.session.scalar(select(Quiz.id).where(Quiz.slug == slug))


def assign(client, app, class_id, slug="mini-quiz", **settings) -> int:
    """Assign through the form; ``settings`` are its fields (opens_at, due_at as "YYYY-MM-DDTHH:MM")."""
    url = f"/teacher/classes/{class_id}/assign"
    data = {"csrf_token": csrf_token(client, url), "quiz": str(quiz_id(app, slug))}
    data.update({k: str(v) for k, v in settings.items()})
    response = client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.location.rsplit("/", 1)[-1])


def join(client, code, name="Ana"):
    token = csrf_token(client, "/join")
    return client.post("/join", data={"csrf_token": token, "code": code, "display_name": name})


def start_assignment(client, assignment_id) -> str:
    """Start (or continue) an assignment from the class page; the attempt's URL."""
    token = csrf_token(client, "/class")
    response = client.post(f"/class/assignments/{assignment_id}/start", data={"csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.location


def submit_all_right(app, client, url) -> str:
    response = client.post(url, data=answers_form(app, client, url))
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.location


def attempts_of(app, name) -> list[Attempt]:
    with app.app_context():
        found = list(db.session.scalars(select(Attempt).where(Attempt.display_name == name).order_by(Attempt.id)))
        for attempt in found:
            db.session.expunge(attempt)
        return found


def set_assignment(app, assignment_id, **values) -> None:
    with app.app_context():
        task = db.session.get(Assignment, assignment_id)
        for name, value in values.items():
            setattr(task, name, value)
        db.session.commit()


def text_of(response) -> str:
    """The page's text without tags or repeated spaces, as a reader sees it."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def local(text: str) -> datetime:
    return datetime.fromisoformat(text)
