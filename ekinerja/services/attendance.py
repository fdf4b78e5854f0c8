"""Kehadiran, read: working hours, the months locked after TPP payment, one employee's month, and the
month's discipline tally (TL/PSW tiers, absent without reason) for many employees at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from functools import lru_cache

from sqlalchemy import Date, Integer, Time, and_, case, exists, func, literal, or_, true, union_all
from sqlmodel import Session, col, select

from ekinerja.access import Actor, can_view_employee, require
from ekinerja.clock import local_today
from ekinerja.db import among, among_bound
from ekinerja.domain.activity_rules import WorkCalendar
from ekinerja.domain.attendance import (
    DayRecord,
    DisciplineCounts,
    classify_day,
    count_month,
    default_hours,
    tier_limits,
)
from ekinerja.domain.dates import month_bounds
from ekinerja.domain.nip import normalize_nip
from ekinerja.domain.statuses import AbsenceStatus
from ekinerja.domain.tpp import ABSENCE_LABELS
from ekinerja.models import (
    Absence,
    AttendanceRecord,
    DutyDay,
    Employee,
    Holiday,
    PositionAssignment,
    WorkingHours,
)
from ekinerja.models.tpp import TppMonthLock
from ekinerja.services.org import org_snapshot
from ekinerja.services.org_admin import require_admin
from ekinerja.services.work_calendar import instansi_of, settings_for

NOT_FOUND = "Data kehadiran tidak ditemukan atau Anda tidak berwenang melihatnya."
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def working_hours(session: Session, *, instansi_id: int | None) -> dict[int, tuple[time, time]]:
    """weekday -> (start, end) for the instansi's working week, saved rows over the defaults."""
    hours = default_hours(settings_for(session, instansi_id=instansi_id).days_per_week)
    if instansi_id is not None:
        for row in session.exec(select(WorkingHours).where(WorkingHours.instansi_id == instansi_id)):
            hours[row.weekday] = (row.start_time, row.end_time)
    return hours


def month_locked(session: Session, *, instansi_id: int | None, year: int, month: int) -> bool:
    return session.exec(
        select(TppMonthLock.id).where(TppMonthLock.instansi_id == instansi_id, TppMonthLock.year == year, TppMonthLock.month == month)
    ).first() is not None


def locked_months(session: Session, *, instansi_id: int) -> set[tuple[int, int]]:
    return {(y, m) for y, m in session.exec(select(TppMonthLock.year, TppMonthLock.month).where(TppMonthLock.instansi_id == instansi_id))}


def require_admin_over(session: Session, *, actor: Actor, employee_id: int) -> int:
    instansi_id = require_admin(actor)
    require(instansi_of(session, employee_id=employee_id) == instansi_id, "Pegawai tersebut tidak ditemukan di instansi Anda.")
    return instansi_id


def _require_view(session: Session, actor: Actor, employee_id: int) -> None:
    snapshot = org_snapshot(session, on=local_today())
    unit = snapshot.unit_of_employee(employee_id)
    require(
        can_view_employee(actor, employee_id, snapshot, employee_instansi_id=snapshot.instansi_of_unit(unit) if unit else None),
        NOT_FOUND,
    )


@dataclass(frozen=True)
class AbsenceRow:
    id: int
    employee_id: int
    employee_name: str
    kind: str
    kind_label: str
    start_date: date
    end_date: date
    note: str
    status: str
    decision_reason: str
    evidence_file_id: int | None


def absence_rows(session: Session, *, absences: Iterable[Absence]) -> list[AbsenceRow]:
    rows = list(absences)
    names = dict(session.exec(select(Employee.id, Employee.name).where(col(Employee.id).in_({r.employee_id for r in rows}))).all())
    return [
        AbsenceRow(r.id, r.employee_id, names.get(r.employee_id, ""), r.kind, ABSENCE_LABELS.get(r.kind, r.kind),
                   r.start_date, r.end_date, r.note, r.status, r.decision_reason, r.evidence_file_id)
        for r in rows
    ]


def pending_absences(session: Session, *, actor: Actor) -> list[AbsenceRow]:
    instansi_id = require_admin(actor)
    snapshot = org_snapshot(session, on=local_today())
    rows = [
        r for r in session.exec(select(Absence).where(Absence.status == AbsenceStatus.DIAJUKAN).order_by(Absence.start_date))
        if (unit := snapshot.unit_of_employee(r.employee_id)) and snapshot.instansi_of_unit(unit) == instansi_id
    ]
    return absence_rows(session, absences=rows)


