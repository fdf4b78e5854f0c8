"""Tanda integritas for a month: the rows loaded with SQL, the checks of domain/integrity.py run on them.

Flags are computed when asked for, never stored, and nothing in TPP reads them. Who sees what:
- an atasan: the flags of the team they validate for today (direct subordinates, and those of an
  atasan who delegated to them as Plt/Plh, as Input Pimpinan decides), including the fast-approval
  flag of a team member who is an atasan in turn, but never a flag about their own atasan;
- an admin: every flag of their instansi, filtered by unit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from ekinerja.access import Actor
from ekinerja.clock import local_today, zone_name
from ekinerja.domain import integrity as checks
from ekinerja.domain.activity_rules import WorkCalendar
from ekinerja.domain.dates import month_bounds
from ekinerja.domain.names import display_name
from ekinerja.domain.statuses import AbsenceStatus, ActivityStatus
from ekinerja.models import (
    Absence,
    ActivityCatalogItem,
    AttendanceRecord,
    DailyActivity,
    DutyDay,
    Employee,
    Holiday,
)
from ekinerja.services.activity_review import team_of
from ekinerja.services.attendance import working_hours
from ekinerja.services.org import instansi_zone, org_snapshot
from ekinerja.services.org_admin import require_admin, unit_scope
from ekinerja.services.work_calendar import settings_for

KIND_ORDER = {kind: i for i, kind in enumerate(checks.FlagKind)}


@dataclass(frozen=True)
class FlagRow:
    kind: str  # FlagKind value
    label: str
    employee_id: int
    name: str
    nip: str
    summary: str
    evidence: list[str]


def _entries(session: Session, ids: list[int], first: date, last: date) -> list[checks.Entry]:
    a = DailyActivity
    rows = session.exec(
        select(a.employee_id, a.activity_date, a.start_time, a.end_time, ActivityCatalogItem.name, a.catalog_item_id, a.task_text, a.description, a.effective_minutes)
        .join(ActivityCatalogItem, ActivityCatalogItem.id == a.catalog_item_id, isouter=True)
        .where(col(a.employee_id).in_(ids), a.activity_date >= first, a.activity_date <= last, a.status != ActivityStatus.DITOLAK)
    ).all()
    return [
        checks.Entry(employee_id, day, start, end, name or task_text, item_id, " — ".join(t for t in (task_text.strip(), description.strip()) if t), minutes)
        for employee_id, day, start, end, name, item_id, task_text, description, minutes in rows
    ]


def _presence(session: Session, ids: list[int], first: date, last: date) -> list[checks.Presence]:
    r = AttendanceRecord
    return [
        checks.Presence(*row)
        for row in session.exec(
            select(r.employee_id, r.day, r.check_in, r.check_out).where(col(r.employee_id).in_(ids), r.day >= first, r.day <= last)
        )
    ]


def _absences(session: Session, ids: list[int], first: date, last: date) -> dict[tuple[int, date], str]:
    found = {}
    for row in session.exec(
        select(Absence).where(
            col(Absence.employee_id).in_(ids), Absence.status == AbsenceStatus.DISETUJUI, Absence.start_date <= last, Absence.end_date >= first
        )
    ):
        day = max(row.start_date, first)
        while day <= min(row.end_date, last):
            found[(row.employee_id, day)] = row.kind
            day += timedelta(days=1)
    return found


def _schedules(session: Session, ids: list[int], instansi_id: int | None, first: date, last: date) -> dict[int, checks.Schedule]:
    holidays = frozenset(session.exec(
        select(Holiday.day).where(Holiday.instansi_id == instansi_id, Holiday.day >= first, Holiday.day <= last)
    ).all())
    duty: dict[int, set[date]] = defaultdict(set)
    for employee_id, day in session.exec(
        select(DutyDay.employee_id, DutyDay.day).where(col(DutyDay.employee_id).in_(ids), DutyDay.day >= first, DutyDay.day <= last)
    ):
        duty[employee_id].add(day)
    days_per_week = settings_for(session, instansi_id=instansi_id).days_per_week
    hours = working_hours(session, instansi_id=instansi_id)
    return {eid: checks.Schedule(WorkCalendar(days_per_week, holidays, frozenset(duty[eid])), hours) for eid in ids}


def _decisions(session: Session, ids: list[int], first: date, last: date, zone: ZoneInfo) -> list[checks.Decision]:
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return [
        checks.Decision(decider, activity_id, created, decided, True)
        for activity_id, decider, created, decided in session.exec(
            select(DailyActivity.id, DailyActivity.decided_by_id, DailyActivity.created_at, DailyActivity.decided_at).where(
                col(DailyActivity.decided_by_id).in_(ids), DailyActivity.status == ActivityStatus.DISETUJUI,
                DailyActivity.decided_at >= start, DailyActivity.decided_at < end,
            )
        )
    ]


def compute_flags(session: Session, *, employee_ids: list[int], instansi_id: int | None, year: int, month: int) -> list[checks.Flag]:
    """Every flag of the month about these employees (as workers, and as validators)."""
    if not employee_ids:
        return []
    first, last = month_bounds(year, month)
    zone = ZoneInfo(zone_name(instansi_zone(session, instansi_id=instansi_id)))
    entries = _entries(session, employee_ids, first, last)
    return [
        *checks.copied_text(entries),
        *checks.over_presence(entries, _presence(session, employee_ids, first, last), absences=_absences(session, employee_ids, first, last)),
        *checks.out_of_hours(entries, _schedules(session, employee_ids, instansi_id, first, last)),
        *checks.fast_approvals(_decisions(session, employee_ids, first, last, zone), local_time=lambda moment: moment.astimezone(zone)),
    ]


def _rows(session: Session, flags: list[checks.Flag]) -> list[FlagRow]:
    ids = {f.subject_id for f in flags}
    people = {e.id: e for e in session.exec(select(Employee).where(col(Employee.id).in_(ids)))} if ids else {}
    rows = [
        FlagRow(
            f.kind.value, f.kind.label, f.subject_id, display_name(people[f.subject_id]), people[f.subject_id].nip, f.summary,
            [e.text for e in f.evidence],
        )
        for f in flags
    ]
    rows.sort(key=lambda r: (r.name, KIND_ORDER[checks.FlagKind(r.kind)]))
    return rows


def team_flags(session: Session, *, actor: Actor, year: int, month: int, today: date | None = None) -> list[FlagRow]:
    """The flags an atasan (or a Plt/Plh) sees: their team's, none about their own atasan chain."""
    today = today or local_today()
    team = sorted(team_of(session, actor=actor, on=today))
    snapshot = org_snapshot(session, on=today)
    flags = [
        f for f in compute_flags(session, employee_ids=team, instansi_id=actor.instansi_id, year=year, month=month)
        if f.subject_id != actor.employee_id and not snapshot.is_above(f.subject_id, actor.employee_id)
    ]
    return _rows(session, flags)


def instansi_flags(
    session: Session, *, actor: Actor, year: int, month: int, unit_id: int | None = None, page: int = 1, page_size: int = 25
) -> tuple[list[FlagRow], int]:
    """An admin's view: one page of the flags of the instansi (or of a unit and those below it)."""
    instansi_id = require_admin(actor)
    snapshot = org_snapshot(session, on=local_today())
    units = unit_scope(session, instansi_id=instansi_id, unit_id=unit_id)
    ids = sorted(
        h.employee_id for holdings in snapshot.holders.values() for h in holdings
        if h.kind == "definitif" and snapshot.unit_of_position.get(h.position_id) in units
    )
    rows = _rows(session, compute_flags(session, employee_ids=ids, instansi_id=instansi_id, year=year, month=month))
    size = max(1, page_size)
    start = (max(1, page) - 1) * size
    return rows[start:start + size], len(rows)
