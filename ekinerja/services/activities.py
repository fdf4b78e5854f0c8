"""Kegiatan harian, the employee's side: entering, editing and reading one's own work log.

Edits and deletions are conditional on status = 'diajukan', so they cannot slip past
an approval that lands at the same moment (see activity_review).
"""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Row, bindparam, func, insert, update
from sqlmodel import Session, col, select

from ekinerja.access import Actor, require
from ekinerja.clock import local_today, utcnow
from ekinerja.db import among
from ekinerja.domain.activity_rules import (
    ActivityForm,
    DayEntry,
    EntryContext,
    counted_minutes,
    earliest_entry_date,
    editable,
    previous_working_day,
    validate_activity,
)
from ekinerja.domain.names import display_name
from ekinerja.domain.statuses import ActivityStatus, SkpStatus, TaskStatus
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import (
    ActivityCatalogItem,
    DailyActivity,
    Employee,
    EvidenceFile,
    Rhk,
    Skp,
    TaskAssignee,
    TaskAssignment,
)
from ekinerja.services import audit
from ekinerja.services.conflicts import one_outcome
from ekinerja.services.org import org_snapshot
from ekinerja.services.work_calendar import WorkRules, calendar_for, work_rules

NOT_FOUND = "Kegiatan tidak ditemukan."
ALREADY_DECIDED = "Kegiatan ini sudah divalidasi atasan sehingga tidak dapat diubah atau dihapus."
SAME_SLOT = "Kegiatan dengan jam mulai ini pada tanggal tersebut sudah tersimpan (formulir terkirim dua kali?). Muat ulang halaman."


# -- look-ups shared by the form and the rules ------------------------------


def catalog_for(session: Session, *, employee_id: int, on: date) -> list[ActivityCatalogItem]:
    """The active uraian tugas of the jabatan the employee holds definitively on ``on``."""
    holding = org_snapshot(session, on=on).definitive_position(employee_id)
    if holding is None:
        return []
    return list(
        session.exec(
            select(ActivityCatalogItem)
            .where(ActivityCatalogItem.position_id == holding.position_id, ActivityCatalogItem.active)
            .order_by(ActivityCatalogItem.name)
        )
    )


def rhk_options(session: Session, *, employee_id: int, on: date) -> list[tuple[int, str]]:
    """RHKs of the employee's approved SKP covering ``on``."""
    rows = session.exec(
        select(Rhk.id, Rhk.description)
        .join(Skp, Rhk.skp_id == Skp.id)
        .where(Skp.employee_id == employee_id, Skp.status == SkpStatus.DISETUJUI, Skp.period_start <= on, Skp.period_end >= on)
        .order_by(Rhk.sort_order, Rhk.id)
    ).all()
    return [(rhk_id, text) for rhk_id, text in rows]


def open_tasks(session: Session, *, employee_id: int) -> list[tuple[TaskAssignee, TaskAssignment]]:
    return list(
        session.exec(
            select(TaskAssignee, TaskAssignment)
            .join(TaskAssignment, TaskAssignee.task_id == TaskAssignment.id)
            .where(TaskAssignee.employee_id == employee_id, TaskAssignee.status == TaskStatus.BARU)
            .order_by(TaskAssignment.due_date)
        ).all()
    )


# The save's own statements (issue 17, the month-end hot path) are built once, on the tables, with
# bound parameters: building a statement per save and passing it through the ORM cost more CPU than
# the database spent running it. Executed with each save's values, each reuses one compiled form.
_ACTIVITY = DailyActivity.__table__
_CATALOG = ActivityCatalogItem.__table__
_RHK = Rhk.__table__

_SAME_DAY = select(
    _ACTIVITY.c.start_time, _ACTIVITY.c.end_time, _ACTIVITY.c.status, _ACTIVITY.c.approved_minutes, _ACTIVITY.c.effective_minutes
).where(
    _ACTIVITY.c.employee_id == bindparam("employee_id"),
    _ACTIVITY.c.activity_date == bindparam("day"),
    _ACTIVITY.c.status != ActivityStatus.DITOLAK,
    _ACTIVITY.c.id != bindparam("exclude_id"),  # 0, no row's id, when nothing is excluded
)

