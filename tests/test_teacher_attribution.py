"""The first reading of attribution: quotes, attributed paraphrase and sentences with no source."""

import pytest

from quiz.core import attribution


@pytest.mark.parametrize(
    ("sentence", "kind", "source"),
    [
        (
            "The Department of Homeland Security said there are currently 33,179 people in custody.",
            "paraphrase",
            "The Department of Homeland Security",
        ),
        ("According to DHS, those individuals include suspects and convicts.", "paraphrase", "DHS"),
        ("Since January 20, ICE says California agencies have released 4,561 people.", "paraphrase", "ICE"),
        (
            "Federal immigration officials are warning that thousands could be released.",
            "paraphrase",
            "Federal immigration officials",
        ),
        (
            "ICE Acting Director Todd Lyons formally raised the alarm in a letter.",
            "paraphrase",
            "ICE Acting Director Todd Lyons",
        ),
        ("“We will not comply,” said Jane Doe, a spokeswoman.", "quote", "Jane Doe"),
        ("The mayor called the plan “a disaster”.", "quote", "The mayor"),
        ("Some were eventually removed from the United States.", "none", ""),
    ],
)
def test_each_sentence_gets_a_kind_and_the_source_next_to_its_cue(sentence, kind, source):
    suggestion = attribution.suggest(sentence)
    assert (suggestion.kind, suggestion.source) == (kind, source)


def test_a_pronoun_and_a_quote_without_a_speaker_take_the_source_named_before():
    first, second, third = attribution.suggest_all(
        [
            "Assistant Secretary Tricia McLaughlin accused state leaders of putting residents at risk.",
            "“They are releasing people back into our neighborhoods,” she said.",
            "“Criminals should not be released onto our streets.”",
        ]
    )
    assert first.source == second.source == third.source == "Assistant Secretary Tricia McLaughlin"
    assert second.kind == third.kind == "quote"
    assert "continue the quote" in third.notes[0]


def test_a_sentence_after_an_attributed_one_is_flagged_for_a_look():
    _, after = attribution.suggest_all(["DHS said 10 cases were found.", "Most involved adults."])
    assert after.kind == "none" and "carries that attribution on" in after.notes[0]


def test_labels_say_these_are_readings_of_attribution_not_of_truth():
    assert attribution.LABELS == {
        "quote": "Direct quote",
        "paraphrase": "Attributed paraphrase",
        "none": "No attribution found",
    }
