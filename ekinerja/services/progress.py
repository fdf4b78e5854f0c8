"""Progres Pekerjaan: realisation per indikator and month, progress against target, the team view.

A month's realisation of an indikator is what the employee entered for it; when
nothing was entered, the approved daily activities linked to the RHK count for
the RHK's first kuantitas indikator (their quantity is in that indikator's unit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import extract, func
from sqlmodel import Session, select

from ekinerja.access import Actor, require
from ekinerja.clock import utcnow
from ekinerja.db import among
from ekinerja.domain import skp_rules as rules
from ekinerja.domain.evidence_rules import RejectedFile
from ekinerja.domain.names import display_name
from ekinerja.domain.statuses import ActivityStatus
from ekinerja.domain.validation import ValidationFailed, ensure_valid
from ekinerja.models import (
    ActivityVersion,
    DailyActivity,
    Employee,
    Indikator,
    Realisasi,
    RencanaAksi,
    Rhk,
    Skp,
)
from ekinerja.services import audit
from ekinerja.services.conflicts import one_outcome
from ekinerja.services.evidence import store_evidence
from ekinerja.services.markers import per_employee
from ekinerja.services.skp import (
    NOT_FOUND,
    current_skp,
    indikators_of,
    readable_skp,
    rhks_of,
    today_snapshot,
)


@dataclass(frozen=True)
class MonthCell:
    month: int
    entered: Decimal | None
    from_activities: Decimal
    counted: Decimal
    target: Decimal | None  # from the monthly rencana aksi, when split
    evidence_link: str
    evidence_file_id: int | None


@dataclass(frozen=True)
class IndikatorProgress:
    id: int
    aspek: str
    description: str
    target_value: Decimal
    target_unit: str
    realised: Decimal
    percent: Decimal
    months: list[MonthCell]
    quarters: dict[int, Decimal]


@dataclass(frozen=True)
class RhkProgress:
    id: int
    kind: str
    description: str
    percent: Decimal
    lagging: bool
    indikators: list[IndikatorProgress]


@dataclass(frozen=True)
class SkpProgress:
    skp: Skp
    percent: Decimal
    elapsed: Decimal
    rhks: list[RhkProgress]
    is_owner: bool


def activity_sums(session: Session, *, rhk_ids: list[int], start: date, end: date) -> dict[tuple[int, int], Decimal]:
    """(rhk id, month) -> the quantity of approved daily activities linked to that RHK."""
    if not rhk_ids:
        return {}
    month = extract("month", DailyActivity.activity_date)
    rows = session.exec(
        select(DailyActivity.rhk_id, month, func.sum(DailyActivity.quantity))
        .where(
            DailyActivity.rhk_id.in_(rhk_ids),
            DailyActivity.status == ActivityStatus.DISETUJUI,
            DailyActivity.activity_date >= start,
            DailyActivity.activity_date <= end,
        )
        .group_by(DailyActivity.rhk_id, month)
    ).all()
    return {(rhk_id, int(m)): Decimal(str(total)) for rhk_id, m, total in rows}


def compute(session: Session, *, skp: Skp, today: date, is_owner: bool = False) -> SkpProgress:
    rhks = rhks_of(session, skp_id=skp.id)
    indikators = indikators_of(session, rhk_ids=[r.id for r in rhks])
    entered: dict[tuple[int, int], Realisasi] = {}
    if indikators:
        for row in session.exec(select(Realisasi).where(Realisasi.indikator_id.in_([i.id for i in indikators]))):
            entered[(row.indikator_id, row.month)] = row
    monthly_targets: dict[tuple[int, int], Decimal] = {}
    if indikators:
        for ra in session.exec(
            select(RencanaAksi).where(RencanaAksi.indikator_id.in_([i.id for i in indikators]), RencanaAksi.period_kind == "bulan")
        ):
            monthly_targets[(ra.indikator_id, ra.period_no)] = ra.target_value
    sums = activity_sums(session, rhk_ids=[r.id for r in rhks], start=skp.period_start, end=skp.period_end)
    months = rules.period_months(skp.period_start, skp.period_end)
    elapsed = rules.elapsed_percent(skp.period_start, skp.period_end, today)
    rhk_views = []
    for rhk in rhks:
        own = [i for i in indikators if i.rhk_id == rhk.id]
        fed = next((i.id for i in own if i.aspek == "kuantitas"), None)
        views = [_indikator(ind, months, entered, sums, monthly_targets, fed) for ind in own]
        percent = rules.mean_percent([v.percent for v in views])
        rhk_views.append(RhkProgress(rhk.id, rhk.kind, rhk.description, percent, rules.is_lagging(percent, elapsed), views))
    total = rules.mean_percent([r.percent for r in rhk_views])
    return SkpProgress(skp=skp, percent=total, elapsed=elapsed, rhks=rhk_views, is_owner=is_owner)


def _indikator(ind, months, entered, sums, monthly_targets, fed_id) -> IndikatorProgress:
    cells = []
    for month in months:
        row = entered.get((ind.id, month))
        from_activities = sums.get((ind.rhk_id, month), Decimal(0)) if ind.id == fed_id else Decimal(0)
        counted = row.value if row is not None else from_activities
        cells.append(MonthCell(
            month=month,
            entered=row.value if row is not None else None,
            from_activities=from_activities,
            counted=counted,
            target=monthly_targets.get((ind.id, month)),
            evidence_link=row.evidence_link if row else "",
            evidence_file_id=row.evidence_file_id if row else None,
        ))
    # Months with nothing at all do not pull a kualitas average down.
    counted_values = [c.counted for c in cells if c.entered is not None or c.from_activities]
    realised = rules.realised_total(ind.aspek, counted_values)
    quarters: dict[int, Decimal] = {}
    for c in cells:
        quarters[rules.quarter_of(c.month)] = quarters.get(rules.quarter_of(c.month), Decimal(0)) + c.counted
    return IndikatorProgress(
        ind.id, ind.aspek, ind.description, ind.target_value, ind.target_unit, realised,
        rules.percent(realised, ind.target_value), cells, quarters,
    )


def skp_progress(session: Session, *, actor: Actor, skp_id: int, today: date) -> SkpProgress:
    skp, _ = readable_skp(session, actor=actor, skp_id=skp_id)
    return compute(session, skp=skp, today=today, is_owner=skp.employee_id == actor.employee_id)


def save_realisasi(
    session: Session,
    *,
    actor: Actor,
    indikator_id: int,
    form: rules.RealisasiForm,
    today: date,
    file_data: bytes | None = None,
    filename: str = "",
) -> Realisasi:
    """The owner records a month's realisation of an approved SKP, with a link or a file as bukti dukung."""
    ind = session.get(Indikator, indikator_id)
    require(ind is not None, NOT_FOUND)
    rhk = session.get(Rhk, ind.rhk_id)
    skp, _ = readable_skp(session, actor=actor, skp_id=rhk.skp_id)
    require(skp.employee_id == actor.employee_id, "Hanya pemilik SKP yang dapat mengisi realisasi.")
    if not rules.approved(skp.status):
        raise ValidationFailed({"month": "Realisasi hanya dapat diisi untuk SKP yang sudah disetujui."})
    last_month = 12 if skp.year < today.year else (today.month if skp.year == today.year else 0)
    data = ensure_valid(rules.validate_realisasi(form, months=rules.period_months(skp.period_start, skp.period_end), last_month=last_month))
    evidence_id = None
    if file_data:
        try:
            evidence_id = store_evidence(session, actor=actor, data=file_data, filename=filename).id
        except RejectedFile as problem:
            raise ValidationFailed({"evidence_file": str(problem)}) from problem
    row = session.exec(select(Realisasi).where(Realisasi.indikator_id == ind.id, Realisasi.month == data.month)).first()
    before = audit.snapshot(row)
    if row is None:
        row = Realisasi(indikator_id=ind.id, month=data.month, value=data.value, updated_by_id=actor.employee_id)
    row.value, row.note, row.evidence_link = data.value, data.note, data.evidence_link
    if evidence_id is not None:
        row.evidence_file_id = evidence_id
    row.updated_by_id = actor.employee_id
    row.updated_at = utcnow()
    with one_outcome(session, field="month", message="Realisasi bulan ini baru saja diisi di jendela lain. Muat ulang halaman lalu periksa angkanya."):
        session.add(row)
    audit.write(
        session, actor=actor, action="update" if before else "create", entity="realisasi", row=row, before=before,
    )
    return row


