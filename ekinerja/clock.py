"""The one clock: every "now" and "today" in ekinerja is read here, so tests can pin it.

Nothing else reads the wall clock (a test fails on ``date.today()``/``datetime.now()`` elsewhere).
``EKINERJA_CLOCK_DATE=YYYY-MM-DD`` (tests and demonstrations only) moves the clock by whole days so
that the agency's local date is that day while the time of day keeps running; in-process tests use
:func:`pin_date`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from ekinerja.config import get_settings

_pinned: date | None = None


def pin_date(day: date | None) -> None:
    """Make ``day`` the local date from now on (``None``: back to the configured clock)."""
    global _pinned
    _pinned = day


def _offset() -> timedelta:
    target = _pinned or get_settings().clock_date
    if target is None:
        return timedelta(0)
    real = datetime.now(ZoneInfo(get_settings().timezone)).date()
    return timedelta(days=(target - real).days)


def utcnow() -> datetime:
    """Timestamps are stored timezone-aware in UTC (SQLModel's UTCDateTime columns)."""
    return datetime.now(UTC) + _offset()


def local_now() -> datetime:
    """Now on the agency's wall clock: working days and entry windows follow it."""
    return utcnow().astimezone(ZoneInfo(get_settings().timezone))


def local_today() -> date:
    return local_now().date()
