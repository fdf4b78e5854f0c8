"""Who may open which unit on the Analisis Organisasi page.

An admin: every unit of their instansi. A unit head (whoever holds, definitively or as Plt/Plh,
a struktural jabatan of the unit that reports to a jabatan outside it): that unit and the units
below it. Everyone else: no unit's analysis, only their own unit's place in the ranking.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from ekinerja.access import Actor, require
from ekinerja.clock import local_today
from ekinerja.domain.hierarchy import OrgSnapshot, ancestors, descendants
from ekinerja.models import OrgUnit, Position
from ekinerja.services.org import org_snapshot
from ekinerja.services.org_admin import unit_scope

UNIT_NOT_ALLOWED = "Unit kerja ini di luar lingkup Anda."
LEADS_ONLY = "Analisis organisasi hanya untuk admin dan kepala unit kerja."


def headed_units(session: Session, *, snapshot: OrgSnapshot, employee_id: int) -> set[int]:
    """Units whose head jabatan ``employee_id`` holds on the snapshot's day."""
    position_ids = [h.position_id for h in snapshot.holdings_of(employee_id)]
    if not position_ids:
        return set()
    kinds = dict(session.exec(select(Position.id, Position.kind).where(col(Position.id).in_(position_ids))).all())
    heads = set()
    for position_id in position_ids:
        unit = snapshot.unit_of_position.get(position_id)
        above = snapshot.reports_to.get(position_id)
        if kinds.get(position_id) == "struktural" and (above is None or snapshot.unit_of_position.get(above) != unit):
            heads.add(unit)
    return heads


def viewable_units(session: Session, *, actor: Actor, on: date | None = None) -> set[int]:
    if actor.is_admin and actor.instansi_id is not None:
        return unit_scope(session, instansi_id=actor.instansi_id)
    snapshot = org_snapshot(session, on=on or local_today())
    return descendants(headed_units(session, snapshot=snapshot, employee_id=actor.employee_id), snapshot.parent_of_unit)


def own_units(session: Session, *, actor: Actor) -> list[int]:
    """The actor's unit and every unit above it, nearest first."""
    if actor.unit_id is None:
        return []
    return ancestors(actor.unit_id, org_snapshot(session, on=local_today()).parent_of_unit)


def require_unit(session: Session, *, actor: Actor, unit_id: int | None) -> int:
    allowed = viewable_units(session, actor=actor)
    require(bool(allowed), LEADS_ONLY)
    require(unit_id is not None and unit_id in allowed, UNIT_NOT_ALLOWED)
    return unit_id


def unit_options(session: Session, *, actor: Actor) -> list[tuple[int, str]]:
    """The units the actor may open, as a tree (each unit followed by its sub-units, indented)."""
    allowed = viewable_units(session, actor=actor)
    if not allowed:
        return []
    units = session.exec(select(OrgUnit).where(col(OrgUnit.id).in_(allowed)).order_by(OrgUnit.code)).all()
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id if unit.parent_id in allowed else None, []).append(unit)
    rows: list[tuple[int, str]] = []
    stack = [(unit, 0) for unit in reversed(children.get(None, []))]
    while stack:
        unit, depth = stack.pop()
        rows.append((unit.id, f"{'— ' * depth}{unit.name}"))
        stack.extend((child, depth + 1) for child in reversed(children.get(unit.id, [])))
    return rows
