"""The reading engine on articles nobody wrote for it: labels, sources, cues and repair, each rule by a story."""

from pathlib import Path

import pytest

from quiz.core import reading, textclean
from quiz.core.reading import evaluate
from quiz.core.reading.tables import VERB_BASE

READING = Path(__file__).parent / "fixtures" / "reading"
ARTICLES = sorted(READING.glob("*.txt"))


def read_one(text: str) -> list[reading.ReadSentence]:
    return reading.read(text).sentences


def test_the_development_set_scores_are_printed_and_meet_the_targets(capsys):
    articles = [evaluate.load_labelled(p) for p in ARTICLES]
    scores = evaluate.score(articles)
    with capsys.disabled():
        print("\nDevelopment set:", len(articles), "articles;", "; ".join(scores.lines()))
    assert len(articles) >= 6 and scores.sentences >= 120
    assert scores.labels_right / scores.sentences >= 85 / 90
    assert scores.own_right / scores.own >= 25 / 28
    assert scores.sources_right / scores.attributed >= 50 / 62
    assert scores.cue_f1 >= 0.85
    assert scores.ends_right / scores.ends_wanted >= 0.97 and scores.ends_right / scores.ends_found >= 0.97


def test_every_tense_and_person_of_a_reporting_verb_is_a_cue():
    assert {"warn", "warns", "warned", "warning", "testified", "admitted", "said", "told"} <= set(VERB_BASE)
    (s,) = read_one("The governor conceded that the road would stay shut.")
    assert (s.attribution, s.source, s.cues) == ("attributed", "The governor", ("conceded",))


@pytest.mark.parametrize(
    "sentence",
    [
        "Truth be told, the gap had been forecast since the spring.",
        "Needless to say, the vote was close.",
        "The bus left according to the timetable.",
        "The mayor did not respond to a request for comment.",
        "The company declined to say when the fault was found.",
        "A “listening exercise” drew around 60 people.",
        "The increase adds about £54 a year to a typical bill.",
    ],
)
def test_phrases_that_look_like_cues_but_attribute_nothing_leave_the_writers_own_sentence(sentence):
    (s,) = read_one(sentence)
    assert s.attribution == "none", s


def test_vague_sources_are_still_sources():
    (s,) = read_one("Critics say the plan leaves rural schools behind.")
    assert (s.attribution, s.source) == ("attributed", "Critics")


def test_a_title_with_a_full_stop_keeps_the_whole_name_and_a_clause_before_the_verb_is_skipped():
    (s,) = read_one("Dr. Jane Roe, who leads the clinic, said the tests were clear.")
    assert s.source == "Dr. Jane Roe" and s.source_span == "Dr. Jane Roe"


def test_she_said_is_resolved_to_the_person_named_before():
    first, second = read_one("Coach Ana Ruiz told reporters the team had trained hard. “We were ready,” she said.")
    assert second.attribution == "quote" and second.source == "Coach Ana Ruiz" and second.source_span == "she"


def test_every_sentence_of_a_quotation_is_a_quote_of_its_speaker_even_without_a_mark():
    found = read_one("“We looked at every line. We talked to residents. This is honest,” said Cllr. Amy Vance.\n")
    assert [s.attribution for s in found] == ["quote"] * 3
    assert {s.source for s in found} == {"Cllr. Amy Vance"}
    assert [s.carry_over for s in found] == [True, True, False]


def test_a_quotation_whose_speaker_is_named_in_the_next_sentence_is_theirs():
    quote, named = read_one(
        "“Every child deserves a warm and dry classroom.” Superintendent Rosa Quint said this on Monday."
    )
    assert quote.attribution == "quote" and quote.source == "Superintendent Rosa Quint"
    assert named.attribution == "attributed"


def test_a_paraphrase_going_on_with_the_same_account_is_attributed_and_carried_over():
    _, carried = read_one("The council said the library would close. It would also move staff to other branches.")
    assert (carried.attribution, carried.source, carried.carry_over) == ("attributed", "The council", True)


def test_a_time_ends_a_sentence_only_when_a_sentence_starts_after_it():
    found = read_one("The clinic opens at 9 a.m. Monday and closes at 5 p.m. The queue was long.")
    assert [s.text for s in found] == ["The clinic opens at 9 a.m. Monday and closes at 5 p.m.", "The queue was long."]


def test_offsets_point_into_the_repaired_text_and_the_final_newline_is_kept():
    result = reading.read("First one. Second “one.”\n\nThird.\n")
    assert result.text.endswith("\n")
    assert all(result.text[s.start : s.end] == s.text for s in result.sentences)
    assert [s.id for s in result.sentences] == ["p1s1", "p1s2", "p2s1"]


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("damage", ["cp1252", "latin1", "lost9d"])
def test_lossless_damage_is_restored_exactly(path, damage):
    clean = evaluate.load_labelled(path).text
    damaged = (READING / "damaged" / f"{path.stem}.{damage}.txt").read_text(encoding="utf-8")
    assert damaged == evaluate.damaged(clean, damage) != clean
    assert textclean.repair(damaged, keep_layout=True).text == clean


def test_thai_code_page_damage_gets_one_listed_change_per_mark_and_almost_every_mark_right():
    right = marks = listed = 0
    for path in ARTICLES:
        clean = evaluate.load_labelled(path).text
        damaged = (READING / "damaged" / f"{path.stem}.thai.txt").read_text(encoding="utf-8")
        repaired = textclean.repair(damaged, keep_layout=True)
        positions = [i for i, c in enumerate(damaged) if c == textclean.DAMAGED_QUOTE]
        marks += len(positions)
        listed += len(repaired.changes)
        assert len(repaired.text) == len(clean)
        right += sum(repaired.text[i] == clean[i] for i in positions)
    print(f"\nThai-code-page marks right: {right} of {marks}; changes listed: {listed}")
    assert listed == marks and right / marks >= 54 / 55


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("A study by the university found that most pupils walk to school.", "attributed"),
        ("Police found a car abandoned on the bypass.", "none"),
        ("The closure had been forecast for months.", "none"),
        ("It was reported by the agency that two wells had failed.", "attributed"),
        ("They live in a village called Marlow.", "none"),
        ("Owners can check the batch number by calling a free helpline.", "none"),
        ("The match in the United States drew a record crowd.", "none"),
    ],
)
def test_verbs_that_report_only_in_some_uses_are_cues_only_there(sentence, label):
    (s,) = read_one(sentence)
    assert s.attribution == label, s


def test_a_verb_inside_what_is_reported_is_no_second_cue():
    (s,) = read_one("DHS noted that cooperating counties report lower crime, adding that the trend held.")
    assert s.cues == ("noted", "adding") and s.source == "DHS"


def test_a_participle_cue_takes_the_subject_of_its_clause():
    (s,) = read_one("Councillors from all three parties have signed a letter calling for a pause.")
    assert (s.source, s.cues) == ("Councillors", ("calling for",))


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("Its head, Mr. Ola Ade, said results had improved.", "Mr. Ola Ade"),
        ("Smith, 45, said the road was closed.", "Smith"),
        ("Asked whether the plan would work, Smith said it was too early to tell.", "Smith"),
        ("Figures from the county office show a rise in admissions.", "Figures from the county office"),
        ("The road will shut, the mayor said.", "the mayor"),
    ],
)
def test_the_source_is_the_name_and_not_the_words_around_it(sentence, source):
    (s,) = read_one(sentence)
    assert (s.attribution, s.source) == ("attributed", source)
