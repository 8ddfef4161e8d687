"""In a real browser a teacher drafts questions from an article, reviews them by keyboard, and keeps the ones wanted."""

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from quiz.core import sentences as splitter
from quiz.core import textclean
from quiz.core.reading import evaluate
from quiz.extensions import db
from quiz.models import Article, Question
from quiz.store.importer import sync_sentences
from tests.helpers import TEACHER_EMAIL, TEACHER_PASSWORD, check_a11y, fits_width

pytestmark = pytest.mark.browser

READING = Path(__file__).parent / "fixtures" / "reading"
SHOTS = os.environ.get("DRAFT_SHOTS")  # a folder to keep screenshots of the review pages in, when set


def sign_in(page, base):
    page.goto(base + "/teacher/login")
    page.get_by_label("Email").fill(TEACHER_EMAIL)
    page.get_by_label("Password").fill(TEACHER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/teacher/")


def stored_article(app, name: str) -> int:
    labelled = evaluate.load_labelled(READING / f"{name}.txt")
    text = textclean.repair(labelled.text).text
    with app.app_context():
        article = Article(slug=name, title=labelled.title, text=text)
        db.session.add(article)
        sync_sentences(article, splitter.split(text))
        db.session.commit()
        return article.id


def draft_from_the_article_page(page, base, article_id: int) -> None:
    page.goto(f"{base}/teacher/articles/{article_id}")
    check_a11y(page)
    page.get_by_role("button", name="Draft questions").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/teacher/articles/{article_id}/drafts")


def test_a_teacher_drafts_reviews_and_accepts_questions_by_keyboard(app, page, live_server, make_teacher):
    make_teacher()
    article_id = stored_article(app, "product-recall")
    sign_in(page, live_server)
    draft_from_the_article_page(page, live_server, article_id)

    cards = page.locator("section.draft-card")
    total = cards.count()
    assert total >= 4
    assert page.locator(".draft-badge", has_text="Draft").count() == total
    assert cards.first.locator(".student-preview").is_visible()
    check_a11y(page)

    page.get_by_role("button", name="Accept draft 1", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Accepted as question").is_visible()
    assert page.locator("section.draft-card").count() == total - 1
    page.get_by_role("button", name="Discard draft 1", exact=True).click()
    assert page.get_by_text("Draft discarded.").is_visible()
    assert page.locator("section.draft-card").count() == total - 2

    page.get_by_role("link", name="Edit draft 1", exact=True).click()
    check_a11y(page)
    page.get_by_label("Question", exact=True).fill("Edited: what kind of statement is this?")
    page.get_by_role("button", name="Save the question").click()
    page.wait_for_url(f"{live_server}/teacher/questions/*")
    with app.app_context():
        saved = db.session.scalars(select(Question).where(Question.article_id == article_id)).all()
        left = db.session.get(Article, article_id).drafts
    assert len(saved) == 2 and "Edited: what kind of statement is this?" in {q.prompt for q in saved}
    assert len(left) == total - 3


@pytest.mark.parametrize("name", ["school-results", "health-advisory", "sports-final"])
def test_drafts_of_each_topic_fit_a_phone_and_pass_the_accessibility_check(
    app, phone_page, live_server, make_teacher, name
):
    make_teacher()
    article_id = stored_article(app, name)
    sign_in(phone_page, live_server)
    draft_from_the_article_page(phone_page, live_server, article_id)
    assert phone_page.locator("section.draft-card").count() >= 3
    fits_width(phone_page)
    check_a11y(phone_page)
    if SHOTS:
        phone_page.set_viewport_size({"width": 1280, "height": 2000})
        phone_page.screenshot(path=str(Path(SHOTS) / f"drafts-{name}.png"))
        for kind, words in (("source", "Who does the article give"), ("mark", "Mark the words")):
            card = phone_page.locator("section.draft-card").filter(has_text=words).first
            card.screenshot(path=str(Path(SHOTS) / f"drafts-{name}-{kind}.png"))
