"""How sure students said they were, against whether they were right: three small GROUP BYs."""

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quiz.core import calibration
from quiz.models import Answer, Question
from quiz.store.reports.scope import Scope, counted

# An answer is "confident but wrong" when the student said "sure" and earned less than full credit.
SURE = "sure"


@dataclass
class ConfidenceReport:
    levels: list[calibration.Level]
    by_question: list[tuple[str, int]] = field(default_factory=list)  # (question key, sure-but-wrong answers)
    by_student: list[tuple[str, int | None, int]] = field(default_factory=list)  # (name, class id, count)

    @property
    def asked(self) -> bool:
        return any(level.answers for level in self.levels)

    @property
    def sentence(self) -> str:
        return calibration.sentence(self.levels)


def confidence_report(session: Session, scope: Scope) -> ConfidenceReport:
    """Accuracy at each level of certainty, and the "sure but wrong" answers per question and per student."""
    c = counted(scope)
    levels = session.execute(
        select(Answer.confidence, func.count(), func.sum(Answer.credit))
        .join(c, Answer.attempt_id == c.c.id)
        .where(Answer.confidence.is_not(None))
        .group_by(Answer.confidence)
    ).all()
    wrong = (Answer.confidence == SURE, Answer.credit < 1)
    by_question = session.execute(
        select(Question.key, func.count())
        .select_from(Answer)
        .join(c, Answer.attempt_id == c.c.id)
        .join(Question, Question.id == Answer.question_id)
        .where(*wrong)
        .group_by(Question.key)
        .order_by(func.count().desc(), Question.key)
    ).all()
    by_student = session.execute(
        select(c.c.display_name, c.c.classroom_id, func.count())
        .select_from(Answer)
        .join(c, Answer.attempt_id == c.c.id)
        .where(*wrong)
        .group_by(c.c.classroom_id, c.c.display_name)
        .order_by(func.count().desc(), c.c.display_name)
    ).all()
    return ConfidenceReport(calibration.levels(levels), [tuple(r) for r in by_question], [tuple(r) for r in by_student])
