"""Login, lockout, sessions and password change against a real database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from ekinerja.clock import utcnow
from ekinerja.models import AuditEntry, AuthSession, Employee
from ekinerja.services import auth

NIP = "199001012015031001"
OTHER_NIP = "199202022016042002"


@pytest.fixture
def employee(db) -> Employee:
    row = Employee(nip=NIP, name="Andi Baso", password_hash=auth.initial_password_hash(NIP))
    db.add(row)
    db.commit()
    return row


def test_first_login_uses_the_nip_prefix_and_forces_a_change(db, employee):
    outcome = auth.login(db, nip=NIP, password="19900101")
    assert outcome.token and outcome.must_change_password
    lookup = auth.resolve_session(db, token=outcome.token)
    assert lookup.actor.employee_id == employee.id
    assert lookup.actor.must_change_password


def test_wrong_password_and_unknown_nip_get_the_same_message(db, employee):
    assert auth.login(db, nip=NIP, password="salah").message == auth.LOGIN_FAILED
    assert auth.login(db, nip=OTHER_NIP, password="salah").message == auth.LOGIN_FAILED


def test_five_failures_lock_for_fifteen_minutes_even_with_the_right_password(db, employee):
    for _ in range(4):
        assert auth.login(db, nip=NIP, password="salah").message == auth.LOGIN_FAILED
    fifth = auth.login(db, nip=NIP, password="salah")
    assert "dikunci" in fifth.message
    assert auth.login(db, nip=NIP, password="19900101").token is None
    assert auth.is_account_locked(db, nip=NIP)


def test_unknown_nips_lock_the_same_way(db):
    messages = [auth.login(db, nip=OTHER_NIP, password="salah").message for _ in range(6)]
    assert "dikunci" in messages[4] and "dikunci" in messages[5]


def test_lock_expires(db, employee):
    for _ in range(5):
        auth.login(db, nip=NIP, password="salah")
    from ekinerja.models import LoginThrottle

    row = db.get(LoginThrottle, NIP)
    row.locked_until = utcnow() - timedelta(seconds=1)
    db.add(row)
    assert auth.login(db, nip=NIP, password="19900101").token


def test_idle_session_expires(db, employee):
    token = auth.login(db, nip=NIP, password="19900101").token
    row = db.exec(select(AuthSession)).one()
    row.last_seen_at = utcnow() - timedelta(minutes=31)
    db.add(row)
    lookup = auth.resolve_session(db, token=token)
    assert lookup.actor is None and lookup.expired
    assert auth.resolve_session(db, token=token).actor is None


def test_logout_ends_the_session(db, employee):
    token = auth.login(db, nip=NIP, password="19900101").token
    auth.logout(db, token=token)
    assert auth.resolve_session(db, token=token).actor is None


def test_password_change_enforces_policy_and_ends_other_sessions(db, employee):
    first = auth.login(db, nip=NIP, password="19900101").token
    second = auth.login(db, nip=NIP, password="19900101").token
    actor = auth.resolve_session(db, token=first).actor
    problems = auth.change_password(db, actor=actor, current_password="19900101", new_password="pendek", confirmation="pendek")
    assert problems and all(isinstance(p, str) for p in problems)
    assert auth.change_password(db, actor=actor, current_password="keliru", new_password="x", confirmation="x") == [
        "Kata sandi lama salah."
    ]
    assert auth.change_password(
        db, actor=actor, current_password="19900101", new_password="Makassar2026Ok", confirmation="Makassar2026Ok"
    ) == []
    assert auth.resolve_session(db, token=first).actor.must_change_password is False
    assert auth.resolve_session(db, token=second).actor is None
    assert auth.login(db, nip=NIP, password="Makassar2026Ok").token


def test_login_rehashes_a_cheap_hash_at_the_configured_cost(db, monkeypatch):
    cheap = auth.hash_password("19900101", rounds=4)
    db.add(Employee(nip=NIP, name="Andi Baso", password_hash=cheap))
    db.commit()
    monkeypatch.setenv("EKINERJA_BCRYPT_ROUNDS", "5")
    from ekinerja import config

    config.get_settings.cache_clear()
    auth.password_context.cache_clear()
    assert auth.login(db, nip=NIP, password="19900101").token
    assert db.exec(select(Employee)).one().password_hash.startswith("$2b$05$")


def test_logins_are_audited_without_secrets(db, employee):
    auth.login(db, nip=NIP, password="salah")
    auth.login(db, nip=NIP, password="19900101")
    actions = [e.action for e in db.exec(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["login_failed", "login"]


def test_a_delegate_without_subordinates_counts_as_supervisor_during_the_delegation(db):
    from datetime import timedelta

    from ekinerja.clock import local_today
    from ekinerja.models import Delegation
    from tests.integration import factories

    org = factories.make_org(db)
    boss = factories.make_employee(db, position=org.head, nip=factories.nip_for(2), name="Kepala")
    clerk = factories.make_employee(db, position=org.staff, nip=factories.nip_for(3), name="Staf")
    db.commit()
    token = auth.login(db, nip=clerk.nip, password=clerk.nip[:8]).token
    assert auth.resolve_session(db, token=token).actor.is_supervisor is False
    today = local_today()
    db.add(Delegation(atasan_id=boss.id, delegate_id=clerk.id, kind="plh", start_date=today, end_date=today + timedelta(days=2), created_by_id=boss.id))
    db.commit()
    assert auth.resolve_session(db, token=token).actor.is_supervisor is True
    assert auth.resolve_session(db, token=token, today=today + timedelta(days=3)).actor.is_supervisor is False
