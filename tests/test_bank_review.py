"""The shipped bank read as a curriculum editor reads it: answer patterns, repetition and the two parallel forms.

Every figure is computed from the question files, so a later edit that brings back a pattern a test-wise
student could read (the longest option wins, the cautious option wins, one position wins) fails here.
"""

import re
from collections import Counter

import pytest

from quiz.core import bank
from quiz.core.kinds import key_words
from quiz.core.kinds.mark import marking_is_right
from tests.helpers import BUNDLED, answer_all_right, attempt_score, load_bank, start_attempt

LONGEST_RIGHT_LIMIT = 0.30  # the right answer at least as long as every other option, in at most this share
POSITION_TOLERANCE = 0.06  # each position holds the right answer in 1/k of k-option items, give or take this
WORDING_RATIO = 0.5  # a kind of wording is in right and wrong answers alike: the rarer rate is at least half
MAX_QUESTIONS_PER_SENTENCE = 5
FORM_SIZE = 15

ABSOLUTE = re.compile(
    r"\b(always|never|proves?|proven|nothing|only|all|every|everyone|none|no one|cannot|must|certainly|definitely)\b",
    re.IGNORECASE,
)
CAUTIOUS = re.compile(
    r"\b(may|might|could|not necessarily|does not say|do not say|leaves? open|left open|by itself|on (its|their) own"
    r"|appears to|likely|perhaps|possibly|unclear|not say)\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def shipped():
    [loaded] = [b for b in bank.load_path(BUNDLED) if b.spec.article.slug == "ice-detainers-california"]
    return loaded


def multiple_choice(loaded):
    """(option texts, index of the right one) for every ordinary multiple-choice question."""
    return [
        ([c.text for c in q.choices], next(i for i, c in enumerate(q.choices) if c.correct))
        for q in loaded.questions
        if q.kind == "choice"
    ]


def longest_right_share(items) -> float:
    longest = sum(len(texts[right]) >= max(len(t) for t in texts) for texts, right in items)
    return longest / len(items)


def shown_sentences(loaded, question) -> set[str]:
    """The sentences a student reads in the question: the excerpt's, or the tagged passage's."""
    if question.kind == "tag":
        return set(question.key)
    text = loaded.repair.text
    start = text.find(question.excerpt)
    end = start + len(question.excerpt)
    spans, cursor = {}, 0
    for s in loaded.sentences:
        at = text.find(s.text, cursor)
        spans[s.key] = (at, at + len(s.text))
        cursor = at + len(s.text)
    return {key for key, (a, b) in spans.items() if a < end and start < b}


def test_the_right_answer_is_the_longest_option_in_at_most_thirty_percent_of_items(shipped):
    items = multiple_choice(shipped)
    assert len(items) >= 20
    assert longest_right_share(items) <= LONGEST_RIGHT_LIMIT


def test_the_right_answer_sits_in_every_position_about_equally_often(shipped):
    by_size: dict[int, Counter] = {}
    for texts, right in multiple_choice(shipped):
        by_size.setdefault(len(texts), Counter())[right] += 1
    for size, positions in by_size.items():
        total = sum(positions.values())
        if total < 2 * size:
            continue  # too few items of this size for a spread to mean anything
        for position in range(size):
            share = positions[position] / total
            assert abs(share - 1 / size) <= POSITION_TOLERANCE, (size, dict(positions))


def test_absolute_and_cautious_wording_appear_in_right_and_wrong_answers_alike(shipped):
    right, wrong = [], []
    for texts, r in multiple_choice(shipped):
        for i, text in enumerate(texts):
            (right if i == r else wrong).append(text)
    for pattern in (ABSOLUTE, CAUTIOUS):
        rates = [sum(bool(pattern.search(t)) for t in group) / len(group) for group in (right, wrong)]
        assert min(rates) > 0 and min(rates) / max(rates) >= WORDING_RATIO, (pattern.pattern[:30], rates)


def test_a_plain_yes_is_sometimes_right_and_sometimes_wrong(shipped):
    starts = Counter()
    for texts, r in multiple_choice(shipped):
        for i, text in enumerate(texts):
            word = re.match(r"\W*(\w*)", text).group(1).lower()
            if word in ("yes", "no"):
                starts[(word, i == r)] += 1
    assert all(starts[(word, right)] for word in ("yes", "no") for right in (True, False)), dict(starts)


def test_no_sentence_is_shown_in_more_than_five_questions_and_every_sentence_in_one(shipped):
    counts = Counter(key for q in shipped.questions for key in shown_sentences(shipped, q))
    crowded = {key: n for key, n in counts.items() if n > MAX_QUESTIONS_PER_SENTENCE}
    assert not crowded
    assert not [s.key for s in shipped.sentences if counts[s.key] == 0]


# --- The two parallel forms, for measuring before and after ------------------------------------


def form(shipped, slug):
    [quiz] = [q for q in shipped.spec.quizzes if q.slug == slug]
    return quiz, shipped.quiz_questions(quiz)


def test_the_two_forms_share_no_question_and_each_has_at_least_fifteen(shipped):
    quiz_a, a = form(shipped, "who-says-so-form-a")
    quiz_b, b = form(shipped, "who-says-so-form-b")
    assert len(a) >= FORM_SIZE and len(b) >= FORM_SIZE
    assert not {q.id for q in a} & {q.id for q in b}
    for quiz in (quiz_a, quiz_b):
        assert "before" in quiz.description and "after" in quiz.description


def test_the_two_forms_are_matched_question_for_question_by_skill_and_difficulty(shipped):
    _, a = form(shipped, "who-says-so-form-a")
    _, b = form(shipped, "who-says-so-form-b")
    assert Counter((q.skill, q.difficulty) for q in a) == Counter((q.skill, q.difficulty) for q in b)
    assert Counter(q.kind for q in a) == Counter(q.kind for q in b)


# --- Mark the evidence: the span an explanation names is the span that scores --------------------


def test_every_mark_key_scores_as_its_explanation_says_and_half_a_key_never_does(shipped):
    marks = [q for q in shipped.questions if q.kind == "mark"]
    assert marks
    for q in marks:
        assert f"“{q.evidence}”" in q.explanation, q.id
        assert marking_is_right(q, key_words(q.excerpt, q.evidence)), q.id
        for choice in q.choices:
            if not choice.correct:
                assert not marking_is_right(q, key_words(q.excerpt, choice.text)), (q.id, choice.text)
        if q.skill == "cue":
            assert len(q.parts) >= 2, q.id  # who makes the claim, and the word that says they make it
            for part in q.parts:
                assert not marking_is_right(q, key_words(q.excerpt, part)), (q.id, part)


@pytest.mark.parametrize("slug", ["who-says-so-form-a", "who-says-so-form-b"])
def test_a_student_who_answers_every_question_of_a_form_right_scores_full_marks(app, client, slug):
    with app.app_context():
        load_bank(BUNDLED)
    url = start_attempt(client, slug, "Ana")
    answer_all_right(app, client, url)
    score, max_score = attempt_score(app, url)
    assert score == max_score >= FORM_SIZE
    assert client.get(url + "/result").status_code == 200
