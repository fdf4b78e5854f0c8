"""The month's kinerja target of one employee, pro-rated to the working days they were expected to work.

The instansi sets a monthly target of effective minutes (commonly 112,5 jam = 6.750 menit; Kab.
Barru divides it by the month's working days, see docs/tpp.md). A person is expected to work the
instansi's working days (its 5- or 6-day week minus holidays) on which they held a definitive post,
less the days of approved absences the ruleset excuses (cuti, sakit...). The target is the monthly
target times expected days over the month's working days; in the running month only the working
days already past count, so the estimate measures the minutes so far against the target so far.

Both the TPP and the unit ranking (org_performance) measure minutes against this one target.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ekinerja.domain.dates import format_number


def expected_working_days(days: Sequence[date], spans: Iterable[tuple[date, date | None]], excused: Collection[date] = ()) -> int:
    """How many of ``days`` fall in a post held (start, end or None) and are not ``excused``."""
    held = list(spans)
    return sum(1 for day in days if day not in excused and any(start <= day and (end is None or day <= end) for start, end in held))


def prorated_minutes(monthly_minutes: int, expected_days: int, month_working_days: int) -> int:
    """``monthly_minutes x expected / month working days``, to the whole minute (half up)."""
    if month_working_days <= 0:
        return 0
    exact = Decimal(monthly_minutes) * Decimal(max(expected_days, 0)) / Decimal(month_working_days)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class KinerjaTarget:
    monthly_minutes: int
    month_working_days: int
    expected_days: int
    excused: Mapping[str, int] = field(default_factory=dict)  # absence label -> working days excused
    running: bool = False  # the running month: only the working days before today count

    @property
    def minutes(self) -> int:
        return prorated_minutes(self.monthly_minutes, self.expected_days, self.month_working_days)

    @property
    def text(self) -> str:
        """"target 3.375 menit: 11 dari 22 hari kerja (9 hari cuti tahunan tidak dihitung)"; in the
        running month "... 5 dari 22 hari kerja sampai kemarin"."""
        notes = "; ".join(f"{days} hari {label.lower()} tidak dihitung" for label, days in self.excused.items() if days)
        return (
            f"target {format_number(self.minutes)} menit: {self.expected_days} dari {self.month_working_days} hari kerja"
            f"{' sampai kemarin' if self.running else ''}{f' ({notes})' if notes else ''}"
        )


def progress_text(approved_minutes: int, target: KinerjaTarget) -> str:
    """What the running estimate measures: "1.240 menit disetujui dari target 1.534 menit: 5 dari 22 ..."."""
    text = f"{format_number(approved_minutes)} menit disetujui dari {target.text}"
    if target.running:
        return f"{text}. Perkiraan bulan berjalan: menit sejauh ini dibanding target hari kerja yang sudah berlalu."
    return f"{text}."


@dataclass(frozen=True)
class Excused:
    """An approved absence the ruleset excuses from the target."""

    label: str  # "Cuti tahunan"
    start: date
    end: date


def target_for(
    days: Sequence[date], month_working_days: int, monthly_minutes: int, spans: Sequence[tuple[date, date | None]],
    absences: Iterable[Excused] = (), *, running: bool = False,
) -> KinerjaTarget:
    """The target over ``days`` (the month's working days, or those already past): the days in a post,
    less those an excused absence covers (each day counted once, under the earliest absence)."""
    excused: dict[date, str] = {}
    for absence in sorted(absences, key=lambda a: a.start):
        for day in days:
            if absence.start <= day <= absence.end and expected_working_days([day], spans):
                excused.setdefault(day, absence.label)
    by_label: dict[str, int] = {}
    for label in excused.values():
        by_label[label] = by_label.get(label, 0) + 1
    return KinerjaTarget(monthly_minutes, month_working_days, expected_working_days(days, spans, excused), by_label, running)
