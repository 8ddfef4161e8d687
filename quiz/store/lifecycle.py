"""Removing and correcting what teachers made: unused things are deleted, used ones archived, texts versioned.

"Used" means some student's attempt depends on it. Archiving hides a thing from every list and from
students while every attempt, score and summary that rests on it stays as it was. A corrected article
is a new version: the questions that still fit its text move to it, the others wait for review on the
old version, and every earlier attempt keeps showing the text it was answered on.
"""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session

from quiz.core import authoring
from quiz.core import sentences as splitter
from quiz.models import Answer, Article, Assignment, Attempt, Question, Quiz, QuizQuestion
from quiz.store import exporter, importer


def quiz_used(session: Session, quiz: Quiz) -> bool:
    """A quiz is used once anyone has started it."""
    return bool(session.scalar(select(exists().where(Attempt.quiz_id == quiz.id))))


def remove_quiz(session: Session, quiz: Quiz) -> str:
    """Delete a quiz nobody has started; archive (hide, unpublish) one that has attempts. Says which it did."""
    if quiz_used(session, quiz):
        quiz.archived, quiz.published = True, False
        return "archived"
    session.execute(delete(Assignment).where(Assignment.quiz_id == quiz.id))
    session.delete(quiz)
    return "deleted"


def live_quizzes_on(session: Session, article: Article) -> list[Quiz]:
    return list(session.scalars(select(Quiz).where(Quiz.article_id == article.id, ~Quiz.archived).order_by(Quiz.title)))


def article_used(session: Session, article: Article) -> bool:
    """An article is used once an attempt was made on it or on any quiz drawn from it."""
    on_quiz = exists().where(Attempt.quiz_id == Quiz.id, Quiz.article_id == article.id)
    read = exists().where(Attempt.article_id == article.id)
    answered = exists().where(Answer.question_id == Question.id, Question.article_id == article.id)
    return bool(session.scalar(select(on_quiz | read | answered)))


class StillInUse(Exception):
    """The article still has quizzes that are not removed; they go first, by their teacher's choice."""

    def __init__(self, quizzes: list[Quiz]):
        self.quizzes = quizzes
        super().__init__(", ".join(q.title for q in quizzes))


def remove_article(session: Session, article: Article) -> str:
    """Delete an unused article with its questions; archive a used one. A live quiz on it stops both."""
    if quizzes := live_quizzes_on(session, article):
        raise StillInUse(quizzes)
    if article_used(session, article):
        article.archived = True
        for question in session.scalars(select(Question).where(Question.article_id == article.id, Question.current)):
            question.archived = True
        return "archived"
    for quiz in session.scalars(select(Quiz).where(Quiz.article_id == article.id)):
        session.delete(quiz)  # archived and never started: nothing rests on it
    session.execute(update(Article).where(Article.previous_id == article.id).values(previous_id=article.previous_id))
    for question in session.scalars(select(Question).where(Question.article_id == article.id)):
        session.delete(question)
    session.delete(article)
    return "deleted"


@dataclass
class Correction:
    """What correcting an article's text did: the new version, the questions moved and those left for review."""

    article: Article
    moved: list[Question] = field(default_factory=list)
    review: list[tuple[Question, str]] = field(default_factory=list)  # with why it no longer fits
    quizzes: list[Quiz] = field(default_factory=list)


def unique_slug(session: Session, base: str, version: int) -> str:
    head, _, tail = base.rpartition("-v")
    stem = (head if head and tail.isdigit() else base)[:70]
    slug, n = f"{stem}-v{version}", version
    while session.scalar(select(Article.id).where(Article.slug == slug)) is not None:
        n += 1
        slug = f"{stem}-v{n}"
    return slug


def correct_article(session: Session, old: Article, text: str, teacher_id: int | None = None) -> Correction:
    """Make ``text`` (already repaired) a new version of ``old``; move what still fits; archive ``old``.

    A question fits when the bank's own checks pass for it on the new text (its excerpt, sentences and
    passage are all still there). It moves as the bank import would move it: answered versions stay
    behind for their attempts and a new version takes their place in every quiz.
    """
    new = Article(
        slug=unique_slug(session, old.slug, old.version + 1),
        title=old.title,
        outlet=old.outlet,
        author=old.author,
        url=old.url,
        published=old.published,
        text=text,
        version=old.version + 1,
        previous_id=old.id,
        created_by_id=old.created_by_id,
        updated_by_id=teacher_id,
    )
    session.add(new)
    importer.sync_sentences(new, splitter.split(text))
    session.flush()
    quizzes = live_quizzes_on(session, old)
    quiz_ids = [q.id for q in quizzes]
    if quiz_ids:
        # Every earlier attempt keeps the text it was answered on.
        session.execute(
            update(Attempt).where(Attempt.quiz_id.in_(quiz_ids), Attempt.article_id.is_(None)).values(article_id=old.id)
        )
    result = Correction(article=new, quizzes=quizzes)
    fields = authoring.article_fields(new)
    tally = importer.Tally()
    for question in exporter.current_questions(session, old):
        spec: dict[str, Any] = exporter.question_spec(question, old.slug)
        checked, issues = authoring.check(fields, [spec])
        if checked is None:
            result.review.append((question, issues[0].message if issues else "it no longer fits the text"))
            continue
        moved = importer.upsert_question(session, new, checked.spec.questions[0], tally, teacher_id)
        result.moved.append(moved)
    session.flush()
    staying = [q.id for q, _ in result.review]
    if staying and quiz_ids:
        # A quiz on the new text cannot ask about sentences it no longer has: those wait for review.
        session.execute(
            delete(QuizQuestion).where(QuizQuestion.quiz_id.in_(quiz_ids), QuizQuestion.question_id.in_(staying))
        )
    for quiz in quizzes:
        quiz.article_id = new.id
    old.archived = True
    return result
