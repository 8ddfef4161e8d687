"""A teacher pastes a damaged article, sees what the repair changed and how each sentence is attributed, saves it."""

import re

import pytest
from sqlalchemy import func, select

from quiz.extensions import db
from quiz.models import Article, Sentence
from tests.helpers import SOURCE_ARTICLE, csrf_token, login

DAMAGED = (
    "The agency said there are 120 cases.\n"
    "The mayor called the plan \u0e42a disaster\u0e42 and said the city\u0e42s budget is fine.\n"
    "Costs rose in caseswhere nobody checked."
)


@pytest.fixture
def teacher(client, make_teacher):
    make_teacher()
    login(client)
    return client


def post_article(client, text=DAMAGED, button="check", checked="", **fields):
    token = csrf_token(client, "/teacher/articles/new")
    data = {"csrf_token": token, "text": text, "title": "Budget row", "outlet": "The Daily Example", "checked": checked}
    data.update(fields)
    data[button] = "yes"
    return client.post("/teacher/articles/new", data=data)


def articles_named(app, title):
    with app.app_context():
        return db.session.scalars(select(Article).where(Article.title == title)).all()


def test_checking_pasted_text_shows_the_repairs_and_saves_nothing(app, teacher):
    response = post_article(teacher)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "What the repair changed" in page
    assert "<del>city\u0e42s</del>" in page and "<ins>city’s</ins>" in page
    assert "<ins>“a</ins>" in page and "<ins>disaster”</ins>" in page
    assert "<del>caseswhere</del>" in page and "<ins>cases where</ins>" in page
    assert articles_named(app, "Budget row") == []


def test_the_check_shows_each_sentence_with_its_attribution_suggestion(teacher):
    page = post_article(teacher).get_data(as_text=True)
    assert "3 sentences in 3 paragraphs" in page
    assert re.search(r"Suggestion: Attributed</span>; source: <strong>The agency</strong>; cue words: said", page)
    assert re.search(r"Suggestion: Direct quote</span>; source: <strong>The mayor</strong>", page)
    assert "Suggestion: No attribution found" in page


def test_saving_after_the_check_stores_the_repaired_text_split_into_sentences(app, teacher, make_teacher):
    checked = re.search(r'name="checked" type="hidden" value="([^"]+)"', post_article(teacher).get_data(as_text=True))
    response = post_article(teacher, button="save", checked=checked.group(1))
    assert response.status_code == 302
    (article,) = articles_named(app, "Budget row")
    assert "\u0e42" not in article.text and "the city’s budget" in article.text and "cases where" in article.text
    with app.app_context():
        keys = db.session.scalars(select(Sentence.key).where(Sentence.article_id == article.id)).all()
    assert keys == ["p1s1", "p2s1", "p3s1"]
    page = teacher.get(response.location).get_data(as_text=True)
    assert "Added by</dt><dd>Ms Example" in page and "Write a question from p2s1" in page
    assert "(headline unknown)" not in page and "unknown" in page  # author and date left unknown, not invented


def test_saving_text_that_was_changed_after_the_check_shows_the_check_again(app, teacher):
    checked = re.search(r'name="checked" type="hidden" value="([^"]+)"', post_article(teacher).get_data(as_text=True))
    response = post_article(teacher, text=DAMAGED + " One more sentence.", button="save", checked=checked.group(1))
    assert response.status_code == 200
    assert "The text changed since it was checked" in response.get_data(as_text=True)
    assert articles_named(app, "Budget row") == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": "   "}, "Paste the article"),
        ({"published": "last Tuesday"}, "YYYY-MM-DD"),
        ({"url": "example.org/story"}, "starting with http"),
    ],
)
def test_bad_article_details_get_a_clear_message_and_save_nothing(app, teacher, fields, message):
    response = post_article(teacher, button="save", **fields)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article).where(Article.title == "Budget row")) == 0


def test_the_bundled_article_pasted_as_received_comes_out_repaired(teacher):
    page = post_article(teacher, text=SOURCE_ARTICLE.read_text(encoding="utf-8")).get_data(as_text=True)
    assert "California’s" in page and "17 sentences" in page
    assert "Suggestion: Direct quote</span>; source: <strong>Assistant Secretary Tricia McLaughlin</strong>" in page


def test_the_reading_is_stored_with_the_sentences_and_recomputed_when_the_rules_change(app, teacher):
    from quiz.core import reading

    checked = re.search(r'name="checked" type="hidden" value="([^"]+)"', post_article(teacher).get_data(as_text=True))
    response = post_article(teacher, button="save", checked=checked.group(1))
    (article,) = articles_named(app, "Budget row")
    with app.app_context():
        rows = db.session.scalars(select(Sentence).where(Sentence.article_id == article.id)).all()
        assert [(r.attribution, r.source, r.cues) for r in rows][:2] == [
            ("attributed", "The agency", ["said"]),
            ("quote", "The mayor", ["called", "said"]),
        ]
        assert db.session.get(Article, article.id).reading_rules == reading.RULES_VERSION
        for row in rows:
            row.attribution, row.source = "none", None
        db.session.get(Article, article.id).reading_rules = reading.RULES_VERSION - 1
        db.session.commit()
    page = teacher.get(response.location).get_data(as_text=True)
    assert "source: <strong>The agency</strong>" in page
    with app.app_context():
        assert db.session.get(Article, article.id).reading_rules == reading.RULES_VERSION
        assert (
            db.session.scalar(
                select(Sentence.attribution).where(Sentence.key == "p1s1", Sentence.article_id == article.id)
            )
            == "attributed"
        )
