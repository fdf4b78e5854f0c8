"""TPP per employee-month from recorded work and attendance; the instansi's ruleset; locked months.

Money is Decimal end to end and rounded once, on each employee's total (domain.tpp).
A locked month is read from its frozen snapshot only, so neither a rule edit nor a
late correction can change what was paid.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, or_
from sqlmodel import Session, select

from ekinerja.access import Actor, can_view_employee, require
from ekinerja.clock import local_today, utcnow
from ekinerja.db import among
from ekinerja.domain.abk import working_days_between
from ekinerja.domain.dates import month_bounds, month_label
from ekinerja.domain.hierarchy import opd_of
from ekinerja.domain.kinerja_target import Excused, KinerjaTarget, target_for
from ekinerja.domain.money import format_rupiah
from ekinerja.domain.statuses import AbsenceStatus, ActivityStatus
from ekinerja.domain.tpp import (
    ABSENCE_LABELS,
    PRESETS,
    ActingDays,
    PositionDays,
    TppInput,
    TppLine,
    TppResult,
    TppRuleset,
    apply_preset,
    compute_tpp,
    is_higher_level,
    with_printed_amounts,
)
from ekinerja.domain.tpp_ruleset import (
    KELAS,
    default_base,
    default_ruleset,
    parse_ruleset_form,
    ruleset_form,
    ruleset_from_json,
    ruleset_json,
)
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import (
    Absence,
    DailyActivity,
    Employee,
    OrgUnit,
    Position,
    PositionAssignment,
)
from ekinerja.models.tpp import (
    TppBaseAmount,
    TppLockedResult,
    TppMonthLock,
    TppRulesetRow,
)
from ekinerja.services import audit
from ekinerja.services.attendance import discipline_counts
from ekinerja.services.conflicts import one_outcome
from ekinerja.services.evaluation import predikat_for_month
from ekinerja.services.org import org_snapshot
from ekinerja.services.org_admin import require_admin
from ekinerja.services.work_calendar import calendar_for, settings_for

NOT_FOUND = "Data TPP tidak ditemukan atau Anda tidak berwenang melihatnya."


def ruleset_for(session: Session, *, instansi_id: int | None, year: int) -> tuple[TppRuleset, bool]:
    """(the instansi's ruleset for the year, whether an admin saved it); the defaults otherwise."""
    row = session.exec(select(TppRulesetRow).where(TppRulesetRow.instansi_id == instansi_id, TppRulesetRow.year == year)).first()
    if row is None:
        return default_ruleset(), False
    base = {k: default_base(k) for k in KELAS}
    base.update(dict(session.exec(select(TppBaseAmount.kelas_jabatan, TppBaseAmount.amount).where(TppBaseAmount.ruleset_id == row.id)).all()))
    return ruleset_from_json(row.rules, base), True


def store_ruleset(session: Session, *, instansi_id: int, year: int, ruleset: TppRuleset, actor_id: int | None) -> TppRulesetRow:
    row = session.exec(select(TppRulesetRow).where(TppRulesetRow.instansi_id == instansi_id, TppRulesetRow.year == year)).first()
    row = row or TppRulesetRow(instansi_id=instansi_id, year=year, rules="{}")
    row.rules, row.updated_by_id, row.updated_at = ruleset_json(ruleset), actor_id, utcnow()
    session.add(row)
    session.flush()
    existing = {b.kelas_jabatan: b for b in session.exec(select(TppBaseAmount).where(TppBaseAmount.ruleset_id == row.id))}
    for kelas, amount in ruleset.base_by_kelas.items():
        base = existing.get(kelas) or TppBaseAmount(ruleset_id=row.id, kelas_jabatan=kelas, amount=amount)
        base.amount = amount
        session.add(base)
    session.flush()
    return row


def preset_ruleset(session: Session, *, actor: Actor, year: int, key: str) -> TppRuleset:
    """A preset's rules with the instansi's saved money per kelas, for the form (nothing is saved)."""
    instansi_id = require_admin(actor)
    require(key in PRESETS, "Preset aturan TPP tidak dikenal.")
    current, _ = ruleset_for(session, instansi_id=instansi_id, year=year)
    return apply_preset(current, key)


def save_ruleset(session: Session, *, actor: Actor, year: int, form: Mapping[str, str]) -> TppRuleset:
    """Validate and store; locked months keep their frozen figures whatever changes here."""
    instansi_id = require_admin(actor)
    ruleset = parse_ruleset_form(form)
    before, stored = ruleset_for(session, instansi_id=instansi_id, year=year)
    row = store_ruleset(session, instansi_id=instansi_id, year=year, ruleset=ruleset, actor_id=actor.employee_id)
    audit.write(
        session, actor=actor, action="update" if stored else "create", entity="tpp_ruleset", entity_id=row.id,
        before=ruleset_form(before) if stored else None, after=ruleset_form(ruleset), detail=f"Aturan TPP {year}",
    )
    return ruleset


# Assembling each employee's month


def _clip_days(start: date, end: date | None, first: date, last: date) -> int:
    lo, hi = max(start, first), min(end or last, last)
    return max((hi - lo).days + 1, 0)


@dataclass(frozen=True)
class _Held:
    kind: str
    start: date
    end: date | None
    name: str
    kelas: int
    eselon: str | None


def _own_post(held: list[_Held], acting: _Held) -> _Held | None:
    """The definitive post held when the appointment began (else the first one held during it)."""
    definitive = [h for h in held if h.kind == "definitif" and h.start <= (acting.end or date.max) and (h.end is None or h.end >= acting.start)]
    at_start = [h for h in definitive if h.start <= acting.start]
    if at_start:
        return at_start[-1]
    return definitive[0] if definitive else None


def _acting_days(ruleset: TppRuleset, held: list[_Held], calendar, first: date, last: date) -> tuple[ActingDays, ...]:
    found = []
    for acting in (h for h in held if h.kind != "definitif"):
        days = _clip_days(acting.start, acting.end, first, last)
        own = _own_post(held, acting)
        if not days or own is None:
            continue
        # The whole appointment counts towards the minimum; one without an end is taken as long enough.
        span = (
            len(working_days_between(acting.start, acting.end, calendar)) if acting.end is not None else ruleset.plt_min_working_days
        )
        found.append(
            ActingDays(acting.kelas, days, f"{acting.kind.capitalize()} {acting.name}", own.kelas, is_higher_level(own.eselon, acting.eselon), span)
        )
    return tuple(found)


def _excused_absences(session: Session, ids: list[int], ruleset: TppRuleset, first: date, last: date) -> dict[int, list[Excused]]:
    """Each employee's approved absences of the month that the ruleset excuses from the target."""
    found: dict[int, list[Excused]] = {}
    for eid, kind, start, end in session.exec(
        select(Absence.employee_id, Absence.kind, Absence.start_date, Absence.end_date).where(
            among(session, Absence.employee_id, ids), Absence.status == AbsenceStatus.DISETUJUI, Absence.start_date <= last, Absence.end_date >= first,
        )
    ):
        if kind in ruleset.target_excused_absences:
            found.setdefault(eid, []).append(Excused(ABSENCE_LABELS.get(kind, kind), start, end))
    return found


def tpp_inputs(session: Session, *, employee_ids: list[int], year: int, month: int, ruleset: TppRuleset) -> dict[int, TppInput]:
    """Every employee's TppInput for the month, with a fixed number of queries per instansi."""
    first, last = month_bounds(year, month)
    ids = list(employee_ids)
    if not ids:
        return {}
    # Plain columns, not ORM objects: an instansi-wide recap reads tens of thousands of rows.
    assignments = session.exec(
        select(
            PositionAssignment.employee_id, PositionAssignment.kind, PositionAssignment.start_date,
            PositionAssignment.end_date, Position.name, Position.kelas_jabatan, Position.eselon,
        )
        .join(Position, Position.id == PositionAssignment.position_id)
        .where(
            among(session, PositionAssignment.employee_id, ids), PositionAssignment.start_date <= last,
            or_(PositionAssignment.end_date.is_(None), PositionAssignment.end_date >= first),
        )
        .order_by(PositionAssignment.start_date, PositionAssignment.id)
    ).all()
    held: dict[int, list[_Held]] = {}
    for eid, kind, start, end, name, kelas, eselon in assignments:
        held.setdefault(eid, []).append(_Held(kind, start, end, name, kelas, eselon))
    minutes = dict(
        session.exec(
            select(DailyActivity.employee_id, func.coalesce(func.sum(DailyActivity.approved_minutes), 0))
            .where(
                among(session, DailyActivity.employee_id, ids), DailyActivity.status == ActivityStatus.DISETUJUI,
                DailyActivity.activity_date >= first, DailyActivity.activity_date <= last,
            )
            .group_by(DailyActivity.employee_id)
        ).all()
    )
    discipline = discipline_counts(session, employee_ids=ids, year=year, month=month)
    predikat: dict[int, str] = {}
    if ruleset.predikat_factor_percent is not None:
        predikat = predikat_for_month(session, employee_ids=ids, year=year, month=month)
    excused = _excused_absences(session, ids, ruleset, first, last)
    today = local_today()
    # The running month counts the working days before today, as the attendance tally does.
    stop = min(last, today - timedelta(days=1))
    snapshot = org_snapshot(session, on=min(last, today))
    calendars: dict[int | None, tuple] = {}
    result = {}
    for eid in ids:
        unit = snapshot.unit_of_employee(eid)
        instansi_id = snapshot.instansi_of_unit(unit) if unit else None
        if instansi_id not in calendars:
            calendar = calendar_for(session, employee_id=0, instansi_id=instansi_id, around=first)
            month_days = working_days_between(first, last, calendar)
            calendars[instansi_id] = (calendar, month_days, [d for d in month_days if d <= stop], settings_for(session, instansi_id=instansi_id).monthly_target_minutes)
        calendar, month_days, elapsed, monthly = calendars[instansi_id]
        mine = held.get(eid, [])
        positions = tuple(
            PositionDays(h.kelas, days, h.name) for h in mine if h.kind == "definitif" and (days := _clip_days(h.start, h.end, first, last))
        )
        spans = [(h.start, h.end) for h in mine if h.kind == "definitif"]
        result[eid] = TppInput(
            days_in_month=last.day,
            positions=positions,
            approved_minutes=int(minutes.get(eid, 0)),
            target=target_for(elapsed, len(month_days), monthly, spans, excused.get(eid, []), running=stop < last),
            discipline=discipline[eid],
            acting=_acting_days(ruleset, mine, calendar, first, last),
            predikat=predikat.get(eid),
        )
    return result


# What the employee sees


@dataclass(frozen=True)
class TppMonth:
    employee_id: int
    year: int
    month: int
    lines: list[TppLine]
    total: Decimal
    locked: bool
    approved_minutes: int = 0
    target: KinerjaTarget | None = None  # None for a locked month: its lines say how it was computed

    @property
    def total_text(self) -> str:
        return format_rupiah(self.total)


def _lines_json(lines: tuple[TppLine, ...]) -> str:
    return json.dumps(
        [{"label": v.label, "detail": v.detail, "amount": str(v.amount), "in_total": v.in_total, "printed": str(v.printed)} for v in lines]
    )


def _lines_from(text: str, total: Decimal) -> list[TppLine]:
    """A frozen month's lines; those frozen before printed amounts were kept get them allocated now."""
    lines = tuple(
        TppLine(d["label"], d["detail"], Decimal(d["amount"]), d["in_total"], Decimal(d["printed"]) if d.get("printed") else None)
        for d in json.loads(text)
    )
    return list(lines if all(line.printed is not None for line in lines) else with_printed_amounts(lines, total))


def _lock_of(session: Session, instansi_id: int | None, year: int, month: int) -> TppMonthLock | None:
    return session.exec(
        select(TppMonthLock).where(TppMonthLock.instansi_id == instansi_id, TppMonthLock.year == year, TppMonthLock.month == month)
    ).first()


def _instansi_of_employee(session: Session, employee_id: int, on: date) -> int | None:
    snapshot = org_snapshot(session, on=on)
    unit = snapshot.unit_of_employee(employee_id)
    return snapshot.instansi_of_unit(unit) if unit else None


def locked_total(session: Session, *, employee_id: int, year: int, month: int) -> Decimal | None:
    """The employee's TPP as frozen when their instansi locked the month, or None while it is open."""
    instansi_id = _instansi_of_employee(session, employee_id, min(month_bounds(year, month)[1], local_today()))
    lock = _lock_of(session, instansi_id, year, month)
    if lock is None:
        return None
    return session.exec(
        select(TppLockedResult.total).where(TppLockedResult.lock_id == lock.id, TppLockedResult.employee_id == employee_id)
    ).first()


def compute_month(session: Session, *, employee_id: int, year: int, month: int) -> tuple[TppResult, TppInput]:
    """The live computation (no access check: callers check)."""
    instansi_id = _instansi_of_employee(session, employee_id, min(month_bounds(year, month)[1], local_today()))
    ruleset, _ = ruleset_for(session, instansi_id=instansi_id, year=year)
    data = tpp_inputs(session, employee_ids=[employee_id], year=year, month=month, ruleset=ruleset)[employee_id]
    return compute_tpp(ruleset, data), data


def employee_month(session: Session, *, actor: Actor, employee_id: int, year: int, month: int) -> TppMonth:
    """The employee's TPP for a month with its explained lines: frozen if the month is locked."""
    today = local_today()
    snapshot = org_snapshot(session, on=today)
    instansi_id = _instansi_of_employee(session, employee_id, today)
    require(can_view_employee(actor, employee_id, snapshot, employee_instansi_id=instansi_id), NOT_FOUND)
    lock = _lock_of(session, instansi_id, year, month)
    if lock is not None:
        frozen = session.exec(
            select(TppLockedResult).where(TppLockedResult.lock_id == lock.id, TppLockedResult.employee_id == employee_id)
        ).first()
        if frozen is not None:
            return TppMonth(employee_id, year, month, _lines_from(frozen.lines, frozen.total), frozen.total, True)
    result, data = compute_month(session, employee_id=employee_id, year=year, month=month)
    return TppMonth(employee_id, year, month, list(result.lines), result.total, False, data.approved_minutes, data.target)


# The instansi's month


@dataclass(frozen=True)
class RecapRow:
    employee_id: int
    nip: str
    name: str
    unit_id: int | None
    unit_name: str
    total: Decimal


@dataclass(frozen=True)
class UnitTotal:
    unit_id: int | None
    unit_name: str
    employees: int
    total: Decimal


@dataclass(frozen=True)
class Recap:
    year: int
    month: int
    rows: list[RecapRow]
    units: list[UnitTotal]
    total: Decimal
    locked: bool


def instansi_employees(session: Session, *, instansi_id: int, year: int, month: int) -> list[int]:
    """Everyone holding a definitive position in the instansi during the month."""
    first, last = month_bounds(year, month)
    snapshot = org_snapshot(session, on=min(last, local_today()))
    ids = session.exec(
        select(PositionAssignment.employee_id).distinct().where(
            PositionAssignment.kind == "definitif", PositionAssignment.start_date <= last,
            or_(PositionAssignment.end_date.is_(None), PositionAssignment.end_date >= first),
        )
    ).all()
    return sorted(eid for eid in ids if (u := snapshot.unit_of_employee(eid)) and snapshot.instansi_of_unit(u) == instansi_id)


def compute_recap(session: Session, *, instansi_id: int, year: int, month: int) -> Recap:
    """Every employee's live figure (no access check: callers check)."""
    ruleset, _ = ruleset_for(session, instansi_id=instansi_id, year=year)
    ids = instansi_employees(session, instansi_id=instansi_id, year=year, month=month)
    inputs = tpp_inputs(session, employee_ids=ids, year=year, month=month, ruleset=ruleset)
    totals = {eid: compute_tpp(ruleset, data, explain=False).total for eid, data in inputs.items()}
    return _recap(session, year, month, totals, locked=False)


def _recap(session: Session, year: int, month: int, totals: Mapping[int, Decimal], *, locked: bool) -> Recap:
    snapshot = org_snapshot(session, on=min(month_bounds(year, month)[1], local_today()))
    units = {u.id: u for u in session.exec(select(OrgUnit))}
    levels = {uid: u.level for uid, u in units.items()}
    people = {eid: (nip, name) for eid, nip, name in session.exec(select(Employee.id, Employee.nip, Employee.name).where(among(session, Employee.id, list(totals))))}
    rows = []
    for eid, total in totals.items():
        opd = opd_of(snapshot, snapshot.unit_of_employee(eid), levels)
        nip, name = people[eid]
        rows.append(RecapRow(eid, nip, name, opd, units[opd].name if opd in units else "-", total))
    rows.sort(key=lambda r: (r.unit_name, r.name))
    by_unit: dict[int | None, list[RecapRow]] = {}
    for row in rows:
        by_unit.setdefault(row.unit_id, []).append(row)
    unit_totals = [
        UnitTotal(uid, members[0].unit_name, len(members), sum((m.total for m in members), Decimal(0)))
        for uid, members in sorted(by_unit.items(), key=lambda kv: kv[1][0].unit_name)
    ]
    return Recap(year, month, rows, unit_totals, sum((r.total for r in rows), Decimal(0)), locked)


def instansi_recap(session: Session, *, actor: Actor, year: int, month: int) -> Recap:
    instansi_id = require_admin(actor)
    lock = _lock_of(session, instansi_id, year, month)
    if lock is not None:
        frozen = dict(session.exec(select(TppLockedResult.employee_id, TppLockedResult.total).where(TppLockedResult.lock_id == lock.id)).all())
        return _recap(session, year, month, frozen, locked=True)
    return compute_recap(session, instansi_id=instansi_id, year=year, month=month)


def recap_with_lines(session: Session, *, actor: Actor, year: int, month: int) -> tuple[Recap, dict[int, list[TppLine]]]:
    """The instansi's recap with every employee's explained lines, frozen when the month is locked (admins only)."""
    instansi_id = require_admin(actor)
    lock = _lock_of(session, instansi_id, year, month)
    if lock is not None:
        frozen = session.exec(select(TppLockedResult).where(TppLockedResult.lock_id == lock.id)).all()
        recap = _recap(session, year, month, {f.employee_id: f.total for f in frozen}, locked=True)
        return recap, {f.employee_id: _lines_from(f.lines, f.total) for f in frozen}
    ruleset, _ = ruleset_for(session, instansi_id=instansi_id, year=year)
    ids = instansi_employees(session, instansi_id=instansi_id, year=year, month=month)
    results = {eid: compute_tpp(ruleset, data) for eid, data in tpp_inputs(session, employee_ids=ids, year=year, month=month, ruleset=ruleset).items()}
    recap = _recap(session, year, month, {eid: r.total for eid, r in results.items()}, locked=False)
    return recap, {eid: list(r.lines) for eid, r in results.items()}


def lock_month(session: Session, *, actor: Actor, year: int, month: int) -> TppMonthLock:
    """Freeze every employee's lines and total after payroll; a locked month never changes."""
    instansi_id = require_admin(actor)
    last = month_bounds(year, month)[1]
    if last >= local_today():
        raise ValidationFailed({"month": f"{month_label(year, month)} belum selesai; bulan hanya dapat dikunci setelah berakhir."})
    already_locked = f"{month_label(year, month)} sudah dikunci."
    if _lock_of(session, instansi_id, year, month) is not None:
        raise ValidationFailed({"month": already_locked})
    ruleset, _ = ruleset_for(session, instansi_id=instansi_id, year=year)
    ids = instansi_employees(session, instansi_id=instansi_id, year=year, month=month)
    inputs = tpp_inputs(session, employee_ids=ids, year=year, month=month, ruleset=ruleset)
    lock = TppMonthLock(instansi_id=instansi_id, year=year, month=month, locked_by_id=actor.employee_id)
    with one_outcome(session, field="month", message=already_locked):
        session.add(lock)
    snapshot = org_snapshot(session, on=last)
    total = Decimal(0)
    for eid, data in inputs.items():
        result = compute_tpp(ruleset, data)
        total += result.total
        session.add(
            TppLockedResult(
                lock_id=lock.id, employee_id=eid, unit_id=snapshot.unit_of_employee(eid), total=result.total,
                lines=_lines_json(result.lines),
            )
        )
    session.flush()
    audit.write(
        session, actor=actor, action="lock", entity="tpp_month_lock", entity_id=lock.id,
        after={"year": year, "month": month, "employees": len(inputs), "total": str(total)},
        detail=f"TPP {month_label(year, month)} dikunci: {len(inputs)} pegawai, {format_rupiah(total)}",
    )
    return lock
