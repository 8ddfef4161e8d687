"""A teacher assigns a quiz to a class with its own times and limits; the class sees exactly its assignments."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Assignment, Attempt, Quiz, utcnow
from tests.classroom_helpers import (
    assign,
    attempts_of,
    class_code,
    create_class,
    join,
    set_assignment,
    start_assignment,
    submit_all_right,
    text_of,
)
from tests.helpers import csrf_token, login


@pytest.fixture
def teacher(client, make_teacher):
    make_teacher()
    login(client)
    return client


def make_second_quiz(app, title="Second quiz", open_to_anyone=False, **times) -> str:
    """A copy of the mini quiz under another title, published."""
    with app.app_context():
        mini = db.session.scalar(select(Quiz).where(Quiz.slug == "mini-quiz"))
        other = Quiz(
            slug=title.lower().replace(" ", "-"),
            title=title,
            article_id=mini.article_id,
            published=True,
            open_to_anyone=open_to_anyone,
            **times,
        )
        db.session.add(other)
        db.session.flush()
        from quiz.models import QuizQuestion

        other.entries.extend(QuizQuestion(question_id=e.question_id, position=e.position) for e in mini.entries)
        db.session.commit()
        return other.slug


def test_a_class_sees_exactly_the_quizzes_assigned_to_it(app, teacher):
    make_second_quiz(app)
    first, second = create_class(teacher, "7A"), create_class(teacher, "7B")
    assign(teacher, app, first, "mini-quiz")
    assign(teacher, app, second, "second-quiz")
    student = app.test_client()
    assert join(student, class_code(app, first)).status_code == 302
    page = text_of(student.get("/class"))
    assert "Mini quiz" in page and "Second quiz" not in page
    other = app.test_client()
    join(other, class_code(app, second), "Ben")
    page = text_of(other.get("/class"))
    assert "Second quiz" in page and "Mini quiz" not in page


def test_only_quizzes_open_to_anyone_are_listed_on_the_home_page(app, client):
    make_second_quiz(app, "Class only quiz", open_to_anyone=False)
    page = text_of(client.get("/"))
    assert "Mini quiz" in page and "Class only quiz" not in page
    response = client.get("/quizzes/class-only-quiz")
    assert response.status_code == 403
    assert "Forbidden" not in response.get_data(as_text=True)
    assert "join your class" in text_of(response).lower()


def test_a_quiz_not_open_yet_is_listed_with_its_opening_time_and_no_link(app, client):
    make_second_quiz(app, "Later quiz", open_to_anyone=True, opens_at=utcnow() + timedelta(days=2))
    make_second_quiz(app, "Old quiz", open_to_anyone=True, closes_at=utcnow() - timedelta(days=1))
    html = client.get("/").get_data(as_text=True)
    page = text_of(client.get("/"))
    assert "Later quiz Opens " in page and 'href="/quizzes/later-quiz"' not in html
    assert "Old quiz Closed" in page and 'href="/quizzes/old-quiz"' not in html
    assert 'href="/quizzes/mini-quiz"' in html


def test_an_assignment_not_open_yet_says_when_it_opens_and_cannot_be_started(app, teacher):
    class_id = create_class(teacher)
    task = assign(teacher, app, class_id)
    set_assignment(app, task, opens_at=utcnow() + timedelta(days=3))
    student = app.test_client()
    join(student, class_code(app, class_id))
    page = text_of(student.get("/class"))
    assert "Opens " in page and "Start" not in page
    token = csrf_token(student, "/class")
    response = student.post(f"/class/assignments/{task}/start", data={"csrf_token": token})
    assert response.status_code == 302 and not attempts_of(app, "Ana")


def test_a_due_time_is_shown_as_the_day_and_time(app, teacher):
    class_id = create_class(teacher)
    task = assign(teacher, app, class_id)
    set_assignment(app, task, due_at=utcnow() + timedelta(days=2))
    student = app.test_client()
    join(student, class_code(app, class_id))
    page = text_of(student.get("/class"))
    day = (utcnow() + timedelta(days=2)).strftime("%A")
    assert f"Due {day} " in page and " UTC" in page


def test_starting_again_continues_the_unfinished_attempt_and_only_submitted_ones_count(app, teacher):
    class_id = create_class(teacher)
    task = assign(teacher, app, class_id, attempts_allowed=1)
    student = app.test_client()
    join(student, class_code(app, class_id))
    first = start_assignment(student, task)
    assert start_assignment(student, task) == first
    assert "1 attempt(s) left" in text_of(student.get("/class"))
    assert "Continue your unfinished attempt from" in text_of(student.get("/class"))
    submit_all_right(app, student, first)
    assert len(attempts_of(app, "Ana")) == 1
    page = text_of(student.get("/class"))
    assert "0 attempt(s) left" in page and "ask Ms Example" in page


def test_with_no_attempt_left_the_result_says_whom_to_ask_instead_of_try_again(app, teacher):
    class_id = create_class(teacher)
    task = assign(teacher, app, class_id, attempts_allowed=1)
    student = app.test_client()
    join(student, class_code(app, class_id))
    result = submit_all_right(app, student, start_assignment(student, task))
    page = text_of(student.get(result))
    assert "Try again" not in page and "ask Ms Example" in page
    token = csrf_token(student, "/join")
    again = student.post(result.replace("/result", "/again"), data={"csrf_token": token})
    assert again.status_code == 403 and "Forbidden" not in again.get_data(as_text=True)
    assert "ask Ms Example" in text_of(again)
    assert len(attempts_of(app, "Ana")) == 1


def test_the_teacher_gives_one_more_attempt_or_resets_and_results_stay(app, teacher):
    class_id = create_class(teacher)
    task = assign(teacher, app, class_id, attempts_allowed=1)
    student = app.test_client()
    join(student, class_code(app, class_id))
    submit_all_right(app, student, start_assignment(student, task))
    with app.app_context():
        from quiz.models import ClassStudent

        student_id = db.session.scalar(select(ClassStudent.id).where(ClassStudent.name == "Ana"))
    token = csrf_token(teacher, f"/teacher/classes/{class_id}")
    grant = f"/teacher/classes/{class_id}/assignments/{task}/grant"
    response = teacher.post(grant, data={"csrf_token": token, "student": student_id, "mode": "one"})
    assert response.status_code == 302
    assert "1 attempt(s) left" in text_of(student.get("/class"))
    submit_all_right(app, student, start_assignment(student, task))
    assert "0 attempt(s) left" in text_of(student.get("/class"))
    teacher.post(grant, data={"csrf_token": token, "student": student_id, "mode": "reset"})
    assert "1 attempt(s) left" in text_of(student.get("/class"))
    assert [a.score for a in attempts_of(app, "Ana")] == [4, 4]


def test_a_grant_with_a_foreign_student_is_a_400_and_changes_nothing(app, teacher):
    class_id = create_class(teacher)
    task = assign(teacher, app, class_id, attempts_allowed=1)
    token = csrf_token(teacher, f"/teacher/classes/{class_id}")
    grant = f"/teacher/classes/{class_id}/assignments/{task}/grant"
    assert teacher.post(grant, data={"csrf_token": token, "student": "999", "mode": "one"}).status_code == 400
    assert teacher.post(grant, data={"csrf_token": token, "student": "x", "mode": "one"}).status_code == 400
    assert teacher.post(grant, data={"csrf_token": token, "student": "1", "mode": "all"}).status_code == 400


def test_the_assign_form_refuses_a_due_time_before_the_opening_in_plain_words(app, teacher):
    class_id = create_class(teacher)
    url = f"/teacher/classes/{class_id}/assign"
    with app.app_context():
        quiz = db.session.scalar(select(Quiz.id).where(Quiz.slug == "mini-quiz"))
    data = {
        "csrf_token": csrf_token(teacher, url),
        "quiz": quiz,
        "opens_at": "2026-12-08T10:00",
        "due_at": "2026-12-08T09:00",
        "attempts_allowed": "0",
    }
    response = teacher.post(url, data=data)
    assert response.status_code == 400
    page = text_of(response)
    assert "The due time must come after the opening time." in page and "Between 1 and 100." in page
    with app.app_context():
        assert db.session.scalar(select(Assignment.id)) is None


# --- Time limits ------------------------------------------------------------------------------


def started_minutes_ago(app, url, minutes) -> None:
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.token == url.rsplit("/", 1)[-1]))
        attempt.started_at = utcnow() - timedelta(minutes=minutes)
        db.session.commit()


def test_at_the_time_limit_the_attempt_is_submitted_with_what_was_saved(app, teacher):
    class_id = create_class(teacher)
    task = assign(teacher, app, class_id, time_limit_minutes=5)
    student = app.test_client()
    join(student, class_code(app, class_id))
    url = start_assignment(student, task)
    from tests.helpers import answers_form

    form = answers_form(app, student, url)
    one = {k: v for k, v in form.items() if k == "csrf_token"}
    # Save only the first question's answer, as the page's script does on change.
    first_field = next(k for k in form if k.startswith("q"))
    qid = first_field.split("-")[0]
    one.update({k: v for k, v in form.items() if k.split("-")[0] == qid})
    assert student.post(url + "/save", data=one).status_code == 302
    started_minutes_ago(app, url, 6)
    response = student.get(url)
    assert response.status_code == 302 and response.location.endswith("/result")
    (attempt,) = attempts_of(app, "Ana")
    assert attempt.submitted and attempt.score == 1 and attempt.submitted_at <= utcnow()


def test_a_request_after_the_limit_is_refused_with_a_clear_message(app, teacher):
    class_id = create_class(teacher)
    task = assign(teacher, app, class_id, time_limit_minutes=5)
    student = app.test_client()
    join(student, class_code(app, class_id))
    url = start_assignment(student, task)
    from tests.helpers import answers_form

    form = answers_form(app, student, url)
    started_minutes_ago(app, url, 10)
    response = student.post(url, data=form)
    assert response.status_code == 302
    page = text_of(student.get(response.location))
    assert "Time was up" in page
    (attempt,) = attempts_of(app, "Ana")
    assert attempt.submitted and attempt.score == 0
    saved = student.post(url + "/save", data=form)
    assert saved.status_code == 409 and attempts_of(app, "Ana")[0].score == 0


def test_the_attempt_page_shows_the_time_left(app, teacher):
    class_id = create_class(teacher)
    task = assign(teacher, app, class_id, time_limit_minutes=20)
    student = app.test_client()
    join(student, class_code(app, class_id))
    url = start_assignment(student, task)
    html = student.get(url).get_data(as_text=True)
    assert "Time left:" in html and ("20:00" in html or "19:59" in html)


# --- Publishing keeps the form's edits --------------------------------------------------------


def test_publishing_from_the_quiz_form_saves_the_edits_on_it(app, teacher):
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "mini-quiz"))
        quiz.published = False
        db.session.commit()
        quiz_id = quiz.id
    url = f"/teacher/quizzes/{quiz_id}"
    page = teacher.get(url).get_data(as_text=True)
    import re

    data = {
        "csrf_token": csrf_token(teacher, url),
        "title": "Renamed before publishing",
        "feedback": "end",
        "question_order": "fixed",
        "toggle": "Save and publish",
    }
    for name, value in re.findall(r'name="(entries-\d+-question_id)"[^>]*value="(\d+)"', page):
        data[name] = value
        data[name.replace("question_id", "include")] = "y"
    response = teacher.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        quiz = db.session.get(Quiz, quiz_id)
        assert quiz.published and quiz.title == "Renamed before publishing" and quiz.entries


# --- Share ------------------------------------------------------------------------------------


def test_after_assigning_the_share_panel_has_the_link_the_code_and_a_qr_code(app, teacher):
    class_id = create_class(teacher)
    token = csrf_token(teacher, f"/teacher/classes/{class_id}/assign")
    with app.app_context():
        quiz = db.session.scalar(select(Quiz.id).where(Quiz.slug == "mini-quiz"))
    response = teacher.post(f"/teacher/classes/{class_id}/assign", data={"csrf_token": token, "quiz": quiz})
    share = teacher.get(response.location)
    page = text_of(share)
    from quiz.core import codes

    code = codes.shown(class_code(app, class_id))
    assert code in page and f"/join?code={code}" in page
    qr = teacher.get(f"/teacher/classes/{class_id}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and '<svg xmlns="http://www.w3.org/2000/svg"' in qr.get_data(as_text=True)
    import io

    import segno

    expected = io.BytesIO()  # the code holds the join link itself, nothing else
    segno.make(f"http://localhost/join?code={code}", error="m").save(
        expected, kind="svg", scale=6, border=2, title="Join link"
    )
    assert qr.get_data() == expected.getvalue()
    handout = text_of(teacher.get(response.location + "/handout"))
    assert "Mini quiz" in handout and code in handout and "Print this page" in handout


# --- Summaries by class and assignment --------------------------------------------------------


def attempts_counted(html: str) -> str:
    import re

    match = re.search(r'data-stat="attempts"[^>]*>(.*?)</(?:dd|td|span)>', html, re.S)
    assert match, "no attempt count on the summary"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_the_summary_opens_on_the_newest_assignment_and_keeps_link_attempts_apart(app, teacher):
    from tests.helpers import start_attempt

    class_id = create_class(teacher)
    task = assign(teacher, app, class_id)
    student = app.test_client()
    join(student, class_code(app, class_id))
    submit_all_right(app, student, start_assignment(student, task))
    submit_all_right(app, student, start_attempt(student, name="Ana"))  # in the class, by the quiz's link
    submit_all_right(app, app.test_client(), start_attempt(app.test_client(), name="Stranger"))
    summary = "/teacher/summaries/mini-quiz"
    html = teacher.get(summary).get_data(as_text=True)
    assert f'<option selected value="a{task}">' in html or f'value="a{task}" selected' in html
    assert attempts_counted(html) == "1"
    assert attempts_counted(teacher.get(summary + "?classroom=").get_data(as_text=True)) == "2"  # all my students
    assert attempts_counted(teacher.get(summary + "?classroom=none").get_data(as_text=True)) == "1"  # the stranger
    assert teacher.get(summary + "?classroom=a999").status_code == 400


def test_the_teacher_moves_the_due_time_and_the_class_can_start_again(app, teacher):
    class_id = create_class(teacher)
    task = assign(teacher, app, class_id, due_at="2020-01-01T09:00")
    student = app.test_client()
    join(student, class_code(app, class_id))
    assert "Closed" in text_of(student.get("/class"))
    url = f"/teacher/classes/{class_id}/assignments/{task}/edit"
    response = teacher.post(
        url, data={"csrf_token": csrf_token(teacher, url), "due_at": "2099-01-01T09:00", "time_limit_minutes": "15"}
    )
    assert response.status_code == 302
    with app.app_context():
        changed = db.session.get(Assignment, task)
        assert changed.due_at.year == 2099 and changed.time_limit_minutes == 15 and changed.quiz_id
    assert "Start" in text_of(student.get("/class"))
