"""Times as people type and read them: stored as naive UTC, entered and shown in a named IANA time zone.

The server clock decides whether a quiz is open, so times are kept in UTC (as ``models.utcnow``)
and converted only at the edges, in the zone of the teacher who types or reads them (a student
reads the zone of their class's teacher). Zones come from the standard library's ``zoneinfo``,
with the ``tzdata`` package where the system has no zone files. Plain module: no Flask.
"""

from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DEFAULT = "UTC"


@cache
def zone_names() -> tuple[str, ...]:
    """Every zone a teacher can choose, as "Region/City" names, sorted (plus UTC)."""
    names = {
        n for n in available_timezones() if "/" in n and not n.startswith(("Etc/", "SystemV/", "posix/", "right/"))
    }
    return (DEFAULT, *sorted(names))


def is_known(name: str | None) -> bool:
    """Whether ``name`` is a zone a teacher may choose."""
    return bool(name) and name in zone_names()


def zone(name: str | None) -> ZoneInfo:
    """The zone of that name; UTC for an empty or unknown name, so a bad setting never breaks a page."""
    try:
        return ZoneInfo(name) if is_known(name) else ZoneInfo(DEFAULT)
    except ZoneInfoNotFoundError:
        return ZoneInfo(DEFAULT)


def to_utc(local: datetime | None, zone_name: str | None = None) -> datetime | None:
    """A time typed in ``zone_name`` (naive, from a form field), as naive UTC for the database."""
    if local is None:
        return None
    return local.replace(tzinfo=zone(zone_name)).astimezone(UTC).replace(tzinfo=None)


def to_local(utc: datetime | None, zone_name: str | None = None) -> datetime | None:
    """A stored naive-UTC time in ``zone_name`` (naive, for a form field)."""
    return utc.replace(tzinfo=UTC).astimezone(zone(zone_name)).replace(tzinfo=None) if utc else None


def _aware(utc: datetime, zone_name: str | None) -> datetime:
    return utc.replace(tzinfo=UTC).astimezone(zone(zone_name))


def _abbreviation(local: datetime) -> str:
    """The zone as its readers know it: "PST", or "UTC+05:30" where the zone has no letters."""
    name = local.tzname() or ""
    if name and name[0] not in "+-":
        return name
    return "UTC" + local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:]


def show(utc: datetime | None, zone_name: str | None = None) -> str:
    """A stored time in full, with its zone: "Friday 4 December 2026, 15:00 PST"."""
    if utc is None:
        return ""
    local = _aware(utc, zone_name)
    return local.strftime("%A %-d %B %Y, %H:%M ") + _abbreviation(local)


def short(utc: datetime | None, zone_name: str | None = None, now: datetime | None = None) -> str:
    """A time soon to come as a class reads it: "Friday 15:00 PST" within the week, else with its date."""
    if utc is None:
        return ""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    local = _aware(utc, zone_name)
    today = _aware(now, zone_name)
    if timedelta(0) <= utc - now < timedelta(days=6):
        day = "today" if local.date() == today.date() else local.strftime("%A")
        return f"{day} {local:%H:%M} {_abbreviation(local)}"
    pattern = "%A %-d %B, %H:%M " if local.year == today.year else "%A %-d %B %Y, %H:%M "
    return local.strftime(pattern) + _abbreviation(local)


def zone_label(zone_name: str | None) -> str:
    """The zone's name as people read it: "America/Los_Angeles" as "America/Los Angeles"."""
    return (zone_name if is_known(zone_name) else DEFAULT).replace("_", " ")
