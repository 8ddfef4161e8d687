"""LTI courses and links: instructors' accounts, each course's class and roster, links and their attempts."""

import secrets
from pathlib import Path
from urllib.parse import urlsplit

import requests
from sqlalchemy import select

from quiz.core import codes
from quiz.core import lti as core
from quiz.core.lti import Launch
from quiz.core.passwords import hash_password
from quiz.extensions import db
from quiz.models import (
    Attempt,
    Classroom,
    LtiContext,
    LtiInstructor,
    LtiLink,
    LtiMember,
    LtiPlatform,
    Quiz,
    Teacher,
    utcnow,
)
from quiz.store import attempts, roster
from quiz.store.lti.platforms import TIMEOUT, access_token

MEMBERSHIPS_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"


def instructor_teacher(platform: LtiPlatform, launch: Launch) -> Teacher:
    """The teacher account a platform instructor signs in as, made on their first launch."""
    link = db.session.scalar(
        select(LtiInstructor).where(LtiInstructor.platform_id == platform.id, LtiInstructor.user_id == launch.user_id)
    )
    if link is not None:
        return db.session.get(Teacher, link.teacher_id)
    email = launch.email.strip().lower()
    if "@" not in email or len(email) > 254 or db.session.scalar(select(Teacher.id).where(Teacher.email == email)):
        # An account with that email may belong to someone else: never join them on the platform's word.
        email = f"lti-{secrets.token_hex(8)}@{urlsplit(platform.issuer).hostname or 'platform'}"
    # A random password nobody knows: this account signs in through its platform.
    teacher = Teacher(email=email, name=launch.name, password_hash=hash_password(secrets.token_urlsafe(32)))
    db.session.add(teacher)
    db.session.flush()
    db.session.add(LtiInstructor(platform_id=platform.id, user_id=launch.user_id, teacher_id=teacher.id))
    return teacher


def _new_code() -> str:
    while True:
        code = codes.generate()
        if db.session.scalar(select(Classroom.id).where(Classroom.code == code)) is None:
            return code


def course(platform: LtiPlatform, launch: Launch, teacher: Teacher | None) -> LtiContext | None:
    """The platform course of this launch, with its class made for ``teacher`` when it has none yet."""
    if launch.context_id is None:
        return None
    context = db.session.scalar(
        select(LtiContext).where(LtiContext.platform_id == platform.id, LtiContext.context_id == launch.context_id)
    )
    if context is None:
        context = LtiContext(platform_id=platform.id, context_id=launch.context_id, title=launch.context_title)
        db.session.add(context)
    if launch.memberships_url:
        context.memberships_url = launch.memberships_url
    if context.classroom_id is None and teacher is not None:
        classroom = Classroom(teacher_id=teacher.id, name=(launch.context_title or "Course")[:200], code=_new_code())
        db.session.add(classroom)
        db.session.flush()
        context.classroom_id = classroom.id
    db.session.flush()
    return context


def roster_page(url: str, token: str) -> tuple[list[dict], str | None]:
    """One page of a names-and-roles answer, and the address of the next page if there is one."""
    response = requests.get(
        url,
        timeout=TIMEOUT,
        headers={"Authorization": f"Bearer {token}", "Accept": MEMBERSHIPS_TYPE},
    )
    response.raise_for_status()
    return list(response.json().get("members") or []), response.links.get("next", {}).get("url")


def download_roster(context: LtiContext, key_folder: Path) -> list[dict]:
    """The course’s members as the platform’s names and roles service lists them (every page of them)."""
    if not context.memberships_url:
        return []
    platform = db.session.get(LtiPlatform, context.platform_id)
    token = access_token(platform, core.SCOPE_MEMBERSHIPS, key_folder)
    members: list[dict] = []
    url: str | None = context.memberships_url
    for _ in range(50):
        if not url:
            break
        page, url = roster_page(url, token)
        members += [m for m in page if isinstance(m, dict)]
    return members


def store_roster(context: LtiContext, members: list[dict]) -> int:
    """Keep the downloaded members; the active learners go on the class list. How many members there are."""
    known = {m.user_id: m for m in context.members}
    learners = []
    for member in members:
        user_id = str(member.get("user_id") or "")[:255]
        if not user_id:
            continue
        row = known.get(user_id)
        if row is None:
            row = known[user_id] = LtiMember(lti_context_id=context.id, user_id=user_id)
            db.session.add(row)
        row.name = core.person_name(member)
        row.learner = not core.is_staff([str(r) for r in member.get("roles") or []])
        row.active = member.get("status", "Active") == "Active"
        if row.learner and row.active:
            learners.append(row.name)
    context.roster_fetched_at = utcnow()
    classroom = db.session.get(Classroom, context.classroom_id) if context.classroom_id else None
    if classroom is not None and learners:
        roster.add_list(classroom, "\n".join(learners))
    db.session.flush()
    return len(known)


# --- Links and attempts -----------------------------------------------------------------------


def link_for(platform: LtiPlatform, launch: Launch, context: LtiContext | None) -> LtiLink | None:
    """The activity this launch opened, recorded on its first launch from the quiz its deep link named."""
    link = db.session.scalar(
        select(LtiLink).where(LtiLink.platform_id == platform.id, LtiLink.resource_link_id == launch.resource_link_id)
    )
    if link is None:
        slug = str(launch.custom.get("quiz") or "")
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == slug)) if slug else None
        if quiz is None:
            return None
        link = LtiLink(platform_id=platform.id, resource_link_id=launch.resource_link_id, quiz_id=quiz.id)
        db.session.add(link)
    link.lti_context_id = context.id if context else link.lti_context_id
    if launch.lineitem_url:
        link.lineitem_url = launch.lineitem_url
    db.session.flush()
    return link


def latest_attempt(link: LtiLink, user_id: str) -> Attempt | None:
    return db.session.scalar(
        select(Attempt)
        .where(Attempt.lti_link_id == link.id, Attempt.lti_user_id == user_id)
        .order_by(Attempt.started_at.desc(), Attempt.id.desc())
        .limit(1)
    )


def start_attempt(link: LtiLink, launch: Launch, context: LtiContext | None) -> Attempt:
    """A new attempt for the platform’s student, under their platform name, in the course’s class."""
    quiz = db.session.get(Quiz, link.quiz_id)
    classroom_id = context.classroom_id if context else None
    if classroom_id is not None:
        launch.name = roster.enrol(db.session.get(Classroom, classroom_id), launch.name).name
    attempt = attempts.start(quiz, launch.name, classroom_id)
    attempt.lti_user_id, attempt.lti_link_id = launch.user_id, link.id
    db.session.add(attempt)
    return attempt


def contexts_of(teacher_id: int) -> list[LtiContext]:
    """The platform courses whose class belongs to this teacher."""
    return list(
        db.session.scalars(
            select(LtiContext)
            .join(Classroom, Classroom.id == LtiContext.classroom_id)
            .where(Classroom.teacher_id == teacher_id)
            .order_by(LtiContext.title)
        )
    )
