"""Pegawai master data, accounts and job history (mutasi), administered per instansi."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import or_
from sqlmodel import Session, select

from ekinerja.access import Actor, Rule, can_view_employee, permits, require
from ekinerja.clock import local_today, utcnow
from ekinerja.domain.hierarchy import descendants
from ekinerja.domain.names import display_name
from ekinerja.domain.nip import nip_summary, normalize_nip
from ekinerja.domain.roles import ROLE_ADMIN
from ekinerja.domain.validation import (
    EmployeeData,
    EmployeeForm,
    MoveForm,
    ValidationFailed,
    ensure_valid,
    position_problem,
    validate_employee,
    validate_move,
)
from ekinerja.models import (
    AuthSession,
    Employee,
    EmployeeRole,
    OrgUnit,
    Position,
    PositionAssignment,
)
from ekinerja.services import audit, jenjang_fungsional
from ekinerja.services.auth import initial_password_hash
from ekinerja.services.org import bump_org_revision, org_snapshot
from ekinerja.services.org_admin import in_instansi, require_admin, unit_scope
from ekinerja.services.paging import paginate

NIP_TAKEN = "NIP sudah terdaftar."
EMPLOYEE_NOT_FOUND = "Pegawai tidak ditemukan di instansi Anda."
_LOOKUP_CHUNK = 500  # bound on bound parameters per IN (...) query
T = TypeVar("T")


@dataclass(frozen=True)
class EmployeeRow:
    id: int
    nip: str
    full_name: str
    status: str
    pangkat_golongan: str
    position_name: str
    unit_name: str
    active: bool


@dataclass(frozen=True)
class AssignmentRow:
    id: int
    position_id: int
    position_name: str
    unit_name: str
    kind: str
    start_date: date
    end_date: date | None
    note: str


@dataclass(frozen=True)
class EmployeeDetail:
    id: int
    nip: str
    name: str
    gelar_depan: str
    gelar_belakang: str
    full_name: str
    status: str
    pangkat_golongan: str
    active: bool
    must_change_password: bool
    jf_jenjang: str
    jf_tmt: date | None
    jf_angka_kredit_awal: Decimal | None
    roles: tuple[str, ...]
    history: tuple[AssignmentRow, ...]  # newest first
    nip_facts: str  # what the NIP PNS or NI PPPK says (birth date, TMT, gender), or why it does not fit


# Look-ups shared with the import and announcement services


def current_assignment(session: Session, *, employee_id: int) -> PositionAssignment | None:
    """The open definitif assignment: a mutasi closes one and opens the next, so there is one."""
    return session.exec(
        select(PositionAssignment)
        .where(
            PositionAssignment.employee_id == employee_id,
            PositionAssignment.kind == "definitif",
            PositionAssignment.end_date.is_(None),
        )
        .order_by(PositionAssignment.start_date.desc())
    ).first()


def employee_instansi_id(session: Session, *, employee_id: int) -> int | None:
    """The instansi of the employee's current jabatan, even when its TMT is still ahead."""
    assignment = current_assignment(session, employee_id=employee_id)
    position = session.get(Position, assignment.position_id) if assignment else None
    if position is None:
        return None
    return org_snapshot(session, on=local_today()).instansi_of_unit(position.unit_id)


def _chunks(values: Iterable[T]) -> Iterator[list[T]]:
    wanted = sorted(set(values))
    for start in range(0, len(wanted), _LOOKUP_CHUNK):
        yield wanted[start : start + _LOOKUP_CHUNK]


def taken_nips(session: Session, *, nips: Iterable[str]) -> set[str]:
    """Those of the given NIPs that already belong to an employee."""
    return {nip for chunk in _chunks(nips) for nip in session.exec(select(Employee.nip).where(Employee.nip.in_(chunk)))}


def positions_of_instansi(session: Session, *, position_ids: Iterable[int], instansi_id: int) -> dict[int, Position]:
    """Those of the given positions that exist inside the instansi, by id."""
    return {
        position.id: position
        for chunk in _chunks(position_ids)
        for position in session.exec(select(Position).where(Position.id.in_(chunk)))
        if in_instansi(session, unit_id=position.unit_id, instansi_id=instansi_id)
    }


def _roles_of(session: Session, employee_id: int) -> list[str]:
    return sorted(session.exec(select(EmployeeRole.role).where(EmployeeRole.employee_id == employee_id)).all())


EDITABLE_FIELDS = ("nip", "name", "gelar_depan", "gelar_belakang", "status", "pangkat_golongan")
# The jabatan fungsional on the form is the open row of the jenjang history (services.jenjang_fungsional).
JF_FIELDS = ("jf_jenjang", "jf_tmt", "jf_angka_kredit_awal")