@dataclass(frozen=True)
class DayRow:
    day: date
    weekday: str
    check_in: str
    check_out: str
    status: str  # what the day counts as
    flags: str  # TL2, PSW1, ...
    corrected: str  # the correction's reason, or ""


@dataclass(frozen=True)
class MonthAttendance:
    rows: list[DayRow]
    counts: DisciplineCounts
    absences: list[AbsenceRow]


def month_attendance(session: Session, *, actor: Actor, employee_id: int, year: int, month: int) -> MonthAttendance:
    """Every record of the employee's month (the employee sees all of them) and its tally."""
    _require_view(session, actor, employee_id)
    first, last = month_bounds(year, month)
    inputs = discipline_inputs(session, employee_ids=[employee_id], year=year, month=month)
    data = inputs.get(employee_id)
    records = {
        r.day: r
        for r in session.exec(
            select(AttendanceRecord).where(AttendanceRecord.employee_id == employee_id, AttendanceRecord.day >= first, AttendanceRecord.day <= last)
        )
    }
    absences = session.exec(
        select(Absence).where(Absence.employee_id == employee_id, Absence.start_date <= last, Absence.end_date >= first).order_by(Absence.start_date)
    ).all()
    rows = []
    day = first
    while day <= last:
        record = records.get(day)
        scheduled = data.schedule.get(day) if data else None
        status, flags = "", ""
        if data and day in data.excused:
            status = ABSENCE_LABELS.get(data.absence_kind.get(day, ""), "Dikecualikan")
        elif scheduled:
            if record is None or (record.check_in is None and record.check_out is None):
                status = "Tanpa keterangan"
            else:
                tl, psw = classify_day(DayRecord(record.check_in, record.check_out), start=scheduled[0], end=scheduled[1])
                status = "Hadir"
                flags = " ".join(f for f in (f"TL{tl}" if tl else "", f"PSW{psw}" if psw else "") if f)
        elif record is not None:
            status = "Hadir (di luar hari kerja)"
        if record is not None or status:
            rows.append(
                DayRow(
                    day, WEEKDAYS[day.weekday()],
                    f"{record.check_in:%H:%M}" if record and record.check_in else "-",
                    f"{record.check_out:%H:%M}" if record and record.check_out else "-",
                    status, flags, record.correction_reason if record and record.source == "koreksi" else "",
                )
            )
        day += timedelta(days=1)
    return MonthAttendance(rows=rows, counts=data.counts if data else DisciplineCounts(), absences=absence_rows(session, absences=absences))


@dataclass(frozen=True)
class DisciplineInput:
    schedule: dict[date, tuple[time, time]]
    excused: set[date]
    absence_kind: dict[date, str]
    counts: DisciplineCounts
    until: date


def _calendars(
    session: Session, ids: list[int], first: date, last: date
) -> tuple[dict[int, int | None], dict[int | None, tuple[WorkCalendar, dict[int, tuple[time, time]]]]]:
    """(each employee's instansi, each instansi's calendar of the month without duty days and its working hours)."""
    snapshot = org_snapshot(session, on=min(last, local_today()))
    instansi_of_employee = {}
    for eid in ids:
        unit = snapshot.unit_of_employee(eid)
        instansi_of_employee[eid] = snapshot.instansi_of_unit(unit) if unit else None
    calendars = {}
    for instansi_id in set(instansi_of_employee.values()):
        holidays = frozenset(
            session.exec(select(Holiday.day).where(Holiday.instansi_id == instansi_id, Holiday.day >= first, Holiday.day <= last))
        )
        calendars[instansi_id] = (WorkCalendar(settings_for(session, instansi_id=instansi_id).days_per_week, holidays), working_hours(session, instansi_id=instansi_id))
    return instansi_of_employee, calendars


