"""Failed tries counted in the database, so every gunicorn worker sees the same counts, with short growing waits.

A few failures are free; each one after that asks for a wait that doubles (1 s, 2 s, 4 s …) up to a
cap of a minute or so, never a lock of an hour, and the count is forgotten after a quiet spell. So a
school behind one address, or a teacher whose email a stranger knows, waits seconds, not hours, while
guessing a class code or a password stays hopeless. Keys are stored hashed: no address or email.

The caller runs inside a write transaction (``begin_write``) and commits.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quiz.models import Throttle, utcnow


@dataclass(frozen=True)
class Rule:
    """``free`` failures cost nothing; the next ones ask for a wait of 1, 2, 4 … seconds up to ``cap``."""

    free: int
    cap: timedelta
    forget_after: timedelta


RULES = {
    # Wrong class codes from one address (distinct codes only: retyping the same typo counts once).
    "join-address": Rule(free=20, cap=timedelta(seconds=30), forget_after=timedelta(minutes=15)),
    # One wrong code tried from one address: remembered so a repeat does not count again.
    "join-code": Rule(free=10**6, cap=timedelta(0), forget_after=timedelta(minutes=15)),
    # Wrong passwords from one address, whatever the account.
    "login-address": Rule(free=10, cap=timedelta(seconds=60), forget_after=timedelta(minutes=15)),
    # Wrong passwords for one account from one address.
    "login-pair": Rule(free=5, cap=timedelta(seconds=120), forget_after=timedelta(minutes=30)),
    # Wrong passwords for one account from anywhere: a higher bar, so a stranger elsewhere cannot lock its owner out.
    "login-account": Rule(free=50, cap=timedelta(seconds=30), forget_after=timedelta(minutes=30)),
}


def digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def delay(rule: Rule, failures: int) -> timedelta:
    """The wait after ``failures`` failures in a row under ``rule``."""
    over = failures - rule.free
    if over <= 0:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(over - 1, 20)), rule.cap)


def _row(session: Session, scope: str, key: str) -> Throttle | None:
    row = session.scalar(select(Throttle).where(Throttle.scope == scope, Throttle.key == key))
    if row is not None and utcnow() - row.last_failure_at > RULES[scope].forget_after:
        row.failures, row.wait_until = 0, None
    return row


def wait(session: Session, scope: str, key: str) -> int:
    """Seconds to wait before the next try counts (0: go ahead)."""
    row = _row(session, scope, key)
    if row is None or row.wait_until is None:
        return 0
    left = (row.wait_until - utcnow()).total_seconds()
    return max(0, int(left + 0.999))


def longest_wait(session: Session, keys: list[tuple[str, str]]) -> int:
    return max((wait(session, scope, key) for scope, key in keys), default=0)


def seen(session: Session, scope: str, key: str) -> bool:
    """Whether a failure under ``scope`` and ``key`` is remembered."""
    row = _row(session, scope, key)
    return row is not None and row.failures > 0


def fail(session: Session, scope: str, key: str) -> int:
    """Count one failure; the seconds the next try must wait."""
    row = _row(session, scope, key)
    if row is None:
        try:
            with session.begin_nested():
                row = Throttle(scope=scope, key=key, failures=0)
                session.add(row)
        except IntegrityError:  # another worker added it first
            row = _row(session, scope, key)
            assert row is not None
    now = utcnow()
    row.failures += 1
    row.last_failure_at = now
    pause = delay(RULES[scope], row.failures)
    row.wait_until = now + pause if pause else None
    return int(pause.total_seconds())


def clear(session: Session, scope: str, key: str) -> None:
    """Forget the failures under ``scope`` and ``key`` (after a success)."""
    session.execute(delete(Throttle).where(Throttle.scope == scope, Throttle.key == key))


def forget_old(session: Session) -> int:
    """Delete counts nobody has added to for a day: the table stays small."""
    cutoff = utcnow() - timedelta(days=1)
    return session.execute(delete(Throttle).where(Throttle.last_failure_at < cutoff)).rowcount or 0