def _audit_view(employee: Employee, roles: Iterable[str]) -> dict:
    # audit.snapshot leaves the password hash out.
    return {**audit.snapshot(employee), "roles": sorted(roles)}


def audit_view(session: Session, *, employee: Employee) -> dict:
    """The employee as the audit log keeps it, with their roles."""
    return _audit_view(employee, _roles_of(session, employee.id))


def current_jf(session: Session, *, employee_id: int) -> dict:
    """The form's jabatan fungsional fields from the open row of the jenjang history (blank without one)."""
    row = jenjang_fungsional.open_row(jenjang_fungsional.history(session, employee_id=employee_id))
    if row is None:
        return {"jf_jenjang": "", "jf_tmt": None, "jf_angka_kredit_awal": None}
    return {"jf_jenjang": row.jenjang, "jf_tmt": row.tmt, "jf_angka_kredit_awal": row.angka_kredit_awal}


def _position_name(session: Session, position_id: int) -> str:
    position = session.get(Position, position_id)
    return position.name if position is not None and position.kind == "fungsional" else ""


def sync_jabatan_fungsional(session: Session, *, actor: Actor, employee: Employee, data: EmployeeData, today: date) -> None:
    """The master data's jenjang, TMT and angka kredit awal into the jenjang history."""
    current = current_assignment(session, employee_id=employee.id)
    jenjang_fungsional.sync_master_data(
        session, actor_id=actor.employee_id, employee_id=employee.id, jenjang=data.jf_jenjang, tmt=data.jf_tmt,
        awal=data.jf_angka_kredit_awal, jabatan=_position_name(session, current.position_id) if current else "", today=today,
    )


def _employee_for_admin(session: Session, actor: Actor, employee_id: int) -> Employee:
    instansi_id = require_admin(actor)
    employee = session.get(Employee, employee_id)
    require(employee is not None and employee_instansi_id(session, employee_id=employee.id) == instansi_id, EMPLOYEE_NOT_FOUND)
    return employee


def _end_sessions(session: Session, employee_id: int) -> None:
    now = utcnow()
    for row in session.exec(
        select(AuthSession).where(AuthSession.employee_id == employee_id, AuthSession.ended_at.is_(None))
    ):
        row.ended_at = now
        session.add(row)


# Reading


def _list_statement(session: Session, *, actor: Actor, search: str, unit_id: int | None):
    """Employees the actor may see, with their current jabatan and unit, by name.

    Admins see their whole instansi; everyone else sees themselves and those below them.
    """
    statement = (
        select(Employee, Position.name, OrgUnit.name)
        .join(
            PositionAssignment,
            (PositionAssignment.employee_id == Employee.id)
            & (PositionAssignment.kind == "definitif")
            & PositionAssignment.end_date.is_(None),
        )
        .join(Position, Position.id == PositionAssignment.position_id)
        .join(OrgUnit, OrgUnit.id == Position.unit_id)
        .order_by(Employee.name, Employee.id)
    )
    if permits(Rule.ADMIN, actor) and actor.instansi_id is not None:
        statement = statement.where(
            Position.unit_id.in_(unit_scope(session, instansi_id=actor.instansi_id, unit_id=unit_id))
        )
    else:
        snapshot = org_snapshot(session, on=local_today())
        statement = statement.where(Employee.id.in_([actor.employee_id, *snapshot.all_subordinates(actor.employee_id)]))
        if unit_id is not None:
            statement = statement.where(Position.unit_id.in_(descendants({unit_id}, snapshot.parent_of_unit)))
    term = " ".join(search.split())
    if term:
        matches = [Employee.name.icontains(term, autoescape=True)]
        digits = normalize_nip(term)
        if digits.isdigit():
            matches.append(Employee.nip.contains(digits, autoescape=True))
        statement = statement.where(or_(*matches))
    return statement


def _row(employee: Employee, position_name: str, unit_name: str) -> EmployeeRow:
    return EmployeeRow(
        id=employee.id,
        nip=employee.nip,
        full_name=display_name(employee),
        status=employee.status,
        pangkat_golongan=employee.pangkat_golongan,
        position_name=position_name,
        unit_name=unit_name,
        active=employee.active,
    )


def list_employees(
    session: Session,
    *,
    actor: Actor,
    search: str = "",
    unit_id: int | None = None,
    page: int = 1,
    page_size: int = 25,
) -> tuple[list[EmployeeRow], int]:
    """A page of the employees the actor may see (``unit_id`` includes the units below it), and the total."""
    require(permits(Rule.SIGNED_IN, actor))
    statement = _list_statement(session, actor=actor, search=search, unit_id=unit_id)
    rows, total = paginate(session, statement=statement, page=page, page_size=page_size)
    return [_row(*row) for row in rows], total