def discipline_inputs(
    session: Session, *, employee_ids: list[int], year: int, month: int, until: date | None = None
) -> dict[int, DisciplineInput]:
    """The month's tally per employee, with a handful of queries whatever the number of employees.

    Only days before ``until`` (default today) count, and only days the employee held a
    definitive position: a day not yet over is never an absence.
    """
    first, last = month_bounds(year, month)
    until = until or local_today()
    stop = min(last, until - timedelta(days=1))
    ids = list(employee_ids)
    if not ids:
        return {}
    instansi_of_employee, calendars = _calendars(session, ids, first, last)
    records: dict[int, dict[date, DayRecord]] = {}
    # Plain columns, not ORM objects: an instansi-wide month is hundreds of thousands of rows.
    for eid, day, check_in, check_out in session.exec(
        select(AttendanceRecord.employee_id, AttendanceRecord.day, AttendanceRecord.check_in, AttendanceRecord.check_out)
        .where(among(session, AttendanceRecord.employee_id, ids), AttendanceRecord.day >= first, AttendanceRecord.day <= last)
    ):
        records.setdefault(eid, {})[day] = DayRecord(check_in, check_out)
    duty: dict[int, set[date]] = {}
    for eid, day in session.exec(select(DutyDay.employee_id, DutyDay.day).where(among(session, DutyDay.employee_id, ids), DutyDay.day >= first, DutyDay.day <= last)):
        duty.setdefault(eid, set()).add(day)
    absence_kind: dict[int, dict[date, str]] = {}
    for a in session.exec(
        select(Absence).where(among(session, Absence.employee_id, ids), Absence.status == AbsenceStatus.DISETUJUI, Absence.start_date <= last, Absence.end_date >= first)
    ):
        day = max(a.start_date, first)
        while day <= min(a.end_date, last):
            absence_kind.setdefault(a.employee_id, {})[day] = a.kind
            day += timedelta(days=1)
    spans: dict[int, list[tuple[date, date]]] = {}
    for eid, start, end in session.exec(
        select(PositionAssignment.employee_id, PositionAssignment.start_date, PositionAssignment.end_date).where(
            among(session, PositionAssignment.employee_id, ids), PositionAssignment.kind == "definitif",
            PositionAssignment.start_date <= last, or_(PositionAssignment.end_date.is_(None), PositionAssignment.end_date >= first),
        )
    ):
        spans.setdefault(eid, []).append((start, end or last))
    result = {}
    for eid in ids:
        base, hours = calendars[instansi_of_employee[eid]]
        cal = replace(base, duty_days=frozenset(duty.get(eid, ())))
        schedule = {}
        day = first
        while day <= stop:
            if cal.is_working_day(day) and any(s <= day <= e for s, e in spans.get(eid, ())):
                schedule[day] = hours.get(day.weekday(), hours[0])
            day += timedelta(days=1)
        kinds = {d: k for d, k in absence_kind.get(eid, {}).items() if d in schedule}
        counts = count_month(records.get(eid, {}), schedule=schedule, excused=set(kinds), absence_kind=kinds)
        result[eid] = DisciplineInput(schedule, set(kinds), kinds, counts, until)
    return result


def discipline_counts(session: Session, *, employee_ids: list[int], year: int, month: int) -> dict[int, DisciplineCounts]:
    """The month's tally per employee as ``discipline_inputs`` counts it (days before today), tallied by
    the database: two queries per instansi, returning a row per employee instead of one per day."""
    first, last = month_bounds(year, month)
    stop = min(last, local_today() - timedelta(days=1))
    ids = list(employee_ids)
    result = {eid: DisciplineCounts() for eid in ids}
    if not ids or stop < first:
        return result
    instansi_of_employee, calendars = _calendars(session, ids, first, last)
    duty_days = set(session.exec(select(DutyDay.day).distinct().where(DutyDay.day >= first, DutyDay.day <= stop)))
    dialect = session.get_bind().dialect.name
    for instansi_id, (calendar, hours) in calendars.items():
        members = [eid for eid in ids if instansi_of_employee[eid] == instansi_id]
        schedule = _schedule(calendar, hours, duty_days, first, stop)
        if not schedule:
            continue  # no day to count yet (the month's first days were holidays)
        attended, excused = _tally(dialect, schedule, first, stop)
        for eid, days, present, *tiers in session.exec(attended, params={"ids": members}):
            counts = result[eid]
            counts.days_present, counts.absent_without_reason = present, days - present
            counts.tl = dict(zip((1, 2, 3, 4), tiers[:4], strict=True))
            counts.psw = dict(zip((1, 2, 3, 4), tiers[4:], strict=True))
        for eid, kind, days in session.exec(excused, params={"ids": members}):
            result[eid].absences[kind] = days
    return result


