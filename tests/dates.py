"""Dates for tests that must pass on any day of the year (weekends, holidays, month ends)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from ekinerja.clock import local_today


def ensure_entry_day(connection, *, employee_id: int, created_by: int, day: date | None = None) -> date:
    """``day`` (default today) as a day ``employee_id`` may log work on: on a weekend or a holiday of the
    seeded calendar, a duty day (piket) set by ``created_by``. ``connection`` is a SQLAlchemy connection."""
    day = day or local_today()
    holiday = connection.execute(text("SELECT 1 FROM holiday WHERE day = :d"), {"d": day}).first()
    if day.weekday() >= 5 or holiday:
        connection.execute(
            text(
                "INSERT INTO duty_day (employee_id, day, reason, created_by_id, created_at) "
                "SELECT :e, :d, 'Piket uji', :c, CURRENT_TIMESTAMP "
                "WHERE NOT EXISTS (SELECT 1 FROM duty_day WHERE employee_id = :e AND day = :d)"
            ),
            {"e": employee_id, "d": day, "c": created_by},
        )
    return day