def all_employee_rows(session: Session, *, actor: Actor) -> list[EmployeeRow]:
    """Every employee of the admin's instansi, for exports."""
    require_admin(actor)
    return [_row(*row) for row in session.exec(_list_statement(session, actor=actor, search="", unit_id=None))]


def get_employee_detail(session: Session, *, actor: Actor, employee_id: int) -> EmployeeDetail:
    require(permits(Rule.SIGNED_IN, actor))
    employee = session.get(Employee, employee_id)
    snapshot = org_snapshot(session, on=local_today())
    require(
        employee is not None
        and can_view_employee(
            actor, employee_id, snapshot, employee_instansi_id=employee_instansi_id(session, employee_id=employee_id)
        ),
        EMPLOYEE_NOT_FOUND,
    )
    history = session.exec(
        select(PositionAssignment, Position.name, OrgUnit.name)
        .join(Position, Position.id == PositionAssignment.position_id)
        .join(OrgUnit, OrgUnit.id == Position.unit_id)
        .where(PositionAssignment.employee_id == employee_id)
        .order_by(PositionAssignment.start_date.desc(), PositionAssignment.id.desc())
    ).all()
    return EmployeeDetail(
        id=employee.id,
        nip=employee.nip,
        name=employee.name,
        gelar_depan=employee.gelar_depan,
        gelar_belakang=employee.gelar_belakang,
        full_name=display_name(employee),
        status=employee.status,
        pangkat_golongan=employee.pangkat_golongan,
        active=employee.active,
        must_change_password=employee.must_change_password,
        **current_jf(session, employee_id=employee.id),
        roles=tuple(_roles_of(session, employee.id)),
        nip_facts=nip_summary(employee.nip, status=employee.status, today=local_today()),
        history=tuple(
            AssignmentRow(a.id, a.position_id, position_name, unit_name, a.kind, a.start_date, a.end_date, a.note)
            for a, position_name, unit_name in history
        ),
    )


# Changing


def insert_employee(
    session: Session, *, actor: Actor, data: EmployeeData, password_rounds: int | None = None
) -> Employee:
    """Write a new, already checked employee: account, roles, first definitif jabatan, audit.

    The caller bumps the org revision (once, however many employees it inserts).
    """
    employee = Employee(
        nip=data.nip,
        name=data.name,
        gelar_depan=data.gelar_depan,
        gelar_belakang=data.gelar_belakang,
        status=data.status,
        pangkat_golongan=data.pangkat_golongan,
        password_hash=initial_password_hash(data.nip, rounds=password_rounds),
        must_change_password=True,
    )
    session.add(employee)
    session.flush()
    for role in sorted(data.roles):
        session.add(EmployeeRole(employee_id=employee.id, role=role))
    session.add(
        PositionAssignment(
            employee_id=employee.id, position_id=data.position_id, kind="definitif", start_date=data.start_date
        )
    )
    if data.jf_jenjang:
        jenjang_fungsional.open_jenjang(
            session, actor_id=actor.employee_id, employee_id=employee.id, rows=[], jabatan=_position_name(session, data.position_id),
            jenjang=data.jf_jenjang, tmt=data.jf_tmt, awal=data.jf_angka_kredit_awal, detail="pegawai baru",
        )
    audit.write(
        session, actor=actor, action="create", entity="employee", entity_id=employee.id,
        after={
            **_audit_view(employee, data.roles),
            "position_id": data.position_id,
            "start_date": data.start_date.isoformat(),
        },
    )
    return employee


def create_employee(session: Session, *, actor: Actor, form: EmployeeForm, today: date | None = None) -> Employee:
    """A new employee whose first password is derived from the NIP and must be changed."""
    instansi_id = require_admin(actor)
    data = ensure_valid(validate_employee(form, today=today or local_today(), new=True))
    errors: dict[str, str] = {}
    if taken_nips(session, nips=[data.nip]):
        errors["nip"] = NIP_TAKEN
    positions = positions_of_instansi(session, position_ids=[data.position_id], instansi_id=instansi_id)
    problem = position_problem(data.position_id, positions)
    if problem:
        errors["position_id"] = problem
    if errors:
        raise ValidationFailed(errors)
    employee = insert_employee(session, actor=actor, data=data)
    bump_org_revision(session)
    return employee


