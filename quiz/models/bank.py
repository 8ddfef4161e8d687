"""The question bank: articles and their sentences, versioned questions and their choices, and quizzes.

Questions are versioned: once a question has answers its row never changes; an edit makes a new
version and the old one stays behind for the attempts that used it, so no past score moves.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.clock import utcnow


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
    # The reading rules' version the sentences' stored readings came from; 0 = not read yet.
    reading_rules: Mapped[int] = mapped_column(default=0)
    # Drafted questions (spec dicts) waiting for a teacher to accept, edit or discard them.
    drafts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # A corrected text is a new version; the old row stays, archived, for the attempts that read it.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("article.id"))
    archived: Mapped[bool] = mapped_column(default=False, server_default="0")

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
    # The stored reading (quiz.core.reading): label, resolved source, the words naming it, cues.
    attribution: Mapped[str] = mapped_column(String(20), default="none")
    source: Mapped[str | None] = mapped_column(String(300))
    source_span: Mapped[str | None] = mapped_column(String(300))
    cues: Mapped[list[str]] = mapped_column(JSON, default=list)
    carry_over: Mapped[bool] = mapped_column(default=False)

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
    # Listed on the home page and startable by anyone with its link; otherwise only through a class's assignment.
    open_to_anyone: Mapped[bool] = mapped_column(default=True, server_default="1")
    # Removed by its teacher after it had attempts: hidden from every list, its results kept.
    archived: Mapped[bool] = mapped_column(default=False, server_default="0")
    # Each answer also asks "sure / fairly sure / guessing" (quiz.core.calibration).
    ask_confidence: Mapped[bool] = mapped_column(default=False, server_default="0")
    # Certainty-based marking on Moodle's scale: right 1/2/3, wrong 0/−2/−6 (asks confidence too).
    certainty_marking: Mapped[bool] = mapped_column(default=False, server_default="0")

    article: Mapped[Article] = relationship()
    entries: Mapped[list["QuizQuestion"]] = relationship(order_by="QuizQuestion.position", cascade="all, delete-orphan")

    @property
    def questions(self) -> list[Question]:
        return [entry.question for entry in self.entries]


class QuizQuestion(db.Model):
    """A question's place in a quiz."""

    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), primary_key=True)
    position: Mapped[int]

    question: Mapped[Question] = relationship()
