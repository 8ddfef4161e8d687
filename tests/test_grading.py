"""Each kind of question grades on the server, from stored keys, with a stated rule."""

from types import SimpleNamespace as Row

import pytest
from werkzeug.datastructures import MultiDict

from quiz.core.kinds import KINDS, MARK_RULE, Tampered, key_words, word_parts, words


def choice_question(qid=7, kind="choice"):
    choices = [
        Row(id=70, correct=True, category="sourced", text="A"),
        Row(id=71, correct=False, category="opinion", text="B"),
    ]
    return Row(id=qid, kind=kind, choices=choices, sentence_keys=["p2s1"], correct_choice=choices[0])


def test_a_choice_is_right_only_when_it_is_the_key():
    q = choice_question()
    kind = KINDS["choice"]
    assert kind.grade(q, kind.parse(q, MultiDict({"q7": "70"}))).credit == 1.0
    assert kind.grade(q, kind.parse(q, MultiDict({"q7": "71"}))).correct is False
    assert kind.parse(q, MultiDict({})) is None


@pytest.mark.parametrize("value", ["72", "-1", "7O", "1" * 40])
def test_a_choice_that_does_not_belong_to_the_question_is_tampering(value):
    with pytest.raises(Tampered):
        KINDS["choice"].parse(choice_question(), MultiDict({"q7": value}))


def test_a_classification_records_the_right_and_the_chosen_category():
    q = choice_question(kind="classify")
    graded = KINDS["classify"].grade(q, q.choices[1])
    assert graded.judgements == [("p2s1", "sourced", "opinion")]


EXCERPT = "According to DHS, those individuals include suspects and convicts tied to 399 homicides."


def mark_question():
    choices = [Row(id=1, correct=True, text="According to DHS"), Row(id=2, correct=False, text="those individuals")]
    return Row(id=9, kind="mark", excerpt=EXCERPT, evidence="According to DHS", choices=choices)


def test_words_leave_punctuation_out_and_keep_numbers_whole():
    texts = [EXCERPT[a:b] for a, b in words(EXCERPT)]
    assert texts[:4] == ["According", "to", "DHS", "those"]
    assert "399" in texts and "homicides" in texts
    assert "".join(text for text, _ in word_parts(EXCERPT)) == EXCERPT
    assert key_words(EXCERPT, "According to DHS") == {0, 1, 2}


@pytest.mark.parametrize(
    ("marked", "right"),
    [
        ("0 1 2", True),  # exactly the key
        ("1 2", True),  # two of three key words, nothing else
        ("0 1 2 3", True),  # one word too many: three quarters are key words
        ("2", False),  # only a third of the key
        ("0 1 2 3 4", False),  # too much: under three quarters are key words
        (" ".join(str(i) for i in range(13)), False),  # everything
        ("5 6", False),  # the wrong words
    ],
)
def test_marked_words_are_graded_by_overlap_with_the_key(marked, right):
    q = mark_question()
    kind = KINDS["mark"]
    assert kind.grade(q, kind.parse(q, MultiDict({"q9-words": marked}))).correct is right


def test_without_javascript_the_phrase_chosen_is_graded_by_the_same_rule():
    q = mark_question()
    kind = KINDS["mark"]
    right = kind.grade(q, kind.parse(q, MultiDict({"q9": "1"})))
    wrong = kind.grade(q, kind.parse(q, MultiDict({"q9": "2"})))
    assert (right.correct, right.choice_id, right.response) == (True, 1, [0, 1, 2])
    assert (wrong.correct, wrong.choice_id) == (False, 2)
    assert "three quarters" in MARK_RULE


def cue_question():
    """A cue question whose evidence names its source and its cue as two parts."""
    excerpt = "Assistant Secretary Tricia McLaughlin accused Sanctuary politicians of putting residents at risk."
    evidence = "Assistant Secretary Tricia McLaughlin accused"
    choices = [Row(id=1, correct=True, text=evidence), Row(id=2, correct=False, text="Sanctuary politicians")]
    return Row(
        id=7,
        kind="mark",
        excerpt=excerpt,
        evidence=evidence,
        choices=choices,
        data={"parts": ["Assistant Secretary Tricia McLaughlin", "accused"]},
    )


@pytest.mark.parametrize(
    ("marked", "right"),
    [
        ("0 1 2 3 4", True),  # the whole span the explanation names
        ("3 4", True),  # the name and the cue
        ("0 4", True),  # the title and the cue: both parts touched
        ("3", False),  # a source without its cue
        ("4", False),  # a cue without its source
        ("3 4 5 6 7 8", False),  # too much: under three quarters are evidence words
    ],
)
def test_a_cue_counts_only_together_with_its_source(marked, right):
    q = cue_question()
    kind = KINDS["mark"]
    assert kind.grade(q, kind.parse(q, MultiDict({"q7-words": marked}))).correct is right
    assert "A source without its cue" in MARK_RULE


def test_the_phrase_an_explanation_names_always_scores():
    q = cue_question()
    graded = KINDS["mark"].grade(q, KINDS["mark"].parse(q, MultiDict({"q7": "1"})))
    assert graded.correct and graded.response == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("marked", ["0 1 99", "a b", "0 " * 40])
def test_marking_words_that_are_not_there_is_tampering(marked):
    with pytest.raises(Tampered):
        KINDS["mark"].parse(mark_question(), MultiDict({"q9-words": marked}))


def tag_question():
    key = {"p5s1": {"category": "sourced"}, "p5s2": {"category": "opinion"}, "p5s3": {"category": "opinion"}}
    return Row(id=3, kind="tag", data={"key": key})


def test_tagging_earns_partial_credit_per_sentence():
    q = tag_question()
    kind = KINDS["tag"]
    form = MultiDict({"q3-p5s1": "sourced", "q3-p5s2": "sourced", "q3-p5s3": "opinion"})
    graded = kind.grade(q, kind.parse(q, form))
    assert graded.credit == pytest.approx(2 / 3)
    assert graded.correct is False
    assert ("p5s2", "opinion", "sourced") in graded.judgements


def test_a_tag_left_out_means_the_question_is_unanswered_and_an_unknown_tag_is_tampering():
    q = tag_question()
    assert KINDS["tag"].parse(q, MultiDict({"q3-p5s1": "sourced"})) is None
    with pytest.raises(Tampered):
        KINDS["tag"].parse(q, MultiDict({"q3-p5s1": "true", "q3-p5s2": "opinion", "q3-p5s3": "opinion"}))
