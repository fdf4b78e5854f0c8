"""Planning the SKP: drafts, their parts, the approval workflow and revisions.

Who may do what: the owner edits only a draft; the atasan of the SKP's jabatan on
the day (the acting Plt/Plh when there is one) returns or approves; the owner,
anyone above in the tree and the instansi's admins read. Status changes are
conditional UPDATEs on the expected status, so two concurrent decisions cannot
both win.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import delete, func, or_, update
from sqlmodel import Session, select

from ekinerja.access import Actor, can_view_employee, require
from ekinerja.clock import local_today, utcnow
from ekinerja.domain import skp_rules as rules
from ekinerja.domain.berakhlak import BY_CODE
from ekinerja.domain.hierarchy import Holding, OrgSnapshot, resolve_atasan
from ekinerja.domain.statuses import SkpStatus
from ekinerja.domain.validation import ValidationFailed, ensure_valid
from ekinerja.models import (
    Employee,
    Indikator,
    OrgUnit,
    PerilakuExpectation,
    Position,
    PositionAssignment,
    Realisasi,
    RencanaAksi,
    Rhk,
    Skp,
)
from ekinerja.services import audit
from ekinerja.services.auth import display_name
from ekinerja.services.conflicts import one_outcome
from ekinerja.services.org import org_snapshot

NOT_FOUND = "SKP tidak ditemukan atau Anda tidak berwenang membukanya."
NOT_OWNER_DRAFT = "Hanya pemilik SKP yang dapat mengubahnya, dan hanya selama berstatus draf."
CHANGED_MEANWHILE = "SKP ini baru saja diproses oleh orang lain. Muat ulang halaman untuk melihat statusnya."
OPEN = rules.CURRENT  # every status but diganti
SKP_EXISTS = "SKP untuk jabatan dan tahun ini sudah ada."
REVISION_PENDING = "Masih ada revisi SKP ini yang belum disetujui."


# ---------------------------------------------------------------------------
# Reading helpers
# ---------------------------------------------------------------------------


def today_snapshot(session: Session) -> OrgSnapshot:
    return org_snapshot(session, on=local_today())


def atasan_holding(snapshot: OrgSnapshot, skp: Skp) -> Holding | None:
    """Whoever answers today for the jabatan above the SKP's jabatan (Plh, then Plt, then definitive)."""
    holding = resolve_atasan(skp.position_id, snapshot.reports_to, snapshot.holders)
    return None if holding is None or holding.employee_id == skp.employee_id else holding


def is_atasan(actor: Actor, snapshot: OrgSnapshot, skp: Skp) -> bool:
    holding = atasan_holding(snapshot, skp)
    return holding is not None and holding.employee_id == actor.employee_id


def _instansi_of(snapshot: OrgSnapshot, employee_id: int) -> int | None:
    unit_id = snapshot.unit_of_employee(employee_id)
    return snapshot.instansi_of_unit(unit_id) if unit_id else None


def can_read(actor: Actor, snapshot: OrgSnapshot, skp: Skp) -> bool:
    if is_atasan(actor, snapshot, skp):
        return True
    return can_view_employee(actor, skp.employee_id, snapshot, employee_instansi_id=_instansi_of(snapshot, skp.employee_id))


def readable_skp(session: Session, actor: Actor, skp_id: int) -> tuple[Skp, OrgSnapshot]:
    skp = session.get(Skp, skp_id)
    require(skp is not None, NOT_FOUND)
    snapshot = today_snapshot(session)
    require(can_read(actor, snapshot, skp), NOT_FOUND)
    return skp, snapshot


def _own_draft(session: Session, actor: Actor, skp_id: int) -> Skp:
    skp, _ = readable_skp(session, actor, skp_id)
    require(rules.editable(skp.status, is_owner=skp.employee_id == actor.employee_id), NOT_OWNER_DRAFT)
    return skp


def _jpt(session: Session, position_id: int) -> bool:
    position = session.get(Position, position_id)
    return position is not None and rules.is_jpt(position.kind, position.eselon, position.kelas_jabatan)


