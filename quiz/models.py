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
    # An IANA zone name such as "Europe/Berlin": every time this teacher types or reads is in it.
    time_zone: Mapped[str | None] = mapped_column(String(64))


class Classroom(db.Model):
    """A teacher's class; students join it with its code and their attempts carry it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id"))
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(20), unique=True)


class ClassStudent(db.Model):
    """A name in a class: pasted on its class list, or typed by a student joining; ``key`` compares names."""

    __table_args__ = (UniqueConstraint("classroom_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(60))
    on_list: Mapped[bool] = mapped_column(default=False)


class Assignment(db.Model):
    """A published quiz set for one class, with its own opening time, due time, attempts and time limit."""

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"), index=True)
    opens_at: Mapped[datetime | None]
    due_at: Mapped[datetime | None]
    attempts_allowed: Mapped[int | None]
    time_limit_minutes: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    quiz: Mapped["Quiz"] = relationship()
    classroom: Mapped[Classroom] = relationship()


class AttemptGrant(db.Model):
    """Attempts a teacher gave back to one student of an assignment, on top of those it allows."""

    __table_args__ = (UniqueConstraint("assignment_id", "student_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"))
    student_id: Mapped[int] = mapped_column(ForeignKey("class_student.id", ondelete="CASCADE"), index=True)
    extra: Mapped[int] = mapped_column(default=0)


class GrowthLink(db.Model):
    """Two assignments of one class read as before and after (and optionally a later retention check)."""

    __table_args__ = (UniqueConstraint("before_id", "after_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id", ondelete="CASCADE"), index=True)
    before_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"))
    after_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"))
    retention_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    classroom: Mapped[Classroom] = relationship()
    before: Mapped[Assignment] = relationship(foreign_keys=[before_id])
    after: Mapped[Assignment] = relationship(foreign_keys=[after_id])
    retention: Mapped[Assignment | None] = relationship(foreign_keys=[retention_id])


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
    judgements: Mapped[list["Judgement"]] = relationship(
        cascade="all, delete-orphan", order_by="Judgement.id"
    )


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


class TeacherSession(db.Model):
    """A signed-in browser; deleting the row signs it out, whatever copy of its cookie survives."""

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    # Only a hash of the cookie's token is stored, so a copy of the database signs nobody in.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Throttle(db.Model):
    """Failed tries counted per scope and key (an address, a code tried, an account), shared by every worker.

    ``key`` is a hash, so the table holds no address or email. See ``quiz.store.throttle``.
    """

    __table_args__ = (UniqueConstraint("scope", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    wait_until: Mapped[datetime | None]


# --- Learning platforms (LTI 1.3): see docs/lti.md -------------------------------------------


class LtiPlatform(db.Model):
    """A learning platform registered by the server's administrator: who it is and where its services are."""

    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[str] = mapped_column(String(255))
    deployment_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    auth_url: Mapped[str] = mapped_column(String(500))
    token_url: Mapped[str] = mapped_column(String(500))
    jwks_url: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LtiState(db.Model):
    """A login begun by a platform: the state and nonce its launch must bring back, kept here, not in a cookie."""

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(64), unique=True)
    nonce: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LtiNonce(db.Model):
    """A nonce a launch has used: the same id_token sent again is refused."""

    __table_args__ = (UniqueConstraint("platform_id", "nonce"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"))
    nonce: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class LtiInstructor(db.Model):
    """A platform's instructor and the teacher account their launches sign in."""

    __table_args__ = (UniqueConstraint("platform_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(255))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)


class LtiContext(db.Model):
    """A course on a platform and the class it fills; its roster comes from the platform's names service."""

    __table_args__ = (UniqueConstraint("platform_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"))
    context_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(300), default="")
    classroom_id: Mapped[int | None] = mapped_column(ForeignKey("classroom.id", ondelete="SET NULL"), index=True)
    memberships_url: Mapped[str | None] = mapped_column(String(500))
    roster_fetched_at: Mapped[datetime | None]

    platform: Mapped[LtiPlatform] = relationship()
    members: Mapped[list["LtiMember"]] = relationship(
        cascade="all, delete-orphan", order_by="LtiMember.name", passive_deletes=True
    )


class LtiMember(db.Model):
    """One person on a platform course's roster, as the names and roles service gave them."""

    __table_args__ = (UniqueConstraint("lti_context_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lti_context_id: Mapped[int] = mapped_column(ForeignKey("lti_context.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(200), default="")
    learner: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)


class LtiLink(db.Model):
    """An activity placed on a platform (a resource link): the quiz it opens and the gradebook column it fills."""

    __table_args__ = (UniqueConstraint("platform_id", "resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id", ondelete="CASCADE"))
    resource_link_id: Mapped[str] = mapped_column(String(255))
    lti_context_id: Mapped[int | None] = mapped_column(ForeignKey("lti_context.id", ondelete="SET NULL"), index=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quiz.id"), index=True)
    lineitem_url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    platform: Mapped[LtiPlatform] = relationship()
    quiz: Mapped[Quiz] = relationship()


class LtiPendingScore(db.Model):
    """A submitted score the platform has not yet accepted; deleted once it has, retried with back-off till then."""

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"), unique=True)
    tries: Mapped[int] = mapped_column(default=0)
    next_try_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    attempt: Mapped[Attempt] = relationship()
