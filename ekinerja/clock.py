"""The one clock: every "now" and "today" in ekinerja is read here, so tests can pin it.

Nothing else reads the wall clock (a test fails on ``date.today()``/``datetime.now()`` elsewhere).
``EKINERJA_CLOCK_DATE=YYYY-MM-DD`` (tests and demonstrations only) moves the clock by whole days so
that the agency's local date is that day while the time of day keeps running; in-process tests use
:func:`pin_date`.

Time zones: each instansi has its own (its work settings; a national deployment spans WIB, WITA and
WIT). Functions that take ``zone`` use it when given and the deployment's ``EKINERJA_TIMEZONE``
otherwise, so code with no instansi at hand keeps working with the deployment default.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from ekinerja.config import get_settings
from ekinerja.domain.dates import zone_label

_pinned: date | None = None


def pin_date(day: date | None) -> None:
    """Make ``day`` the local date from now on (``None``: back to the configured clock)."""
    global _pinned
    _pinned = day


def zone_name(zone: str | None = None) -> str:
    """The IANA name of ``zone``, or of the deployment default when none is given."""
    return zone or get_settings().timezone


def _offset(zone: str | None = None) -> timedelta:
    target = _pinned or get_settings().clock_date
    if target is None:
        return timedelta(0)
    real = datetime.now(ZoneInfo(zone_name(zone))).date()
    return timedelta(days=(target - real).days)


def utcnow() -> datetime:
    """Timestamps are stored timezone-aware in UTC (SQLModel's UTCDateTime columns)."""
    return datetime.now(UTC) + _offset()


def local_now(zone: str | None = None) -> datetime:
    """Now on the wall clock of ``zone`` (default: the deployment's): working days and entry windows follow it."""
    return (datetime.now(UTC) + _offset(zone)).astimezone(ZoneInfo(zone_name(zone)))


def local_today(zone: str | None = None) -> date:
    return local_now(zone).date()


def to_local(moment: datetime, zone: str | None = None) -> datetime:
    """A stored timestamp on the wall clock of ``zone``; a naive one (SQLite) is UTC."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(zone_name(zone)))


def local_date(moment: datetime, zone: str | None = None) -> date:
    """The date a stored timestamp fell on in ``zone`` (a 23:30 UTC approval is the next day in WITA)."""
    return to_local(moment, zone).date()


def format_local(moment: datetime, zone: str | None = None, *, seconds: bool = False) -> str:
    """"24-11-2026 14.05 WITA": a stored timestamp as a table shows it, with the zone's abbreviation."""
    local = to_local(moment, zone)
    clock = f"{local:%H.%M.%S}" if seconds else f"{local:%H.%M}"
    return f"{local:%d-%m-%Y} {clock} {zone_label(zone_name(zone))}"