_INSERT_ACTIVITY = insert(_ACTIVITY).returning(_ACTIVITY.c.id)


def _same_day(session: Session, *, employee_id: int, day: date, exclude_id: int | None) -> list[DayEntry]:
    rows = session.execute(_SAME_DAY, {"employee_id": employee_id, "day": day, "exclude_id": exclude_id or 0})
    return [DayEntry(a.start_time, a.end_time, counted_minutes(a.status, approved_minutes=a.approved_minutes, effective_minutes=a.effective_minutes))
            for a in rows]


def rules_for(session: Session, *, actor: Actor, today: date) -> WorkRules:
    """The actor's settings and calendar around today, as an entry is checked against them."""
    return work_rules(session, employee_id=actor.employee_id, instansi_id=actor.instansi_id, around=today)


def entry_context(
    session: Session,
    *,
    actor: Actor,
    form: ActivityForm,
    day: date | None,
    today: date,
    exclude_id: int | None = None,
    rules: WorkRules | None = None,
) -> EntryContext:
    """What the rules need to know for this form: the catalogue, RHKs and tasks are looked up only
    when the form names one (the rules consult them only then)."""
    rules = rules if rules is not None and rules.around == today else rules_for(session, actor=actor, today=today)
    day = day or today
    employee_id = actor.employee_id
    return EntryContext(
        today=today,
        calendar=rules.calendar,
        window=rules.settings.entry_window_working_days,
        daily_max=rules.settings.daily_max_minutes,
        catalog_minutes={c.id: c.standard_minutes for c in catalog_for(session, employee_id=employee_id, on=day)}
        if form.catalog_item_id.strip() else {},
        rhk_ids=frozenset(i for i, _ in rhk_options(session, employee_id=employee_id, on=day))
        if form.rhk_id.strip() else frozenset(),
        task_assignee_ids=frozenset(a.id for a, _ in open_tasks(session, employee_id=employee_id))
        if form.task_assignee_id.strip() else frozenset(),
        same_day=_same_day(session, employee_id=employee_id, day=day, exclude_id=exclude_id),
        atasan="" if rules.calendar.is_working_day(day) else atasan_name(session, employee_id=employee_id, on=day),
    )


def _checked(
    session: Session,
    *,
    actor: Actor,
    form: ActivityForm,
    today: date,
    exclude_id: int | None = None,
    rules: WorkRules | None = None,
):
    """The cleaned entry, or ValidationFailed; the date is parsed first so the context fits that day."""
    try:
        day = date.fromisoformat(form.activity_date.strip())
    except ValueError:
        day = None
    context = entry_context(session, actor=actor, form=form, day=day, today=today, exclude_id=exclude_id, rules=rules)
    data, errors = validate_activity(form, context)
    if errors:
        raise ValidationFailed(errors)
    return data


def _evidence(session: Session, *, actor: Actor, evidence_file_id: int | None) -> int | None:
    if evidence_file_id is None:
        return None
    row = session.get(EvidenceFile, evidence_file_id)
    require(row is not None and row.owner_employee_id == actor.employee_id, "Berkas bukti bukan milik Anda.")
    return row.id


# -- the employee's own entries ---------------------------------------------


def create_activity(
    session: Session,
    *,
    actor: Actor,
    form: ActivityForm,
    evidence_file_id: int | None = None,
    today: date | None = None,
    rules: WorkRules | None = None,
) -> DailyActivity:
    """``rules``: the actor's settings and calendar when the caller has them already."""
    data = _checked(session, actor=actor, form=form, today=today or local_today(), rules=rules)
    row = DailyActivity(
        employee_id=actor.employee_id,
        activity_date=data.activity_date,
        start_time=data.start_time,
        end_time=data.end_time,
        catalog_item_id=data.catalog_item_id,
        task_text=data.task_text,
        quantity=data.quantity,
        description=data.description,
        rhk_id=data.rhk_id,
        task_assignee_id=data.task_assignee_id,
        evidence_file_id=_evidence(session, actor=actor, evidence_file_id=evidence_file_id),
        effective_minutes=data.effective_minutes,
    )
    # An INSERT statement rather than the unit of work: the month-end hot path (issue 17).
    with one_outcome(session, field="start_time", message=SAME_SLOT):
        row.id = session.execute(_INSERT_ACTIVITY, row.model_dump(exclude={"id"})).scalar_one()
    _finish_task(session, row.task_assignee_id)
    audit.write(session, actor=actor, action="create", entity="daily_activity", row=row)
    return row