def _schedule(
    calendar: WorkCalendar, hours: dict[int, tuple[time, time]], duty_days: set[date], first: date, stop: date,
) -> tuple[tuple[date, bool, tuple[time, ...], tuple[time, ...]], ...]:
    """The days ``_tally`` counts, each with whether it is a working day and its TL and PSW limits."""
    days = []
    day = first
    while day <= stop:
        if calendar.is_working_day(day) or day in duty_days:
            late, early = tier_limits(*hours.get(day.weekday(), hours[0]))
            days.append((day, calendar.is_working_day(day), tuple(late), tuple(early)))
        day += timedelta(days=1)
    return tuple(days)


@lru_cache(maxsize=256)
def _tally(dialect: str, schedule: tuple[tuple[date, bool, tuple[time, ...], tuple[time, ...]], ...], first: date, stop: date):
    """(per employee: scheduled days not excused, days present, TL 1-4 and PSW 1-4 counts;
    per employee and absence kind: scheduled days excused), for the employees of parameter ``ids``.

    A scheduled day is a day of the month up to ``stop`` in a definitive position that is a working
    day of the instansi or one of the employee's duty days; tiers compare against ``tier_limits``.
    Built once per month's schedule and kept: building and compiling the union of a SELECT per day
    again for each Dashboard cost more than the database's work (issue 17).
    """
    days = [
        select(
            literal(day, Date).label("day"), literal(1 if working else 0, Integer).label("working"),
            *(literal(t, Time).label(f"late{k}") for k, t in enumerate(late)),
            *(literal(t, Time).label(f"early{k}") for k, t in enumerate(early)),
        )
        for day, working, late, early in schedule
    ]
    cal = union_all(*days).subquery("cal")
    held = exists().where(
        PositionAssignment.employee_id == Employee.id, PositionAssignment.kind == "definitif",
        PositionAssignment.start_date <= cal.c.day, or_(PositionAssignment.end_date.is_(None), PositionAssignment.end_date >= cal.c.day),
    )
    on_duty = exists().where(DutyDay.employee_id == Employee.id, DutyDay.day == cal.c.day)
    covers = and_(
        Absence.employee_id == Employee.id, Absence.status == AbsenceStatus.DISETUJUI, Absence.start_date <= cal.c.day, Absence.end_date >= cal.c.day,
        Absence.start_date <= stop, Absence.end_date >= first,
    )

    def scheduled(*columns):
        return (
            select(Employee.id, *columns).select_from(Employee).join(cal, true())
            .where(among_bound(dialect, Employee.id, "ids"), held, or_(cal.c.working == 1, on_duty))
        )

    check_in, check_out = AttendanceRecord.check_in, AttendanceRecord.check_out
    present = or_(check_in.is_not(None), check_out.is_not(None))
    late_tier = case((check_in.is_(None), 4), *((check_in <= cal.c[f"late{k}"], k) for k in range(4)), else_=4)
    early_tier = case((check_out.is_(None), 4), *((check_out >= cal.c[f"early{k}"], k) for k in range(4)), else_=4)
    attended = (
        scheduled(
            func.count(), func.sum(case((present, 1), else_=0)),
            *(func.sum(case((and_(present, late_tier == tier), 1), else_=0)) for tier in (1, 2, 3, 4)),
            *(func.sum(case((and_(present, early_tier == tier), 1), else_=0)) for tier in (1, 2, 3, 4)),
        )
        .outerjoin(AttendanceRecord, and_(
            # The explicit range keeps the join to the month's rows, however many years the table holds.
            AttendanceRecord.employee_id == Employee.id, AttendanceRecord.day == cal.c.day, AttendanceRecord.day.between(first, stop),
        ))
        .where(~exists().where(covers))
        .group_by(Employee.id)
    )
    excused = scheduled(Absence.kind, func.count()).join(Absence, covers).group_by(Employee.id, Absence.kind)
    return attended, excused


def employee_id_by_nip(session: Session, *, nip: str) -> int | None:
    return session.exec(select(Employee.id).where(Employee.nip == normalize_nip(nip))).first()