def atasan_skp(session: Session, snapshot: OrgSnapshot, skp: Skp) -> Skp | None:
    """The approved SKP the employee's RHKs cascade from: the one of the atasan's jabatan (also when a
    Plt now acts for it), else the acting holder's own; the latest period overlapping this SKP."""
    holding = atasan_holding(snapshot, skp)
    if holding is None:
        return None
    approved = select(Skp).where(
        or_(Skp.position_id == holding.position_id, Skp.employee_id == holding.employee_id),
        Skp.status == SkpStatus.DISETUJUI,
        Skp.year == skp.year,
        Skp.period_start <= skp.period_end,
        Skp.period_end >= skp.period_start,
    )
    rows = session.exec(approved.order_by(Skp.period_start.desc(), Skp.id.desc())).all()
    same_post = [row for row in rows if row.position_id == holding.position_id]
    return (same_post or rows or [None])[0]


def atasan_rhks(session: Session, snapshot: OrgSnapshot, skp: Skp) -> tuple[bool, list[Rhk]]:
    """Whether the SKP's jabatan has an atasan at all, and the RHKs of the atasan's approved SKP."""
    if atasan_holding(snapshot, skp) is None:
        return False, []
    boss_skp = atasan_skp(session, snapshot, skp)
    if boss_skp is None:
        return True, []
    return True, list(session.exec(select(Rhk).where(Rhk.skp_id == boss_skp.id).order_by(Rhk.sort_order, Rhk.id)))


def rhks_of(session: Session, skp_id: int) -> list[Rhk]:
    return list(session.exec(select(Rhk).where(Rhk.skp_id == skp_id).order_by(Rhk.sort_order, Rhk.id)))


def indikators_of(session: Session, rhk_ids: list[int]) -> list[Indikator]:
    if not rhk_ids:
        return []
    return list(session.exec(select(Indikator).where(Indikator.rhk_id.in_(rhk_ids)).order_by(Indikator.sort_order, Indikator.id)))


def plan_problems(session: Session, snapshot: OrgSnapshot, skp: Skp) -> list[str]:
    has_atasan, boss_rhks = atasan_rhks(session, snapshot, skp)
    rhks = rhks_of(session, skp.id)
    counts: dict[int, int] = {}
    for ind in indikators_of(session, [r.id for r in rhks]):
        counts[ind.rhk_id] = counts.get(ind.rhk_id, 0) + 1
    links = [rules.RhkLink(r.description, r.atasan_rhk_id, r.perspektif, counts.get(r.id, 0)) for r in rhks]
    return rules.plan_problems(
        links, has_atasan=has_atasan, atasan_rhk_ids=frozenset(r.id for r in boss_rhks), jpt=_jpt(session, skp.position_id)
    )


def _touch(session: Session, skp: Skp) -> None:
    skp.updated_at = utcnow()
    session.add(skp)


def _audit(session: Session, actor: Actor, action: str, entity: str, row, *, before=None, detail: str = "") -> None:
    audit.record(
        session, actor_id=actor.employee_id, action=action, entity=entity, entity_id=row.id,
        before=before, after=audit.snapshot(row), detail=detail,
    )


# ---------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SkpRow:
    id: int
    employee_name: str
    nip: str
    year: int
    period: str
    jabatan: str
    status: str
    revision: int
    updated_at: object


def _rows(session: Session, skps: list[Skp]) -> list[SkpRow]:
    rows = []
    for skp in skps:
        employee = session.get(Employee, skp.employee_id)
        position = session.get(Position, skp.position_id)
        rows.append(
            SkpRow(
                id=skp.id,
                employee_name=display_name(employee) if employee else "-",
                nip=employee.nip if employee else "",
                year=skp.year,
                period=rules.period_label(skp.period_start, skp.period_end),
                jabatan=position.name if position else "-",
                status=skp.status,
                revision=skp.revision,
                updated_at=skp.updated_at,
            )
        )
    return rows


def list_own(session: Session, *, actor: Actor) -> list[SkpRow]:
    """Every SKP of the actor but the revisions that were replaced (those are in each SKP's history)."""
    skps = session.exec(
        select(Skp).where(Skp.employee_id == actor.employee_id, Skp.status != SkpStatus.DIGANTI)
        .order_by(Skp.year.desc(), Skp.period_start.desc(), Skp.revision.desc())
    ).all()
    return _rows(session, list(skps))


def list_subordinates(session: Session, *, actor: Actor, year: int) -> list[SkpRow]:
    """SKP Bawahan: the year's SKPs of everyone the actor answers for today, submitted ones first."""
    snapshot = today_snapshot(session)
    subordinates = snapshot.direct_subordinates(actor.employee_id)
    if not subordinates:
        return []
    skps = session.exec(
        select(Skp).where(Skp.employee_id.in_(subordinates), Skp.year == year, Skp.status != SkpStatus.DIGANTI)
    ).all()
    mine = [s for s in skps if is_atasan(actor, snapshot, s)]
    order = {SkpStatus.DIAJUKAN: 0, SkpStatus.DRAFT: 1, SkpStatus.DISETUJUI: 2}
    mine.sort(key=lambda s: (order.get(s.status, 3), s.employee_id, s.period_start))
    return _rows(session, mine)


