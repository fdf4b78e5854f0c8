"""Administering the organisation tree: unit kerja and jabatan.

Also holds the checks every admin service shares: an admin acts only inside
their own instansi, and long lists are read a page at a time.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, TypeVar

from sqlalchemy import func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from ekinerja.access import Actor, Rule, permits, require
from ekinerja.clock import local_today
from ekinerja.domain.hierarchy import ancestors, creates_cycle, descendants
from ekinerja.domain.validation import (
    PositionData,
    PositionForm,
    UnitData,
    UnitForm,
    ValidationFailed,
    ensure_valid,
    to_int,
    validate_position,
    validate_unit,
)
from ekinerja.models import OrgUnit, Position, PositionAssignment
from ekinerja.services import audit
from ekinerja.services.org import bump_org_revision, org_snapshot
from ekinerja.services.paging import paginate

NOT_IN_INSTANSI = "Data tersebut tidak ditemukan di instansi Anda."
T = TypeVar("T", OrgUnit, Position)
OWN_INSTANSI_ONLY = "Admin hanya dapat mengelola unit di dalam instansinya sendiri."


# Shared by the admin services


def require_admin(actor: Actor) -> int:
    """The admin's own instansi: the only one they may read or change."""
    require(permits(Rule.ADMIN, actor) and actor.instansi_id is not None)
    return actor.instansi_id


def in_instansi(session: Session, *, unit_id: int | None, instansi_id: int) -> bool:
    snapshot = org_snapshot(session, on=local_today())
    return unit_id in snapshot.parent_of_unit and snapshot.instansi_of_unit(unit_id) == instansi_id


def unit_scope(session: Session, *, instansi_id: int, unit_id: int | None = None) -> set[int]:
    """The instansi's units or, given ``unit_id``, that unit and those below it (never outside the instansi)."""
    parent_of = org_snapshot(session, on=local_today()).parent_of_unit
    scope = descendants({instansi_id}, parent_of)
    return scope if unit_id is None else scope & descendants({unit_id}, parent_of)


# Units


@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    active: bool
    depth: int


def list_units_tree(session: Session, *, actor: Actor) -> list[UnitRow]:
    """The actor's instansi, each unit followed by its sub-units (ordered by code)."""
    instansi_id = require_admin(actor)
    units = session.exec(
        select(OrgUnit).where(OrgUnit.id.in_(unit_scope(session, instansi_id=instansi_id))).order_by(OrgUnit.code)
    ).all()
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    rows: list[UnitRow] = []
    stack = [(unit, 0) for unit in units if unit.id == instansi_id]
    while stack:
        unit, depth = stack.pop()
        rows.append(UnitRow(unit.id, unit.code, unit.name, unit.level, unit.parent_id, unit.active, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(unit.id, [])))
    return rows


def _unit_of_instansi(session: Session, unit_id: int | None, instansi_id: int) -> OrgUnit | None:
    unit = session.get(OrgUnit, unit_id) if unit_id is not None else None
    return unit if unit is not None and in_instansi(session, unit_id=unit.id, instansi_id=instansi_id) else None


def _unit_conflicts(
    session: Session, *, data: UnitData, parent: OrgUnit | None, unit: OrgUnit | None
) -> dict[str, str]:
    """Rules that need the database; ``unit`` is None for a new unit."""
    errors: dict[str, str] = {}
    same_code = select(OrgUnit.id).where(OrgUnit.code == data.code)
    if unit is not None:
        same_code = same_code.where(OrgUnit.id != unit.id)
    if session.exec(same_code).first() is not None:
        errors["code"] = "Kode unit sudah dipakai unit lain."
    if parent is not None and data.active and not parent.active:
        errors["parent_id"] = "Unit induk tidak aktif."
    if unit is None:
        return errors
    has_children = session.exec(select(OrgUnit.id).where(OrgUnit.parent_id == unit.id)).first() is not None
    if has_children and data.level != unit.level:
        errors["level"] = "Tingkat unit tidak dapat diubah karena unit ini masih memiliki sub-unit."
    if unit.active and not data.active:
        active_positions = session.exec(select(func.count()).where(Position.unit_id == unit.id, Position.active)).one()
        active_children = session.exec(select(func.count()).where(OrgUnit.parent_id == unit.id, OrgUnit.active)).one()
        if active_positions:
            errors["active"] = (
                f"Unit masih memiliki {active_positions} jabatan aktif; "
                "nonaktifkan atau pindahkan jabatan tersebut terlebih dahulu."
            )
        elif active_children:
            errors["active"] = (
                f"Unit masih memiliki {active_children} sub-unit aktif; nonaktifkan sub-unitnya terlebih dahulu."
            )
    return errors


