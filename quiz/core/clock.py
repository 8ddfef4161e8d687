"""Quiz opening and closing times: stored in UTC, typed and shown in the server's local time.

The server clock decides whether a quiz is open, so times are kept in UTC (as ``models.utcnow``)
and converted only at the edges, where a teacher types or reads them. Plain module: no Flask.
"""

from datetime import UTC, datetime


def to_utc(local: datetime | None) -> datetime | None:
    """A time typed in the server's local time zone, as naive UTC for the database."""
    return local.astimezone(UTC).replace(tzinfo=None) if local else None


def to_local(utc: datetime | None) -> datetime | None:
    """A stored naive-UTC time in the server's local time zone (naive, for a form field)."""
    return utc.replace(tzinfo=UTC).astimezone().replace(tzinfo=None) if utc else None


def show(utc: datetime | None) -> str:
    """A stored time as people read it, with its time zone."""
    if utc is None:
        return ""
    local = utc.replace(tzinfo=UTC).astimezone()
    return local.strftime("%-d %B %Y, %H:%M ") + (local.tzname() or "")