def history(session: Session, *, actor: Actor, skp_id: int) -> list[Skp]:
    skp, _ = readable_skp(session, actor, skp_id)
    return list(session.exec(select(Skp).where(Skp.lineage_id == skp.lineage_id).order_by(Skp.revision.desc())))


# ---------------------------------------------------------------------------
# Detail
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IndikatorView:
    id: int
    aspek: str
    description: str
    target_value: Decimal
    target_unit: str
    rencana: dict[tuple[str, int], Decimal]


@dataclass(frozen=True)
class RhkView:
    id: int
    kind: str
    description: str
    atasan_rhk_id: int | None
    atasan_rhk_text: str
    perspektif: str | None
    indikators: list[IndikatorView]


@dataclass(frozen=True)
class PersonView:
    name: str
    nip: str
    pangkat: str
    jabatan: str
    unit: str


@dataclass
class SkpDetail:
    skp: Skp
    pegawai: PersonView
    penilai: PersonView | None
    rhks: list[RhkView]
    expectations: dict[str, str]
    atasan_options: list[tuple[int, str]]
    has_atasan: bool
    jpt: bool
    problems: list[str]
    history: list[Skp]
    is_owner: bool
    is_atasan: bool
    can_edit: bool = field(init=False)

    def __post_init__(self) -> None:
        self.can_edit = rules.editable(self.skp.status, is_owner=self.is_owner)


def person_view(session: Session, employee_id: int, position_id: int | None) -> PersonView:
    employee = session.get(Employee, employee_id)
    position = session.get(Position, position_id) if position_id else None
    unit = session.get(OrgUnit, position.unit_id) if position else None
    return PersonView(
        name=display_name(employee) if employee else "-",
        nip=employee.nip if employee else "",
        pangkat=employee.pangkat_golongan if employee else "",
        jabatan=position.name if position else "-",
        unit=unit.name if unit else "",
    )


def get_detail(session: Session, *, actor: Actor, skp_id: int) -> SkpDetail:
    skp, snapshot = readable_skp(session, actor, skp_id)
    boss = atasan_holding(snapshot, skp)
    has_atasan, boss_rhks = atasan_rhks(session, snapshot, skp)
    rhks = rhks_of(session, skp.id)
    indikators = indikators_of(session, [r.id for r in rhks])
    rencana: dict[int, dict[tuple[str, int], Decimal]] = {}
    if indikators:
        for ra in session.exec(select(RencanaAksi).where(RencanaAksi.indikator_id.in_([i.id for i in indikators]))):
            rencana.setdefault(ra.indikator_id, {})[(ra.period_kind, ra.period_no)] = ra.target_value
    linked_ids = {r.atasan_rhk_id for r in rhks if r.atasan_rhk_id}
    linked = {r.id: r.description for r in session.exec(select(Rhk).where(Rhk.id.in_(linked_ids)))} if linked_ids else {}
    views = [
        RhkView(
            id=r.id, kind=r.kind, description=r.description, atasan_rhk_id=r.atasan_rhk_id,
            atasan_rhk_text=linked.get(r.atasan_rhk_id, "") if r.atasan_rhk_id else "",
            perspektif=r.perspektif,
            indikators=[
                IndikatorView(i.id, i.aspek, i.description, i.target_value, i.target_unit, rencana.get(i.id, {}))
                for i in indikators if i.rhk_id == r.id
            ],
        )
        for r in rhks
    ]
    expectations = {
        e.value_code: e.ekspektasi_khusus
        for e in session.exec(select(PerilakuExpectation).where(PerilakuExpectation.skp_id == skp.id))
    }
    return SkpDetail(
        skp=skp,
        pegawai=person_view(session, skp.employee_id, skp.position_id),
        penilai=person_view(session, boss.employee_id, boss.position_id) if boss else None,
        rhks=views,
        expectations=expectations,
        atasan_options=[(r.id, r.description) for r in boss_rhks],
        has_atasan=has_atasan,
        jpt=_jpt(session, skp.position_id),
        problems=plan_problems(session, snapshot, skp) if rules.in_progress(skp.status) else [],
        history=list(session.exec(select(Skp).where(Skp.lineage_id == skp.lineage_id).order_by(Skp.revision.desc()))),
        is_owner=skp.employee_id == actor.employee_id,
        is_atasan=is_atasan(actor, snapshot, skp),
    )


