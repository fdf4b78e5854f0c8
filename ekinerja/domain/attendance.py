"""Discipline tiers from attendance: terlambat (TL) and pulang sebelum waktunya (PSW)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from ekinerja.domain.statuses import AbsenceStatus

TIERS = ((30, 1), (60, 2), (90, 3))  # up to N minutes -> tier


def absence_decidable(status: str) -> bool:
    """An izin/cuti request is approved or refused once, while it waits."""
    return status == AbsenceStatus.DIAJUKAN


def default_hours(days_per_week: int) -> dict[int, tuple[time, time]]:
    """Common Pemda jam kerja: 07:30-16:00 Mon-Thu and 07:30-16:30 Fri on a 5-day week."""
    if days_per_week == 6:
        return {**{d: (time(7, 30), time(14, 30)) for d in range(4)}, 4: (time(7, 30), time(11, 30)), 5: (time(7, 30), time(13, 0))}
    return {**{d: (time(7, 30), time(16, 0)) for d in range(4)}, 4: (time(7, 30), time(16, 30))}


def tier_for_minutes(minutes: int | None) -> int:
    """0 when on time; 1-3 by the 30/60/90-minute bounds; 4 beyond 90 minutes or with no record."""
    if minutes is None:
        return 4
    if minutes <= 0:
        return 0
    for bound, tier in TIERS:
        if minutes <= bound:
            return tier
    return 4


def minutes_between(earlier: time, later: time) -> int:
    """Whole minutes from ``earlier`` to ``later`` on the same day (negative if later is earlier)."""
    day = datetime(2000, 1, 1)
    return int((datetime.combine(day, later) - datetime.combine(day, earlier)).total_seconds() // 60)


def tier_limits(start: time, end: time) -> tuple[tuple[time, ...], tuple[time, ...]]:
    """``classify_day`` as time comparisons a database can make: (late, early), four limits each.

    A check-in at or before ``late[k]`` is TL tier k or better (k = 0-3), later is tier 4; a
    check-out at or after ``early[k]`` is PSW tier k or better. Exact to the microsecond, because
    ``minutes_between`` rounds down: ``m`` minutes late or less means less than ``m + 1`` minutes.
    """
    day, tick = datetime(2000, 1, 1), timedelta(microseconds=1)
    bounds = (0, *(bound for bound, _ in TIERS))
    late = tuple(datetime.combine(day, start) + timedelta(minutes=b + 1) - tick for b in bounds)
    early = tuple(datetime.combine(day, end) - timedelta(minutes=b + 1) + tick for b in bounds)
    # Past midnight every time of the day qualifies.
    return tuple(t.time() if t.date() == day.date() else time.max for t in late), tuple(
        t.time() if t.date() == day.date() else time.min for t in early
    )


@dataclass(frozen=True)
class DayRecord:
    """What the attendance machine saw on one working day; None when it saw nothing."""

    check_in: time | None
    check_out: time | None


@dataclass
class DisciplineCounts:
    days_present: int = 0
    absent_without_reason: int = 0
    tl: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    psw: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    absences: dict[str, int] = field(default_factory=dict)  # working days excused, per absence kind


def classify_day(record: DayRecord, *, start: time, end: time) -> tuple[int, int]:
    """(TL tier, PSW tier) of one day present."""
    late = None if record.check_in is None else minutes_between(start, record.check_in)
    early = None if record.check_out is None else minutes_between(record.check_out, end)
    return tier_for_minutes(late), tier_for_minutes(early)


def count_month(
    days: dict, *, schedule: dict, excused: set, absence_kind: dict | None = None
) -> DisciplineCounts:
    """Tally a month. ``days``: date -> DayRecord for days with any record; ``schedule``:
    working date -> (start, end); ``excused``: working dates covered by leave, duty travel or a holiday;
    ``absence_kind``: excused date -> the kind of absence covering it (counted per kind)."""
    counts = DisciplineCounts()
    for day, (start, end) in sorted(schedule.items()):
        if day in excused:
            kind = (absence_kind or {}).get(day)
            if kind:
                counts.absences[kind] = counts.absences.get(kind, 0) + 1
            continue
        record = days.get(day)
        if record is None or (record.check_in is None and record.check_out is None):
            counts.absent_without_reason += 1
            continue
        counts.days_present += 1
        tl, psw = classify_day(record, start=start, end=end)
        if tl:
            counts.tl[tl] += 1
        if psw:
            counts.psw[psw] += 1
    return counts
