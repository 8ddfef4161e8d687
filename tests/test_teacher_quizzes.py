"""A teacher composes a quiz from the bank, sets how it is taken, publishes it and previews it."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Article, Attempt, Question, Quiz, utcnow
from tests.helpers import answer_all_right, csrf_token, login, start_attempt


@pytest.fixture
def teacher(client, make_teacher):
    make_teacher()
    login(client)
    return client


def question_ids(app) -> dict[str, int]:
    with app.app_context():
        return {q.key: q.id for q in db.session.scalars(select(Question).where(Question.current))}


def create_quiz(app, client, title="Who says what?", **fields) -> int:
    with app.app_context():
        article_id = db.session.scalar(select(Article.id).where(Article.slug == "mini-article"))
    data = {
        "csrf_token": csrf_token(client, "/teacher/quizzes/new"),
        "title": title,
        "article": str(article_id),
        "feedback": "end",
        "question_order": "fixed",
        **fields,
    }
    response = client.post("/teacher/quizzes/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return int(response.location.rstrip("/").rsplit("/", 1)[-1])


def settings_form(app, client, quiz_id, picks: dict[str, int | None], **fields):
    """The quiz page's form with ``picks`` (question key → order number) ticked."""
    ids = question_ids(app)
    page = client.get(f"/teacher/quizzes/{quiz_id}").get_data(as_text=True)
    rows = re.findall(r'name="entries-(\d+)-question_id" type="hidden" value="(\d+)"', page)
    data = {
        "csrf_token": csrf_token(client, f"/teacher/quizzes/{quiz_id}"),
        "title": "Who says what?",
        "feedback": "end",
        "question_order": "fixed",
    }
    by_id = {str(v): k for k, v in ids.items()}
    for index, qid in rows:
        data[f"entries-{index}-question_id"] = qid
        key = by_id[qid]
        if key in picks:
            data[f"entries-{index}-include"] = "y"
            if picks[key] is not None:
                data[f"entries-{index}-position"] = str(picks[key])
    data.update(fields)
    return data


def quiz_row(app, quiz_id):
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        db.session.refresh(quiz)
        return {
            "keys": [q.key for q in quiz.questions],
            "published": quiz.published,
            "max": quiz.max_attempts,
            "opens": quiz.opens_at,
            "closes": quiz.closes_at,
            "feedback": quiz.feedback,
            "slug": quiz.slug,
        }


def test_a_new_quiz_starts_unpublished_and_empty(app, teacher):
    quiz_id = create_quiz(app, teacher)
    assert quiz_row(app, quiz_id) == {
        "keys": [],
        "published": False,
        "max": None,
        "opens": None,
        "closes": None,
        "feedback": "end",
        "slug": "who-says-what",
    }
    assert "Who says what?" not in teacher.get("/").get_data(as_text=True)


def test_questions_are_picked_and_ordered_by_their_numbers(app, teacher):
    quiz_id = create_quiz(app, teacher)
    data = settings_form(
        app,
        teacher,
        quiz_id,
        {"mini-tag": 1, "mini-choice": 2, "mini-mark": None},
        feedback="each",
        question_order="shuffled",
        max_attempts="2",
    )
    assert teacher.post(f"/teacher/quizzes/{quiz_id}", data=data).status_code == 302
    row = quiz_row(app, quiz_id)
    assert row["keys"] == ["mini-tag", "mini-choice", "mini-mark"]  # unnumbered ones come last
    assert (row["feedback"], row["max"]) == ("each", 2)


def test_a_question_from_another_article_cannot_be_slipped_in(app, teacher):
    quiz_id = create_quiz(app, teacher)
    data = settings_form(app, teacher, quiz_id, {"mini-choice": 1})
    data["entries-0-question_id"] = "99999"
    assert teacher.post(f"/teacher/quizzes/{quiz_id}", data=data).status_code == 400
    assert quiz_row(app, quiz_id)["keys"] == []


def test_a_quiz_must_close_after_it_opens(app, teacher):
    quiz_id = create_quiz(app, teacher)
    data = settings_form(app, teacher, quiz_id, {}, opens_at="2030-05-02T10:00", closes_at="2030-05-01T10:00")
    response = teacher.post(f"/teacher/quizzes/{quiz_id}", data=data)
    assert response.status_code == 400 and "must close after it opens" in response.get_data(as_text=True)


def publish(client, quiz_id):
    token = csrf_token(client, f"/teacher/quizzes/{quiz_id}")
    return client.post(f"/teacher/quizzes/{quiz_id}/publish", data={"csrf_token": token})


def test_publishing_needs_questions_and_puts_the_quiz_on_the_students_list(app, teacher):
    quiz_id = create_quiz(app, teacher)
    publish(teacher, quiz_id)
    assert quiz_row(app, quiz_id)["published"] is False
    teacher.post(f"/teacher/quizzes/{quiz_id}", data=settings_form(app, teacher, quiz_id, {"mini-choice": 1}))
    publish(teacher, quiz_id)
    assert quiz_row(app, quiz_id)["published"] is True
    assert "Who says what?" in teacher.get("/").get_data(as_text=True)
    publish(teacher, quiz_id)
    assert quiz_row(app, quiz_id)["published"] is False
    assert teacher.get("/quizzes/who-says-what").status_code == 404


def test_the_preview_shows_the_quiz_as_students_see_it_and_records_nothing(app, teacher):
    page = teacher.get("/teacher/quizzes/1/preview").get_data(as_text=True)
    assert "Preview: this is the quiz as a student sees it." in page
    assert page.count('<fieldset class="question') == 4 and 'id="article-heading"' in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0


def set_quiz(app, slug="mini-quiz", **values):
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == slug))
        for name, value in values.items():
            setattr(quiz, name, value)
        db.session.commit()


def test_a_quiz_not_yet_open_cannot_be_started(app, client):
    set_quiz(app, opens_at=utcnow() + timedelta(hours=1))
    response = client.get("/quizzes/mini-quiz")
    assert response.status_code == 403 and "This quiz opens on" in response.get_data(as_text=True)


def test_a_closed_quiz_leaves_the_list_and_refuses_late_answers(app, client):
    url = start_attempt(client)
    token = csrf_token(client, url)
    set_quiz(app, closes_at=utcnow() - timedelta(seconds=1))
    assert "Mini quiz</a>" not in client.get("/").get_data(as_text=True)
    assert client.get("/quizzes/mini-quiz").status_code == 403
    response = client.post(url, data={"csrf_token": token})
    assert response.status_code == 403 and "were not recorded" in response.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalar(select(func.count()).select_from(Attempt).where(Attempt.submitted_at.is_not(None))) == 0
        )


def test_a_student_gets_only_the_attempts_the_quiz_allows_and_only_submitted_ones_count(app, client):
    set_quiz(app, max_attempts=2)
    first = start_attempt(client, name="Ana")
    assert start_attempt(client, name="Ana") == first  # not submitted: starting again continues it
    answer_all_right(app, client, first)
    answer_all_right(app, client, start_attempt(client, name="Ana"))
    token = csrf_token(client, "/quizzes/mini-quiz")
    response = client.post("/quizzes/mini-quiz", data={"csrf_token": token, "display_name": "Ana"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "has submitted all 2 attempt(s)" in page and "ask your teacher" in page
    start_attempt(client, name="Ben")  # another student still may
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 3
