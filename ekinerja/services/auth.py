"""Passwords, logins, lockout and server-side sessions."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from passlib.context import CryptContext
from sqlalchemy import bindparam, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ekinerja.access import Actor
from ekinerja.clock import local_today, utcnow
from ekinerja.config import get_settings
from ekinerja.db import among
from ekinerja.domain import lockout
from ekinerja.domain.hierarchy import OrgSnapshot
from ekinerja.domain.names import display_name
from ekinerja.domain.nip import normalize_nip
from ekinerja.domain.password_policy import password_problems
from ekinerja.models import AuthSession, Employee, EmployeeRole, LoginThrottle
from ekinerja.services import audit
from ekinerja.services.delegation import atasan_delegating_to, spans_for_delegates
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


ADDRESS_KEY_PREFIX = "ip:"  # login_throttle rows per client address; a NIP is digits only


def nip_policy() -> lockout.Policy:
    """Per NIP typed: a few free failures, then waits doubling from 1 s up to a short maximum, so the
    owner is never kept out for long; one failure forgiven per 15 minutes of quiet."""
    settings = get_settings()
    return lockout.Policy(settings.lockout_threshold, 1.0, float(settings.login_delay_max_seconds), 15 * 60.0)


def address_policy() -> lockout.Policy:
    """Per client address, over every NIP: a larger allowance (offices share one NAT address), then
    waits doubling from 1 s up to 15 minutes; one failure forgiven per minute of quiet."""
    return lockout.Policy(get_settings().address_login_threshold, 1.0, 15 * 60.0, 60.0)


def _wait_message(wait: timedelta, *, per_address: bool) -> str:
    seconds = max(1, int(wait.total_seconds() + 0.999))
    when = f"{seconds} detik" if seconds < 120 else f"{(seconds + 59) // 60} menit"
    source = "dari alamat jaringan Anda" if per_address else "untuk NIP ini"
    return f"Terlalu banyak percobaan masuk yang gagal {source}. Coba lagi dalam {when}."


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


def _throttle_state(row: LoginThrottle | None) -> lockout.ThrottleState:
    if row is None:
        return lockout.ThrottleState()
    return lockout.ThrottleState(failed_count=row.failed_count, locked_until=row.locked_until, updated_at=row.updated_at)


def _store(row: LoginThrottle, state: lockout.ThrottleState, now: datetime) -> None:
    row.failed_count, row.locked_until, row.updated_at = state.failed_count, state.locked_until, state.updated_at or now


def login_wait(session: Session, *, nip: str, client_address: str = "", now: datetime | None = None) -> timedelta:
    """How long a login attempt on ``nip`` from ``client_address`` must still wait (zero: none)."""
    now = now or utcnow()
    waits = [lockout.wait(_throttle_state(session.get(LoginThrottle, normalize_nip(nip)[:64])), now)]
    if client_address:
        waits.append(lockout.wait(_throttle_state(session.get(LoginThrottle, ADDRESS_KEY_PREFIX + client_address)), now))
    return max(waits)


def _audit_id(key: str) -> str:
    # What was typed as NIP: kept when it looks like one, never when it may be a misplaced password.
    return key if key.isascii() and key.isdigit() and len(key) <= 40 else "(bukan NIP)"


def login(session: Session, *, nip: str, password: str, client_address: str = "") -> LoginOutcome:
    """Check a NIP and password. Unknown NIPs are throttled and timed like known ones.

    An attempt while the NIP or the client address must wait is refused before the password is
    checked and changes nothing; a checked failure counts against both and is audited (an unknown
    NIP's in the trail every admin reads). No failure ends or blocks anyone's open session.
    """
    now = utcnow()
    key = normalize_nip(nip)[:64]
    if not key or not password:
        return LoginOutcome(None, "NIP dan kata sandi wajib diisi.")
    address_key = ADDRESS_KEY_PREFIX + client_address[:60] if client_address else ""
    if address_key and (wait := lockout.wait(_throttle_state(session.get(LoginThrottle, address_key)), now)):
        return LoginOutcome(None, _wait_message(wait, per_address=True))
    throttle = _throttle_row(session, key)
    state = _throttle_state(throttle)
    if wait := lockout.wait(state, now):
        return LoginOutcome(None, _wait_message(wait, per_address=False))
    employee = session.exec(select(Employee).where(Employee.nip == key)).first()
    context = password_context()
    if employee is None:
        context.dummy_verify()
        ok = False
    else:
        ok = context.verify(password, employee.password_hash) and employee.active
    if not ok:
        state = lockout.after_failure(state, now, nip_policy())
        _store(throttle, state, now)
        session.add(throttle)
        address_wait = timedelta(0)
        if address_key:
            by_address = _throttle_row(session, address_key)
            address_state = lockout.after_failure(_throttle_state(by_address), now, address_policy())
            _store(by_address, address_state, now)
            session.add(by_address)
            address_wait = lockout.wait(address_state, now)
        nip_wait = lockout.wait(state, now)
        audit.write(
            session, actor=employee.id if employee else None, action="login_failed", entity="employee",
            entity_id=_audit_id(key),
            detail="; ".join(
                part for part in (
                    "NIP tidak terdaftar" if employee is None else "",
                    f"dari {client_address}" if client_address else "",
                    f"percobaan berikutnya pada NIP ini menunggu {int(nip_wait.total_seconds())} detik" if nip_wait else "",
                    f"percobaan berikutnya dari alamat ini menunggu {int(address_wait.total_seconds())} detik"
                    if address_wait else "",
                ) if part
            ),
        )
        if address_wait > nip_wait:
            return LoginOutcome(None, _wait_message(address_wait, per_address=True))
        if nip_wait:
            return LoginOutcome(None, _wait_message(nip_wait, per_address=False))
        return LoginOutcome(None, LOGIN_FAILED)
    _store(throttle, lockout.after_success(state), now)
    session.add(throttle)
    if context.needs_update(employee.password_hash):
        employee.password_hash = context.hash(password)
        session.add(employee)
    token = secrets.token_urlsafe(32)
    session.add(AuthSession(token_hash=token_digest(token), employee_id=employee.id, created_at=now, last_seen_at=now))
    audit.write(session, actor=employee.id, action="login", entity="employee", entity_id=employee.id)
    return LoginOutcome(token, "", employee.must_change_password)


@dataclass(frozen=True, slots=True)
class SessionLookup:
    actor: Actor | None
    expired: bool = False


# Built once with a bound parameter: every event whose actor is not cached runs it (issue 17).
_FIND_SESSION = (
    select(AuthSession, Employee, EmployeeRole.role)
    .join(Employee, Employee.id == AuthSession.employee_id)
    .join(EmployeeRole, EmployeeRole.employee_id == Employee.id, isouter=True)
    .where(AuthSession.token_hash == bindparam("token_hash"), AuthSession.ended_at.is_(None))
)


def resolve_session(session: Session, *, token: str, today: date | None = None) -> SessionLookup:
    """The actor behind a browser's token, or why there is none. Touches the idle timer.

    Runs on every event, so the session row, its employee and the roles come
    back in one round trip (one result row per role); nothing of it is cached, so a session
    ended, expired, deactivated or locked is refused on the very next event.
    """
    if not token:
        return SessionLookup(None)
    settings = get_settings()
    now = utcnow()
    found = session.exec(_FIND_SESSION, params={"token_hash": token_digest(token)}).all()
    if not found:
        return SessionLookup(None)
    row, employee, _ = found[0]
    if now - row.last_seen_at > timedelta(minutes=settings.session_idle_minutes):
        row.ended_at = now
        session.add(row)
        return SessionLookup(None, expired=True)
    # Failed logins typed by anyone never end or block a session (domain/lockout.py).
    if not employee.active:
        return SessionLookup(None)
    if now - row.last_seen_at > SESSION_TOUCH_INTERVAL:
        row.last_seen_at = now
        session.add(row)
    roles = frozenset(role for *_, role in found if role is not None)
    on = today or local_today()
    return SessionLookup(
        _actor(session_id=row.id, employee=employee, roles=roles, snapshot=org_snapshot(session, on=on),
               is_delegate=lambda: bool(atasan_delegating_to(session, delegate_id=employee.id, on=on)))
    )


def _actor(*, session_id: int, employee: Any, roles: frozenset[str], snapshot: OrgSnapshot, is_delegate: Callable[[], bool]) -> Actor:
    """The actor of a session, as ``resolve_session`` and ``live_sessions`` both build it (the live
    hub keeps a worker's cached actor only while it still builds the same one)."""
    unit_id = snapshot.unit_of_employee(employee.id)
    return Actor(
        employee_id=employee.id,
        session_id=session_id,
        nip=employee.nip,
        display_name=display_name(employee),
        roles=roles,
        must_change_password=employee.must_change_password,
        unit_id=unit_id,
        instansi_id=snapshot.instansi_of_unit(unit_id) if unit_id else None,
        # A Plt/Plh appointed through a delegation validates for the atasan, so counts as one.
        is_supervisor=bool(snapshot.direct_subordinates(employee.id)) or is_delegate(),
        timezone=snapshot.zone_of_unit(unit_id),
    )


def live_sessions(session: Session, *, session_ids: Iterable[int]) -> dict[int, Actor]:
    """The sessions among these that would still resolve to an actor (not ended, not idle past the
    timeout, the employee active), each with the actor it would resolve to. Three queries for every
    open live tab of a worker; unlike ``resolve_session`` it touches nothing, since a page left open
    is no activity."""
    ids = list(session_ids)
    if not ids:
        return {}
    idle_since = utcnow() - timedelta(minutes=get_settings().session_idle_minutes)
    rows = session.execute(
        select(AuthSession.id.label("session_id"), Employee.id, Employee.nip, Employee.name, Employee.gelar_depan,
               Employee.gelar_belakang, Employee.must_change_password)
        .join(Employee, Employee.id == AuthSession.employee_id)
        .where(among(session, AuthSession.id, ids), AuthSession.ended_at.is_(None), AuthSession.last_seen_at >= idle_since,
               Employee.active.is_(True))
    ).all()
    employee_ids = sorted({row.id for row in rows})
    roles: dict[int, set[str]] = {}
    if employee_ids:
        for employee_id, role in session.execute(
            select(EmployeeRole.employee_id, EmployeeRole.role).where(among(session, EmployeeRole.employee_id, employee_ids))
        ).all():
            roles.setdefault(employee_id, set()).add(role)
    on = local_today()
    delegates = {span.delegate_id for span in spans_for_delegates(session, delegate_ids=employee_ids) if span.covers(on)}
    snapshot = org_snapshot(session, on=on)
    return {
        row.session_id: _actor(session_id=row.session_id, employee=row, roles=frozenset(roles.get(row.id, ())),
                               snapshot=snapshot, is_delegate=lambda employee_id=row.id: employee_id in delegates)
        for row in rows
    }


def touch_sessions(session: Session, *, session_ids: Collection[int]) -> None:
    """The user of each of these sessions was active (their events were answered from a worker's
    actor cache, ekinerja.state.actor_cache): advance the idle clock, as ``resolve_session`` does."""
    if not session_ids:
        return
    now = utcnow()
    idle_since = now - timedelta(minutes=get_settings().session_idle_minutes)
    session.execute(
        update(AuthSession)
        .where(among(session, AuthSession.id, session_ids), AuthSession.ended_at.is_(None), AuthSession.last_seen_at >= idle_since)
        .values(last_seen_at=now)
    )


def logout(session: Session, *, token: str) -> None:
    row = session.exec(select(AuthSession).where(AuthSession.token_hash == token_digest(token))).first()
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
        session.add(row)
        audit.write(session, actor=row.employee_id, action="logout", entity="employee", entity_id=row.employee_id)


def change_password(session: Session, *, actor: Actor, current_password: str, new_password: str, confirmation: str) -> list[str]:
    """Problems with the request, or an empty list once the new password is stored.

    Other sessions of the same account end, so a stolen session does not outlive the change.
    """
    employee = session.get(Employee, actor.employee_id)
    context = password_context()
    if not context.verify(current_password, employee.password_hash):
        # A signed-in session guessing the password is worth a line in the trail, like a failed login.
        audit.write(
            session, actor=employee.id, action="password_change_failed", entity="employee", entity_id=employee.id,
            detail="kata sandi lama salah",
        )
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
    audit.write(session, actor=employee.id, action="password_changed", entity="employee", entity_id=employee.id)
    return []
