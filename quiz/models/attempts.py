"""Students' attempts at quizzes: the answers graded at submission, answers saved before it, and judgements."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.bank import Choice, Question, Quiz
from quiz.models.clock import utcnow


class Attempt(db.Model):
    """One student's go at a quiz: begun when they start, scored once when they submit."""

    __table_args__ = (Index("ix_attempt_quiz_submitted", "quiz_id", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"))
    classroom_id: Mapped[int | None] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str] = mapped_column(String(60))
    # The class's assignment it was started from: its due time, attempts and time limit apply.
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id", ondelete="SET NULL"), index=True)
    # The article version it was started on (none: the quiz's own), kept when the article is corrected.
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id"))
    # The question versions this attempt shows, in the order it shows them.
    question_ids: Mapped[list[int]] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    score: Mapped[float | None]
    max_score: Mapped[int] = mapped_column(default=0)
    # Set when the student came from a learning platform: who they are there, and the link they followed.
    lti_user_id: Mapped[str | None] = mapped_column(String(255))
    lti_link_id: Mapped[int | None] = mapped_column(ForeignKey("lti_link.id", ondelete="SET NULL"), index=True)

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
    # How sure the student said they were ("guessing", "fairly", "sure"), when the quiz asks.
    confidence: Mapped[str | None] = mapped_column(String(10))

    attempt: Mapped[Attempt] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()
    choice: Mapped[Choice | None] = relationship()
    judgements: Mapped[list["Judgement"]] = relationship(cascade="all, delete-orphan", order_by="Judgement.id")


class SavedAnswer(db.Model):
    """An answer as the student left it before submitting: the form fields of one question, kept as sent.

    Graded only at submission; until then it survives a reload, a closed tab or another device.
    """

    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    fields: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)


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