def _finish_task(session: Session, task_assignee_id: int | None) -> None:
    """A task is done once a daily activity reports it."""
    if task_assignee_id is not None:
        session.exec(
            update(TaskAssignee)
            .where(TaskAssignee.id == task_assignee_id, TaskAssignee.status == TaskStatus.BARU)
            .values(status=TaskStatus.SELESAI, done_at=utcnow())
        )


def _own_pending(session: Session, *, actor: Actor, activity_id: int) -> DailyActivity:
    row = session.get(DailyActivity, activity_id)
    require(row is not None and row.employee_id == actor.employee_id, NOT_FOUND)
    if not editable(row.status):
        raise ValidationFailed({"form": ALREADY_DECIDED})
    return row


def update_activity(
    session: Session,
    *,
    actor: Actor,
    activity_id: int,
    form: ActivityForm,
    evidence_file_id: int | None = None,
    today: date | None = None,
    rules: WorkRules | None = None,
) -> None:
    row = _own_pending(session, actor=actor, activity_id=activity_id)
    before = audit.snapshot(row)
    data = _checked(session, actor=actor, form=form, today=today or local_today(), exclude_id=row.id, rules=rules)
    evidence = _evidence(session, actor=actor, evidence_file_id=evidence_file_id) or row.evidence_file_id
    values = {
        "activity_date": data.activity_date, "start_time": data.start_time, "end_time": data.end_time,
        "catalog_item_id": data.catalog_item_id, "task_text": data.task_text, "quantity": data.quantity,
        "description": data.description, "rhk_id": data.rhk_id, "task_assignee_id": data.task_assignee_id,
        "evidence_file_id": evidence, "effective_minutes": data.effective_minutes, "updated_at": utcnow(),
    }
    with one_outcome(session, field="start_time", message=SAME_SLOT):
        changed = session.exec(
            update(DailyActivity)
            .where(DailyActivity.id == row.id, DailyActivity.status == ActivityStatus.DIAJUKAN)
            .values(**values)
            .execution_options(synchronize_session=False)
        ).rowcount
    if changed != 1:
        raise ValidationFailed({"form": ALREADY_DECIDED})
    session.expire(row)
    _finish_task(session, data.task_assignee_id)
    audit.write(
        session, actor=actor, action="update", entity="daily_activity", entity_id=row.id, before=before,
        after=audit.snapshot(session.get(DailyActivity, row.id)),
    )


def delete_activity(session: Session, *, actor: Actor, activity_id: int) -> None:
    row = _own_pending(session, actor=actor, activity_id=activity_id)
    before = audit.snapshot(row)
    gone = session.exec(
        DailyActivity.__table__.delete().where(DailyActivity.id == row.id, DailyActivity.status == ActivityStatus.DIAJUKAN)
    ).rowcount
    if gone != 1:
        raise ValidationFailed({"form": ALREADY_DECIDED})
    session.expunge(row)
    audit.write(session, actor=actor, action="delete", entity="daily_activity", entity_id=activity_id, before=before)


def form_of(row: DailyActivity, *, on: date | None = None) -> ActivityForm:
    """An existing entry as the form shows it (``on`` moves it to another day)."""
    return ActivityForm(
        activity_date=(on or row.activity_date).isoformat(),
        start_time=f"{row.start_time:%H:%M}",
        end_time=f"{row.end_time:%H:%M}",
        catalog_item_id=str(row.catalog_item_id or ""),
        task_text=row.task_text,
        quantity=f"{row.quantity.normalize():f}",
        description=row.description,
        rhk_id=str(row.rhk_id or ""),
    )


def own_activity(session: Session, *, actor: Actor, activity_id: int) -> DailyActivity:
    row = session.get(DailyActivity, activity_id)
    require(row is not None and row.employee_id == actor.employee_id, NOT_FOUND)
    return row


@dataclass(frozen=True)
class CopyResult:
    source: date | None
    copied: int
    skipped: list[str]


