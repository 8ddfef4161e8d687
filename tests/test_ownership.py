"""A quiz belongs to the teacher who composed it: another teacher can read it and duplicate it, never change it."""

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Article, Attempt, Classroom, Question, Quiz
from tests.helpers import MINI_ANSWERS, OTHER_EMAIL, csrf_token, db_dump, login, take_quiz


@pytest.fixture
def two_teachers(app, make_teacher):
    """Ms Example composes a quiz with one question; Mr Other is signed in on a second browser."""
    make_teacher()
    make_teacher(email=OTHER_EMAIL, name="Mr Other")
    owner, other = app.test_client(), app.test_client()
    login(owner)
    login(other, OTHER_EMAIL)
    with app.app_context():
        article_id = db.session.scalar(select(Article.id).where(Article.slug == "mini-article"))
        question_id = db.session.scalar(select(Question.id).where(Question.key == "mini-choice", Question.current))
    response = owner.post(
        "/teacher/quizzes/new",
        data={
            "csrf_token": csrf_token(owner, "/teacher/quizzes/new"),
            "title": "Ms Example's quiz",
            "article": str(article_id),
            "feedback": "end",
            "question_order": "fixed",
            "max_attempts": "3",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    quiz_id = int(response.location.rstrip("/").rsplit("/", 1)[-1])
    page = owner.get(f"/teacher/quizzes/{quiz_id}").get_data(as_text=True)
    index = page.split(f'type="hidden" value="{question_id}"')[0].rsplit('name="entries-', 1)[1].split("-")[0]
    saved = owner.post(
        f"/teacher/quizzes/{quiz_id}",
        data={
            "csrf_token": csrf_token(owner, f"/teacher/quizzes/{quiz_id}"),
            "title": "Ms Example's quiz",
            "feedback": "end",
            "question_order": "fixed",
            "max_attempts": "3",
            f"entries-{index}-question_id": str(question_id),
            f"entries-{index}-include": "y",
            f"entries-{index}-position": "1",
        },
    )
    assert saved.status_code == 302
    publish = owner.post(
        f"/teacher/quizzes/{quiz_id}/publish", data={"csrf_token": csrf_token(owner, f"/teacher/quizzes/{quiz_id}")}
    )
    assert publish.status_code == 302
    return owner, other, quiz_id


def quiz_state(app, quiz_id):
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        return quiz.title, quiz.published, quiz.max_attempts, [q.key for q in quiz.questions]


def test_another_teacher_opens_the_quiz_read_only_with_a_duplicate_button(app, two_teachers):
    owner, other, quiz_id = two_teachers
    theirs = other.get(f"/teacher/quizzes/{quiz_id}")
    text = theirs.get_data(as_text=True)
    assert theirs.status_code == 200
    assert "belongs to Ms Example" in text and "Duplicate into a quiz of my own" in text
    assert 'name="title"' not in text and "Publish</" not in text and 'value="Unpublish"' not in text
    assert "mini-choice" in text  # the questions are listed
    mine = owner.get(f"/teacher/quizzes/{quiz_id}").get_data(as_text=True)
    assert 'name="title"' in mine and "Duplicate into a quiz of my own" not in mine


def test_another_teacher_cannot_edit_or_empty_the_quiz(app, two_teachers):
    _, other, quiz_id = two_teachers
    before = db_dump(app)
    response = other.post(
        f"/teacher/quizzes/{quiz_id}",
        data={
            "csrf_token": csrf_token(other, "/teacher/quizzes"),
            "title": "Taken over",
            "feedback": "end",
            "question_order": "fixed",
        },
    )
    assert response.status_code == 403
    assert "belongs to Ms Example" in response.get_data(as_text=True)
    assert "Nothing was changed" in response.get_data(as_text=True)
    assert db_dump(app) == before
    assert quiz_state(app, quiz_id) == ("Ms Example's quiz", True, 3, ["mini-choice"])


def test_another_teacher_cannot_unpublish_the_quiz(app, two_teachers):
    _, other, quiz_id = two_teachers
    before = db_dump(app)
    response = other.post(
        f"/teacher/quizzes/{quiz_id}/publish", data={"csrf_token": csrf_token(other, "/teacher/quizzes")}
    )
    assert response.status_code == 403
    assert db_dump(app) == before
    assert quiz_state(app, quiz_id)[1] is True


def test_another_teacher_cannot_remove_the_quiz(app, two_teachers):
    _, other, quiz_id = two_teachers
    before = db_dump(app)
    response = other.post(
        f"/teacher/quizzes/{quiz_id}/remove", data={"csrf_token": csrf_token(other, "/teacher/quizzes"), "confirm": "y"}
    )
    assert response.status_code == 403
    assert db_dump(app) == before


def test_another_teacher_may_preview_and_export_it(app, two_teachers):
    _, other, quiz_id = two_teachers
    assert other.get(f"/teacher/quizzes/{quiz_id}/preview").status_code == 200
    assert other.get(f"/teacher/quizzes/{quiz_id}/export.yaml").status_code == 200
    assert other.get(f"/teacher/quizzes/{quiz_id}/export.gift").status_code == 200


def test_duplicating_makes_an_unpublished_copy_the_other_teacher_owns_and_may_change(app, two_teachers):
    _, other, quiz_id = two_teachers
    response = other.post(
        f"/teacher/quizzes/{quiz_id}/duplicate", data={"csrf_token": csrf_token(other, f"/teacher/quizzes/{quiz_id}")}
    )
    assert response.status_code == 302
    copy_id = int(response.location.rstrip("/").rsplit("/", 1)[-1])
    assert copy_id != quiz_id
    assert quiz_state(app, copy_id) == ("Ms Example's quiz (copy)", False, 3, ["mini-choice"])
    with app.app_context():
        assert db.session.get(Quiz, copy_id).created_by_id != db.session.get(Quiz, quiz_id).created_by_id
    page = other.get(f"/teacher/quizzes/{copy_id}").get_data(as_text=True)
    assert 'name="title"' in page  # the copy is theirs to edit
    published = other.post(
        f"/teacher/quizzes/{copy_id}/publish", data={"csrf_token": csrf_token(other, f"/teacher/quizzes/{copy_id}")}
    )
    assert published.status_code == 302 and quiz_state(app, copy_id)[1] is True
    assert quiz_state(app, quiz_id)[0] == "Ms Example's quiz"  # the original is untouched


def test_a_duplicate_without_its_token_is_refused_and_copies_nothing(app, two_teachers):
    _, other, quiz_id = two_teachers
    before = db_dump(app)
    assert other.post(f"/teacher/quizzes/{quiz_id}/duplicate").status_code == 400
    assert db_dump(app) == before


def test_a_quiz_from_a_question_file_belongs_to_the_bank_and_any_teacher_may_change_it(app, two_teachers):
    _, other, _ = two_teachers
    with app.app_context():
        bank_quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "mini-quiz"))
        assert bank_quiz.created_by_id is None
        bank_id = bank_quiz.id
    page = other.get(f"/teacher/quizzes/{bank_id}").get_data(as_text=True)
    assert 'name="title"' in page


