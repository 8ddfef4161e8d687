"""The domain: articles and their sentences, questions, quizzes, and the attempts students make.

Questions are versioned: once a question has answers its row never changes; an edit makes a new
version and the old one stays behind for the attempts that used it, so no past score moves.
"""

from datetime import UTC, datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Article(db.Model):
    """A news article as students read it: repaired text, split into sentences."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300), default="unknown")
    outlet: Mapped[str] = mapped_column(String(200), default="unknown")
    author: Mapped[str] = mapped_column(String(200), default="unknown")
    url: Mapped[str] = mapped_column(String(500), default="unknown")
    published: Mapped[str] = mapped_column(String(40), default="unknown")
    text: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("teacher.id"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("teacher.id"))

    sentences: Mapped[list["Sentence"]] = relationship(
        back_populates="article", order_by="Sentence.id", cascade="all, delete-orphan"
    )

    @property
    def opening(self) -> str:
        """The first sentence, to recognise an article whose headline is unknown."""
        return self.sentences[0].text if self.sentences else ""

    def paragraphs(self) -> list[list["Sentence"]]:
        grouped: dict[int, list[Sentence]] = {}
        for sentence in self.sentences:
            grouped.setdefault(sentence.paragraph, []).append(sentence)
        return [grouped[p] for p in sorted(grouped)]


class Sentence(db.Model):
    """One sentence of an article, addressed by its stable key such as ``p2s1``."""

    __table_args__ = (UniqueConstraint("article_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(20))
    paragraph: Mapped[int]
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)

    article: Mapped[Article] = relationship(back_populates="sentences")


class Question(db.Model):
    """One version of a question on an article; ``key`` is the id authors and files use."""

    __table_args__ = (
        UniqueConstraint("key", "version"),
        CheckConstraint("difficulty in ('easy', 'medium', 'hard')", name="difficulty_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(default=1)
    current: Mapped[bool] = mapped_column(default=True)
    archived: Mapped[bool] = mapped_column(default=False)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id"))
    kind: Mapped[str] = mapped_column(String(20))
    skill: Mapped[str] = mapped_column(String(20))
    difficulty: Mapped[str] = mapped_column(String(10), default="medium")
    prompt: Mapped[str] = mapped_column(Text)
    excerpt: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    explanation: Mapped[str] = mapped_column(Text)
    sentence_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Kind-specific content that has no column: a tag question's passage and key, for example.
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("teacher.id"))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("teacher.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    article: Mapped[Article] = relationship()
    choices: Mapped[list["Choice"]] = relationship(
        back_populates="question", order_by="Choice.position", cascade="all, delete-orphan"
    )

    def choice_by_id(self, choice_id: int) -> "Choice | None":
        return next((c for c in self.choices if c.id == choice_id), None)

    @property
    def correct_choice(self) -> "Choice | None":
        return next((c for c in self.choices if c.correct), None)


class Choice(db.Model):
    """A choice of a question; a classify question's choices each stand for a category."""

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    correct: Mapped[bool] = mapped_column(default=False)
    feedback: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str | None] = mapped_column(String(20))

    question: Mapped[Question] = relationship(back_populates="choices")


class Quiz(db.Model):
    """An ordered set of questions on one article, with how it is taken."""

    __table_args__ = (
        CheckConstraint("question_order in ('fixed', 'shuffled')", name="order_known"),
        CheckConstraint("feedback in ('end', 'each')", name="feedback_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id"))
    question_order: Mapped[str] = mapped_column(String(10), default="fixed")
    feedback: Mapped[str] = mapped_column(String(10), default="end")
    published: Mapped[bool] = mapped_column(default=True)
    max_attempts: Mapped[int | None]
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("teacher.id"))

    article: Mapped[Article] = relationship()
    entries: Mapped[list["QuizQuestion"]] = relationship(
        order_by="QuizQuestion.position", cascade="all, delete-orphan"
    )

    @property
    def questions(self) -> list[Question]:
        return [entry.question for entry in self.entries]


class QuizQuestion(db.Model):
    """A question's place in a quiz."""

    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), primary_key=True)
    position: Mapped[int]

    question: Mapped[Question] = relationship()


class Teacher(UserMixin, db.Model):
    """A teacher who signs in to write questions and read results."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    # Failed sign-ins in a row, kept in the database so every worker process counts the same.
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]


class Classroom(db.Model):
    """A teacher's class; students join it with its code and their attempts carry it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id"))
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(20), unique=True)


class Attempt(db.Model):
    """One student's go at a quiz: begun when they start, scored once when they submit."""

    __table_args__ = (Index("ix_attempt_quiz_submitted", "quiz_id", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"))
    classroom_id: Mapped[int | None] = mapped_column(
        ForeignKey("classroom.id", ondelete="CASCADE"), index=True
    )
    display_name: Mapped[str] = mapped_column(String(60))
    # The question versions this attempt shows, in the order it shows them.
    question_ids: Mapped[list[int]] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    score: Mapped[float | None]
    max_score: Mapped[int] = mapped_column(default=0)

    quiz: Mapped[Quiz] = relationship()
    answers: Mapped[list["Answer"]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", order_by="Answer.id"
    )

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class Answer(db.Model):
    """A student's answer to one question of an attempt, graded when it was given."""

    __table_args__ = (
        UniqueConstraint("attempt_id", "question_id"),
        # Covers the summaries' per-question GROUP BY: read in group order, no table lookups.
        Index("ix_answer_summary", "question_id", "choice_id", "attempt_id", "credit", "correct"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    choice_id: Mapped[int | None] = mapped_column(ForeignKey("choice.id"))
    # What a kind without choices received: the words marked, the tags given.
    response: Mapped[Any | None] = mapped_column(JSON)
    credit: Mapped[float] = mapped_column(default=0.0)
    correct: Mapped[bool] = mapped_column(default=False)
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()
    choice: Mapped[Choice | None] = relationship()
    judgements: Mapped[list["Judgement"]] = relationship(
        cascade="all, delete-orphan", order_by="Judgement.id"
    )


class Judgement(db.Model):
    """A category given to one sentence (by a classify or tag answer) beside the right one.

    One row per judgement makes the confusion matrix a single GROUP BY.
    """

    # Covers the summaries' confusion and heat-map GROUP BY without table lookups.
    __table_args__ = (Index("ix_judgement_summary", "answer_id", "sentence_key", "expected", "chosen"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"), index=True)
    sentence_key: Mapped[str] = mapped_column(String(20))
    expected: Mapped[str] = mapped_column(String(20))
    chosen: Mapped[str] = mapped_column(String(20))


class TeacherSession(db.Model):
    """A signed-in browser; deleting the row signs it out, whatever copy of its cookie survives."""

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    # Only a hash of the cookie's token is stored, so a copy of the database signs nobody in.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