def copy_previous_day(session: Session, *, actor: Actor, to_day: date, today: date | None = None) -> CopyResult:
    """Copy the previous working day's entries (not rejected ones) to ``to_day``, each checked again."""
    today = today or local_today()
    cal = calendar_for(session, employee_id=actor.employee_id, instansi_id=actor.instansi_id, around=today)
    source = previous_working_day(to_day, cal)
    if source is None:
        return CopyResult(None, 0, [])
    rows = session.exec(
        select(DailyActivity)
        .where(DailyActivity.employee_id == actor.employee_id, DailyActivity.activity_date == source, DailyActivity.status != ActivityStatus.DITOLAK)
        .order_by(DailyActivity.start_time)
    ).all()
    copied, skipped = 0, []
    for row in rows:
        try:
            with session.begin_nested():
                create_activity(session, actor=actor, form=form_of(row, on=to_day), today=today)
            copied += 1
        except ValidationFailed as failed:
            skipped.append(f"{row.start_time:%H:%M}-{row.end_time:%H:%M}: {' '.join(failed.errors.values())}")
    return CopyResult(source, copied, skipped)


# -- reading the employee's month -------------------------------------------


@dataclass(frozen=True)
class ActivityRow:
    id: int
    employee_id: int
    employee: str
    nip: str
    activity_date: date
    start: str
    end: str
    task: str
    quantity: str
    unit: str
    description: str
    rhk: str
    effective_minutes: int
    approved_minutes: int | None
    status: str
    reason: str
    evidence_file_id: int | None
    overdue: bool = False


def activity_rows(session: Session, *, activities: Sequence[DailyActivity]) -> list[ActivityRow]:
    catalog_ids = {a.catalog_item_id for a in activities if a.catalog_item_id}
    catalog = {c.id: c for c in session.exec(select(ActivityCatalogItem).where(col(ActivityCatalogItem.id).in_(catalog_ids)))} if catalog_ids else {}
    rhk_ids = {a.rhk_id for a in activities if a.rhk_id}
    rhks = dict(session.exec(select(Rhk.id, Rhk.description).where(col(Rhk.id).in_(rhk_ids))).all()) if rhk_ids else {}
    people_ids = {a.employee_id for a in activities}
    people = {e.id: e for e in session.exec(select(Employee).where(col(Employee.id).in_(people_ids)))} if people_ids else {}
    result = []
    for a in activities:
        item = catalog.get(a.catalog_item_id)
        person = people.get(a.employee_id)
        result.append(_row(
            a, employee=display_name(person) if person else "-", nip=person.nip if person else "",
            item_name=item.name if item else None, unit=item.output_unit if item else None, rhk=rhks.get(a.rhk_id, ""),
        ))
    return result


# What ``_row`` reads of an activity.
# Columns, not entities: a month is a hundred rows or more, read back after every save (issue 17).
_ROW_COLUMNS = (
    *(_ACTIVITY.c[name] for name in (
        "id", "employee_id", "activity_date", "start_time", "end_time", "task_text", "quantity", "description",
        "effective_minutes", "approved_minutes", "status", "decision_reason", "evidence_file_id",
    )),
    _CATALOG.c.name.label("item_name"), _CATALOG.c.output_unit.label("item_unit"), _RHK.c.description.label("rhk_text"),
)
_ROW_SOURCE = _ACTIVITY.outerjoin(_CATALOG, _CATALOG.c.id == _ACTIVITY.c.catalog_item_id).outerjoin(_RHK, _RHK.c.id == _ACTIVITY.c.rhk_id)
_MONTH = (
    select(*_ROW_COLUMNS)
    .select_from(_ROW_SOURCE)
    .where(
        _ACTIVITY.c.employee_id == bindparam("employee_id"),
        _ACTIVITY.c.activity_date >= bindparam("first"),
        _ACTIVITY.c.activity_date <= bindparam("last"),
    )
    .order_by(_ACTIVITY.c.activity_date, _ACTIVITY.c.start_time)
)
_EMPLOYEE = Employee.__table__
# The queue's rows with whose they are: one round trip for a page of the atasan's queue (issue 17).
_WITH_EMPLOYEE = (
    select(*_ROW_COLUMNS, _EMPLOYEE.c.nip, _EMPLOYEE.c.name, _EMPLOYEE.c.gelar_depan, _EMPLOYEE.c.gelar_belakang)
    .select_from(_ROW_SOURCE.join(_EMPLOYEE, _EMPLOYEE.c.id == _ACTIVITY.c.employee_id))
)


