"""Copies of quizzes: another teacher's quiz duplicated into one of your own, unpublished."""

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz.models import Quiz, QuizQuestion


def free_slug(session: Session, stem: str) -> str:
    """``stem``, or ``stem-2``, ``stem-3`` … whichever no quiz has yet."""
    stem = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:70].strip("-") or "quiz"
    slug, n = stem, 1
    while session.scalar(select(Quiz.id).where(Quiz.slug == slug)) is not None:
        n += 1
        slug = f"{stem}-{n}"
    return slug


def duplicate_quiz(session: Session, original: Quiz, teacher_id: int) -> Quiz:
    """A new quiz owned by ``teacher_id``: the same article, settings and questions in order, not published."""
    copy = Quiz(
        slug=free_slug(session, f"{original.slug}-copy"),
        title=f"{original.title} (copy)"[:200],
        description=original.description,
        article_id=original.article_id,
        question_order=original.question_order,
        feedback=original.feedback,
        published=False,
        max_attempts=original.max_attempts,
        opens_at=original.opens_at,
        closes_at=original.closes_at,
        created_by_id=teacher_id,
    )
    copy.entries = [QuizQuestion(question_id=e.question_id, position=e.position) for e in original.entries]
    session.add(copy)
    session.flush()
    return copy
