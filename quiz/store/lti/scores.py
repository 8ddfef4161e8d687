"""LTI scores owed to a platform's gradebook: queued in ``lti_pending_score``, sent, and retried with a backoff."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from sqlalchemy import select

from quiz.core import lti as core
from quiz.database import begin_write
from quiz.extensions import db
from quiz.models import (
    Attempt,
    LtiLink,
    LtiPendingScore,
    LtiPlatform,
    utcnow,
)
from quiz.store.lti.platforms import TIMEOUT, access_token

FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)


def queue_score(attempt: Attempt) -> None:
    """Owe the platform this attempt’s score: a pending row, in the same transaction as the score itself."""
    pending = LtiPendingScore(attempt=attempt, next_try_at=utcnow())
    db.session.add(pending)
    db.session.info.setdefault("lti_scores_queued", []).append(pending)


def queued_in_this_session() -> list[int]:
    """Ids of the pending rows this session queued (and has since committed), emptied as it is read."""
    queued = db.session.info.pop("lti_scores_queued", [])
    return [row.id for row in queued if row.id is not None]


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


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)