def pending_rows(session: Session, *, ids: Sequence[int], late: Collection[date]) -> dict[int, ActivityRow]:
    """The entries among ``ids`` still waiting for a decision, by id, with their employee's name; those
    of a day in ``late`` marked overdue."""
    if not ids:
        return {}
    found = session.connection().execute(_WITH_EMPLOYEE.where(among(session, _ACTIVITY.c.id, ids), _ACTIVITY.c.status == ActivityStatus.DIAJUKAN))
    return {
        a.id: _row(a, employee=display_name(a), nip=a.nip, item_name=a.item_name, unit=a.item_unit, rhk=a.rhk_text or "",
                   overdue=a.activity_date in late)
        for a in found.all()
    }


def _row(
    a: DailyActivity | Row, *, employee: str, nip: str, item_name: str | None, unit: str | None, rhk: str, overdue: bool = False,
) -> ActivityRow:
    return ActivityRow(
        id=a.id, employee_id=a.employee_id, employee=employee, nip=nip, activity_date=a.activity_date,
        start=f"{a.start_time:%H:%M}", end=f"{a.end_time:%H:%M}",
        task=item_name if item_name is not None else a.task_text, quantity=f"{a.quantity.normalize():f}",
        unit=unit if unit is not None else "kegiatan", description=a.description,
        rhk=rhk, effective_minutes=a.effective_minutes,
        approved_minutes=a.approved_minutes, status=a.status, reason=a.decision_reason,
        evidence_file_id=a.evidence_file_id, overdue=overdue,
    )


def day_entries(session: Session, *, actor: Actor, day: date) -> list[ActivityRow]:
    rows = session.exec(
        select(DailyActivity)
        .where(DailyActivity.employee_id == actor.employee_id, DailyActivity.activity_date == day)
        .order_by(DailyActivity.start_time)
    ).all()
    return activity_rows(session, activities=rows)


@dataclass(frozen=True)
class DaySummary:
    day: date
    working: bool
    minutes: int  # claimed, rejected ones left out
    approved: int
    pending: int
    rejected: int


@dataclass(frozen=True)
class MonthSummary:
    days: list[DaySummary]
    approved_minutes: int
    pending_minutes: int
    target_minutes: int
    daily_norm: int
    daily_max: int
    window: int
    earliest: date


def month_view(
    session: Session,
    *,
    actor: Actor,
    year: int,
    month: int,
    day: date | None,
    today: date | None = None,
    rules: WorkRules | None = None,
) -> tuple[MonthSummary, list[ActivityRow]]:
    """The actor's month and the entries of ``day`` (by start time), from one read of the month's rows.

    ``rules``: the actor's settings and calendar when the caller has them already (used when
    they cover the month)."""
    today = today or local_today()
    first = date(year, month, 1)
    last = date(year, month, month_calendar.monthrange(year, month)[1])
    if rules is None or not rules.covers(first, last):
        rules = work_rules(session, employee_id=actor.employee_id, instansi_id=actor.instansi_id, around=first)
    settings, cal = rules.settings, rules.calendar
    in_month = day is not None and first <= day <= last
    rows = session.execute(_MONTH, {"employee_id": actor.employee_id, "first": first, "last": last}).all()
    per_day: dict[date, list[int]] = {}
    entries = []
    for a in rows:
        minutes, ok, pending, rejected = per_day.setdefault(a.activity_date, [0, 0, 0, 0])
        if a.status == ActivityStatus.DISETUJUI:
            per_day[a.activity_date] = [minutes + (a.approved_minutes or 0), ok + (a.approved_minutes or 0), pending, rejected]
        elif a.status == ActivityStatus.DIAJUKAN:
            per_day[a.activity_date] = [minutes + a.effective_minutes, ok, pending + 1, rejected]
        else:
            per_day[a.activity_date] = [minutes, ok, pending, rejected + 1]
        if in_month and a.activity_date == day:
            entries.append(_row(a, employee=actor.display_name, nip=actor.nip, item_name=a.item_name, unit=a.item_unit, rhk=a.rhk_text or ""))
    if day is not None and not in_month:
        entries = day_entries(session, actor=actor, day=day)
    days = []
    current = first
    while current <= last:
        minutes, ok, pending, rejected = per_day.get(current, [0, 0, 0, 0])
        days.append(DaySummary(current, cal.is_working_day(current), minutes, ok, pending, rejected))
        current += timedelta(days=1)
    approved_total = sum(d.approved for d in days)
    summary = MonthSummary(
        days=days,
        approved_minutes=approved_total,
        pending_minutes=sum(d.minutes for d in days) - approved_total,
        target_minutes=settings.monthly_target_minutes,
        daily_norm=settings.daily_norm_minutes,
        daily_max=settings.daily_max_minutes,
        window=settings.entry_window_working_days,
        earliest=earliest_entry_date(today, cal, settings.entry_window_working_days),
    )
    return summary, entries


