"""A student's own result page: points skill by skill, and the one skill to practise next, with what to reread."""

import re
from types import SimpleNamespace

from sqlalchemy import select

from quiz.core import result
from quiz.extensions import db
from quiz.models import Attempt, Question
from tests.helpers import ALL_RIGHT, CLASS_ANSWERS, take_quiz


def text_of(html: str, pattern: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", re.search(pattern, html, re.S).group(1)).split())


def numbers_of(app, url: str) -> dict[str, int]:
    """Each question key's number on the attempt at ``url`` (the order the student saw)."""
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.token == url.rsplit("/", 2)[-2]))
        keys = dict(
            db.session.execute(select(Question.id, Question.key).where(Question.id.in_(attempt.question_ids))).all()
        )
        return {keys[qid]: n for n, qid in enumerate(attempt.question_ids, 1)}


def test_the_result_page_gives_points_per_skill_and_what_to_practise_next(app):
    client = app.test_client()
    url = take_quiz(client, app, "Ben", CLASS_ANSWERS["Ben"])  # source 0 of 1, classify 0.5 of 2, cue 1 of 1
    page = client.get(url).get_data(as_text=True)
    rows = dict(re.findall(r'<tr data-skill="(\w+)">.*?<td class="num">\d+</td><td class="num">([^<]+)</td>', page))
    assert rows == {"classify": "0.5 of 2", "source": "0 of 1", "cue": "1 of 1"}
    number = numbers_of(app, url)["mini-choice"]
    advice = text_of(page, r'<p id="practise-next">(.*?)</p>')
    assert advice == (
        f"What to practise next: naming the source. Read the explanations of question {number} below, "
        "then try the quiz again."
    )


def test_a_student_with_every_answer_right_is_sent_to_another_article(app):
    client = app.test_client()
    page = client.get(take_quiz(client, app, "Ana", ALL_RIGHT)).get_data(as_text=True)
    assert text_of(page, r'<p id="practise-next">(.*?)</p>').startswith("Every answer was right.")


def question(qid: int, skill: str) -> SimpleNamespace:
    return SimpleNamespace(id=qid, skill=skill)


def answer(credit: float, confidence: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(credit=credit, confidence=confidence)


SKILLS = {"classify": "Classifying statements", "source": "Naming the source", "cue": "Attribution cues"}


def test_an_unanswered_question_is_missed_and_skills_keep_their_order():
    questions = [question(1, "source"), question(2, "classify"), question(3, "classify"), question(4, "lateral")]
    rows = result.skill_results(questions, {1: answer(1.0), 2: answer(0.5)}, SKILLS)
    assert [(r.key, r.asked, r.earned, r.missed) for r in rows] == [
        ("classify", 2, 0.5, [2, 3]),
        ("source", 1, 1.0, []),
    ]
    assert result.practise_next(rows).key == "classify"
    assert result.practise_next(result.skill_results(questions[:1], {1: answer(1.0)}, SKILLS)) is None


def test_the_weakest_share_comes_first_and_a_tie_goes_to_the_first_skill():
    questions = [question(1, "source"), question(2, "classify"), question(3, "classify")]
    tied = result.skill_results(questions, {1: answer(0.5), 2: answer(1.0), 3: answer(0.0)}, SKILLS)
    assert result.practise_next(tied).key == "classify"  # both a half: classify is listed first
    worse = result.skill_results(questions, {1: answer(0.0), 2: answer(1.0), 3: answer(0.5)}, SKILLS)
    assert result.practise_next(worse).key == "source"


def test_own_calibration_counts_sure_and_guessing_answers_apart():
    questions = [question(n, "source") for n in range(1, 6)]
    answers = {
        1: answer(1.0, "sure"),
        2: answer(0.0, "sure"),
        3: answer(0.5, "guessing"),
        4: answer(1.0, "fairly"),
    }
    found = result.own_calibration(questions, answers)
    assert (found.sure, found.sure_percent, found.sure_wrong) == (2, 50.0, [2])
    assert (found.guessing, found.guessing_percent) == (1, 50.0)
