"""The time every model stamps its rows with: the current UTC time, naive, as the database stores it."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