def update_employee(
    session: Session, *, actor: Actor, employee_id: int, form: EmployeeForm, today: date | None = None
) -> Employee:
    """Master data and roles; the jabatan changes only through ``move_employee``."""
    employee = _employee_for_admin(session, actor, employee_id)
    data = ensure_valid(validate_employee(form, today=today or local_today(), new=False))
    errors: dict[str, str] = {}
    if data.nip != employee.nip and taken_nips(session, nips=[data.nip]):
        errors["nip"] = NIP_TAKEN
    # An admin removing their own role could leave the instansi without anyone to undo it.
    if employee.id == actor.employee_id and ROLE_ADMIN not in data.roles:
        errors["roles"] = "Anda tidak dapat mencabut peran admin Anda sendiri."
    if errors:
        raise ValidationFailed(errors)
    current_roles = _roles_of(session, employee.id)
    before = _audit_view(employee, current_roles)
    if data.nip != employee.nip and employee.must_change_password:
        # The first password is announced as "the first 8 digits of your NIP": keep that true.
        employee.password_hash = initial_password_hash(data.nip)
    for field in EDITABLE_FIELDS:
        setattr(employee, field, getattr(data, field))
    session.add(employee)
    sync_jabatan_fungsional(session, actor=actor, employee=employee, data=data, today=today or local_today())
    for role in data.roles - set(current_roles):
        session.add(EmployeeRole(employee_id=employee.id, role=role))
    for row in session.exec(select(EmployeeRole).where(EmployeeRole.employee_id == employee.id)):
        if row.role not in data.roles:
            session.delete(row)
    session.flush()
    audit.write(
        session, actor=actor, action="update", entity="employee", entity_id=employee.id, before=before,
        after=_audit_view(employee, data.roles),
    )
    return employee


def move_employee(
    session: Session, *, actor: Actor, employee_id: int, form: MoveForm, today: date | None = None
) -> PositionAssignment:
    """Mutasi: the current definitif jabatan ends the day before the new one starts.

    Earlier rows are never rewritten, so the history stays what it was.
    """
    employee = _employee_for_admin(session, actor, employee_id)
    current = current_assignment(session, employee_id=employee.id)
    data = ensure_valid(validate_move(form, today=today or local_today(), current_start=current.start_date))
    positions = positions_of_instansi(session, position_ids=[data.position_id], instansi_id=actor.instansi_id)
    problem = position_problem(data.position_id, positions)
    if problem is None and data.position_id == current.position_id:
        problem = "Pegawai sudah menduduki jabatan ini."
    if problem:
        raise ValidationFailed({"position_id": problem})
    before = audit.snapshot(current)
    current.end_date = data.start_date - timedelta(days=1)
    session.add(current)
    opened = PositionAssignment(
        employee_id=employee.id,
        position_id=data.position_id,
        kind="definitif",
        start_date=data.start_date,
        note=data.note,
    )
    session.add(opened)
    session.flush()
    audit.write(
        session, actor=actor, action="move", entity="employee", entity_id=employee.id, before={"current": before},
        after={"closed": audit.snapshot(current), "opened": audit.snapshot(opened)},
    )
    bump_org_revision(session)
    return opened


def set_active(session: Session, *, actor: Actor, employee_id: int, active: bool) -> Employee:
    """Turning an account off also ends its open sessions."""
    employee = _employee_for_admin(session, actor, employee_id)
    require(employee.id != actor.employee_id or active, "Anda tidak dapat menonaktifkan akun Anda sendiri.")
    before = audit.snapshot(employee)
    employee.active = active
    session.add(employee)
    if not active:
        _end_sessions(session, employee.id)
    session.flush()
    audit.write(
        session, actor=actor, action="activate" if active else "deactivate", entity="employee", row=employee,
        before=before,
    )
    return employee


def reset_password(session: Session, *, actor: Actor, employee_id: int) -> Employee:
    """Back to the NIP-derived first password, to be changed at the next login; every session ends."""
    employee = _employee_for_admin(session, actor, employee_id)
    before = audit.snapshot(employee)
    employee.password_hash = initial_password_hash(employee.nip)
    employee.must_change_password = True
    employee.password_changed_at = None
    session.add(employee)
    _end_sessions(session, employee.id)
    session.flush()
    audit.write(session, actor=actor, action="password_reset", entity="employee", row=employee, before=before)
    return employee


def employee_id_by_nip(session: Session, *, actor: Actor, nip: str) -> int | None:
    """The employee of the actor's instansi with exactly this NIP."""
    wanted = normalize_nip(nip)
    if not wanted.isdigit():
        return None
    rows, _ = list_employees(session, actor=actor, search=wanted, page=1, page_size=5)
    return next((row.id for row in rows if row.nip == wanted), None)
