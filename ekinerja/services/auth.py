"""Passwords, logins, lockout and server-side sessions."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from passlib.context import CryptContext
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ekinerja.access import Actor
from ekinerja.clock import local_today, utcnow
from ekinerja.config import get_settings
from ekinerja.domain import lockout
from ekinerja.domain.nip import normalize_nip
from ekinerja.domain.password_policy import password_problems
from ekinerja.models import AuthSession, Employee, EmployeeRole, LoginThrottle
from ekinerja.services import audit
from ekinerja.services.org import org_snapshot

LOGIN_FAILED = "NIP atau kata sandi salah."
SESSION_TOUCH_INTERVAL = timedelta(seconds=60)


@lru_cache(maxsize=1)
def password_context() -> CryptContext:
    return CryptContext(schemes=["bcrypt"], bcrypt__rounds=get_settings().bcrypt_rounds)


def hash_password(password: str, *, rounds: int | None = None) -> str:
    context = password_context()
    if rounds is not None:
        context = context.copy(bcrypt__rounds=rounds)
    return context.hash(password)


def initial_password_hash(nip: str, *, rounds: int | None = None) -> str:
    return hash_password(nip[:8], rounds=rounds)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class LoginOutcome:
    token: str | None
    message: str
    must_change_password: bool = False


def _locked_message(until: datetime) -> str:
    minutes = max(1, int((until - utcnow()).total_seconds() // 60) + 1)
    return (
        "Terlalu banyak percobaan masuk yang gagal. Akun dikunci sementara; "
        f"coba lagi dalam {minutes} menit."
    )


def _throttle_row(session: Session, key: str) -> LoginThrottle:
    row = session.exec(select(LoginThrottle).where(LoginThrottle.nip == key).with_for_update()).first()
    if row is not None:
        return row
    row = LoginThrottle(nip=key)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        row = session.exec(select(LoginThrottle).where(LoginThrottle.nip == key).with_for_update()).one()
    return row


def _throttle_state(row: LoginThrottle) -> lockout.ThrottleState:
    return lockout.ThrottleState(failed_count=row.failed_count, locked_until=row.locked_until)


def is_account_locked(session: Session, *, nip: str, now: datetime | None = None) -> bool:
    row = session.get(LoginThrottle, nip)
    return row is not None and lockout.is_locked(_throttle_state(row), now or utcnow())


def login(session: Session, *, nip: str, password: str) -> LoginOutcome:
    """Check a NIP and password. Unknown NIPs are throttled and timed like known ones."""
    settings = get_settings()
    now = utcnow()
    key = normalize_nip(nip)[:64]
    if not key or not password:
        return LoginOutcome(None, "NIP dan kata sandi wajib diisi.")
    throttle = _throttle_row(session, key)
    state = _throttle_state(throttle)
    if lockout.is_locked(state, now):
        return LoginOutcome(None, _locked_message(state.locked_until))
    employee = session.exec(select(Employee).where(Employee.nip == key)).first()
    context = password_context()
    if employee is None:
        context.dummy_verify()
        ok = False
    else:
        ok = context.verify(password, employee.password_hash) and employee.active
    if not ok:
        state = lockout.after_failure(
            state, now, threshold=settings.lockout_threshold, lock_minutes=settings.lockout_minutes
        )
        throttle.failed_count, throttle.locked_until, throttle.updated_at = state.failed_count, state.locked_until, now
        session.add(throttle)
        audit.record(
            session,
            actor_id=employee.id if employee else None,
            action="login_failed",
            entity="employee",
            entity_id=key,
            detail="akun dikunci" if state.locked_until else "",
        )
        if state.locked_until:
            return LoginOutcome(None, _locked_message(state.locked_until))
        return LoginOutcome(None, LOGIN_FAILED)
    throttle.failed_count, throttle.locked_until, throttle.updated_at = 0, None, now
    session.add(throttle)
    if context.needs_update(employee.password_hash):
        employee.password_hash = context.hash(password)
        session.add(employee)
    token = secrets.token_urlsafe(32)
    session.add(AuthSession(token_hash=token_digest(token), employee_id=employee.id, created_at=now, last_seen_at=now))
    audit.record(session, actor_id=employee.id, action="login", entity="employee", entity_id=employee.id)
    return LoginOutcome(token, "", employee.must_change_password)


@dataclass(frozen=True)
class SessionLookup:
    actor: Actor | None
    expired: bool = False


def resolve_session(session: Session, *, token: str, today: date | None = None) -> SessionLookup:
    """The actor behind a browser's token, or why there is none. Touches the idle timer.

    Runs on every event, so the session row, its employee, the lockout row and the roles come
    back in one round trip (one result row per role); nothing of it is cached, so a session
    ended, expired, deactivated or locked is refused on the very next event.
    """
    if not token:
        return SessionLookup(None)
    settings = get_settings()
    now = utcnow()
    found = session.exec(
        select(AuthSession, Employee, LoginThrottle, EmployeeRole.role)
        .join(Employee, Employee.id == AuthSession.employee_id)
        .join(LoginThrottle, LoginThrottle.nip == Employee.nip, isouter=True)
        .join(EmployeeRole, EmployeeRole.employee_id == Employee.id, isouter=True)
        .where(AuthSession.token_hash == token_digest(token), AuthSession.ended_at.is_(None))
    ).all()
    if not found:
        return SessionLookup(None)
    row, employee, throttle, _ = found[0]
    if now - row.last_seen_at > timedelta(minutes=settings.session_idle_minutes):
        row.ended_at = now
        session.add(row)
        return SessionLookup(None, expired=True)
    if not employee.active or (throttle is not None and lockout.is_locked(_throttle_state(throttle), now)):
        return SessionLookup(None)
    if now - row.last_seen_at > SESSION_TOUCH_INTERVAL:
        row.last_seen_at = now
        session.add(row)
    roles = frozenset(role for *_, role in found if role is not None)
    on = today or local_today()
    snapshot = org_snapshot(session, on=on)
    unit_id = snapshot.unit_of_employee(employee.id)
    # Imported here: the delegation service itself builds on this module.
    from ekinerja.services.delegation import atasan_delegating_to

    # A Plt/Plh appointed through a delegation validates for the atasan, so counts as one.
    is_supervisor = bool(snapshot.direct_subordinates(employee.id)) or bool(
        atasan_delegating_to(session, employee.id, on=on)
    )
    return SessionLookup(
        Actor(
            employee_id=employee.id,
            session_id=row.id,
            nip=employee.nip,
            display_name=display_name(employee),
            roles=roles,
            must_change_password=employee.must_change_password,
            unit_id=unit_id,
            instansi_id=snapshot.instansi_of_unit(unit_id) if unit_id else None,
            is_supervisor=is_supervisor,
            timezone=snapshot.zone_of_unit(unit_id),
        )
    )


def live_sessions(session: Session, *, session_ids: Iterable[int]) -> set[int]:
    """Which of these sessions would still resolve to an actor: not ended, not idle past the
    timeout, the employee active and not locked out. One query for every open live tab of a
    worker; unlike ``resolve_session`` it touches nothing, since a page left open is no activity."""
    ids = list(session_ids)
    if not ids:
        return set()
    now = utcnow()
    idle_since = now - timedelta(minutes=get_settings().session_idle_minutes)
    found = session.exec(
        select(AuthSession.id, Employee.active, LoginThrottle)
        .join(Employee, Employee.id == AuthSession.employee_id)
        .join(LoginThrottle, LoginThrottle.nip == Employee.nip, isouter=True)
        .where(AuthSession.id.in_(ids), AuthSession.ended_at.is_(None), AuthSession.last_seen_at >= idle_since)
    ).all()
    return {
        session_id for session_id, active, throttle in found
        if active and (throttle is None or not lockout.is_locked(_throttle_state(throttle), now))
    }


def display_name(employee: Employee) -> str:
    name = employee.name
    if employee.gelar_depan:
        name = f"{employee.gelar_depan} {name}"
    if employee.gelar_belakang:
        name = f"{name}, {employee.gelar_belakang}"
    return name


def logout(session: Session, *, token: str) -> None:
    row = session.exec(select(AuthSession).where(AuthSession.token_hash == token_digest(token))).first()
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
        session.add(row)
        audit.record(session, actor_id=row.employee_id, action="logout", entity="employee", entity_id=row.employee_id)


def change_password(session: Session, *, actor: Actor, current_password: str, new_password: str, confirmation: str) -> list[str]:
    """Problems with the request, or an empty list once the new password is stored.

    Other sessions of the same account end, so a stolen session does not outlive the change.
    """
    employee = session.get(Employee, actor.employee_id)
    context = password_context()
    if not context.verify(current_password, employee.password_hash):
        # A signed-in session guessing the password is worth a line in the trail, like a failed login.
        audit.record(session, actor_id=employee.id, action="password_change_failed", entity="employee", entity_id=employee.id,
                     detail="kata sandi lama salah")
        return ["Kata sandi lama salah."]
    problems = password_problems(new_password, nip=employee.nip, same_as_current=new_password == current_password)
    if new_password != confirmation:
        problems.append("Konfirmasi kata sandi tidak sama dengan kata sandi baru.")
    if problems:
        return problems
    now = utcnow()
    employee.password_hash = context.hash(new_password)
    employee.must_change_password = False
    employee.password_changed_at = now
    session.add(employee)
    for other in session.exec(
        select(AuthSession).where(
            AuthSession.employee_id == employee.id, AuthSession.ended_at.is_(None), AuthSession.id != actor.session_id
        )
    ):
        other.ended_at = now
        session.add(other)
    audit.record(session, actor_id=employee.id, action="password_changed", entity="employee", entity_id=employee.id)
    return []