# ---------------------------------------------------------------------------
# Creating drafts
# ---------------------------------------------------------------------------


def _definitive_assignments(session: Session, employee_id: int) -> list[PositionAssignment]:
    return list(
        session.exec(
            select(PositionAssignment).where(
                PositionAssignment.employee_id == employee_id, PositionAssignment.kind == "definitif"
            )
        )
    )


@dataclass(frozen=True)
class OpenPeriod:
    position_id: int
    position_name: str
    start: date
    end: date


def open_periods(session: Session, *, actor: Actor, year: int) -> list[OpenPeriod]:
    """The year's SKP periods (one per jabatan held, split at each mutasi) that have no SKP yet."""
    periods = rules.skp_periods(
        year, [rules.Assignment(a.position_id, a.start_date, a.end_date) for a in _definitive_assignments(session, actor.employee_id)]
    )
    taken = session.exec(
        select(Skp.position_id, Skp.period_start).where(Skp.employee_id == actor.employee_id, Skp.year == year, Skp.status.in_(OPEN))
    ).all()
    taken_positions = {position_id for position_id, _ in taken}
    result = []
    for p in periods:
        if p.position_id in taken_positions:
            continue
        position = session.get(Position, p.position_id)
        result.append(OpenPeriod(p.position_id, position.name if position else "-", p.start, p.end))
    return result


def _period_for(session: Session, actor: Actor, year: int, position_id: int | None) -> rules.Period:
    candidates = rules.skp_periods(
        year, [rules.Assignment(a.position_id, a.start_date, a.end_date) for a in _definitive_assignments(session, actor.employee_id)]
    )
    if position_id is not None:
        candidates = [p for p in candidates if p.position_id == position_id]
    if not candidates:
        raise ValidationFailed({"period": f"Anda tidak memegang jabatan definitif yang sesuai pada tahun {year}."})
    return candidates[-1]


def _close_overlapping(session: Session, actor: Actor, period: rules.Period) -> None:
    """A mutasi closes the SKP of the previous jabatan the day before the new period starts."""
    overlapping = session.exec(
        select(Skp).where(
            Skp.employee_id == actor.employee_id,
            Skp.position_id != period.position_id,
            Skp.year == period.start.year,
            Skp.period_end >= period.start,
        )
    ).all()
    for old in overlapping:
        if old.period_start >= period.start:
            raise ValidationFailed({"period": "Periode SKP ini bertumpang tindih dengan SKP lain; hubungi admin."})
        before = audit.snapshot(old)
        old.period_end = period.start - timedelta(days=1)
        _touch(session, old)
        session.flush()
        _audit(session, actor, "update", "skp", old, before=before, detail="Periode SKP ditutup karena mutasi")


def _new_skp(session: Session, actor: Actor, year: int, position_id: int | None) -> Skp:
    period = _period_for(session, actor, year, position_id)
    exists = session.exec(
        select(Skp.id).where(
            Skp.employee_id == actor.employee_id, Skp.position_id == period.position_id,
            Skp.year == year, Skp.status.in_(OPEN),
        )
    ).first()
    if exists is not None:
        raise ValidationFailed({"period": SKP_EXISTS})
    _close_overlapping(session, actor, period)
    snapshot = today_snapshot(session)
    skp = Skp(
        employee_id=actor.employee_id, position_id=period.position_id, year=year,
        period_start=period.start, period_end=period.end,
    )
    boss = resolve_atasan(period.position_id, snapshot.reports_to, snapshot.holders)
    if boss is not None:
        skp.atasan_employee_id, skp.atasan_position_id = boss.employee_id, boss.position_id
    with one_outcome(session, field="period", message=SKP_EXISTS):
        session.add(skp)
    skp.lineage_id = skp.id
    session.add(skp)
    session.flush()
    return skp


def create_draft(session: Session, *, actor: Actor, year: int, position_id: int | None = None) -> Skp:
    """A new, empty draft for the actor's jabatan in ``year`` (by default the latest one held)."""
    skp = _new_skp(session, actor, year, position_id)
    _audit(session, actor, "create", "skp", skp)
    return skp