def _write_org_row(
    session: Session, *, actor: Actor, row: T, data: Any, entity: str, conflicts: dict[str, str]
) -> T:
    """Save a new or changed unit/position from validated data, unless the rules that need the
    database found ``conflicts``: audited, and the org snapshot refreshed."""
    if conflicts:
        raise ValidationFailed(conflicts)
    before = audit.snapshot(row) if row.id is not None else None
    for field, value in asdict(data).items():
        setattr(row, field, value)
    audit.write(
        session, actor=actor, action="update" if before else "create", entity=entity, row=row, before=before, store=True,
    )
    bump_org_revision(session)
    return row


def create_unit(session: Session, *, actor: Actor, form: UnitForm) -> OrgUnit:
    instansi_id = require_admin(actor)
    parent = _unit_of_instansi(session, to_int(form.parent_id), instansi_id)
    data = ensure_valid(validate_unit(form, parent_level=parent.level if parent else None))
    # A unit without a parent would be a new instansi, outside the admin's own.
    require(data.parent_id is not None, OWN_INSTANSI_ONLY)
    return _write_org_row(
        session, actor=actor, row=OrgUnit(**asdict(data)), data=data, entity="org_unit",
        conflicts=_unit_conflicts(session, data=data, parent=parent, unit=None),
    )


def update_unit(session: Session, *, actor: Actor, unit_id: int, form: UnitForm) -> OrgUnit:
    instansi_id = require_admin(actor)
    unit = _unit_of_instansi(session, unit_id, instansi_id)
    require(unit is not None, NOT_IN_INSTANSI)
    parent = _unit_of_instansi(session, to_int(form.parent_id), instansi_id)
    # Checked before the level rules so the user sees the real reason.
    if parent is not None and parent.id in descendants(
        {unit.id}, org_snapshot(session, on=local_today()).parent_of_unit
    ):
        raise ValidationFailed({"parent_id": "Unit tidak dapat dipindahkan ke bawah dirinya sendiri atau sub-unitnya."})
    data = ensure_valid(validate_unit(form, parent_level=parent.level if parent else None))
    # Only the instansi itself may be without a parent; any other unit would leave it.
    require(data.parent_id is not None or unit.id == instansi_id, OWN_INSTANSI_ONLY)
    return _write_org_row(
        session, actor=actor, row=unit, data=data, entity="org_unit",
        conflicts=_unit_conflicts(session, data=data, parent=parent, unit=unit),
    )


# Positions


@dataclass(frozen=True)
class PositionRow:
    id: int
    name: str
    kind: str
    eselon: str | None
    kelas_jabatan: int
    unit_id: int
    unit_name: str
    reports_to_id: int | None
    reports_to_name: str | None
    active: bool


def list_positions(
    session: Session,
    *,
    actor: Actor,
    unit_id: int | None = None,
    search: str = "",
    page: int = 1,
    page_size: int = 25,
) -> tuple[list[PositionRow], int]:
    """Positions of the instansi, or of ``unit_id`` and the units below it, by name."""
    instansi_id = require_admin(actor)
    superior = aliased(Position)
    statement = (
        select(Position, OrgUnit.name, superior.name)
        .join(OrgUnit, OrgUnit.id == Position.unit_id)
        .outerjoin(superior, superior.id == Position.reports_to_id)
        .where(Position.unit_id.in_(unit_scope(session, instansi_id=instansi_id, unit_id=unit_id)))
        .order_by(Position.name, Position.id)
    )
    term = " ".join(search.split())
    if term:
        statement = statement.where(
            or_(Position.name.icontains(term, autoescape=True), OrgUnit.name.icontains(term, autoescape=True))
        )
    rows, total = paginate(session, statement=statement, page=page, page_size=page_size)
    return [
        PositionRow(
            id=position.id,
            name=position.name,
            kind=position.kind,
            eselon=position.eselon,
            kelas_jabatan=position.kelas_jabatan,
            unit_id=position.unit_id,
            unit_name=unit_name,
            reports_to_id=position.reports_to_id,
            reports_to_name=superior_name,
            active=position.active,
        )
        for position, unit_name, superior_name in rows
    ], total


