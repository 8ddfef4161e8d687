"""The reading of attribution: quotes, attributed sentences and the writer's own, with their sources."""

import pytest

from quiz.core import attribution


@pytest.mark.parametrize(
    ("sentence", "label", "source"),
    [
        (
            "The Department of Homeland Security said there are currently 33,179 people in custody.",
            "attributed",
            "The Department of Homeland Security",
        ),
        ("According to DHS, those individuals include suspects and convicts.", "attributed", "DHS"),
        ("Since January 20, ICE says California agencies have released 4,561 people.", "attributed", "ICE"),
        (
            "Federal immigration officials are warning that thousands could be released.",
            "attributed",
            "Federal immigration officials",
        ),
        (
            "ICE Acting Director Todd Lyons formally raised the alarm in a letter.",
            "attributed",
            "ICE Acting Director Todd Lyons",
        ),
        ("“We will not comply,” said Jane Doe, a spokeswoman.", "quote", "Jane Doe"),
        ("The mayor called the plan “a disaster”.", "quote", "The mayor"),
        ("Some were eventually removed from the United States.", "none", None),
    ],
)
def test_each_sentence_gets_a_label_and_the_source_next_to_its_cue(sentence, label, source):
    reading = attribution.suggest(sentence)
    assert (reading.attribution, reading.source) == (label, source)


def test_a_pronoun_and_a_quote_without_a_speaker_take_the_source_named_before():
    first, second, third = attribution.suggest_all(
        [
            "Assistant Secretary Tricia McLaughlin accused state leaders of putting residents at risk.",
            "“They are releasing people back into our neighborhoods,” she said.",
            "“Criminals should not be released onto our streets.”",
        ]
    )
    assert first.source == second.source == third.source == "Assistant Secretary Tricia McLaughlin"
    assert second.attribution == third.attribution == "quote"
    assert second.source_span == "she" and not second.carry_over
    assert third.carry_over and third.source_span is None


def test_a_plain_statement_after_an_attributed_one_stays_the_writers_own():
    _, after = attribution.suggest_all(["DHS said 10 cases were found.", "Most involved adults."])
    assert after.attribution == "none" and not after.carry_over


def test_labels_say_these_are_readings_of_attribution_not_of_truth():
    assert attribution.LABELS == {
        "quote": "Direct quote",
        "attributed": "Attributed",
        "none": "No attribution found",
    }
