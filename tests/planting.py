"""Planted students with known reading profiles, taken through the real submission path (for the summaries' tests)."""

from collections import Counter

from sqlalchemy import select

from quiz.core.kinds import KINDS
from quiz.extensions import db
from quiz.models import Attempt, Question, Quiz
from tests.helpers import FIXTURES, answer_form, csrf_token, load_bank, start_attempt

SLUG = "planted-quiz"

# Profile -> how many students. Judgements on the quiz's twelve categorised sentences (five sourced
# claims, four opinions, two unsourced assertions, one warning) follow the profile; so do the five
# choice and mark questions.
PROFILES = {
    "strong": 8,  # every answer right
    "weak": 6,  # sentences right, every second choice question wrong
    "guesser": 6,  # says "sourced" about as often whatever the sentence is
    "always-opinion": 4,  # calls every sentence an opinion
    "always-sourced": 4,  # calls every sentence a sourced claim
    "confident-but-wrong": 2,  # sentences right, every choice question wrong, and "sure" of every answer
}
# How sure each profile says it is of every answer: only the strong and the confidently wrong say "sure".
SURE = {"strong": "sure", "confident-but-wrong": "sure"}


class Judge:
    """Chooses a category for each categorised sentence in quiz order, as one profile would."""

    def __init__(self, profile: str):
        self.profile = profile
        self.seen = Counter()

    def __call__(self, right: str) -> str:
        self.seen[right] += 1
        n = self.seen[right]
        if self.profile == "always-opinion":
            return "opinion"
        if self.profile == "always-sourced":
            return "sourced"
        if self.profile == "guesser":
            # "Sourced" for 3 of the 5 sourced claims and for 3 of the 7 other sentences.
            if right == "sourced":
                return "sourced" if n <= 3 else ("unsourced" if n == 4 else "prediction")
            if right == "opinion":
                return "sourced" if n <= 2 else "opinion"
            if right == "unsourced":
                return "sourced" if n == 1 else "unsourced"
            return right
        return right


def planted_answers(questions, profile: str) -> dict[int, object]:
    """What a student of ``profile`` gives for each question, as ``answer_form`` takes it."""
    judge, given, choice_number = Judge(profile), {}, 0
    for question in questions:
        kind = KINDS[question.kind]
        model = kind.model_answer(question)
        if kind.judges_sentences and isinstance(model, dict):
            given[question.id] = {sentence: judge(right) for sentence, right in model.items()}
        elif kind.judges_sentences:
            given[question.id] = judge(question.correct_choice.category)
        else:
            choice_number += 1
            wrong = (
                profile == "confident-but-wrong"
                or (profile == "weak" and choice_number % 2 == 0)
                or (profile in ("guesser", "always-opinion", "always-sourced") and choice_number % 3 == 0)
            )
            given[question.id] = next(c for c in question.choices if not c.correct) if wrong else None
    return given


def take(app, name: str, profile: str) -> None:
    client = app.test_client()
    url = start_attempt(client, SLUG, name)
    form = {"csrf_token": csrf_token(client, url)}
    with app.app_context():
        attempt = db.session.scalar(select(Attempt).where(Attempt.token == url.rsplit("/", 1)[-1]))
        questions = [db.session.get(Question, qid) for qid in attempt.question_ids]
        for question in questions:
            form.update(answer_form(question, planted_answers(questions, profile)[question.id]))
            form[f"q{question.id}-confidence"] = SURE.get(profile, "guessing")
    assert client.post(url, data=form).status_code == 302


def plant_class(app) -> dict[str, str]:
    """The planted quiz (asking how sure each answer is) and its thirty students: name -> profile."""
    with app.app_context():
        load_bank(FIXTURES / "planted.yaml")
        db.session.scalar(select(Quiz).where(Quiz.slug == SLUG)).ask_confidence = True
        db.session.commit()
    names = {}
    for profile, count in PROFILES.items():
        for i in range(1, count + 1):
            name = f"{profile.title()} {i}"
            take(app, name, profile)
            names[name] = profile
    return names
