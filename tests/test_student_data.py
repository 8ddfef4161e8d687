"""Students' data: a display name and answers, nothing else, and gone when the class or its time is."""

from datetime import timedelta

from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Answer, Attempt, Classroom, Judgement, utcnow
from tests.helpers import MINI_ANSWERS, OTHER_EMAIL, csrf_token, login, take_quiz

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) QuizPrivacyProbe/7.3"
ADDRESS = "203.0.113.77"


def every_stored_value(app) -> str:
    """Every value of every row of every table, as one text to search."""
    with app.app_context():
        rows = [row for table in db.metadata.sorted_tables for row in db.session.execute(table.select())]
    return "\n".join(str(value) for row in rows for value in row)


def count(app, model, *where) -> int:
    with app.app_context():
        db.session.remove()
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def make_class(app, client, name: str = "7B") -> int:
    """A signed-in teacher creates a class through the form; returns its id."""
    response = client.post(
        "/teacher/classes", data={"csrf_token": csrf_token(client, "/teacher/classes"), "name": name}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        return db.session.scalar(select(Classroom.id).where(Classroom.name == name))


def test_a_student_is_stored_as_a_display_name_and_answers_and_nothing_about_their_device(app):
    student = app.test_client()
    student.environ_base.update({"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": BROWSER, "HTTP_X_FORWARDED_FOR": ADDRESS})
    take_quiz(student, app, "Robin Q.", MINI_ANSWERS)

    stored = every_stored_value(app)
    assert "Robin Q." in stored
    assert ADDRESS not in stored
    assert "QuizPrivacyProbe" not in stored
    columns = {column.name for table in db.metadata.sorted_tables for column in table.columns}
    device = {"ip", "addr", "address", "agent", "useragent", "host", "forwarded"}
    assert not {c for c in columns if device & set(c.lower().split("_"))}


def test_a_teacher_deletes_a_class_and_every_result_in_it(app, make_teacher):
    make_teacher()
    teacher = app.test_client()
    login(teacher)
    class_id = make_class(app, teacher)
    for name in ("Ana", "Ben", "Cy"):
        take_quiz(app.test_client(), app, name, MINI_ANSWERS, classroom_id=class_id)
    take_quiz(app.test_client(), app, "Outside the class", MINI_ANSWERS)
    in_class = Attempt.classroom_id == class_id
    assert count(app, Attempt, in_class) == 3
    judgements_before = count(app, Judgement)

    page = teacher.get(f"/teacher/classes/{class_id}").get_data(as_text=True)
    assert "Delete the class and its results" in page
    # Without ticking the confirmation nothing happens.
    token = csrf_token(teacher, f"/teacher/classes/{class_id}")
    unconfirmed = teacher.post(f"/teacher/classes/{class_id}/delete", data={"csrf_token": token})
    assert unconfirmed.status_code == 302
    assert count(app, Attempt, in_class) == 3

    deleted = teacher.post(
        f"/teacher/classes/{class_id}/delete", data={"csrf_token": token, "confirm": "y"}, follow_redirects=True
    )
    assert deleted.status_code == 200
    assert "and its 3 attempt(s) were deleted" in deleted.get_data(as_text=True)
    assert count(app, Classroom, Classroom.id == class_id) == 0
    assert count(app, Attempt) == 1
    assert count(app, Answer) == count(app, Answer, Answer.attempt_id.in_(select(Attempt.id))) > 0
    assert 0 < count(app, Judgement) < judgements_before
    assert teacher.get(f"/teacher/classes/{class_id}").status_code == 404


def test_another_teacher_cannot_delete_a_class(app, make_teacher):
    make_teacher()
    make_teacher(email=OTHER_EMAIL, name="Mr Other")
    owner, other = app.test_client(), app.test_client()
    login(owner)
    login(other, OTHER_EMAIL)
    class_id = make_class(app, owner)
    take_quiz(app.test_client(), app, "Ana", MINI_ANSWERS, classroom_id=class_id)

    token = csrf_token(other, "/teacher/classes")
    response = other.post(f"/teacher/classes/{class_id}/delete", data={"csrf_token": token, "confirm": "y"})
    assert response.status_code == 404
    assert count(app, Classroom, Classroom.id == class_id) == 1
    assert count(app, Attempt, Attempt.classroom_id == class_id) == 1


def test_purge_removes_attempts_older_than_the_days_given_with_their_answers(app, runner):
    for name in ("Last year", "Last month", "Yesterday", "Today"):
        take_quiz(app.test_client(), app, name, MINI_ANSWERS)
    ages = {"Last year": 365, "Last month": 31, "Yesterday": 1}
    with app.app_context():
        for attempt in db.session.scalars(select(Attempt)):
            attempt.started_at = utcnow() - timedelta(days=ages.get(attempt.display_name, 0), minutes=5)
        db.session.commit()
    answers_each = count(app, Answer) // 4

    result = runner.invoke(args=["purge", "--older-than", "30"])

    assert result.exit_code == 0, result.output
    assert "Removed 2 attempt(s) started before" in result.output
    assert f"with {2 * answers_each} answer(s)" in result.output
    with app.app_context():
        assert set(db.session.scalars(select(Attempt.display_name))) == {"Yesterday", "Today"}
    assert count(app, Answer) == 2 * answers_each
    assert count(app, Judgement, Judgement.answer_id.not_in(select(Answer.id))) == 0
    assert runner.invoke(args=["check-db"]).exit_code == 0


def test_purge_needs_a_number_of_days(app, runner):
    take_quiz(app.test_client(), app, "Ana", MINI_ANSWERS)
    assert runner.invoke(args=["purge"]).exit_code != 0
    assert runner.invoke(args=["purge", "--older-than", "0"]).exit_code != 0
    assert count(app, Attempt) == 1