def _copy_plan(session: Session, source: Skp, target: Skp, *, keep_links: bool) -> dict[int, int]:
    """Copies RHKs, indikators and rencana aksi; returns old indikator id -> new indikator id."""
    indikator_map: dict[int, int] = {}
    for rhk in rhks_of(session, source.id):
        copy = Rhk(
            skp_id=target.id, kind=rhk.kind, description=rhk.description, perspektif=rhk.perspektif,
            atasan_rhk_id=rhk.atasan_rhk_id if keep_links else None, sort_order=rhk.sort_order,
        )
        session.add(copy)
        session.flush()
        for ind in indikators_of(session, [rhk.id]):
            new_ind = Indikator(
                rhk_id=copy.id, aspek=ind.aspek, description=ind.description, target_value=ind.target_value,
                target_unit=ind.target_unit, sort_order=ind.sort_order,
            )
            session.add(new_ind)
            session.flush()
            indikator_map[ind.id] = new_ind.id
            for ra in session.exec(select(RencanaAksi).where(RencanaAksi.indikator_id == ind.id)):
                session.add(RencanaAksi(
                    indikator_id=new_ind.id, period_kind=ra.period_kind, period_no=ra.period_no,
                    target_value=ra.target_value, description=ra.description,
                ))
    for name in ("approach", "dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi"):
        setattr(target, name, getattr(source, name))
    session.add(target)
    session.flush()
    return indikator_map


def copy_last_year(session: Session, *, actor: Actor, year: int) -> Skp:
    """One click: last year's approved plan as this year's draft (links to the atasan are picked again)."""
    source = session.exec(
        select(Skp).where(Skp.employee_id == actor.employee_id, Skp.year == year - 1, Skp.status == SkpStatus.DISETUJUI)
        .order_by(Skp.period_start.desc())
    ).first()
    if source is None:
        raise ValidationFailed({"period": f"Tidak ada SKP tahun {year - 1} yang disetujui untuk disalin."})
    skp = _new_skp(session, actor, year, None)
    _copy_plan(session, source, skp, keep_links=False)
    _audit(session, actor, "create", "skp", skp, detail=f"Salinan SKP tahun {year - 1} (id {source.id})")
    return skp


def create_revision(session: Session, *, actor: Actor, skp_id: int) -> Skp:
    """A new draft revision of an approved SKP; the approved one stays in force until the new one is approved."""
    skp, _ = readable_skp(session, actor, skp_id)
    require(skp.employee_id == actor.employee_id, "Hanya pemilik SKP yang dapat membuat revisi.")
    if skp.status != SkpStatus.DISETUJUI:
        raise ValidationFailed({"status": "Revisi hanya dapat dibuat dari SKP yang sudah disetujui."})
    pending = session.exec(
        select(Skp.id).where(Skp.lineage_id == skp.lineage_id, Skp.status.in_(rules.IN_PROGRESS))
    ).first()
    if pending is not None:
        raise ValidationFailed({"status": REVISION_PENDING})
    latest = session.exec(select(func.max(Skp.revision)).where(Skp.lineage_id == skp.lineage_id)).one()
    revision = Skp(
        lineage_id=skp.lineage_id, revision=latest + 1, employee_id=skp.employee_id, position_id=skp.position_id,
        atasan_employee_id=skp.atasan_employee_id, atasan_position_id=skp.atasan_position_id,
        year=skp.year, period_start=skp.period_start, period_end=skp.period_end,
    )
    with one_outcome(session, field="status", message=REVISION_PENDING):
        session.add(revision)
    _copy_plan(session, skp, revision, keep_links=True)
    for e in session.exec(select(PerilakuExpectation).where(PerilakuExpectation.skp_id == skp.id)):
        session.add(PerilakuExpectation(skp_id=revision.id, value_code=e.value_code, ekspektasi_khusus=e.ekspektasi_khusus))
    _audit(session, actor, "create", "skp", revision, detail=f"Revisi {revision.revision} dari SKP id {skp.id}")
    return revision


# ---------------------------------------------------------------------------
# Editing a draft
# ---------------------------------------------------------------------------


