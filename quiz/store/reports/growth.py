"""Growth between two assignments of one class: each side's per-student figures, from a few GROUP BYs.

Each student's first submitted attempt on each side counts (the "before" is what they knew
before any retry). Students are paired by their class and name.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quiz.core import advice, growth
from quiz.core.taxonomy import CATEGORIES, SKILLS
from quiz.models import Answer, Assignment, Classroom, GrowthLink, Question
from quiz.store.reports.readers import readers
from quiz.store.reports.scope import Scope, counted


@dataclass
class Side:
    """One assignment's figures per student name: score share, share per skill, share right per category."""

    scores: dict[str, float] = field(default_factory=dict)
    skills: dict[str, dict[str, float]] = field(default_factory=dict)
    categories: dict[str, dict[str, float]] = field(default_factory=dict)
    discernment: dict[str, float] = field(default_factory=dict)
    bias: dict[str, float] = field(default_factory=dict)


def side(session: Session, assignment: Assignment) -> Side:
    """Each student's first attempt on ``assignment``, as shares of the maximum."""
    scope = Scope(
        quiz_id=assignment.quiz_id,
        visible_classes=(assignment.classroom_id,),
        assignment=assignment.id,
        visible_assignments=(assignment.id,),
        counts="first",
    )
    c = counted(scope)
    found = Side()
    for name, score, top in session.execute(select(c.c.display_name, c.c.score, c.c.max_score)):
        found.scores[name] = (score or 0) / top if top else 0.0
    per_skill = session.execute(
        select(c.c.display_name, Question.skill, func.count(), func.sum(Answer.credit))
        .select_from(Answer)
        .join(c, Answer.attempt_id == c.c.id)
        .join(Question, Question.id == Answer.question_id)
        .group_by(c.c.display_name, Question.skill)
    )
    for name, skill, n, credit in per_skill:
        found.skills.setdefault(skill, {})[name] = (credit or 0) / n if n else 0.0
    for reader, profile in zip(people := readers(session, scope), advice.profiles(people), strict=True):
        right: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for expected, chosen, n in reader.cells:
            right[expected][0] += n if expected == chosen else 0
            right[expected][1] += n
        for category, (hits, total) in right.items():
            found.categories.setdefault(category, {})[reader.name] = hits / total
        if profile.sourced.enough:
            found.discernment[reader.name] = profile.sourced.d_prime
            found.bias[reader.name] = profile.sourced.bias
    return found


@dataclass
class GrowthReport:
    link: GrowthLink
    overall: growth.Growth
    only_before: list[str]
    only_after: list[str]
    skills: list[tuple[str, growth.Growth]]
    categories: list[tuple[str, growth.Growth]]
    discernment: growth.Growth
    bias: growth.Growth
    retention: growth.Growth | None = None


def growth_report(session: Session, link: GrowthLink) -> GrowthReport:
    """Paired growth from before to after (and to the retention check, if linked), overall and in parts."""
    before, after = side(session, link.before), side(session, link.after)
    only_before, only_after = growth.unpaired(before.scores, after.scores)
    return GrowthReport(
        link=link,
        overall=growth.growth(before.scores, after.scores),
        only_before=only_before,
        only_after=only_after,
        skills=[
            (SKILLS.get(key, key), growth.growth(before.skills[key], after.skills[key]))
            for key in SKILLS
            if key in before.skills and key in after.skills
        ],
        categories=[
            (CATEGORIES[key], growth.growth(before.categories[key], after.categories[key]))
            for key in CATEGORIES
            if key in before.categories and key in after.categories
        ],
        discernment=growth.change(before.discernment, after.discernment),
        bias=growth.change(before.bias, after.bias),
        retention=growth.growth(before.scores, side(session, link.retention).scores) if link.retention else None,
    )


def links_of(session: Session, classes: list[int]) -> list[GrowthLink]:
    """The growth links of the teacher's classes, newest first."""
    return list(
        session.scalars(
            select(GrowthLink).where(GrowthLink.classroom_id.in_(classes)).order_by(GrowthLink.created_at.desc())
        )
    )


def assignments_for(session: Session, classes: list[int]) -> list[tuple[Assignment, str]]:
    """Every assignment of the teacher's classes with a label naming class, quiz and date."""
    rows = session.scalars(
        select(Assignment)
        .join(Classroom)
        .where(Assignment.classroom_id.in_(classes))
        .order_by(Classroom.name, Assignment.created_at)
    )
    return [(a, f"{a.classroom.name}: {a.quiz.title} (set {a.created_at:%-d %b %Y})") for a in rows]


def growth_link_query(before_id: int, after_id: int):
    """The link of these two assignments, if one exists (a second link of the same pair updates it)."""
    return select(GrowthLink).where(GrowthLink.before_id == before_id, GrowthLink.after_id == after_id)
