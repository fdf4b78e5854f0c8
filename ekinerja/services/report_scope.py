"""Laporan: who may ask for which report, and the people, units, SKP and evaluations a report may be
about. An employee their own documents, an atasan those of everyone below them in the tree, an
admin those of their instansi (``can_view_employee``); the rekap per unit only atasan (their
subordinates) and admins (units of their instansi)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from ekinerja.access import Actor, can_view_employee, require
from ekinerja.clock import local_today
from ekinerja.domain.dates import format_date
from ekinerja.domain.evaluation_period import period_label
from ekinerja.domain.hierarchy import OrgSnapshot, descendants
from ekinerja.domain.names import display_name
from ekinerja.domain.predikat import Predikat
from ekinerja.domain.statuses import EvaluationStatus, SkpStatus
from ekinerja.models import Employee, OrgUnit, Skp
from ekinerja.models.evaluation import Evaluation
from ekinerja.services import angka_kredit as angka_kredit_service
from ekinerja.services.org import org_snapshot
from ekinerja.services.org_admin import list_units_tree, unit_scope

NOT_ALLOWED = "Anda tidak berwenang membuka laporan pegawai ini."
TEAM_ONLY = "Rekap per unit hanya untuk atasan dan admin."
UNIT_NOT_FOUND = "Unit kerja tidak ditemukan di lingkup Anda."
MAX_OPTIONS = 500
_CHUNK = 500


def is_team_viewer(actor: Actor) -> bool:
    return actor.is_admin or actor.is_supervisor


def require_viewable(actor: Actor, snapshot: OrgSnapshot, employee_id: int) -> None:
    require(
        can_view_employee(actor, employee_id, snapshot, employee_instansi_id=snapshot.instansi_of_employee(employee_id)),
        NOT_ALLOWED,
    )


def id_chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), _CHUNK):
        yield wanted[start : start + _CHUNK]


def employees_by_id(session: Session, *, ids: Iterable[int]) -> dict[int, Employee]:
    return {e.id: e for chunk in id_chunks(ids) for e in session.exec(select(Employee).where(col(Employee.id).in_(chunk)))}


def _holders_in(snapshot: OrgSnapshot, unit_ids: set[int]) -> list[int]:
    """Employees whose definitive jabatan today lies in one of ``unit_ids``."""
    return sorted({
        h.employee_id
        for position_id, holdings in snapshot.holders.items()
        if snapshot.unit_of_position.get(position_id) in unit_ids
        for h in holdings
        if h.kind == "definitif"
    })


def team_scope(session: Session, *, actor: Actor, snapshot: OrgSnapshot, unit_id: int | None) -> list[int]:
    """The employees a team report covers: an admin's unit (and below) in their instansi, an atasan's subordinates."""
    if actor.is_admin and actor.instansi_id is not None:
        return _holders_in(snapshot, unit_scope(session, instansi_id=actor.instansi_id, unit_id=unit_id))
    require(actor.is_supervisor, TEAM_ONLY)
    people = snapshot.all_subordinates(actor.employee_id)
    if unit_id is not None:
        below = descendants({unit_id}, snapshot.parent_of_unit)
        people = [p for p in people if snapshot.unit_of_employee(p) in below]
    return people


def check_unit(session: Session, *, actor: Actor, unit_id: int | None) -> None:
    """A unit a team report is narrowed to lies in the admin's instansi, or holds one of the atasan's subordinates."""
    if unit_id is None:
        return
    if actor.is_admin and actor.instansi_id is not None:
        require(unit_id in unit_scope(session, instansi_id=actor.instansi_id), UNIT_NOT_FOUND)
    else:
        require(unit_id in {u for u, _ in report_units(session, actor=actor)}, UNIT_NOT_FOUND)


def report_units(session: Session, *, actor: Actor) -> list[tuple[int, str]]:
    """Units a team report may be narrowed to: the admin's instansi tree, or the units of an atasan's subordinates."""
    if actor.is_admin and actor.instansi_id is not None:
        return [(u.id, f"{'— ' * u.depth}{u.name}") for u in list_units_tree(session, actor=actor)]
    if not actor.is_supervisor:
        return []
    snapshot = org_snapshot(session, on=local_today())
    unit_ids = {snapshot.unit_of_employee(p) for p in snapshot.all_subordinates(actor.employee_id)} - {None}
    units = session.exec(select(OrgUnit).where(col(OrgUnit.id).in_(unit_ids)).order_by(OrgUnit.code)).all() if unit_ids else []
    return [(u.id, u.name) for u in units]


def report_people(session: Session, *, actor: Actor, unit_id: int | None = None) -> list[tuple[int, str]]:
    """Whose documents the actor may produce (themselves first), narrowed to a unit; at most MAX_OPTIONS."""
    snapshot = org_snapshot(session, on=local_today())
    others = team_scope(session, actor=actor, snapshot=snapshot, unit_id=unit_id) if is_team_viewer(actor) else []
    ids = [actor.employee_id, *[i for i in others if i != actor.employee_id]][:MAX_OPTIONS]
    people = employees_by_id(session, ids=ids)
    first, rest = ids[:1], sorted(ids[1:], key=lambda i: people[i].name if i in people else "")
    return [(i, f"{display_name(people[i])} — {people[i].nip}") for i in first + rest if i in people]


def angka_kredit_people(session: Session, *, actor: Actor) -> list[tuple[int, str]]:
    """The pejabat fungsional whose angka kredit the actor may see: themselves first, then their team."""
    people = report_people(session, actor=actor)
    fungsional = angka_kredit_service.fungsional_among(session, employee_ids=[i for i, _ in people])
    return [(i, label) for i, label in people if i in fungsional]


def skp_choices(session: Session, *, actor: Actor, employee_id: int) -> list[tuple[int, str]]:
    require_viewable(actor, org_snapshot(session, on=local_today()), employee_id)
    skps = session.exec(
        select(Skp).where(Skp.employee_id == employee_id, Skp.status != SkpStatus.DIGANTI)
        .order_by(Skp.year.desc(), Skp.period_start.desc())
    ).all()
    labels = {SkpStatus.DRAFT: "draf", SkpStatus.DIAJUKAN: SkpStatus.DIAJUKAN, SkpStatus.DISETUJUI: SkpStatus.DISETUJUI}
    return [
        (s.id, f"SKP {s.year} ({format_date(s.period_start)} s.d. {format_date(s.period_end)}) — {labels.get(s.status, s.status)}")
        for s in skps
    ]


def evaluation_choices(session: Session, *, actor: Actor, employee_id: int) -> list[tuple[int, str]]:
    """The employee's final evaluations, newest first."""
    require_viewable(actor, org_snapshot(session, on=local_today()), employee_id)
    rows = session.exec(
        select(Evaluation).where(Evaluation.employee_id == employee_id, Evaluation.status == EvaluationStatus.FINAL)
        .order_by(Evaluation.year.desc(), Evaluation.period_kind, Evaluation.period_no.desc())
    ).all()
    return [
        (e.id, f"{period_label(e.period_kind, e.period_no, e.year)} — predikat {Predikat(e.predikat).label}")
        for e in rows
    ]


def scope_name(session: Session, *, actor: Actor, unit_id: int | None) -> str:
    if unit_id is not None:
        unit = session.get(OrgUnit, unit_id)
        return unit.name if unit else "-"
    if actor.is_admin and actor.instansi_id is not None:
        unit = session.get(OrgUnit, actor.instansi_id)
        return unit.name if unit else "Instansi"
    return f"Bawahan {actor.display_name}"
