"""LTI 1.3 in the database: registered platforms, login states and used nonces, courses, links, scores.

A launch is checked here against the platform's published keys (fetched with PyJWT's key-set client,
which fetches the set once more when a token names a key it has not seen). Scores owed to a
platform wait in ``lti_pending_score`` until the platform accepts them: ``send_scores`` tries each
due row and, when the platform fails, sets the next try further off (one minute, doubling, at most
six hours). Nothing here imports Flask: the web views and the command line both call it.
"""

import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import jwt
import requests
from sqlalchemy import delete, select

from quiz.core import codes
from quiz.core import lti as core
from quiz.core.lti import Launch, Refused
from quiz.core.passwords import hash_password
from quiz.database import begin_write
from quiz.extensions import db
from quiz.models import (
    Attempt,
    Classroom,
    LtiContext,
    LtiInstructor,
    LtiLink,
    LtiMember,
    LtiNonce,
    LtiPendingScore,
    LtiPlatform,
    LtiState,
    Quiz,
    Teacher,
    utcnow,
)
from quiz.store import attempts, roster

__all__ = ["Refused", "Launch", "add_platform", "begin_login", "accept_launch", "queue_score", "send_scores"]

STATE_LIFETIME = timedelta(minutes=10)
NONCE_KEPT = timedelta(days=1)
TIMEOUT = (5, 15)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
# How far a platform's clock may be from ours when its token's times are checked.
LEEWAY_SECONDS = 60
MEMBERSHIPS_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"


# --- Platforms --------------------------------------------------------------------------------


def _url(value: str, what: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError(f"The {what} must be a full web address starting with https:// (got {value!r}).")
    return value.strip()


def add_platform(
    issuer: str, client_id: str, deployment_ids: list[str], auth_url: str, token_url: str, jwks_url: str
) -> LtiPlatform:
    """Register a platform; ``ValueError`` in plain words for a bad address or one already registered."""
    issuer, client_id = issuer.strip(), client_id.strip()
    if not issuer or not client_id or not [d for d in deployment_ids if d.strip()]:
        raise ValueError("The issuer, client id and at least one deployment id are all needed.")
    if find_platform(issuer, client_id) is not None:
        raise ValueError(f"The platform {issuer} with client id {client_id} is already registered.")
    platform = LtiPlatform(
        issuer=issuer,
        client_id=client_id,
        deployment_ids=sorted({d.strip() for d in deployment_ids if d.strip()}),
        auth_url=_url(auth_url, "authorisation URL"),
        token_url=_url(token_url, "token URL"),
        jwks_url=_url(jwks_url, "key set URL"),
    )
    db.session.add(platform)
    db.session.flush()
    return platform


def platforms() -> list[LtiPlatform]:
    return list(db.session.scalars(select(LtiPlatform).order_by(LtiPlatform.issuer, LtiPlatform.client_id)))


def find_platform(issuer: str, client_id: str | None = None) -> LtiPlatform | None:
    """The platform of this issuer (and client id, needed when one issuer has several registrations)."""
    query = select(LtiPlatform).where(LtiPlatform.issuer == issuer)
    if client_id:
        query = query.where(LtiPlatform.client_id == client_id)
    found = db.session.scalars(query.limit(2)).all()
    return found[0] if len(found) == 1 else None


def remove_platform(issuer: str, client_id: str) -> bool:
    """Forget a platform, its courses and links; attempts made through it stay, as plain attempts."""
    platform = find_platform(issuer, client_id)
    if platform is None:
        return False
    link_ids = select(LtiLink.id).where(LtiLink.platform_id == platform.id)
    # Scores owed to a platform that is gone can never be sent.
    db.session.execute(
        delete(LtiPendingScore).where(
            LtiPendingScore.attempt_id.in_(select(Attempt.id).where(Attempt.lti_link_id.in_(link_ids)))
        )
    )
    for attempt in db.session.scalars(select(Attempt).where(Attempt.lti_link_id.in_(link_ids))):
        attempt.lti_link_id = None
    db.session.flush()
    for model in (LtiLink, LtiInstructor, LtiState, LtiNonce):
        db.session.execute(delete(model).where(model.platform_id == platform.id))
    for context in db.session.scalars(select(LtiContext).where(LtiContext.platform_id == platform.id)):
        db.session.delete(context)
    db.session.delete(platform)
    return True


# --- Login and launch -------------------------------------------------------------------------


def begin_login(issuer: str, client_id: str | None) -> tuple[LtiPlatform, LtiState]:
    """A new state and nonce for a login the platform began; old states are cleared out."""
    platform = find_platform(issuer, client_id)
    if platform is None:
        raise Refused("This learning platform is not registered with the quiz. Ask the server’s administrator.")
    db.session.execute(delete(LtiState).where(LtiState.created_at < utcnow() - STATE_LIFETIME))
    state = LtiState(platform_id=platform.id, state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32))
    db.session.add(state)
    return platform, state


