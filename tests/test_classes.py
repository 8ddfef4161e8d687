"""A teacher gives a class its code; students join with it; other teachers cannot see the class."""

import re

import pytest
from sqlalchemy import select

from quiz.core import codes
from quiz.extensions import db
from quiz.models import Attempt, Classroom
from tests.helpers import csrf_token, login, start_attempt


def create_class(client, name="Year 10, period 3") -> int:
    token = csrf_token(client, "/teacher/classes")
    response = client.post("/teacher/classes", data={"csrf_token": token, "name": name})
    assert response.status_code == 302
    return int(response.location.rsplit("/", 1)[-1])


def class_code(app, class_id) -> str:
    with app.app_context():
        return db.session.get(Classroom, class_id).code


def join(client, code, name="Ana"):
    token = csrf_token(client, "/join")
    return client.post("/join", data={"csrf_token": token, "code": code, "display_name": name})


# --- Codes ------------------------------------------------------------------------------------


def test_codes_have_no_look_alike_characters_and_at_least_30_bits():
    assert not set("0O1IL2Z5S8BQDUVG") & set(codes.ALPHABET)
    assert codes.bits() >= 30
    made = {codes.generate() for _ in range(200)}
    assert len(made) == 200 and all(codes.looks_valid(c) for c in made)


def test_a_code_reads_in_two_groups_and_is_typed_any_which_way():
    assert codes.shown("ACEFHJKM") == "ACEF-HJKM"
    assert codes.normalise(" acef-hjkm ") == codes.normalise("ACEF HJKM") == "ACEFHJKM"


# --- The teacher's side -----------------------------------------------------------------------


@pytest.fixture
def teacher(client, make_teacher):
    make_teacher()
    login(client)
    return client


def test_a_new_class_gets_a_code_shown_to_its_teacher(app, teacher):
    class_id = create_class(teacher)
    code = class_code(app, class_id)
    assert codes.looks_valid(code)
    page = teacher.get(f"/teacher/classes/{class_id}").get_data(as_text=True)
    assert codes.shown(code) in page and "Year 10, period 3" in page


def test_rotating_the_code_stops_the_old_one(app, teacher):
    class_id = create_class(teacher)
    old = class_code(app, class_id)
    token = csrf_token(teacher, f"/teacher/classes/{class_id}")
    assert teacher.post(f"/teacher/classes/{class_id}/rotate", data={"csrf_token": token}).status_code == 302
    new = class_code(app, class_id)
    assert new != old and codes.looks_valid(new)
    student = app.test_client()
    assert join(student, old).status_code == 400
    assert join(student, new).status_code == 302


def test_another_teacher_gets_a_404_for_a_class_and_its_results(app, client, make_teacher):
    make_teacher()
    login(client)
    class_id = create_class(client)
    make_teacher(email="other@example.org", name="Mr Other")
    other = app.test_client()
    login(other, "other@example.org")
    assert other.get(f"/teacher/classes/{class_id}").status_code == 404
    token = csrf_token(other, "/teacher/classes")
    assert other.post(f"/teacher/classes/{class_id}/rotate", data={"csrf_token": token}).status_code == 404
    assert "Year 10, period 3" not in other.get("/teacher/classes").get_data(as_text=True)


# --- The students' side -----------------------------------------------------------------------


def test_a_student_joins_with_the_code_and_their_attempts_carry_the_class(app, teacher):
    class_id = create_class(teacher)
    student = app.test_client()
    code = codes.shown(class_code(app, class_id)).lower()  # typed in lower case, with the hyphen
    response = join(student, code, "Ana")
    assert response.status_code == 302 and response.location == "/class"
    page = student.get("/class").get_data(as_text=True)
    assert "Year 10, period 3" in page and "Ana" in page and "No quiz is assigned to this class yet" in page
    url = start_attempt(student, name="Ana")  # a quiz open to anyone, taken by its link
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.token == url.rsplit("/", 1)[-1]))
        assert attempt.classroom_id == class_id
    assert "Ana" in teacher.get(f"/teacher/classes/{class_id}").get_data(as_text=True)


def test_a_student_who_leaves_the_class_takes_quizzes_without_it(app, teacher):
    student = app.test_client()
    join(student, class_code(app, create_class(teacher)))
    student.post("/class/leave", data={"csrf_token": csrf_token(student, "/class")})
    url = start_attempt(student)
    with app.app_context():
        assert db.session.scalar(select(Attempt.classroom_id).where(Attempt.token == url.rsplit("/", 1)[-1])) is None


def test_a_wrong_code_says_so_plainly(client):
    response = join(client, "ACEF-HJKM")
    assert response.status_code == 400
    assert "No class has that code" in response.get_data(as_text=True)


def test_guessing_codes_is_cut_off_but_a_whole_class_can_join(app, teacher):
    code = class_code(app, create_class(teacher))
    for n in range(30):  # thirty students behind one school address all join
        assert join(app.test_client(), code, f"Student {n}").status_code == 302
    from quiz.store import throttle

    guesser = app.test_client()
    free = throttle.RULES["join-address"].free
    wrong = [f"ACEF-H{a}{b}{c}" for a in "JK" for b in "MNPRT" for c in "WXY3"][: free + 1]
    assert [join(guesser, guess).status_code for guess in wrong] == [400] * len(wrong)
    blocked = join(guesser, code)
    assert blocked.status_code == 429  # even the right code waits now
    assert "Wait 1 second" in blocked.get_data(as_text=True)


def test_the_join_link_fills_in_the_code(client):
    page = client.get("/join?code=ACEF-HJKM").get_data(as_text=True)
    assert re.search(r'name="code"[^>]*value="ACEF-HJKM"', page)
