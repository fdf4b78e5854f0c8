"""The SKP, read: who may read or edit which SKP, its plan's checks, the lists, the detail view and
the open periods.

Who may do what: the owner edits only a draft (services/skp_drafts.py); the atasan of the SKP's
jabatan on the day (the acting Plt/Plh when there is one) returns or approves
(services/skp_workflow.py); the owner, anyone above in the tree and the instansi's admins read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import or_
from sqlmodel import Session, select

from ekinerja.access import Actor, can_view_employee, require
from ekinerja.clock import local_today
from ekinerja.domain import skp_rules as rules
from ekinerja.domain.hierarchy import Holding, OrgSnapshot
from ekinerja.domain.names import display_name
from ekinerja.domain.statuses import SkpStatus
from ekinerja.models import (
    Employee,
    Indikator,
    OrgUnit,
    PerilakuExpectation,
    Position,
    PositionAssignment,
    RencanaAksi,
    Rhk,
    Skp,
)
from ekinerja.services.org import org_snapshot

NOT_FOUND = "SKP tidak ditemukan atau Anda tidak berwenang membukanya."
NOT_OWNER_DRAFT = "Hanya pemilik SKP yang dapat mengubahnya, dan hanya selama berstatus draf."
OPEN = rules.CURRENT  # every status but diganti


def today_snapshot(session: Session) -> OrgSnapshot:
    return org_snapshot(session, on=local_today())


def atasan_holding(snapshot: OrgSnapshot, skp: Skp) -> Holding | None:
    """Whoever answers today for the jabatan above the SKP's jabatan (Plh, then Plt, then definitive)."""
    return snapshot.atasan_of_post(skp.position_id, skp.employee_id)


def is_atasan(actor: Actor, snapshot: OrgSnapshot, skp: Skp) -> bool:
    holding = atasan_holding(snapshot, skp)
    return holding is not None and holding.employee_id == actor.employee_id


def can_read(actor: Actor, snapshot: OrgSnapshot, skp: Skp) -> bool:
    if is_atasan(actor, snapshot, skp):
        return True
    return can_view_employee(actor, skp.employee_id, snapshot, employee_instansi_id=snapshot.instansi_of_employee(skp.employee_id))


def readable_skp(session: Session, *, actor: Actor, skp_id: int) -> tuple[Skp, OrgSnapshot]:
    skp = session.get(Skp, skp_id)
    require(skp is not None, NOT_FOUND)
    snapshot = today_snapshot(session)
    require(can_read(actor, snapshot, skp), NOT_FOUND)
    return skp, snapshot


def own_draft(session: Session, *, actor: Actor, skp_id: int) -> Skp:
    skp, _ = readable_skp(session, actor=actor, skp_id=skp_id)
    require(rules.editable(skp.status, is_owner=skp.employee_id == actor.employee_id), NOT_OWNER_DRAFT)
    return skp


def holds_jpt(session: Session, *, position_id: int) -> bool:
    position = session.get(Position, position_id)
    return position is not None and rules.is_jpt(position.kind, position.eselon, position.kelas_jabatan)


def atasan_skp(session: Session, *, snapshot: OrgSnapshot, skp: Skp) -> Skp | None:
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


def atasan_rhks(session: Session, *, snapshot: OrgSnapshot, skp: Skp) -> tuple[bool, list[Rhk]]:
    """Whether the SKP's jabatan has an atasan at all, and the RHKs of the atasan's approved SKP."""
    if atasan_holding(snapshot, skp) is None:
        return False, []
    boss_skp = atasan_skp(session, snapshot=snapshot, skp=skp)
    if boss_skp is None:
        return True, []
    return True, list(session.exec(select(Rhk).where(Rhk.skp_id == boss_skp.id).order_by(Rhk.sort_order, Rhk.id)))


def rhks_of(session: Session, *, skp_id: int) -> list[Rhk]:
    return list(session.exec(select(Rhk).where(Rhk.skp_id == skp_id).order_by(Rhk.sort_order, Rhk.id)))


def indikators_of(session: Session, *, rhk_ids: list[int]) -> list[Indikator]:
    if not rhk_ids:
        return []
    return list(session.exec(select(Indikator).where(Indikator.rhk_id.in_(rhk_ids)).order_by(Indikator.sort_order, Indikator.id)))


def plan_problems(session: Session, *, snapshot: OrgSnapshot, skp: Skp) -> list[str]:
    has_atasan, boss_rhks = atasan_rhks(session, snapshot=snapshot, skp=skp)
    rhks = rhks_of(session, skp_id=skp.id)
    counts: dict[int, int] = {}
    for ind in indikators_of(session, rhk_ids=[r.id for r in rhks]):
        counts[ind.rhk_id] = counts.get(ind.rhk_id, 0) + 1
    links = [rules.RhkLink(r.description, r.atasan_rhk_id, r.perspektif, counts.get(r.id, 0)) for r in rhks]
    return rules.plan_problems(
        links, has_atasan=has_atasan, atasan_rhk_ids=frozenset(r.id for r in boss_rhks), jpt=holds_jpt(session, position_id=skp.position_id)
    )


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
    skp, _ = readable_skp(session, actor=actor, skp_id=skp_id)
    return list(session.exec(select(Skp).where(Skp.lineage_id == skp.lineage_id).order_by(Skp.revision.desc())))


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


def person_view(session: Session, *, employee_id: int, position_id: int | None) -> PersonView:
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
    skp, snapshot = readable_skp(session, actor=actor, skp_id=skp_id)
    boss = atasan_holding(snapshot, skp)
    has_atasan, boss_rhks = atasan_rhks(session, snapshot=snapshot, skp=skp)
    rhks = rhks_of(session, skp_id=skp.id)
    indikators = indikators_of(session, rhk_ids=[r.id for r in rhks])
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
        pegawai=person_view(session, employee_id=skp.employee_id, position_id=skp.position_id),
        penilai=person_view(session, employee_id=boss.employee_id, position_id=boss.position_id) if boss else None,
        rhks=views,
        expectations=expectations,
        atasan_options=[(r.id, r.description) for r in boss_rhks],
        has_atasan=has_atasan,
        jpt=holds_jpt(session, position_id=skp.position_id),
        problems=plan_problems(session, snapshot=snapshot, skp=skp) if rules.in_progress(skp.status) else [],
        history=list(session.exec(select(Skp).where(Skp.lineage_id == skp.lineage_id).order_by(Skp.revision.desc()))),
        is_owner=skp.employee_id == actor.employee_id,
        is_atasan=is_atasan(actor, snapshot, skp),
    )


def definitive_assignments(session: Session, *, employee_id: int) -> list[PositionAssignment]:
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
        year, [rules.Assignment(a.position_id, a.start_date, a.end_date) for a in definitive_assignments(session, employee_id=actor.employee_id)]
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


def current_skp(session: Session, *, employee_id: int, today: date) -> Skp | None:
    """The SKP in force for an employee today: approved first, else the newest open one of the year."""
    rows = session.exec(
        select(Skp).where(Skp.employee_id == employee_id, Skp.year == today.year, Skp.status.in_(OPEN))
        .order_by(Skp.period_start.desc(), Skp.revision.desc())
    ).all()
    covering = [s for s in rows if s.period_start <= today <= s.period_end] or rows
    approved = [s for s in covering if rules.approved(s.status)]
    return (approved or covering or [None])[0]