def save_rhk(session: Session, *, actor: Actor, skp_id: int, rhk_id: int | None, form: rules.RhkForm) -> Rhk:
    skp = _own_draft(session, actor, skp_id)
    snapshot = today_snapshot(session)
    has_atasan, boss_rhks = atasan_rhks(session, snapshot, skp)
    data = ensure_valid(
        rules.validate_rhk(form, has_atasan=has_atasan, atasan_rhk_ids=frozenset(r.id for r in boss_rhks), jpt=_jpt(session, skp.position_id))
    )
    if rhk_id:
        rhk = session.get(Rhk, rhk_id)
        require(rhk is not None and rhk.skp_id == skp.id, NOT_FOUND)
        before = audit.snapshot(rhk)
    else:
        count = session.exec(select(func.count()).select_from(Rhk).where(Rhk.skp_id == skp.id)).one()
        rhk, before = Rhk(skp_id=skp.id, description="", sort_order=count + 1), None
    rhk.kind, rhk.description, rhk.atasan_rhk_id, rhk.perspektif = data.kind, data.description, data.atasan_rhk_id, data.perspektif
    session.add(rhk)
    session.flush()
    _touch(session, skp)
    _audit(session, actor, "update" if before else "create", "rhk", rhk, before=before)
    return rhk


def _delete_indikators(session: Session, indikator_ids: list[int]) -> None:
    if indikator_ids:
        session.exec(delete(RencanaAksi).where(RencanaAksi.indikator_id.in_(indikator_ids)))
        session.exec(delete(Indikator).where(Indikator.id.in_(indikator_ids)))


def delete_rhk(session: Session, *, actor: Actor, skp_id: int, rhk_id: int) -> None:
    skp = _own_draft(session, actor, skp_id)
    rhk = session.get(Rhk, rhk_id)
    require(rhk is not None and rhk.skp_id == skp.id, NOT_FOUND)
    before = audit.snapshot(rhk)
    _delete_indikators(session, [i.id for i in indikators_of(session, [rhk.id])])
    session.delete(rhk)
    _touch(session, skp)
    session.flush()
    audit.record(session, actor_id=actor.employee_id, action="delete", entity="rhk", entity_id=rhk_id, before=before)


def _indikator_in_draft(session: Session, actor: Actor, indikator_id: int) -> tuple[Indikator, Skp]:
    ind = session.get(Indikator, indikator_id)
    require(ind is not None, NOT_FOUND)
    rhk = session.get(Rhk, ind.rhk_id)
    return ind, _own_draft(session, actor, rhk.skp_id)


def save_indikator(
    session: Session, *, actor: Actor, rhk_id: int, indikator_id: int | None, form: rules.IndikatorForm
) -> Indikator:
    rhk = session.get(Rhk, rhk_id)
    require(rhk is not None, NOT_FOUND)
    skp = _own_draft(session, actor, rhk.skp_id)
    data = ensure_valid(rules.validate_indikator(form))
    if indikator_id:
        ind = session.get(Indikator, indikator_id)
        require(ind is not None and ind.rhk_id == rhk.id, NOT_FOUND)
        before = audit.snapshot(ind)
        if ind.target_value != data.target_value:
            # A new target invalidates its split; the employee splits it again.
            _clear_rencana(session, ind.id)
    else:
        count = session.exec(select(func.count()).select_from(Indikator).where(Indikator.rhk_id == rhk.id)).one()
        ind, before = Indikator(rhk_id=rhk.id, description="", target_value=Decimal(0), target_unit="", sort_order=count + 1), None
    ind.aspek, ind.description, ind.target_value, ind.target_unit = data.aspek, data.description, data.target_value, data.target_unit
    session.add(ind)
    session.flush()
    _touch(session, skp)
    _audit(session, actor, "update" if before else "create", "indikator", ind, before=before)
    return ind


def delete_indikator(session: Session, *, actor: Actor, indikator_id: int) -> None:
    ind, skp = _indikator_in_draft(session, actor, indikator_id)
    before = audit.snapshot(ind)
    _delete_indikators(session, [ind.id])
    _touch(session, skp)
    audit.record(session, actor_id=actor.employee_id, action="delete", entity="indikator", entity_id=indikator_id, before=before)


def _clear_rencana(session: Session, indikator_id: int, kind: str | None = None) -> None:
    statement = delete(RencanaAksi).where(RencanaAksi.indikator_id == indikator_id)
    if kind is not None:
        statement = statement.where(RencanaAksi.period_kind == kind)
    session.exec(statement)