_key_sets: dict[str, jwt.PyJWKClient] = {}
_key_sets_lock = threading.Lock()
# A token naming a key the tool has not seen makes it fetch the platform's key set once more, but not
# more often than this: a stream of made-up key ids cannot turn the tool against the platform.
KEY_SET_COOLDOWN_SECONDS = 5.0


def platform_keys(jwks_url: str) -> jwt.PyJWKClient:
    """The platform’s key set, kept an hour, and fetched again when a token names a key not in it."""
    with _key_sets_lock:
        if jwks_url not in _key_sets:
            _key_sets[jwks_url] = jwt.PyJWKClient(
                jwks_url, lifespan=3600, timeout=10, cooldown_duration=KEY_SET_COOLDOWN_SECONDS
            )
        return _key_sets[jwks_url]


def accept_launch(id_token: str, state_value: str) -> tuple[LtiPlatform, Launch]:
    """Check a launch (reading only: call ``use_launch`` in a write next); ``Refused`` when anything is wrong."""
    state = db.session.scalar(select(LtiState).where(LtiState.state == state_value)) if state_value else None
    if state is None or state.created_at < utcnow() - STATE_LIFETIME:
        raise Refused(
            "This launch does not match a sign-in begun here (its state is unknown or has expired). "
            "Open the activity again from your course."
        )
    platform = db.session.get(LtiPlatform, state.platform_id)
    try:
        key = platform_keys(platform.jwks_url).get_signing_key_from_jwt(id_token)
        claims = jwt.decode(
            id_token,
            key.key,
            algorithms=[core.ALGORITHM],
            audience=platform.client_id,
            issuer=platform.issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "iat", "iss", "aud", "sub", "nonce"]},
        )
    except jwt.ExpiredSignatureError:
        raise Refused("The launch has expired. Open the activity again from your course.") from None
    except jwt.InvalidAudienceError:
        raise Refused("The launch was meant for another tool (its audience is not this tool).") from None
    except jwt.InvalidIssuerError:
        raise Refused("The launch does not come from the platform that began the sign-in (wrong issuer).") from None
    except jwt.PyJWKClientConnectionError:
        raise Refused("The platform’s public keys could not be fetched just now. Try again in a moment.") from None
    except jwt.PyJWKClientError:
        raise Refused("The launch is signed with a key the platform does not publish.") from None
    except jwt.InvalidSignatureError:
        raise Refused("The launch’s signature does not match the platform’s key.") from None
    except jwt.InvalidTokenError as error:
        raise Refused(f"The launch could not be read as a signed LTI message ({error}).") from None
    launch = core.read_launch(claims, platform.deployment_ids, platform.client_id, state.nonce)
    if _nonce_used(platform.id, launch.nonce):
        raise Refused("This launch was already used. Open the activity again from your course.")
    return platform, launch


def _nonce_used(platform_id: int, nonce: str) -> bool:
    return (
        db.session.scalar(select(LtiNonce.id).where(LtiNonce.platform_id == platform_id, LtiNonce.nonce == nonce))
        is not None
    )


def use_launch(platform: LtiPlatform, launch: Launch) -> None:
    """Mark the checked launch’s nonce used (in a write): the state, which carries it, cannot serve twice."""
    if _nonce_used(platform.id, launch.nonce):
        raise Refused("This launch was already used. Open the activity again from your course.")
    db.session.execute(delete(LtiNonce).where(LtiNonce.used_at < utcnow() - NONCE_KEPT))
    db.session.add(LtiNonce(platform_id=platform.id, nonce=launch.nonce))
    db.session.flush()


# --- Teachers, courses and rosters ------------------------------------------------------------


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


# --- Scores back to the gradebook -------------------------------------------------------------


def queue_score(attempt: Attempt) -> None:
    """Owe the platform this attempt’s score: a pending row, in the same transaction as the score itself."""
    pending = LtiPendingScore(attempt=attempt, next_try_at=utcnow())
    db.session.add(pending)
    db.session.info.setdefault("lti_scores_queued", []).append(pending)


def queued_in_this_session() -> list[int]:
    """Ids of the pending rows this session queued (and has since committed), emptied as it is read."""
    queued = db.session.info.pop("lti_scores_queued", [])
    return [row.id for row in queued if row.id is not None]


_tokens: dict[tuple[str, str, str], tuple[str, float]] = {}