# ---------------------------------------------------------------------------
# Team
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamRow:
    employee_id: int
    name: str
    nip: str
    skp_id: int | None
    status: str
    percent: Decimal | None
    lagging: bool
    last_update: datetime | None


def team_members(session: Session, *, actor: Actor) -> list[int]:
    return today_snapshot(session).direct_subordinates(actor.employee_id)


def _last_update(session: Session, skp: Skp) -> datetime:
    latest = session.exec(
        select(func.max(Realisasi.updated_at)).join(Indikator, Indikator.id == Realisasi.indikator_id)
        .join(Rhk, Rhk.id == Indikator.rhk_id).where(Rhk.skp_id == skp.id)
    ).one()
    return max(filter(None, [skp.updated_at, _aware(latest)]))


def _aware(value):
    """SQLite hands aggregate timestamps back as naive or text; they are stored in UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def team_progress(session: Session, *, actor: Actor, today: date) -> list[TeamRow]:
    """One row per direct subordinate (also when the actor is their Plt/Plh): SKP status, progress, last update."""
    rows = []
    for employee_id in team_members(session, actor=actor):
        employee = session.get(Employee, employee_id)
        skp = current_skp(session, employee_id=employee_id, today=today)
        progress = compute(session, skp=skp, today=today) if skp is not None and rules.approved(skp.status) else None
        rows.append(TeamRow(
            employee_id=employee_id,
            name=display_name(employee),
            nip=employee.nip,
            skp_id=skp.id if skp else None,
            status=skp.status if skp else "belum",
            percent=progress.percent if progress else None,
            lagging=bool(progress and any(r.lagging for r in progress.rhks)),
            last_update=_last_update(session, skp) if skp else None,
        ))
    rows.sort(key=lambda r: r.name)
    return rows


def team_stamps(session: Session, *, employee_ids: list[int]) -> dict[int, tuple]:
    """Per employee, a cheap fingerprint of their row in the team table: it changes when the row would."""
    if not employee_ids:
        return {}
    skp_part = (
        select(Skp.employee_id, func.max(Skp.updated_at), func.count(Skp.id))
        .where(among(session, Skp.employee_id, employee_ids)).group_by(Skp.employee_id)
    )
    realisasi_part = (
        select(Skp.employee_id, func.max(Realisasi.updated_at), func.count(Realisasi.id), func.sum(Realisasi.value))
        .join(Indikator, Indikator.id == Realisasi.indikator_id).join(Rhk, Rhk.id == Indikator.rhk_id)
        .join(Skp, Skp.id == Rhk.skp_id).where(among(session, Skp.employee_id, employee_ids)).group_by(Skp.employee_id)
    )
    # Any change to their entries (the approved ones linked to an RHK among them): the database keeps it.
    activity_part = select(ActivityVersion.employee_id, ActivityVersion.version).where(among(session, ActivityVersion.employee_id, employee_ids))
    return per_employee(session, skp_part, realisasi_part, activity_part)
