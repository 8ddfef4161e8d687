"""Text repair: the damaged article comes out as its writer meant it, and every change is listed."""

import pytest

from quiz.core import textclean
from tests.helpers import SOURCE_ARTICLE


@pytest.fixture
def received() -> str:
    return SOURCE_ARTICLE.read_text(encoding="utf-8")


def test_the_damaged_article_is_repaired(received):
    assert "\u0e42" in received and "caseswhere" in received  # the file really is damaged

    text = textclean.repair(received).text

    assert "\u0e42" not in text
    assert "California’s sanctuary policies" in text
    assert (
        "“Governor Newsom and his fellow California sanctuary politicians are releasing murderers, pedophiles, "
        "and drug traffickers back into our neighborhoods and putting American lives at risk,” she said."
    ) in text
    assert (
        "“Criminal illegal aliens should not be released from jails back onto our streets to terrorize more "
        "innocent Americans.”"
    ) in text
    assert "multiple cases where ICE" in text
    assert not text.endswith("\n") and "\n\n" not in text


def test_the_teacher_is_shown_each_change_in_context(received):
    changes = textclean.repair(received).changes

    pairs = [(c.before, c.after) for c in changes]
    assert ("Californiaโs", "California’s") in pairs
    assert ("caseswhere", "cases where") in pairs
    assert len([p for p in pairs if "“" in p[1]]) == 2
    assert len([p for p in pairs if "”" in p[1]]) == 2
    assert len(changes) == 6
    assert all(c.after in c.context for c in changes)


def test_common_mojibake_is_repaired_by_ftfy():
    repaired = textclean.repair("The governorâ€™s office said â€œnoâ€\x9d.")
    assert repaired.text == "The governor’s office said “no”."
    assert repaired.changed


def test_a_plural_possessive_becomes_an_apostrophe_when_no_quote_is_open():
    assert textclean.repair("The statesโ laws differ.").text == "The states’ laws differ."


def test_clean_text_is_left_alone():
    clean = "Officials said “the figures are final,” and the agency’s data agrees.\nSecond paragraph."
    result = textclean.repair(clean)
    assert result.text == clean
    assert result.changes == []


def test_real_thai_text_keeps_its_letters():
    thai = "ข่าว โรงเรียน"
    assert textclean.repair(thai).text == thai


def test_rare_real_words_are_not_split():
    text = "The detainers were ignored by sanctuary jurisdictions."
    assert textclean.repair(text).text == text
