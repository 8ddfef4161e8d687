"""Sentences get stable ids that questions and statistics can point at."""

from quiz.core import sentences, textclean
from tests.helpers import SOURCE_ARTICLE


def repaired_article() -> str:
    return textclean.repair(SOURCE_ARTICLE.read_text(encoding="utf-8")).text


def test_the_article_splits_into_nine_paragraphs_and_seventeen_sentences():
    found = sentences.split(repaired_article())
    assert [s.key for s in found][:4] == ["p1s1", "p2s1", "p2s2", "p3s1"]
    assert len({s.paragraph for s in found}) == 9
    assert len(found) == 17


def test_quoted_speech_keeps_its_attribution_in_the_same_sentence():
    by_key = {s.key: s.text for s in sentences.split(repaired_article())}
    assert by_key["p5s2"].endswith("at risk,” she said.")
    assert by_key["p5s3"].startswith("“Criminal illegal aliens")


def test_ids_do_not_move_when_the_same_text_is_split_again():
    text = repaired_article()
    assert sentences.split(text) == sentences.split(text)


def test_blank_lines_separate_paragraphs_of_hard_wrapped_text():
    text = "First line of one\nparagraph. Second sentence.\n\nAnother paragraph."
    found = sentences.split(text)
    assert [(s.key, s.text) for s in found] == [
        ("p1s1", "First line of one paragraph."),
        ("p1s2", "Second sentence."),
        ("p2s1", "Another paragraph."),
    ]


def test_abbreviations_do_not_end_a_sentence():
    found = sentences.split("Gov. Smith met Dr. Jones in the U.S. capital on Monday. They spoke.")
    assert len(found) == 2