def access_token(platform: LtiPlatform, scope: str, key_folder: Path) -> str:
    """A service token from the platform (client-credentials grant, signed JWT), reused until near its end."""
    cache_key = (platform.token_url, platform.client_id, scope)
    if (cached := _tokens.get(cache_key)) and cached[1] > time.time() + 30:
        return cached[0]
    assertion = core.client_assertion(platform.client_id, platform.token_url, core.signing_key(key_folder))
    response = requests.post(
        platform.token_url,
        timeout=TIMEOUT,
        data={
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion,
            "scope": scope,
        },
    )
    response.raise_for_status()
    answer = response.json()
    _tokens[cache_key] = (answer["access_token"], time.time() + float(answer.get("expires_in", 3600)))
    return answer["access_token"]


def post_score(attempt: Attempt, link: LtiLink, platform: LtiPlatform, key_folder: Path) -> None:
    """Send one attempt’s score to the line item of its link; raises when the platform does not accept it."""
    if not link.lineitem_url:
        raise RuntimeError("the platform gave this activity no gradebook column (no line item)")
    token = access_token(platform, core.SCOPE_SCORE, key_folder)
    submitted = (attempt.submitted_at or utcnow()).replace(tzinfo=UTC)
    body = {
        "userId": attempt.lti_user_id,
        "scoreGiven": attempt.score or 0,
        "scoreMaximum": attempt.max_score,
        "activityProgress": "Completed",
        "gradingProgress": "FullyGraded",
        "timestamp": submitted.isoformat(timespec="milliseconds"),
    }
    response = requests.post(
        core.score_url(link.lineitem_url),
        json=body,
        timeout=TIMEOUT,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/vnd.ims.lis.v1.score+json"},
    )
    response.raise_for_status()


def next_delay(tries: int) -> timedelta:
    """How long to wait after the ``tries``-th failure: one minute, doubling, at most six hours."""
    return min(FIRST_RETRY * (2 ** max(tries - 1, 0)), LONGEST_RETRY)


@dataclass
class Sent:
    sent: int = 0
    failed: int = 0


def send_scores(
    key_folder: Path, only: list[int] | None = None, now: datetime | None = None, skip_failing: bool = False
) -> Sent:
    """Try the pending scores that are due (or the rows ``only`` names); each outcome is committed at once.

    With ``skip_failing`` (a submit sending its own score) a platform that is already failing is not tried:
    its rows wait for the next due run, so a platform that is down does not hold every student's request open.
    """
    now = now or utcnow()
    query = select(LtiPendingScore.id).order_by(LtiPendingScore.next_try_at)
    query = (
        query.where(LtiPendingScore.id.in_(only))
        if only is not None
        else query.where(LtiPendingScore.next_try_at <= now)
    )
    ids = list(db.session.scalars(query))
    db.session.rollback()
    outcome = Sent()
    failing = platforms_failing(now) if skip_failing else set()
    for pending_id in ids:
        pending = db.session.get(LtiPendingScore, pending_id)
        if pending is not None and pending.attempt.lti_link_id is not None and failing:
            link = db.session.get(LtiLink, pending.attempt.lti_link_id)
            if link is not None and link.platform_id in failing:
                db.session.rollback()
                continue
        attempt = pending.attempt if pending else None
        link = db.session.get(LtiLink, attempt.lti_link_id) if attempt and attempt.lti_link_id else None
        error = ""
        try:
            if link is None:
                raise RuntimeError("the attempt is no longer linked to a platform activity")
            post_score(attempt, link, link.platform, key_folder)
        except (requests.RequestException, RuntimeError, KeyError, ValueError) as failure:
            error = str(failure)[:1000] or type(failure).__name__
        db.session.rollback()
        begin_write()
        pending = db.session.get(LtiPendingScore, pending_id)
        if pending is None:
            db.session.rollback()
            continue
        if error:
            pending.tries += 1
            pending.last_error = error
            pending.next_try_at = utcnow() + next_delay(pending.tries)
            outcome.failed += 1
        else:
            db.session.delete(pending)
            outcome.sent += 1
        db.session.commit()
    return outcome


def platforms_failing(now: datetime) -> set[int]:
    """The platforms with a score that failed and waits for its next try."""
    return set(
        db.session.scalars(
            select(LtiLink.platform_id)
            .join(Attempt, Attempt.lti_link_id == LtiLink.id)
            .join(LtiPendingScore, LtiPendingScore.attempt_id == Attempt.id)
            .where(LtiPendingScore.tries > 0, LtiPendingScore.next_try_at > now)
            .distinct()
        )
    )


def pending_scores() -> list[LtiPendingScore]:
    return list(db.session.scalars(select(LtiPendingScore).order_by(LtiPendingScore.next_try_at)))


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


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)
