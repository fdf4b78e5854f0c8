"""Tanda integritas: patterns in a month's kegiatan harian that no peer checks, pure.

Each check takes plain rows the service loaded and returns flags with their evidence.
A flag is a signal for the atasan or admin to look at, never a verdict: nothing in the
TPP calculation reads it, and the thresholds below are deliberately generous.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from ekinerja.domain.activity_rules import WorkCalendar, span_minutes
from ekinerja.domain.dates import HARI
from ekinerja.domain.labelled import LabelledEnum

# The same task with the same keterangan, word for word, on at least this many distinct days
# of the month. Routine tasks repeat by nature (the catalogue item is the same); what the
# employee writes about them should not be a pasted copy.
COPIED_MIN_DAYS = 8
# Own words shorter than this ("selesai", "ok") say too little to count as a copied text.
COPIED_MIN_CHARS = 20

# A day is flagged when its effective minutes exceed the time between the machine's
# check-in and check-out by more than this (clock drift, a short walk to the machine).
PRESENCE_TOLERANCE_MINUTES = 15
# Absences during which work is done away from the attendance machine: no presence check.
AWAY_ABSENCES = frozenset({"dinas_luar", "tugas_belajar"})

# On a working day an entry is out of hours when it starts this much before the jam kerja
# start, or ends this much after its end; short overruns at either end are ordinary.
OUT_OF_HOURS_GRACE_MINUTES = 30

# Decisions by one validator no more than this many seconds apart form one batch
# (a bulk approval decides its entries within the same second).
BATCH_GAP_SECONDS = 10
# A batch is large from this many entries on.
LARGE_BATCH_MIN = 10
# A batch is fast when its entries were approved, in the median, this soon after they arrived.
FAST_MEDIAN_SECONDS = 120
# "Every time": at least this many large batches in the month, and at least this share of them fast.
FAST_MIN_BATCHES = 3
FAST_SHARE = 0.9


class FlagKind(LabelledEnum):
    COPIED_TEXT = "uraian_berulang", "Uraian sama berulang"
    OVER_PRESENCE = "melebihi_kehadiran", "Menit melebihi waktu hadir"
    OUT_OF_HOURS = "di_luar_jam_kerja", "Di luar jam kerja tanpa tugas"
    FAST_APPROVAL = "persetujuan_kilat", "Persetujuan massal kilat"


@dataclass(frozen=True)
class Evidence:
    day: date | None
    text: str


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    subject_id: int  # the employee whose entries (or, for FAST_APPROVAL, whose decisions) show the pattern
    summary: str
    evidence: tuple[Evidence, ...]

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(e.day for e in self.evidence if e.day is not None)


@dataclass(frozen=True)
class Entry:
    """One kegiatan harian as the checks need it; rejected entries are left out by the caller."""

    employee_id: int
    day: date
    start: time
    end: time
    task: str  # the catalogue item's name or the free-text task
    catalog_item_id: int | None
    own_text: str  # what the employee wrote: the free-text task and the keterangan
    minutes: int


@dataclass(frozen=True)
class Presence:
    employee_id: int
    day: date
    check_in: time | None
    check_out: time | None


@dataclass(frozen=True)
class Decision:
    decider_id: int
    activity_id: int
    arrived_at: datetime  # when the entry was made
    decided_at: datetime
    approved: bool


@dataclass(frozen=True)
class Schedule:
    """One employee's working days (with their duty days) and the agency's jam kerja per weekday."""

    calendar: WorkCalendar
    hours: Mapping[int, tuple[time, time]] = field(default_factory=dict)


def _day(day: date) -> str:
    return f"{HARI[day.weekday()][:3]} {day:%d-%m-%Y}"


def _span(start: time, end: time) -> str:
    return f"{start:%H:%M}–{end:%H:%M}"


def normalise(text: str) -> str:
    """Lower case, punctuation dropped, whitespace collapsed: the text a copy shares with its original."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


# Copied descriptions


def copied_text(entries: Iterable[Entry]) -> list[Flag]:
    """Per employee: the same task with the same own words on COPIED_MIN_DAYS or more distinct days."""
    days: dict[tuple[int, int | None, str], set[date]] = defaultdict(set)
    shown: dict[tuple[int, int | None, str], Entry] = {}
    for entry in entries:
        words = normalise(entry.own_text)
        if len(words) < COPIED_MIN_CHARS:
            continue
        key = (entry.employee_id, entry.catalog_item_id, words)
        days[key].add(entry.day)
        shown.setdefault(key, entry)
    flags = []
    for key, found in sorted(days.items(), key=lambda kv: (kv[0][0], -len(kv[1]), kv[0][2])):
        if len(found) < COPIED_MIN_DAYS:
            continue
        entry = shown[key]
        flags.append(Flag(
            FlagKind.COPIED_TEXT, key[0],
            f"Uraian yang sama persis tercatat pada {len(found)} hari berbeda: \"{entry.own_text.strip()[:160]}\""
            + (f" (uraian tugas: {entry.task})." if entry.catalog_item_id is not None else "."),
            tuple(Evidence(d, _day(d)) for d in sorted(found)),
        ))
    return flags


# Minutes against presence


