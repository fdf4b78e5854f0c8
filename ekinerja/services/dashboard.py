"""Dashboard figures: the atasan's team this month and the admin's instansi-wide completion.

Each function checks access itself: an atasan sees only the team they validate for
(their direct subordinates, and those of an atasan who made them Plt/Plh today), an
admin only their own instansi.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from ekinerja.access import Actor
from ekinerja.db import among
from ekinerja.domain.activity_rules import is_overdue
from ekinerja.domain.dates import month_bounds
from ekinerja.domain.evaluation_period import current_period, period_label
from ekinerja.domain.evaluation_rules import is_final
from ekinerja.domain.hierarchy import opd_of
from ekinerja.domain.names import display_name
from ekinerja.domain.predikat import Predikat
from ekinerja.domain.statuses import AbsenceStatus, ActivityStatus
from ekinerja.models import Absence, AttendanceRecord, DailyActivity, Employee, OrgUnit
from ekinerja.models.evaluation import Evaluation
from ekinerja.services import activity_review, evaluation
from ekinerja.services.attendance import discipline_inputs
from ekinerja.services.markers import per_employee
from ekinerja.services.org import org_snapshot
from ekinerja.services.org_admin import require_admin
from ekinerja.services.tpp import instansi_employees
from ekinerja.services.work_calendar import calendar_for, settings_for

# ---------------------------------------------------------------------------
# The atasan's team
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamMember:
    employee_id: int
    name: str
    nip: str
    approved_minutes: int
    target_minutes: int
    percent: int
    pending: int
    late: int  # TL days this month
    early: int  # PSW days this month
    absent: int  # working days without record or reason
    predikat_status: str


def _approved_minutes(session: Session, ids: list[int], first: date, last: date) -> dict[int, int]:
    return {
        eid: int(total or 0)
        for eid, total in session.exec(
            select(DailyActivity.employee_id, func.sum(DailyActivity.approved_minutes))
            .where(col(DailyActivity.employee_id).in_(ids), DailyActivity.status == ActivityStatus.DISETUJUI,
                   DailyActivity.activity_date >= first, DailyActivity.activity_date <= last)
            .group_by(DailyActivity.employee_id)
        ).all()
    }


def _pending(session: Session, ids: list[int]) -> dict[int, int]:
    return dict(
        session.exec(
            select(DailyActivity.employee_id, func.count())
            .where(col(DailyActivity.employee_id).in_(ids), DailyActivity.status == ActivityStatus.DIAJUKAN)
            .group_by(DailyActivity.employee_id)
        ).all()
    )


def _period(session: Session, instansi_id: int | None, today: date) -> tuple[str, int, int]:
    kind = evaluation.periodic_kind(session, instansi_id=instansi_id)
    year, number = current_period(kind, today)
    return kind, year, number


def period_caption(session: Session, *, actor: Actor, today: date) -> str:
    kind, year, number = _period(session, actor.instansi_id, today)
    return period_label(kind, number, year)


def _predikat_status(session: Session, ids: list[int], instansi_id: int | None, today: date) -> dict[int, str]:
    kind, year, number = _period(session, instansi_id, today)
    found = {}
    for eid, status, predikat in session.exec(
        select(Evaluation.employee_id, Evaluation.status, Evaluation.predikat).where(
            col(Evaluation.employee_id).in_(ids), Evaluation.year == year,
            Evaluation.period_kind == kind, Evaluation.period_no == number,
        )
    ):
        found[eid] = Predikat(predikat).label if is_final(status) and predikat else "Draf"
    return found


def team_members(session: Session, *, actor: Actor, today: date) -> list[int]:
    """Everyone the actor validates for today (direct subordinates, and as Plt/Plh)."""
    return sorted(activity_review.team_of(session, actor=actor, on=today))


def team_overview(session: Session, *, actor: Actor, today: date) -> list[TeamMember]:
    """One row per team member: this month's approved minutes against target, pending entries,
    TL/PSW/absent days so far, and the predikat status of the period being evaluated."""
    ids = team_members(session, actor=actor, today=today)
    if not ids:
        return []
    first, last = month_bounds(today.year, today.month)
    minutes = _approved_minutes(session, ids, first, last)
    pending = _pending(session, ids)
    discipline = discipline_inputs(session, employee_ids=ids, year=today.year, month=today.month, until=today)
    predikat = _predikat_status(session, ids, actor.instansi_id, today)
    target = settings_for(session, instansi_id=actor.instansi_id).monthly_target_minutes
    people = {e.id: e for e in session.exec(select(Employee).where(col(Employee.id).in_(ids)))}
    rows = []
    for eid in ids:
        counts = discipline[eid].counts
        done = minutes.get(eid, 0)
        rows.append(TeamMember(
            employee_id=eid, name=display_name(people[eid]), nip=people[eid].nip,
            approved_minutes=done, target_minutes=target, percent=round(100 * done / target) if target else 0,
            pending=int(pending.get(eid, 0)), late=sum(counts.tl.values()), early=sum(counts.psw.values()),
            absent=counts.absent_without_reason, predikat_status=predikat.get(eid, "Belum dinilai"),
        ))
    rows.sort(key=lambda r: r.name)
    return rows


def team_markers(session: Session, *, employee_ids: list[int], since: date) -> dict[int, tuple]:
    """Per employee, a cheap fingerprint of what the team table shows: entries, attendance,
    absences, evaluations."""
    ids = list(employee_ids)
    if not ids:
        return {}
    attendance = (
        select(AttendanceRecord.employee_id, func.count(), func.max(AttendanceRecord.updated_at))
        .where(among(session, AttendanceRecord.employee_id, ids), AttendanceRecord.day >= since)
        .group_by(AttendanceRecord.employee_id)
    )
    absences = (
        select(Absence.employee_id, func.count(), func.sum(Absence.id), func.max(Absence.created_at))
        .where(among(session, Absence.employee_id, ids), Absence.status == AbsenceStatus.DISETUJUI)
        .group_by(Absence.employee_id)
    )
    evaluations = (
        select(Evaluation.employee_id, func.count(), func.max(Evaluation.updated_at))
        .where(among(session, Evaluation.employee_id, ids))
        .group_by(Evaluation.employee_id)
    )
    entries = activity_review.change_markers(session, employee_ids=ids)
    others = per_employee(session, attendance, absences, evaluations)
    return {employee_id: (entries.get(employee_id), others.get(employee_id)) for employee_id in entries.keys() | others.keys()}


# ---------------------------------------------------------------------------
# The admin's instansi
# ---------------------------------------------------------------------------


NAMES_SHOWN = 5


@dataclass(frozen=True)
class UnitCompletion:
    unit_id: int | None
    unit_name: str
    employees: int
    not_logged: int  # no activity at all over the last N working days
    not_logged_names: str
    overdue_pending: int  # entries still waiting after their validation window


def _last_working_days(calendar, today: date, count: int) -> date:
    """The first of the last ``count`` working days before today."""
    day, found = today, 0
    for _ in range(120):
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            found += 1
            if found >= count:
                break
    return day


def instansi_completion(session: Session, *, actor: Actor, today: date, days: int | None = None) -> list[UnitCompletion]:
    """Per unit: who has not logged any activity over the last ``days`` working days (default the
    entry window) and how many entries are still pending beyond the validation window."""
    instansi_id = require_admin(actor)
    settings = settings_for(session, instansi_id=instansi_id)
    days = days or settings.entry_window_working_days
    ids = instansi_employees(session, instansi_id=instansi_id, year=today.year, month=today.month)
    calendar = calendar_for(session, employee_id=0, instansi_id=instansi_id, around=today)
    since = _last_working_days(calendar, today, days)
    logged = set(session.exec(
        select(DailyActivity.employee_id).distinct()
        .where(among(session, DailyActivity.employee_id, ids), DailyActivity.activity_date >= since, DailyActivity.activity_date < today)
    ).all())
    overdue: dict[int, int] = {}
    for eid, day in session.exec(
        select(DailyActivity.employee_id, DailyActivity.activity_date)
        .where(among(session, DailyActivity.employee_id, ids), DailyActivity.status == ActivityStatus.DIAJUKAN)
    ):
        if is_overdue(day, today=today, calendar=calendar, window=settings.entry_window_working_days):
            overdue[eid] = overdue.get(eid, 0) + 1
    snapshot = org_snapshot(session, on=today)
    units = {u.id: u for u in session.exec(select(OrgUnit))}
    levels = {uid: u.level for uid, u in units.items()}
    people = {e.id: display_name(e) for e in session.exec(select(Employee).where(among(session, Employee.id, ids)))}
    by_unit: dict[int | None, list[int]] = {}
    for eid in ids:  # per OPD, like the TPP recap
        by_unit.setdefault(opd_of(snapshot, snapshot.unit_of_employee(eid), levels), []).append(eid)
    rows = []
    for unit_id, members in by_unit.items():
        missing = sorted(people[e] for e in members if e not in logged)
        names = ", ".join(missing[:NAMES_SHOWN]) + (f" dan {len(missing) - NAMES_SHOWN} lainnya" if len(missing) > NAMES_SHOWN else "")
        rows.append(UnitCompletion(
            unit_id, units[unit_id].name if unit_id in units else "-", len(members), len(missing), names,
            sum(overdue.get(e, 0) for e in members),
        ))
    rows.sort(key=lambda r: r.unit_name)
    return rows
