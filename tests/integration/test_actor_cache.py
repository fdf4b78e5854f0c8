"""The actor cache: an event needs no session lookup while a recent one stands, or while the live
hub's session check finds the session's actor unchanged, and a logout, password change, role
change, deactivation, delegation or org change still takes effect within seconds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from ekinerja.clock import local_today
from ekinerja.db import get_engine, session_scope
from ekinerja.domain.roles import ROLE_ADMIN
from ekinerja.models import AuthSession, Delegation, EmployeeRole, PositionAssignment
from ekinerja.services import auth
from ekinerja.services.org import bump_org_revision
from ekinerja.state import actor_cache, guard, live
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


def hub_check(*session_ids: int) -> set[int]:
    """What a worker's live hub does every few seconds for the sessions its open tabs watch."""
    with session_scope() as session:
        return live._check_sessions(session, set(session_ids))


def test_the_hub_finding_a_session_gone_drops_it(db, staf, clock):
    token = sign_in(db, staf[1])
    actor = lookup(token)
    with session_scope() as session:
        auth.logout(session, token=token)
        assert live._check_sessions(session, {actor.session_id}) == set()
    assert lookup(token) is None


def test_a_watched_session_is_resolved_once_while_the_hub_finds_it_unchanged(db, staf, clock):
    """A month-end tab saves every half minute: its events look the session up once, not each time."""
    token = sign_in(db, staf[1])
    watched = lookup(token).session_id
    other = sign_in(db, staf[0].admin)  # open on no live page: remembered for TTL_SECONDS only
    lookup(other)
    for _ in range(12):  # a minute of the hub's checks, the tab sending an event between them
        clock[0] += live.SESSION_CHECK_SECONDS
        hub_check(watched)
        with counted_statements(get_engine()) as sent:
            assert lookup(token).nip == staf[1].nip
        assert sent == []
    with counted_statements(get_engine()) as sent:
        assert lookup(other) is not None
    assert sent  # looked up again


def test_the_hub_drops_a_watched_actor_that_changed_elsewhere(db, staf, clock):
    """Another worker's change to the account is seen at the next check, as without the cache."""
    org, employee = staf
    token = sign_in(db, employee)
    watched = lookup(token).session_id
    assert ROLE_ADMIN in lookup(token).roles and not lookup(token).is_supervisor
    with session_scope() as session:
        session.delete(session.exec(select(EmployeeRole).where(EmployeeRole.employee_id == employee.id)).one())
    clock[0] += live.SESSION_CHECK_SECONDS
    hub_check(watched)
    assert lookup(token).roles == frozenset()
    with session_scope() as session:  # appointed Plh of the head's post, from today
        today = local_today()
        session.add(Delegation(atasan_id=org.admin.id, delegate_id=employee.id, kind="plh", start_date=today, created_by_id=org.admin.id,
                               end_date=today + timedelta(days=5)))
    clock[0] += live.SESSION_CHECK_SECONDS
    hub_check(watched)
    assert lookup(token).is_supervisor
    with session_scope() as session:  # an admin's password reset
        account = session.get(auth.Employee, employee.id)
        account.must_change_password = True
        session.add(account)
    clock[0] += live.SESSION_CHECK_SECONDS
    hub_check(watched)
    assert lookup(token).must_change_password
    with session_scope() as session:
        account = session.get(auth.Employee, employee.id)
        account.active = False
        session.add(account)
    clock[0] += live.SESSION_CHECK_SECONDS
    assert hub_check(watched) == set()
    assert guard.lookup_session(token).actor is None


def test_a_watched_actor_is_resolved_again_on_a_new_day_and_after_an_org_change(db, staf, clock, monkeypatch):
    org, employee = staf
    token = sign_in(db, employee)
    assert lookup(token).unit_id == org.opd.id
    tomorrow = local_today() + timedelta(days=1)
    monkeypatch.setattr(actor_cache, "local_today", lambda: tomorrow)
    with counted_statements(get_engine()) as sent:
        lookup(token)
    assert sent  # the org snapshot and the delegations are read for a day
    with session_scope() as session:  # a mutasi out of the OPD, made through another worker
        session.delete(session.exec(select(PositionAssignment).where(PositionAssignment.employee_id == employee.id)).one())
        bump_org_revision(session)
    clock[0] += live.SESSION_CHECK_SECONDS
    hub_check(lookup(token).session_id)  # reads the new revision: the entry resolved under the old one is not used again
    assert lookup(token).unit_id is None


def test_an_event_answered_from_the_cache_still_moves_the_idle_clock(db, staf, clock):
    """Only the user's events count as activity: the hub advances the idle clock of the sessions
    whose events the cache answered, and leaves a page merely left open alone."""
    active, left_open = sign_in(db, staf[1]), sign_in(db, staf[0].admin)
    watched = lookup(active).session_id, lookup(left_open).session_id

    def last_seen(token: str):
        with session_scope() as session:
            return session.exec(select(AuthSession.last_seen_at).where(AuthSession.token_hash == auth.token_digest(token))).one()

    before = last_seen(active), last_seen(left_open)
    for _ in range(int(actor_cache.TOUCH_SECONDS // live.SESSION_CHECK_SECONDS)):  # a minute of checks
        clock[0] += live.SESSION_CHECK_SECONDS
        hub_check(*watched)
        with counted_statements(get_engine()) as sent:
            lookup(active)  # an event of the active tab, answered from the cache
        assert sent == []
    hub_check(*watched)
    assert last_seen(active) > before[0]
    assert last_seen(left_open) == before[1]
