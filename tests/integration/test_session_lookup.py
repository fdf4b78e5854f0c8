"""The per-event session lookup: few round trips, and nothing cached that could outlive a revocation."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlmodel import select

from ekinerja.clock import utcnow
from ekinerja.models import AuthSession, Employee, EmployeeRole, LoginThrottle
from ekinerja.services import auth

NIP = "199001012015031001"


@pytest.fixture
def token(db) -> str:
    employee = Employee(nip=NIP, name="Andi Baso", password_hash=auth.initial_password_hash(NIP))
    db.add(employee)
    db.flush()
    db.add(EmployeeRole(employee_id=employee.id, role="admin"))
    db.add(EmployeeRole(employee_id=employee.id, role="operator"))
    db.commit()
    return auth.login(db, nip=NIP, password="19900101").token


@contextmanager
def counted_selects(db):
    statements: list[str] = []
    engine = db.get_bind()

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_every_role_is_read(db, token):
    assert auth.resolve_session(db, token=token).actor.roles == frozenset({"admin", "operator"})


def test_one_round_trip_reads_session_employee_and_roles(db, token):
    auth.resolve_session(db, token=token)  # warms the org snapshot cache, as on a running server
    with counted_selects(db) as selects:
        assert auth.resolve_session(db, token=token).actor.nip == NIP
    # The session with its employee and roles; the org revision; the delegations.
    assert len(selects) <= 3, selects


def test_someone_elses_failed_logins_never_end_the_session(db, token):
    throttle = db.get(LoginThrottle, NIP)  # written by the login
    throttle.failed_count, throttle.locked_until = 50, utcnow() + timedelta(minutes=15)
    db.add(throttle)
    db.commit()
    assert auth.resolve_session(db, token=token).actor is not None


def test_deactivation_and_a_role_removal_apply_on_the_very_next_lookup(db, token):
    assert "admin" in auth.resolve_session(db, token=token).actor.roles
    role = db.exec(select(EmployeeRole).where(EmployeeRole.role == "admin")).one()
    db.delete(role)
    db.commit()
    assert auth.resolve_session(db, token=token).actor.roles == frozenset({"operator"})
    employee = db.exec(select(Employee).where(Employee.nip == NIP)).one()
    employee.active = False
    db.add(employee)
    db.commit()
    assert auth.resolve_session(db, token=token).actor is None


def test_an_employee_without_roles_or_lockout_row_still_resolves(db):
    db.add(Employee(nip=NIP, name="Andi Baso", password_hash=auth.initial_password_hash(NIP)))
    db.commit()
    token = auth.login(db, nip=NIP, password="19900101").token
    db.delete(db.get(LoginThrottle, NIP))  # written by the login; without it the outer join must hold
    db.commit()
    actor = auth.resolve_session(db, token=token).actor
    assert actor.nip == NIP and actor.roles == frozenset()
    assert db.exec(select(AuthSession)).one().ended_at is None