def _is_position_held(session: Session, position_id: int) -> bool:
    """Whether anyone holds the position today or from a later date."""
    today = local_today()
    held = select(PositionAssignment.id).where(
        PositionAssignment.position_id == position_id,
        or_(PositionAssignment.end_date.is_(None), PositionAssignment.end_date >= today),
    )
    return session.exec(held).first() is not None


def _position_conflicts(
    session: Session, *, instansi_id: int, data: PositionData, position: Position | None
) -> dict[str, str]:
    """Rules that need the database; ``position`` is None for a new position."""
    errors: dict[str, str] = {}
    unit = _unit_of_instansi(session, data.unit_id, instansi_id)
    if unit is None:
        errors["unit_id"] = "Unit kerja tidak ditemukan di instansi Anda."
    elif data.active and not unit.active:
        errors["unit_id"] = "Unit kerja tidak aktif."
    if data.reports_to_id is not None:
        superior = session.get(Position, data.reports_to_id)
        reports_to = org_snapshot(session, on=local_today()).reports_to
        if superior is None:
            errors["reports_to_id"] = "Jabatan atasan tidak ditemukan."
        elif not in_instansi(session, unit_id=superior.unit_id, instansi_id=instansi_id):
            errors["reports_to_id"] = "Jabatan atasan harus berada di instansi yang sama."
        elif data.active and not superior.active:
            errors["reports_to_id"] = "Jabatan atasan tidak aktif."
        elif creates_cycle(position.id if position else None, data.reports_to_id, reports_to):
            errors["reports_to_id"] = (
                "Jabatan atasan ini membuat rantai atasan berputar: jabatan akan menjadi atasan dirinya sendiri."
            )
    if position is not None and position.active and not data.active and _is_position_held(session, position.id):
        errors["active"] = "Jabatan masih diduduki pegawai; mutasikan pegawainya terlebih dahulu."
    return errors


def create_position(session: Session, *, actor: Actor, form: PositionForm) -> Position:
    instansi_id = require_admin(actor)
    data = ensure_valid(validate_position(form))
    return _write_org_row(
        session, actor=actor, row=Position(**asdict(data)), data=data, entity="position",
        conflicts=_position_conflicts(session, instansi_id=instansi_id, data=data, position=None),
    )


def update_position(session: Session, *, actor: Actor, position_id: int, form: PositionForm) -> Position:
    instansi_id = require_admin(actor)
    position = session.get(Position, position_id)
    require(position is not None and in_instansi(session, unit_id=position.unit_id, instansi_id=instansi_id), NOT_IN_INSTANSI)
    data = ensure_valid(validate_position(form))
    return _write_org_row(
        session, actor=actor, row=position, data=data, entity="position",
        conflicts=_position_conflicts(session, instansi_id=instansi_id, data=data, position=position),
    )


def superior_choices(
    session: Session, *, actor: Actor, unit_id: int, exclude: int | None = None, keep: int | None = None
) -> list[tuple[int, str]]:
    """Who a jabatan of ``unit_id`` may report to, as (position id, label): the active jabatan of that
    unit and of the units above it, nearest unit first. ``keep`` is the current superior, listed even
    when inactive."""
    parent_of = {u.id: u.parent_id for u in list_units_tree(session, actor=actor)}
    chain = ancestors(unit_id, parent_of) if unit_id in parent_of else []
    if not chain:
        return []
    wanted = Position.active if keep is None else or_(Position.active, Position.id == keep)
    rows = session.exec(
        select(Position, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == Position.unit_id)
        .where(Position.unit_id.in_(chain), wanted)
        .order_by(Position.kelas_jabatan.desc(), Position.name, Position.id)
    ).all()
    rank = {uid: i for i, uid in enumerate(chain)}
    rows = sorted(rows, key=lambda row: rank[row[0].unit_id])
    return [(position.id, f"{position.name} ({unit_name})") for position, unit_name in rows if position.id != exclude]
