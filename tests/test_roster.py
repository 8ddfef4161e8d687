"""Students of a class: a pasted class list, names that compare alike, renames and merges that keep scores."""

import pytest
from sqlalchemy import select

from quiz.core import codes
from quiz.core.names import class_list, clean, problem, student_key
from quiz.extensions import db
from quiz.models import ClassStudent
from tests.classroom_helpers import (
    assign,
    attempts_of,
    class_code,
    create_class,
    join,
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


def students_of(app, class_id) -> list[tuple[str, bool]]:
    with app.app_context():
        rows = db.session.scalars(select(ClassStudent).where(ClassStudent.classroom_id == class_id))
        return sorted((s.name, s.on_list) for s in rows)


def student_id(app, name) -> int:
    with app.app_context():
        return db.session.scalar(select(ClassStudent.id).where(ClassStudent.name == name))


def paste_list(teacher, class_id, names: str):
    token = csrf_token(teacher, f"/teacher/classes/{class_id}")
    return teacher.post(f"/teacher/classes/{class_id}/list", data={"csrf_token": token, "names": names})


def test_names_compare_without_case_spaces_or_punctuation():
    assert student_key("Maya R") == student_key("maya r.") == student_key("  MAYA   R ")
    assert student_key("Maya R") != student_key("Maya S")
    assert student_key("Zoë") != student_key("Zoe")  # letters with accents are other letters


def test_names_are_normalised_and_direction_overrides_refused():
    assert clean("Ｍａｙａ\u200b  R") == "Maya R"  # full-width letters (NFKC), a zero-width space, two spaces
    assert clean("An\u00adna") == "Anna"  # a soft hyphen is invisible
    assert problem(clean("Ana\u202eR")) and "direction" in problem(clean("Ana\u202eR"))
    assert problem(clean("Ana\x07")) and problem(clean("..."))
    assert problem(clean("Ana Lopez")) is None


def test_a_pasted_list_keeps_each_student_once():
    assert class_list("Maya R\n\n maya r. \nBen  Ode\n") == ["Maya R", "Ben Ode"]


def test_a_joining_student_who_types_maya_r_dot_is_the_same_student_as_maya_r(app, teacher):
    class_id = create_class(teacher)
    task = assign(teacher, app, class_id, attempts_allowed=1)
    first = app.test_client()
    join(first, class_code(app, class_id), "Maya R")
    submit_all_right(app, first, start_assignment(first, task))
    again = app.test_client()
    assert join(again, class_code(app, class_id), "maya r.").status_code == 302
    page = text_of(again.get("/class"))
    assert "as Maya R" in page and "0 attempt(s) left" in page
    assert students_of(app, class_id) == [("Maya R", False)]


def test_a_name_with_a_direction_override_is_refused_with_a_message(app, teacher):
    class_id = create_class(teacher)
    response = join(app.test_client(), class_code(app, class_id), "Ana\u202eR")
    assert response.status_code == 400 and "direction of the text" in text_of(response)
    assert students_of(app, class_id) == []


def test_with_a_class_list_a_student_picks_their_name(app, teacher):
    class_id = create_class(teacher)
    assert paste_list(teacher, class_id, "Maya R\nBen Ode\n").status_code == 302
    assert students_of(app, class_id) == [("Ben Ode", True), ("Maya R", True)]
    from quiz.core import codes

    code = codes.shown(class_code(app, class_id))
    student = app.test_client()
    page = student.get(f"/join?code={code}")
    assert "Choose your name" in text_of(page) and "Ben Ode" in text_of(page)
    token = csrf_token(student, f"/join?code={code}")
    response = student.post(
        f"/join?code={code}", data={"csrf_token": token, "code": code, "student": student_id(app, "Ben Ode")}
    )
    assert response.status_code == 302
    assert "as Ben Ode" in text_of(student.get("/class"))


def test_a_typed_name_not_on_the_list_is_asked_to_pick_and_nobody_is_added(app, teacher):
    class_id = create_class(teacher)
    paste_list(teacher, class_id, "Maya R\n")
    student = app.test_client()
    response = join(student, class_code(app, class_id), "Someone Else")
    assert response.status_code == 400 and "not on the class list" in text_of(response)
    assert join(student, class_code(app, class_id), "maya r").status_code == 302
    assert students_of(app, class_id) == [("Maya R", True)]


def test_a_teacher_renames_a_student_and_their_attempts_follow(app, teacher):
    class_id = create_class(teacher)
    task = assign(teacher, app, class_id)
    student = app.test_client()
    join(student, class_code(app, class_id), "Mya")
    submit_all_right(app, student, start_assignment(student, task))
    token = csrf_token(teacher, f"/teacher/classes/{class_id}")
    url = f"/teacher/classes/{class_id}/students/{student_id(app, 'Mya')}/rename"
    assert teacher.post(url, data={"csrf_token": token, "name": "Maya R"}).status_code == 302
    assert [a.score for a in attempts_of(app, "Maya R")] == [4] and not attempts_of(app, "Mya")


def test_merging_two_spellings_keeps_every_attempt_and_score(app, teacher):
    class_id = create_class(teacher)
    task = assign(teacher, app, class_id)
    for name in ("Maya R", "Maia R"):
        student = app.test_client()
        join(student, class_code(app, class_id), name)
        submit_all_right(app, student, start_assignment(student, task))
    token = csrf_token(teacher, f"/teacher/classes/{class_id}")
    data = {"csrf_token": token, "source": student_id(app, "Maia R"), "target": student_id(app, "Maya R")}
    assert teacher.post(f"/teacher/classes/{class_id}/merge", data=data).status_code == 302
    assert [a.score for a in attempts_of(app, "Maya R")] == [4, 4]
    assert students_of(app, class_id) == [("Maya R", False)]


def test_renaming_to_another_students_name_is_refused_in_plain_words(app, teacher):
    class_id = create_class(teacher)
    paste_list(teacher, class_id, "Maya R\nBen Ode\n")
    token = csrf_token(teacher, f"/teacher/classes/{class_id}")
    url = f"/teacher/classes/{class_id}/students/{student_id(app, 'Ben Ode')}/rename"
    response = teacher.post(url, data={"csrf_token": token, "name": "maya r."}, follow_redirects=True)
    assert "already in the class" in text_of(response)
    assert students_of(app, class_id) == [("Ben Ode", True), ("Maya R", True)]


def test_the_students_summary_lists_who_on_the_class_list_has_not_started(app, teacher):
    class_id = create_class(teacher)
    paste_list(teacher, class_id, "Maya R\nBen Ode\n")
    assignment_id = assign(teacher, app, class_id)
    ben = app.test_client()
    code = class_code(app, class_id)
    picked = {"csrf_token": csrf_token(ben, "/join"), "code": code, "student": student_id(app, "Ben Ode")}
    assert ben.post(f"/join?code={codes.shown(code)}", data=picked).status_code == 302
    submit_all_right(app, ben, start_assignment(ben, assignment_id))
    page = text_of(teacher.get(f"/teacher/summaries/mini-quiz/students?classroom={class_id}"))
    waiting = page.split("Not started yet (1)")[1]
    assert "Maya R" in waiting and "Ben Ode" not in waiting
