"""Plt/Plh delegation: someone validates kegiatan harian on an atasan's behalf for a date range."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Row, bindparam, or_
from sqlmodel import Session, select

from ekinerja.access import Actor, require
from ekinerja.clock import local_today, utcnow
from ekinerja.db import among
from ekinerja.domain.activity_rules import DelegationSpan
from ekinerja.domain.names import display_name
from ekinerja.domain.validation import (
    Errors,
    ValidationFailed,
    read_date,
    read_text,
    to_int,
)
from ekinerja.models import Delegation, Employee
from ekinerja.services import audit
from ekinerja.services.org import org_snapshot
from ekinerja.services.org_admin import require_admin
from ekinerja.services.work_calendar import employee_by_nip, instansi_of

KINDS = ("plh", "plt")


# Columns of the table, built once: a session lookup of anyone who is not an atasan asks (issue 17).
_DELEGATION = Delegation.__table__
_SPAN_COLUMNS = (_DELEGATION.c.atasan_id, _DELEGATION.c.delegate_id, _DELEGATION.c.start_date, _DELEGATION.c.end_date,
                 _DELEGATION.c.revoked_at)
_SPANS_FOR_DELEGATE = select(*_SPAN_COLUMNS).where(_DELEGATION.c.delegate_id == bindparam("delegate_id"))


def spans_for_delegate(session: Session, *, delegate_id: int) -> list[DelegationSpan]:
    rows = session.execute(_SPANS_FOR_DELEGATE, {"delegate_id": delegate_id}).all()
    return [_span(row) for row in rows]


def spans_for_delegates(session: Session, *, delegate_ids: Collection[int]) -> list[DelegationSpan]:
    """Every span of these delegates, in one query (the live hub's session check)."""
    if not delegate_ids:
        return []
    rows = session.execute(select(*_SPAN_COLUMNS).where(among(session, _DELEGATION.c.delegate_id, delegate_ids))).all()
    return [_span(row) for row in rows]


def _span(row: Row) -> DelegationSpan:
    return DelegationSpan(row.atasan_id, row.delegate_id, row.start_date, row.end_date, row.revoked_at is not None)


def atasan_delegating_to(session: Session, *, delegate_id: int, on: date) -> list[int]:
    """The atasan for whom ``delegate_id`` stands in on ``on``."""
    return sorted({s.atasan_id for s in spans_for_delegate(session, delegate_id=delegate_id) if s.covers(on)})


@dataclass(frozen=True)
class DelegationRow:
    id: int
    atasan: str
    delegate: str
    kind: str
    start_date: date
    end_date: date
    note: str
    revoked: bool
    mine: bool  # the viewer is the atasan (may revoke)


def list_delegations(session: Session, *, actor: Actor) -> list[DelegationRow]:
    """Delegations the actor gave or received, newest first."""
    rows = session.exec(
        select(Delegation)
        .where(or_(Delegation.atasan_id == actor.employee_id, Delegation.delegate_id == actor.employee_id))
        .order_by(Delegation.start_date.desc())
        .limit(50)
    ).all()
    return _rows(session, rows, mine=lambda r: r.atasan_id == actor.employee_id)


def _rows(session: Session, rows: Sequence[Delegation], *, mine: Callable[[Delegation], bool]) -> list[DelegationRow]:
    names = _names(session, {r.atasan_id for r in rows} | {r.delegate_id for r in rows})
    return [
        DelegationRow(
            id=r.id, atasan=names.get(r.atasan_id, "-"), delegate=names.get(r.delegate_id, "-"), kind=r.kind,
            start_date=r.start_date, end_date=r.end_date, note=r.note, revoked=r.revoked_at is not None,
            mine=mine(r),
        )
        for r in rows
    ]


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {e.id: display_name(e) for e in session.exec(select(Employee).where(Employee.id.in_(ids)))}


def create_delegation(
    session: Session, *, actor: Actor, atasan_id: int, delegate: str, kind: str, start: str, end: str, note: str
) -> Delegation:
    """The atasan appoints for themselves; an admin for any atasan of their instansi."""
    require(atasan_id == actor.employee_id or (actor.is_admin and instansi_of(session, employee_id=atasan_id) == actor.instansi_id))
    errors: Errors = {}
    delegate_id = to_int(delegate)
    if delegate_id is None:
        errors["delegate_id"] = "Pegawai pengganti wajib dipilih."
    elif delegate_id == atasan_id:
        errors["delegate_id"] = "Pengganti tidak boleh atasan itu sendiri."
    else:
        person = session.get(Employee, delegate_id)
        if person is None or not person.active or instansi_of(session, employee_id=delegate_id) != instansi_of(session, employee_id=atasan_id):
            errors["delegate_id"] = "Pengganti harus pegawai aktif di instansi yang sama."
    if kind not in KINDS:
        errors["kind"] = "Jenis harus Plh atau Plt."
    start_date = read_date(errors, "start_date", start, label="Tanggal mulai", required=True)
    end_date = read_date(errors, "end_date", end, label="Tanggal selesai", required=True)
    if start_date and end_date and end_date < start_date:
        errors["end_date"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
    if end_date and end_date < local_today():
        errors["end_date"] = "Tanggal selesai sudah lewat."
    cleaned_note = read_text(errors, "note", note, label="Keterangan (mis. nomor surat perintah)", max_len=200, required=False)
    if errors:
        raise ValidationFailed(errors)
    row = Delegation(
        atasan_id=atasan_id, delegate_id=delegate_id, kind=kind, start_date=start_date, end_date=end_date,
        note=cleaned_note, created_by_id=actor.employee_id,
    )
    audit.write(session, actor=actor, action="create", entity="delegation", row=row, store=True)
    return row


def revoke_delegation(session: Session, *, actor: Actor, delegation_id: int) -> None:
    row = session.get(Delegation, delegation_id)
    require(row is not None, "Penunjukan tidak ditemukan.")
    require(
        row.atasan_id == actor.employee_id
        or (actor.is_admin and instansi_of(session, employee_id=row.atasan_id) == actor.instansi_id)
    )
    if row.revoked_at is not None:
        return
    before = audit.snapshot(row)
    row.revoked_at = utcnow()
    audit.write(session, actor=actor, action="revoke", entity="delegation", row=row, before=before, store=True)


# Admin: appointing for any atasan of the instansi


def list_instansi_delegations(session: Session, *, actor: Actor, limit: int = 100) -> list[DelegationRow]:
    """The instansi's delegations that have not ended yet, soonest first; an admin may revoke each."""
    instansi_id = require_admin(actor)
    rows = session.exec(
        select(Delegation)
        .where(Delegation.end_date >= local_today(), Delegation.revoked_at.is_(None))
        .order_by(Delegation.start_date, Delegation.id)
    ).all()
    rows = [r for r in rows if instansi_of(session, employee_id=r.atasan_id) == instansi_id][:limit]
    return _rows(session, rows, mine=lambda r: True)


def appoint_by_nip(
    session: Session, *, actor: Actor, atasan_nip: str, delegate_nip: str, kind: str, start: str, end: str, note: str
) -> Delegation:
    """An admin appoints a Plt/Plh for an atasan of their instansi; both are named by NIP."""
    instansi_id = require_admin(actor)
    errors: Errors = {}
    atasan = employee_by_nip(session, nip=atasan_nip)
    if atasan is None or instansi_of(session, employee_id=atasan.id) != instansi_id:
        errors["atasan_nip"] = "Pegawai dengan NIP ini tidak ditemukan di instansi Anda."
    elif not org_snapshot(session, on=local_today()).direct_subordinates(atasan.id):
        errors["atasan_nip"] = f"{display_name(atasan)} tidak memiliki bawahan langsung untuk divalidasi."
    delegate = employee_by_nip(session, nip=delegate_nip)
    if delegate is None:
        errors["delegate_nip"] = "Pegawai pengganti dengan NIP ini tidak ditemukan."
    # The dates, kind and note are validated by create_delegation once both people are known.
    if errors:
        raise ValidationFailed(errors)
    try:
        return create_delegation(
            session, actor=actor, atasan_id=atasan.id, delegate=str(delegate.id), kind=kind, start=start, end=end,
            note=note,
        )
    except ValidationFailed as failed:
        raise ValidationFailed({("delegate_nip" if k == "delegate_id" else k): v for k, v in failed.errors.items()}) from None
