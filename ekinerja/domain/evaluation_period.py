"""The periods of penilaian kinerja (PermenPAN-RB 6/2022): monthly or quarterly through the year,
then the annual one, each named as the forms and documents print it."""

from __future__ import annotations

from datetime import date

from ekinerja.domain.dates import month_label
from ekinerja.domain.validation import ValidationFailed

# kind -> how many periods of it a year has
PERIODS_PER_YEAR = {"bulanan": 12, "triwulanan": 4, "tahunan": 1}
QUARTERS = ("I", "II", "III", "IV")


def period_label(kind: str, number: int, year: int) -> str:
    """"Maret 2026", "Triwulan II 2026", "Tahunan 2026"."""
    if kind == "bulanan":
        return month_label(year, number)
    if kind == "triwulanan":
        return f"Triwulan {QUARTERS[number - 1]} {year}"
    return f"Tahunan {year}"


def check_period(kind: str, number: int) -> None:
    limit = PERIODS_PER_YEAR.get(kind)
    if limit is None or not 1 <= number <= limit:
        raise ValidationFailed({"period": "Periode penilaian tidak dikenal."})


def current_period(kind: str, today: date) -> tuple[int, int]:
    """(year, number) of the last finished period of ``kind`` before ``today`` (for the default view)."""
    if kind == "bulanan":
        return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    if kind == "triwulanan":
        quarter = (today.month - 1) // 3
        return (today.year, quarter) if quarter else (today.year - 1, 4)
    return today.year - 1, 1
