"""Thirty planted students with known reading profiles take the full quiz through the real submission path;
the summary must name exactly the mix-ups, leanings and answers that were planted."""

import re

import pytest
from sqlalchemy import select

from quiz.extensions import db
from quiz.models import Answer, Question
from tests.helpers import login
from tests.planting import SLUG, plant_class

SUMMARY = f"/teacher/summaries/{SLUG}"


@pytest.fixture
def planted(app, client, make_teacher):
    """The planted quiz, thirty planted students, and their signed-in teacher."""
    names = plant_class(app)
    make_teacher()
    login(client)
    return names


def names_in(html: str, pattern: str) -> list[str]:
    block = re.search(pattern, html, re.S)
    assert block, pattern
    return re.findall(r'<a href="[^"]*student\?name=[^"]*">([^<]+)</a>', block.group(1))


def of(names: dict, *profiles: str) -> list[str]:
    return sorted(n for n, p in names.items() if p in profiles)


def test_the_summary_names_exactly_the_planted_mix_ups_and_who_makes_them(client, planted):
    html = client.get(SUMMARY).get_data(as_text=True)
    assert re.findall(r'<li data-mixup="([\w-]+)">', html) == [
        "opinion-sourced",
        "sourced-opinion",
        "unsourced-sourced",
    ]
    # Opinions called sourced: 4 always-sourced x 4 + 6 guessers x 2 = 28 sentences.
    # Sourced claims called opinions: 4 always-opinion x 5 = 20. Unsourced called sourced: 4 x 2 + 6 x 1 = 14.
    first = re.search(r'<li data-mixup="opinion-sourced">(.*?)</li>', html, re.S).group(1)
    assert "Treats quoted opinions as sourced facts." in first and "28 times" in first
    assert sorted(names_in(first, r"<span data-who>(.*?)</span>")) == of(planted, "always-sourced", "guesser")
    second = re.search(r'<li data-mixup="sourced-opinion">(.*?)</li>', html, re.S).group(1)
    assert "Dismisses checkable, attributed claims as mere opinion." in second and "20 times" in second
    assert sorted(names_in(second, r"<span data-who>(.*?)</span>")) == of(planted, "always-opinion")
    third = re.search(r'<li data-mixup="unsourced-sourced">(.*?)</li>', html, re.S).group(1)
    assert "14 times" in third  # a guesser's one slip on two sentences is no habit: only always-sourced
    assert sorted(names_in(third, r"<span data-who>(.*?)</span>")) == of(planted, "always-sourced")


def test_the_summary_and_the_readers_page_flag_exactly_the_planted_leanings(client, planted):
    html = client.get(SUMMARY).get_data(as_text=True)
    assert sorted(names_in(html, r'<span data-leaning="over-sceptical">(.*?)</span>')) == of(planted, "always-opinion")
    assert sorted(names_in(html, r'<span data-leaning="credulous">(.*?)</span>')) == of(planted, "always-sourced")
    readers = client.get(f"{SUMMARY}/readers").get_data(as_text=True)
    leanings = dict(re.findall(r'<tr data-student="([^"]+)" data-leaning="([\w-]+)">', readers))
    assert sorted(n for n, lean in leanings.items() if lean == "over-sceptical") == of(planted, "always-opinion")
    assert sorted(n for n, lean in leanings.items() if lean == "credulous") == of(planted, "always-sourced")
    # The strong readers tell sourced claims well; the guessers not yet, and lean neither way.
    rows = dict(re.findall(r'<tr data-student="([^"]+)"[^>]*>.*?<td>([^<;]+)', readers, re.S))
    assert {rows[n] for n in of(planted, "strong")} == {"tells sourced claims from the rest well"}
    assert {rows[n] for n in of(planted, "guesser")} == {"tells sourced claims from the rest not yet"}
    assert 'id="reader-plot" role="img"' in readers


def test_every_grid_cell_matches_the_stored_answer(app, client, planted):
    html = client.get(f"{SUMMARY}/grid").get_data(as_text=True)
    cells = {
        (int(a), key): state
        for a, row in re.findall(r'<tr data-attempt="(\d+)">(.*?)</tr>', html, re.S)
        for state, key in re.findall(r'<td class="cell cell-(\w+)" data-value="[^"]*" data-cell="([^"]+)"', row)
    }
    with app.app_context():
        stored = {
            (attempt_id, key): "right" if credit >= 1 else "partly" if credit > 0 else "wrong"
            for attempt_id, key, credit in db.session.execute(
                select(Answer.attempt_id, Question.key, Answer.credit).join(Question, Question.id == Answer.question_id)
            )
        }
    assert len(stored) == 30 * 9
    assert cells == stored
    assert len(re.findall(r'<tr data-attempt="', html)) == 30


def test_the_confidently_wrong_are_on_their_list_and_no_one_else(client, planted):
    html = client.get(SUMMARY).get_data(as_text=True)
    listed = re.search(r"<span data-sure-wrong>(.*?)</span>", html, re.S).group(1)
    found = dict(re.findall(r">([^<]+)</a> \((\d+)\)", listed))
    assert sorted(found) == of(planted, "confident-but-wrong")
    assert set(found.values()) == {"5"}  # four choice questions and the mark question, each wrong and "sure"
