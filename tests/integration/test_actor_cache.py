"""The actor cache: an event needs no session lookup while a recent one stands, and a logout,
password change, role change, deactivation or org change still takes effect within seconds."""

from __future__ import annotations

import pytest
from sqlmodel import select

from ekinerja.db import get_engine, session_scope
from ekinerja.domain.roles import ROLE_ADMIN
from ekinerja.models import EmployeeRole, PositionAssignment
from ekinerja.services import auth
from ekinerja.services.org import bump_org_revision
from ekinerja.state import actor_cache, guard
from tests.integration.factories import make_employee, make_org, nip_for
from tests.statements import counted_statements


@pytest.fixture
def clock(monkeypatch):
    """The cache's monotonic clock, moved by the test."""
    now = [1000.0]
    monkeypatch.setattr(actor_cache, "monotonic", lambda: now[0])
    return now


@pytest.fixture
def staf(db):
    org = make_org(db)
    employee = make_employee(db, position=org.staff, nip=nip_for(2), name="Ani Staf", roles=(ROLE_ADMIN,))
    db.commit()
    return org, employee


def sign_in(db, employee) -> str:
    token = auth.login(db, nip=employee.nip, password=employee.nip[:8]).token
    db.commit()
    return token


def lookup(token: str):
    return guard.lookup_session(token).actor


def test_a_recent_lookup_answers_without_a_statement(db, staf, clock):
    token = sign_in(db, staf[1])
    assert lookup(token).nip == staf[1].nip
    with counted_statements(get_engine()) as sent:
        assert lookup(token).nip == staf[1].nip
    assert sent == []
    clock[0] += actor_cache.TTL_SECONDS
    with counted_statements(get_engine()) as sent:
        assert lookup(token) is not None
    assert sent  # looked up again after TTL_SECONDS


def test_logout_takes_effect_at_once_here_and_within_seconds_elsewhere(db, staf, clock):
    here, elsewhere = sign_in(db, staf[1]), sign_in(db, staf[1])
    assert lookup(here) and lookup(elsewhere)
    with session_scope() as session:
        auth.logout(session, token=here)
        auth.logout(session, token=elsewhere)
    actor_cache.actors.forget(here)  # what AppState.logout does in the worker that served it
    assert lookup(here) is None
    clock[0] += actor_cache.TTL_SECONDS  # another worker's logout: seen within the TTL
    assert lookup(elsewhere) is None


def test_a_password_change_ends_the_other_sessions_within_seconds(db, staf, clock):
    mine, other = sign_in(db, staf[1]), sign_in(db, staf[1])
    actor = lookup(mine)
    assert lookup(other) is not None
    with session_scope() as session:
        assert auth.change_password(session, actor=actor, current_password=staf[1].nip[:8], new_password="Rahasia#2026baru",
                                    confirmation="Rahasia#2026baru") == []
    clock[0] += actor_cache.TTL_SECONDS
    assert lookup(other) is None
    assert lookup(mine) is not None


def test_a_role_change_and_a_deactivation_take_effect_within_seconds(db, staf, clock):
    token = sign_in(db, staf[1])
    assert ROLE_ADMIN in lookup(token).roles
    with session_scope() as session:
        session.delete(session.exec(select(EmployeeRole).where(EmployeeRole.employee_id == staf[1].id)).one())
    clock[0] += actor_cache.TTL_SECONDS - 0.5
    assert ROLE_ADMIN in lookup(token).roles  # still remembered...
    clock[0] += 0.5
    assert lookup(token).roles == frozenset()  # ...for at most TTL_SECONDS
    with session_scope() as session:
        employee = session.get(auth.Employee, staf[1].id)
        employee.active = False
        session.add(employee)
    clock[0] += actor_cache.TTL_SECONDS
    assert lookup(token) is None


def test_an_org_change_is_seen_as_soon_as_this_worker_reads_the_new_revision(db, staf, clock):
    org, employee = staf
    token, admin_token = sign_in(db, employee), sign_in(db, org.admin)
    assert lookup(token).unit_id == org.opd.id and lookup(admin_token) is not None
    with session_scope() as session:  # a mutasi out of the OPD, into the instansi itself
        assignment = session.exec(select(PositionAssignment).where(PositionAssignment.employee_id == employee.id)).one()
        session.delete(assignment)
        bump_org_revision(session)
    clock[0] += actor_cache.TTL_SECONDS  # the admin's next event re-resolves and reads the new revision...
    assert lookup(admin_token) is not None
    clock[0] -= actor_cache.TTL_SECONDS
    assert lookup(token).unit_id is None  # ...so the staf's entry, older than it, is not used again


def test_the_hub_finding_a_session_gone_drops_it(db, staf, clock):
    token = sign_in(db, staf[1])
    actor = lookup(token)
    with session_scope() as session:
        auth.logout(session, token=token)
    actor_cache.actors.forget_sessions({actor.session_id})  # what the live hub does on its session check
    assert lookup(token) is None


def test_expired_entries_are_not_kept(db, staf, clock):
    """An idle tab's entry goes at the next sweep: the cache holds the tabs active in the last seconds."""
    idle, active = sign_in(db, staf[1]), sign_in(db, staf[0].admin)
    lookup(idle)
    clock[0] += actor_cache.TTL_SECONDS
    lookup(active)
    assert idle not in actor_cache.actors._entries
    assert active in actor_cache.actors._entries


def test_a_change_to_the_account_in_this_worker_takes_effect_at_once(db, staf, clock):
    """An admin's change served by this worker does not wait for the TTL."""
    token = sign_in(db, staf[1])
    assert lookup(token) is not None
    with session_scope() as session:
        employee = session.get(auth.Employee, staf[1].id)
        employee.active = False
        session.add(employee)
    actor_cache.actors.forget_employee(employee_id=staf[1].id)  # what AdminEmployeesState.toggle_active does
    assert lookup(token) is None
    other = sign_in(db, staf[0].admin)
    assert lookup(other) is not None  # another account's sessions stay remembered