def test_the_quiz_list_counts_only_attempts_the_teacher_may_see(app, two_teachers):
    owner, other, _ = two_teachers
    with app.app_context():
        owner_id = db.session.scalar(select(Quiz.created_by_id).where(Quiz.created_by_id.is_not(None)))
        classroom = Classroom(teacher_id=owner_id, name="7B", code="ABCD2345")
        db.session.add(classroom)
        db.session.commit()
        class_id = classroom.id
    take_quiz(app.test_client(), app, "Zed Classmate", MINI_ANSWERS, classroom_id=class_id)
    take_quiz(app.test_client(), app, "Ana Public", MINI_ANSWERS)
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Attempt.id)).where(Attempt.quiz.has(slug="mini-quiz"))) == 2

    def count(client) -> str:
        page = client.get("/teacher/quizzes").get_data(as_text=True)
        row = page.split(">Mini quiz<")[1].split("</tr>")[0]
        return row.split('class="num">')[2].split("<")[0]  # the cells: questions, then attempts

    assert count(owner) == "2"
    assert count(other) == "1"


def test_a_question_file_cannot_change_another_teachers_quiz(app, two_teachers):
    from tests.helpers import FIXTURES, upload

    _, other, quiz_id = two_teachers
    with app.app_context():
        slug = db.session.get(Quiz, quiz_id).slug
    text = (
        (FIXTURES / "mini.yaml")
        .read_text()
        .replace("slug: mini-quiz\n    title: Mini quiz", f"slug: {slug}\n    title: Taken", 1)
    )
    assert f"slug: {slug}" in text
    before = db_dump(app)
    response = upload(other, "mine.yaml", text.encode())
    assert response.status_code == 403
    assert "belongs to another teacher" in response.get_data(as_text=True)
    assert db_dump(app) == before
