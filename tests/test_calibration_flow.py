"""A quiz that asks how sure each answer is: stored per answer, marked on Moodle's scale when asked, and shown back."""

import re

from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Answer, Attempt, Question, Quiz
from tests.helpers import ALL_RIGHT, CLASS_ANSWERS, answer_form, csrf_token, login, start_attempt

SUMMARY = "/teacher/summaries/mini-quiz"


def set_quiz(app, **options):
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "mini-quiz"))
        for name, value in options.items():
            setattr(quiz, name, value)
        db.session.commit()


def take_sure(app, name: str, answers: dict, levels: dict[str, str]) -> tuple[str, int]:
    """Take the mini quiz with ``answers`` and a certainty per question key; (result URL, status)."""
    client = app.test_client()
    url = start_attempt(client, "mini-quiz", name)
    form = {"csrf_token": csrf_token(client, url)}
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.token == url.rsplit("/", 1)[-1]))
        for question in db.session.scalars(select(Question).where(Question.id.in_(attempt.question_ids))):
            form.update(answer_form(question, answers[question.key]))
            if question.key in levels:
                form[f"q{question.id}-confidence"] = levels[question.key]
    response = client.post(url, data=form)
    return client, response


def stored(app, name: str) -> dict[str, tuple[float, str | None]]:
    with app.app_context():
        rows = db.session.execute(
            select(Question.key, Answer.credit, Answer.confidence)
            .join(Answer, Answer.question_id == Question.id)
            .join(Attempt, Attempt.id == Answer.attempt_id)
            .where(Attempt.display_name == name)
        )
        return {key: (credit, level) for key, credit, level in rows}


def test_each_answer_keeps_the_certainty_the_student_gave(app):
    set_quiz(app, ask_confidence=True)
    client, response = take_sure(app, "Ben", CLASS_ANSWERS["Ben"], {"mini-choice": "sure", "mini-tag": "guessing"})
    assert response.status_code == 302
    assert stored(app, "Ben") == {
        "mini-choice": (0.0, "sure"),
        "mini-classify": (0.0, None),
        "mini-mark": (1.0, None),
        "mini-tag": (0.5, "guessing"),
    }
    page = client.get(response.location).get_data(as_text=True)
    calibration = " ".join(
        re.sub(r"<[^>]+>", " ", re.search(r'<p id="calibration">(.*?)</p>', page, re.S).group(1)).split()
    )
    assert calibration.startswith("When you were sure, you were right 0% of the time; when guessing, 50%.")
    assert "sure but wrong on question 1" in calibration


def test_certainty_based_marking_scores_on_moodles_scale(app):
    set_quiz(app, ask_confidence=True, certainty_marking=True)
    # Ben: choice wrong and sure (-6), classify wrong and fairly sure (-2), mark right and sure (+3),
    # tag half right while guessing (0.5 x 1 + 0.5 x 0 = 0.5): -4.5 of 12.
    levels = {"mini-choice": "sure", "mini-classify": "fairly", "mini-mark": "sure", "mini-tag": "guessing"}
    _, response = take_sure(app, "Ben", CLASS_ANSWERS["Ben"], levels)
    assert response.status_code == 302
    with app.app_context():
        ben = db.session.scalar(select(Attempt).where(Attempt.display_name == "Ben"))
        assert (ben.score, ben.max_score) == (-4.5, 12)


def test_the_rule_is_explained_before_the_quiz_starts(app, client):
    set_quiz(app, ask_confidence=True, certainty_marking=True)
    page = client.get("/quizzes/mini-quiz").get_data(as_text=True)
    rule = " ".join(
        re.sub(r"<[^>]+>", " ", re.search(r'<div id="certainty-rule">(.*?)</div>', page, re.S).group(1)).split()
    )
    assert "earns 1 point if you were guessing, 2 if fairly sure and 3 if sure; a wrong one earns 0, −2 or −6" in rule


def test_a_certainty_that_no_form_offers_is_a_400_and_stores_nothing(app):
    set_quiz(app, ask_confidence=True)
    _, response = take_sure(app, "Mallory", ALL_RIGHT, {"mini-choice": "certain!"})
    assert response.status_code == 400
    assert stored(app, "Mallory") == {}


def test_the_summary_lists_who_was_sure_but_wrong(app, client, make_teacher):
    set_quiz(app, ask_confidence=True)
    take_sure(app, "Ana", ALL_RIGHT, dict.fromkeys(ALL_RIGHT, "sure"))
    take_sure(app, "Ben", CLASS_ANSWERS["Ben"], dict.fromkeys(ALL_RIGHT, "sure"))  # 3 wrong or partly
    take_sure(app, "Cy", CLASS_ANSWERS["Cy"], dict.fromkeys(ALL_RIGHT, "guessing"))
    make_teacher()
    login(client)
    html = client.get(f"{SUMMARY}?classroom=none").get_data(as_text=True)
    listed = re.search(r"<span data-sure-wrong>(.*?)</span>", html, re.S).group(1)
    assert re.findall(r">([^<]+)</a> \((\d+)\)", listed) == [("Ben", "3")]
    levels = dict(re.findall(r'<tr data-level="(\w+)"><th scope="row">[^<]+</th><td class="num">(\d+)</td>', html))
    assert levels == {"guessing": "4", "fairly": "0", "sure": "8"}


def test_a_teacher_turns_confidence_and_certainty_marking_on_in_the_quiz_form(app, client, make_teacher):
    make_teacher()
    login(client)
    with app.app_context():
        quiz_id = db.session.scalar(select(Quiz.id).where(Quiz.slug == "mini-quiz"))
    page = client.get(f"/teacher/quizzes/{quiz_id}").get_data(as_text=True)
    assert 'name="certainty_marking"' in page and 'name="ask_confidence"' in page
    assert "Moodle’s scale: right earns 1, 2 or 3 points" in page
