"""Dates, times and durations as Indonesian documents write them: "24 November 2026", "14.05 WITA"."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

# Indonesia's three time zones, by the IANA names the agency may configure.
ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def month_name(month: int) -> str:
    if not 1 <= month <= 12:
        raise ValueError(f"Bulan harus 1-12 (yang diberikan: {month}).")
    return BULAN[month - 1]


def month_label(year: int, month: int) -> str:
    """"November 2026"."""
    return f"{month_name(month)} {year}"


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first and the last day of the month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def previous_month(day: date) -> tuple[int, int]:
    """(year, month) of the month before the one ``day`` falls in."""
    prev = day.replace(day=1) - timedelta(days=1)
    return prev.year, prev.month


def format_date(day: date) -> str:
    """"24 November 2026"."""
    return f"{day.day} {month_name(day.month)} {day.year}"


def format_day(day: date) -> str:
    """"Selasa, 24 November 2026"."""
    return f"{HARI[day.weekday()]}, {format_date(day)}"


def zone_label(timezone: str) -> str:
    """WIB, WITA or WIT; any other zone keeps its IANA name."""
    return ZONE_LABELS.get(timezone, timezone)


def format_timestamp(moment: datetime, timezone: str) -> str:
    """"24 November 2026 pukul 14.05 WITA" for a wall-clock ``moment`` already in ``timezone``."""
    return f"{format_date(moment.date())} pukul {moment:%H.%M} {zone_label(timezone)}"


def format_minutes(minutes: int) -> str:
    """"6.750 menit (112 jam 30 menit)"; under an hour just "45 menit"."""
    text = f"{format_number(minutes)} menit"
    hours, rest = divmod(abs(minutes), 60)
    if hours == 0:
        return text
    return f"{text} ({hours} jam {rest} menit)" if rest else f"{text} ({hours} jam)"


def format_number(value: int) -> str:
    """"6.750": thousands separated by dots."""
    return f"{value:,}".replace(",", ".")