def save_rencana_aksi(
    session: Session, *, actor: Actor, indikator_id: int, kind: str, values: dict[int, str]
) -> list[RencanaAksi]:
    """The target split per quarter or month; all blank removes the split, otherwise it must add up."""
    ind, skp = _indikator_in_draft(session, actor, indikator_id)
    require(kind in ("triwulan", "bulan"), NOT_FOUND)
    slots = rules.split_slots(skp.period_start, skp.period_end, kind)
    _clear_rencana(session, ind.id, kind)
    if all(not values.get(no, "").strip() for no in slots):
        _touch(session, skp)
        return []
    errors: dict[str, str] = {}
    amounts = {}
    for no in slots:
        amount = rules.parse_amount(errors, f"p{no}", values.get(no, "") or "0", label=rules.slot_label(kind, no))
        amounts[no] = amount or Decimal(0)
    if not errors and (problem := rules.split_problem(ind.target_value, list(amounts.values()))):
        errors["rencana"] = problem
    if errors:
        raise ValidationFailed(errors)
    rows = [RencanaAksi(indikator_id=ind.id, period_kind=kind, period_no=no, target_value=amounts[no]) for no in slots]
    session.add_all(rows)
    _touch(session, skp)
    session.flush()
    audit.record(
        session, actor_id=actor.employee_id, action="update", entity="rencana_aksi", entity_id=ind.id,
        after={f"{kind}_{no}": str(amounts[no]) for no in slots},
    )
    return rows


def equal_split(session: Session, *, actor: Actor, indikator_id: int, kind: str) -> dict[int, Decimal]:
    """"Bagi rata": the target in equal parts over the period's quarters or months (shown, then saved by the user)."""
    ind, skp = _indikator_in_draft(session, actor, indikator_id)
    slots = rules.split_slots(skp.period_start, skp.period_end, kind)
    return dict(zip(slots, rules.split_equal(ind.target_value, len(slots)), strict=True))


def save_lampiran(session: Session, *, actor: Actor, skp_id: int, form: rules.LampiranForm) -> Skp:
    skp = _own_draft(session, actor, skp_id)
    data = ensure_valid(rules.validate_lampiran(form))
    before = audit.snapshot(skp)
    skp.approach = data.approach
    skp.dukungan_sumber_daya = data.dukungan_sumber_daya
    skp.skema_pertanggungjawaban = data.skema_pertanggungjawaban
    skp.konsekuensi = data.konsekuensi
    _touch(session, skp)
    session.flush()
    _audit(session, actor, "update", "skp", skp, before=before, detail="Lampiran SKP")
    return skp


def save_expectations(session: Session, *, actor: Actor, skp_id: int, values: dict[str, str]) -> None:
    """Ekspektasi khusus pimpinan per BerAKHLAK value: the atasan's part, while the SKP is not yet approved."""
    skp, snapshot = readable_skp(session, actor, skp_id)
    require(is_atasan(actor, snapshot, skp), "Hanya atasan langsung yang dapat mengisi ekspektasi khusus.")
    if not rules.expectations_open(skp.status):
        raise ValidationFailed({"ekspektasi": "SKP yang sudah disetujui terkunci; ekspektasi diubah melalui revisi."})
    errors: dict[str, str] = {}
    cleaned = {}
    for code, raw in values.items():
        if code not in BY_CODE:
            continue
        text = raw.strip()
        if len(text) > 2000:
            errors[code] = "Ekspektasi khusus maksimal 2000 karakter."
        cleaned[code] = text
    if errors:
        raise ValidationFailed(errors)
    existing = {e.value_code: e for e in session.exec(select(PerilakuExpectation).where(PerilakuExpectation.skp_id == skp.id))}
    for code, text in cleaned.items():
        row = existing.get(code)
        if not text:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(PerilakuExpectation(skp_id=skp.id, value_code=code, ekspektasi_khusus=text))
        else:
            row.ekspektasi_khusus = text
            session.add(row)
    _touch(session, skp)
    session.flush()
    audit.record(session, actor_id=actor.employee_id, action="update", entity="perilaku_expectation", entity_id=skp.id, after=cleaned)


# ---------------------------------------------------------------------------
# Workflow
# ---------------------------------------------------------------------------


def _transition(session: Session, skp: Skp, action: str, values: dict) -> None:
    """Moves the SKP only if it is still in the expected status: the loser of a race gets a message."""
    rule = rules.TRANSITIONS[action]
    result = session.exec(
        update(Skp).where(Skp.id == skp.id, Skp.status == rule.source)
        .values(status=rule.target, updated_at=utcnow(), **values)
    )
    if result.rowcount != 1:
        raise ValidationFailed({"status": CHANGED_MEANWHILE})
    session.refresh(skp)


