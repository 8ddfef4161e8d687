"""A teacher links a before and an after assignment of one class: the report pairs students and gives the
hand-computed gain."""

import re

import pytest
from sqlalchemy import select, update

from quiz.extensions import db
from quiz.models import Assignment, Attempt, Classroom, GrowthLink, Quiz
from tests.helpers import ALL_RIGHT, CLASS_ANSWERS, FIXTURES, csrf_token, load_bank, login, take_quiz
from tests.planting import SLUG, take

CY, BEN, DEE = CLASS_ANSWERS["Cy"], CLASS_ANSWERS["Ben"], CLASS_ANSWERS["Dee"]  # 1, 1.5 and 2.5 of 4
BEFORE = {"Ana": CY, "Ben": CY, "Cy": BEN, "Dee": DEE, "Eve": ALL_RIGHT}
AFTER = {"Ana": ALL_RIGHT, "Ben": DEE, "Cy": DEE, "Dee": ALL_RIGHT, "Finn": CY}


@pytest.fixture
def two_assignments(app, client, make_teacher):
    teacher = make_teacher()
    login(client)
    with app.app_context():
        room = Classroom(teacher_id=teacher, name="Period 3", code="GROWTH01")
        db.session.add(room)
        db.session.flush()
        quiz_id = db.session.scalar(select(Quiz.id).where(Quiz.slug == "mini-quiz"))
        first, second = (Assignment(classroom_id=room.id, quiz_id=quiz_id) for _ in range(2))
        db.session.add_all([first, second])
        db.session.commit()
        ids = room.id, first.id, second.id
    for assignment, answers in ((ids[1], BEFORE), (ids[2], AFTER)):
        for name, given in answers.items():
            url = take_quiz(app.test_client(), app, name, given, classroom_id=ids[0])
            with app.app_context():
                attempt = db.session.scalar(select(Attempt).where(Attempt.token == url.split("/")[-2]))
                attempt.assignment_id = assignment
                db.session.commit()
    return ids


def link(client, before: int, after: int, retention: int = 0):
    form = {
        "csrf_token": csrf_token(client, "/teacher/summaries/growth"),
        "before": before,
        "after": after,
        "retention": retention,
    }
    return client.post("/teacher/summaries/growth", data=form)


def stat(html: str, name: str) -> str:
    match = re.search(rf'data-stat="{name}">(.*?)(?:<p|</dd>)', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_the_growth_report_gives_the_hand_computed_gain_normalised_gain_and_effect_size(client, two_assignments):
    _, before, after = two_assignments
    response = link(client, before, after)
    assert response.status_code == 302
    html = client.get(response.location).get_data(as_text=True)
    # Paired: Ana .25 -> 1, Ben .25 -> .625, Cy .375 -> .625, Dee .625 -> 1. Gains .75, .375, .25, .375:
    # mean .4375, s_d = sqrt(.140625 / 3) = .2165; 95 %: .4375 ± 3.182 × .2165 / 2 = .093 to .782.
    assert stat(html, "gain") == "+43.8 points"
    assert stat(html, "interval") == "+9.3 to +78.2"
    assert stat(html, "normalised") == "0.70"  # (.8125 - .375) / (1 - .375)
    assert stat(html, "dz") == "2.02"  # .4375 / .2165
    assert "4 students took both" in html
    assert "Only before: Eve." in html and "Only after: Finn." in html
    # The mini quiz categorises three sentences, too few for anyone's discernment: the verdict says why.
    assert verdict_of(html).endswith(
        "Discernment and leaning are not compared: no student categorised enough sentences on both quizzes "
        "(each quiz needs 4 sourced claims and 4 other sentences in its classify and tag questions)."
    )


def test_linking_the_same_assignment_twice_is_refused_in_plain_words(app, client, two_assignments):
    _, before, _ = two_assignments
    response = link(client, before, before)
    assert response.status_code == 400
    assert "Pick two different assignments" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(GrowthLink)) is None


def test_a_tampered_link_form_is_a_400_and_another_teachers_link_a_404(app, client, make_teacher, two_assignments):
    _, before, after = two_assignments
    assert link(client, before, 999999).status_code == 400
    link_url = link(client, before, after).location
    other = app.test_client()
    make_teacher(email="other@example.org")
    login(other, "other@example.org")
    assert other.get(link_url).status_code == 404


def verdict_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", re.search(r'id="growth-verdict">(.*?)</p>', html, re.S).group(1)).split())


def test_a_class_that_only_grew_more_doubtful_is_shown_as_such(app, client, make_teacher):
    teacher = make_teacher()
    login(client)
    with app.app_context():
        load_bank(FIXTURES / "planted.yaml")
        room = Classroom(teacher_id=teacher, name="Period 4", code="GROWTH02")
        db.session.add(room)
        db.session.flush()
        quiz_id = db.session.scalar(select(Quiz.id).where(Quiz.slug == SLUG))
        tasks = [Assignment(classroom_id=room.id, quiz_id=quiz_id) for _ in range(3)]
        db.session.add_all(tasks)
        db.session.commit()
        room_id, (before, doubtful, better) = room.id, (t.id for t in tasks)
    # Before, the class guesses (d′ 0.37, leaning 0); then once it calls everything an opinion
    # (d′ 0.15, leaning +1.46, over-sceptical), once it reads every sentence right.
    for assignment, profile in ((before, "guesser"), (doubtful, "always-opinion"), (better, "strong")):
        for i in range(1, 5):
            take(app, f"Student {i}", profile)
            with app.app_context():
                db.session.execute(
                    update(Attempt)
                    .where(Attempt.assignment_id.is_(None))
                    .values(assignment_id=assignment, classroom_id=room_id)
                )
                db.session.commit()
    doubted = verdict_of(client.get(link(client, before, doubtful).location).get_data(as_text=True))
    assert "Careful: they grew more doubtful without telling sourced claims from the rest any better" in doubted
    learned = verdict_of(client.get(link(client, before, better).location).get_data(as_text=True))
    assert "Careful" not in learned
    assert re.search(r"Telling sourced claims from the rest changed by \+[1-9]\.\d\d in discernment", learned), learned
