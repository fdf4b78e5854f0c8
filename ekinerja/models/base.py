"""Time helpers shared by all tables and services."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Index, text

from ekinerja.config import get_settings


def utcnow() -> datetime:
    """Timestamps are stored timezone-aware in UTC (SQLModel's UTCDateTime columns)."""
    return datetime.now(UTC)


def local_now() -> datetime:
    """Now on the agency's wall clock: working days and entry windows follow it."""
    return datetime.now(ZoneInfo(get_settings().timezone))


def local_today() -> date:
    return local_now().date()


def partial_unique(name: str, *columns: str, where: str) -> Index:
    """A unique index over the rows matching ``where`` only, on SQLite and PostgreSQL alike."""
    return Index(name, *columns, unique=True, sqlite_where=text(where), postgresql_where=text(where))