def rejected_to_fix(session: Session, *, actor: Actor, limit: int = 10) -> list[ActivityRow]:
    """The employee's rejected entries of the last 30 days, newest first, for the dashboard."""
    since = local_today() - timedelta(days=30)
    rows = session.exec(
        select(DailyActivity)
        .where(DailyActivity.employee_id == actor.employee_id, DailyActivity.status == ActivityStatus.DITOLAK, DailyActivity.activity_date >= since)
        .order_by(DailyActivity.activity_date.desc())
        .limit(limit)
    ).all()
    return activity_rows(session, activities=rows)


@dataclass(frozen=True)
class MonthPending:
    """One employee's month: how much is approved and how much still waits, and for whom."""

    approved: int
    pending: int
    pending_minutes: int
    atasan: str


def month_pending(session: Session, *, employee_id: int, year: int, month: int, today: date | None = None) -> MonthPending:
    first = date(year, month, 1)
    last = date(year, month, month_calendar.monthrange(year, month)[1])
    counts = session.exec(
        select(DailyActivity.status, func.count(), func.sum(DailyActivity.effective_minutes))
        .where(DailyActivity.employee_id == employee_id, DailyActivity.activity_date >= first, DailyActivity.activity_date <= last)
        .group_by(DailyActivity.status)
    ).all()
    by_status = {status: (n, int(minutes or 0)) for status, n, minutes in counts}
    return MonthPending(
        approved=by_status.get(ActivityStatus.DISETUJUI, (0, 0))[0],
        pending=by_status.get(ActivityStatus.DIAJUKAN, (0, 0))[0],
        pending_minutes=by_status.get(ActivityStatus.DIAJUKAN, (0, 0))[1],
        atasan=atasan_name(session, employee_id=employee_id, on=today or local_today()),
    )


def atasan_name(session: Session, *, employee_id: int, on: date) -> str:
    """The employee's atasan on ``on`` by name ("" when the post above is empty)."""
    holding = org_snapshot(session, on=on).atasan_of(employee_id)
    person = session.get(Employee, holding.employee_id) if holding else None
    return display_name(person) if person else ""


def last_month_with_approved(session: Session, *, employee_id: int, today: date) -> tuple[int, int]:
    """The latest month up to ``today`` with an approved entry (this month when there is none)."""
    latest = session.exec(
        select(func.max(DailyActivity.activity_date))
        .where(DailyActivity.employee_id == employee_id, DailyActivity.status == ActivityStatus.DISETUJUI, DailyActivity.activity_date <= today)
    ).one()
    day = latest or today
    return day.year, day.month


def approved_minutes_by_day(session: Session, *, employee_id: int, first: date, last: date) -> dict[date, int]:
    """The employee's approved minutes on each day from ``first`` to ``last`` that has any."""
    rows = session.exec(
        select(DailyActivity.activity_date, func.sum(DailyActivity.approved_minutes))
        .where(DailyActivity.employee_id == employee_id, DailyActivity.status == ActivityStatus.DISETUJUI,
               DailyActivity.activity_date >= first, DailyActivity.activity_date <= last)
        .group_by(DailyActivity.activity_date)
    ).all()
    return {day: int(minutes or 0) for day, minutes in rows}