def _decide(session: Session, actor: Actor, skp_id: int, action: str, values: Callable[[Skp, OrgSnapshot], dict], detail: str = "") -> Skp:
    skp, snapshot = readable_skp(session, actor, skp_id)
    is_owner, boss = skp.employee_id == actor.employee_id, is_atasan(actor, snapshot, skp)
    problem = rules.transition_problem(action, skp.status, is_owner=is_owner, is_atasan=boss)
    # The wrong person is refused outright; the right person at the wrong moment is told why.
    require(is_owner if rules.TRANSITIONS[action].by == "owner" else boss, problem or "Anda tidak berwenang.")
    if problem is not None:
        raise ValidationFailed({"status": problem})
    if action != "kembalikan" and (problems := plan_problems(session, snapshot, skp)):
        raise ValidationFailed({"status": " ".join(problems)})
    before = audit.snapshot(skp)
    _transition(session, skp, action, values(skp, snapshot))
    _audit(session, actor, action, "skp", skp, before=before, detail=detail)
    return skp


def submit(session: Session, *, actor: Actor, skp_id: int) -> Skp:
    def values(skp: Skp, snapshot: OrgSnapshot) -> dict:
        boss = atasan_holding(snapshot, skp)
        return {
            "submitted_at": utcnow(),
            "atasan_employee_id": boss.employee_id if boss else None,
            "atasan_position_id": boss.position_id if boss else None,
        }

    return _decide(session, actor, skp_id, "ajukan", values)


def return_to_draft(session: Session, *, actor: Actor, skp_id: int, note: str) -> Skp:
    cleaned = ensure_valid(rules.validate_note(note))
    return _decide(session, actor, skp_id, "kembalikan", lambda skp, snapshot: {"return_note": cleaned}, detail=cleaned)


def approve(session: Session, *, actor: Actor, skp_id: int) -> Skp:
    """Locks the SKP; the approver is re-resolved now, and an earlier approved revision becomes "diganti"."""

    def values(skp: Skp, snapshot: OrgSnapshot) -> dict:
        boss = atasan_holding(snapshot, skp)
        return {
            "approved_at": utcnow(),
            "approved_by_id": actor.employee_id,
            "atasan_employee_id": boss.employee_id if boss else None,
            "atasan_position_id": boss.position_id if boss else None,
            "return_note": "",
        }

    skp = _decide(session, actor, skp_id, "setujui", values)
    previous = session.exec(
        select(Skp).where(Skp.lineage_id == skp.lineage_id, Skp.id != skp.id, Skp.status == SkpStatus.DISETUJUI)
    ).all()
    for old in previous:
        session.exec(update(Skp).where(Skp.id == old.id, Skp.status == SkpStatus.DISETUJUI).values(status=SkpStatus.DIGANTI, updated_at=utcnow()))
        _carry_realisasi(session, old, skp)
        audit.record(session, actor_id=actor.employee_id, action="update", entity="skp", entity_id=old.id,
                     after={"status": SkpStatus.DIGANTI}, detail=f"Diganti revisi {skp.revision}")
    return skp


def _carry_realisasi(session: Session, old: Skp, new: Skp) -> None:
    """Realisation entered on the replaced revision moves to the indikator with the same RHK and wording."""
    def keyed(skp: Skp) -> dict[tuple[str, str], int]:
        rhks = {r.id: r.description for r in rhks_of(session, skp.id)}
        return {(rhks[i.rhk_id], i.description): i.id for i in indikators_of(session, list(rhks))}

    target_of = keyed(new)
    for key, old_id in keyed(old).items():
        new_id = target_of.get(key)
        if new_id is None:
            continue
        have = set(session.exec(select(Realisasi.month).where(Realisasi.indikator_id == new_id)))
        for row in session.exec(select(Realisasi).where(Realisasi.indikator_id == old_id)):
            if row.month not in have:
                session.add(Realisasi(
                    indikator_id=new_id, month=row.month, value=row.value, note=row.note,
                    evidence_link=row.evidence_link, evidence_file_id=row.evidence_file_id,
                    updated_by_id=row.updated_by_id, updated_at=row.updated_at,
                ))
    session.flush()


def current_skp(session: Session, employee_id: int, *, today: date) -> Skp | None:
    """The SKP in force for an employee today: approved first, else the newest open one of the year."""
    rows = session.exec(
        select(Skp).where(Skp.employee_id == employee_id, Skp.year == today.year, Skp.status.in_(OPEN))
        .order_by(Skp.period_start.desc(), Skp.revision.desc())
    ).all()
    covering = [s for s in rows if s.period_start <= today <= s.period_end] or rows
    approved = [s for s in covering if s.status == SkpStatus.DISETUJUI]
    return (approved or covering or [None])[0]
