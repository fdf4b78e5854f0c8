"""Building small organisations straight into the database, for any integration test.

The rows are written directly, not through the admin services, so a test of one
service does not depend on another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from ekinerja.access import Actor
from ekinerja.clock import local_today
from ekinerja.domain.names import display_name
from ekinerja.domain.roles import ROLE_ADMIN
from ekinerja.models import (
    Employee,
    EmployeeRole,
    OrgUnit,
    Position,
    PositionAssignment,
)
from ekinerja.services.auth import initial_password_hash
from ekinerja.services.org import bump_org_revision, load_snapshot

START = date(2020, 1, 2)


def nip_for(sequence: int, *, birth: str = "19850315", tmt: str = "201001", gender: str = "1") -> str:
    """A valid 18-digit NIP; ``sequence`` 1-999 tells employees apart."""
    return f"{birth}{tmt}{gender}{sequence:03d}"


def ni_pppk_for(sequence: int, *, birth: str = "19900101", year: str = "2022", contract: str = "1", gender: str = "2") -> str:
    """A valid 18-digit NI PPPK: birth date, TMT year, PPPK code 2, perjanjian kerja ke-, gender, sequence."""
    return f"{birth}{year}2{contract}{gender}{sequence:03d}"


def make_unit(session: Session, *, code: str, level: str, parent: OrgUnit | None = None, name: str = "") -> OrgUnit:
    unit = OrgUnit(code=code, name=name or f"Unit {code}", level=level, parent_id=parent.id if parent else None)
    session.add(unit)
    session.flush()
    bump_org_revision(session)
    return unit


def make_instansi(
    session: Session, *, code: str = "SULSEL", name: str = "Pemerintah Provinsi Sulawesi Selatan"
) -> OrgUnit:
    return make_unit(session, code=code, level="instansi", name=name)


def make_opd(session: Session, *, instansi: OrgUnit, code: str = "", name: str = "") -> OrgUnit:
    return make_unit(
        session,
        code=code or f"{instansi.code}.BKD",
        level="opd",
        parent=instansi,
        name=name or "Badan Kepegawaian Daerah",
    )


def make_position(
    session: Session,
    *,
    unit: OrgUnit,
    name: str = "Analis Kepegawaian",
    kind: str = "pelaksana",
    kelas: int = 7,
    eselon: str | None = None,
    reports_to: Position | None = None,
) -> Position:
    position = Position(
        name=name,
        kind=kind,
        eselon=eselon,
        kelas_jabatan=kelas,
        unit_id=unit.id,
        reports_to_id=reports_to.id if reports_to else None,
    )
    session.add(position)
    session.flush()
    bump_org_revision(session)
    return position


def make_employee(
    session: Session,
    *,
    position: Position,
    nip: str,
    name: str = "Pegawai Uji",
    roles: tuple[str, ...] = (),
    start: date = START,
) -> Employee:
    employee = Employee(nip=nip, name=name, password_hash=initial_password_hash(nip))
    session.add(employee)
    session.flush()
    for role in roles:
        session.add(EmployeeRole(employee_id=employee.id, role=role))
    session.add(PositionAssignment(employee_id=employee.id, position_id=position.id, start_date=start))
    session.flush()
    bump_org_revision(session)
    return employee


def actor_for(session: Session, employee: Employee) -> Actor:
    """The Actor a login of ``employee`` would resolve to (without a real session row)."""
    snapshot = load_snapshot(session, on=local_today())
    unit_id = snapshot.unit_of_employee(employee.id)
    roles = session.exec(select(EmployeeRole.role).where(EmployeeRole.employee_id == employee.id)).all()
    return Actor(
        employee_id=employee.id,
        session_id=0,
        nip=employee.nip,
        display_name=display_name(employee),
        roles=frozenset(roles),
        must_change_password=False,
        unit_id=unit_id,
        instansi_id=snapshot.instansi_of_unit(unit_id) if unit_id else None,
        is_supervisor=bool(snapshot.direct_subordinates(employee.id)),
        timezone=snapshot.zone_of_unit(unit_id),
    )


@dataclass
class Org:
    """An instansi with one OPD, a head position and a staff position under it."""

    instansi: OrgUnit
    opd: OrgUnit
    head: Position
    staff: Position
    admin: Employee
    actor: Actor  # the admin, signed in


def make_org(session: Session, *, code: str = "SULSEL", birth: str = "19850315") -> Org:
    """A tiny organisation with an admin; give each org in one test its own ``code`` and ``birth``."""
    instansi = make_instansi(session, code=code, name=f"Pemerintah {code}")
    opd = make_opd(session, instansi=instansi)
    head = make_position(session, unit=opd, name="Kepala Badan", kind="struktural", kelas=15, eselon="II.a")
    staff = make_position(session, unit=opd, name="Analis Kepegawaian", reports_to=head)
    admin = make_employee(session, position=staff, nip=nip_for(1, birth=birth), name="Admin BKD", roles=(ROLE_ADMIN,))
    session.commit()
    return Org(instansi=instansi, opd=opd, head=head, staff=staff, admin=admin, actor=actor_for(session, admin))