def over_presence(
    entries: Iterable[Entry], presence: Iterable[Presence], *, absences: Mapping[tuple[int, date], str] | None = None
) -> list[Flag]:
    """Per employee: days whose effective minutes exceed the time between check-in and check-out.

    A day without any machine record counts as zero minutes present; a day with only one of the
    two times cannot be measured and is left out, as are days of dinas luar or tugas belajar.
    ``absences``: (employee, day) -> absence kind covering that day.
    """
    absences = absences or {}
    minutes: dict[tuple[int, date], int] = defaultdict(int)
    for entry in entries:
        minutes[(entry.employee_id, entry.day)] += entry.minutes
    records = {(p.employee_id, p.day): p for p in presence}
    found: dict[int, list[Evidence]] = defaultdict(list)
    for (employee_id, day), worked in sorted(minutes.items()):
        kind = absences.get((employee_id, day))
        if kind in AWAY_ABSENCES:
            continue
        record = records.get((employee_id, day))
        if record is None or (record.check_in is None and record.check_out is None):
            present, seen = 0, "tidak ada catatan mesin kehadiran" + (f" (tercatat {kind.replace('_', ' ')})" if kind else "")
        elif record.check_in is None or record.check_out is None or record.check_out <= record.check_in:
            continue
        else:
            present, seen = span_minutes(record.check_in, record.check_out), f"hadir {_span(record.check_in, record.check_out)}"
        if worked > present + PRESENCE_TOLERANCE_MINUTES:
            found[employee_id].append(Evidence(day, f"{_day(day)}: {worked} menit efektif, {seen} = {present} menit"))
    return [
        Flag(FlagKind.OVER_PRESENCE, eid, f"{len(lines)} hari dengan menit efektif melebihi waktu hadir menurut mesin kehadiran.", tuple(lines))
        for eid, lines in sorted(found.items())
    ]


# Out of working hours


def out_of_hours(entries: Iterable[Entry], schedules: Mapping[int, Schedule]) -> list[Flag]:
    """Per employee: entries on a day off without a duty day, or well outside the day's jam kerja.

    A duty day (piket/dinas, from the work calendar) opens the whole day; an employee
    without a schedule is not checked.
    """
    found: dict[int, list[Evidence]] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: (e.employee_id, e.day, e.start)):
        schedule = schedules.get(entry.employee_id)
        if schedule is None or entry.day in schedule.calendar.duty_days:
            continue
        where = f"{_day(entry.day)} {_span(entry.start, entry.end)} {entry.task}"
        if not schedule.calendar.is_working_day(entry.day):
            found[entry.employee_id].append(Evidence(entry.day, f"{where} — hari libur, tanpa penugasan piket/dinas"))
            continue
        hours = schedule.hours.get(entry.day.weekday())
        if hours is None:
            continue
        start, end = hours
        early = span_minutes(entry.start, start) > OUT_OF_HOURS_GRACE_MINUTES
        late = span_minutes(end, entry.end) > OUT_OF_HOURS_GRACE_MINUTES
        if early or late:
            found[entry.employee_id].append(Evidence(entry.day, f"{where} — jam kerja {_span(start, end)}"))
    return [
        Flag(FlagKind.OUT_OF_HOURS, eid, f"{len(lines)} kegiatan di luar jam kerja tanpa penugasan piket/dinas.", tuple(lines))
        for eid, lines in sorted(found.items())
    ]


# Fast bulk approvals


@dataclass(frozen=True)
class Batch:
    decider_id: int
    decided_at: datetime
    size: int
    median_seconds: int
    fastest_seconds: int
    slowest_seconds: int

    @property
    def fast(self) -> bool:
        return self.median_seconds <= FAST_MEDIAN_SECONDS


def batches(decisions: Iterable[Decision]) -> list[Batch]:
    """Approvals grouped per validator: consecutive ones at most BATCH_GAP_SECONDS apart."""
    by_decider: dict[int, list[Decision]] = defaultdict(list)
    for decision in decisions:
        if decision.approved:
            by_decider[decision.decider_id].append(decision)
    found = []
    for decider, rows in sorted(by_decider.items()):
        rows.sort(key=lambda d: d.decided_at)
        group: list[Decision] = []
        for row in rows:
            if group and (row.decided_at - group[-1].decided_at).total_seconds() > BATCH_GAP_SECONDS:
                found.append(_batch(decider, group))
                group = []
            group.append(row)
        if group:
            found.append(_batch(decider, group))
    return found


def _batch(decider: int, group: Sequence[Decision]) -> Batch:
    waits = [max(0, int((d.decided_at - d.arrived_at).total_seconds())) for d in group]
    return Batch(decider, group[0].decided_at, len(group), int(statistics.median(waits)), min(waits), max(waits))


def fast_approvals(decisions: Iterable[Decision], *, local_time=lambda moment: moment) -> list[Flag]:
    """Per validator: (nearly) every large batch approved within seconds of its entries arriving.

    ``local_time`` turns a stored UTC moment into the agency's wall clock for the evidence.
    """
    large: dict[int, list[Batch]] = defaultdict(list)
    for batch in batches(decisions):
        if batch.size >= LARGE_BATCH_MIN:
            large[batch.decider_id].append(batch)
    flags = []
    for decider, found in sorted(large.items()):
        fast = [b for b in found if b.fast]
        if len(found) < FAST_MIN_BATCHES or len(fast) < FAST_SHARE * len(found):
            continue
        lines = tuple(
            Evidence(
                local_time(b.decided_at).date(),
                f"{local_time(b.decided_at):%d-%m-%Y %H:%M:%S}: {b.size} kegiatan disetujui sekaligus, median {b.median_seconds} detik "
                f"setelah masuk (tercepat {b.fastest_seconds}, terlama {b.slowest_seconds} detik)",
            )
            for b in found
        )
        flags.append(Flag(
            FlagKind.FAST_APPROVAL, decider,
            f"{len(fast)} dari {len(found)} persetujuan massal (≥ {LARGE_BATCH_MIN} kegiatan) diberikan dalam "
            f"{FAST_MEDIAN_SECONDS} detik setelah kegiatan masuk.",
            lines,
        ))
    return flags
