"""Plt/Plh delegation: someone validates kegiatan harian on an atasan's behalf for a date range."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_
from sqlmodel import Session, select

from ekinerja.access import Actor, require
from ekinerja.domain.activity_rules import DelegationSpan
from ekinerja.domain.validation import Errors, ValidationFailed, _date, _text, to_int
from ekinerja.models import Delegation, Employee
from ekinerja.models.base import local_today, utcnow
from ekinerja.services import audit
from ekinerja.services.auth import display_name
from ekinerja.services.work_calendar import instansi_of

KINDS = ("plh", "plt")


def spans_for_delegate(session: Session, delegate_id: int) -> list[DelegationSpan]:
    rows = session.exec(select(Delegation).where(Delegation.delegate_id == delegate_id)).all()
    return [_span(row) for row in rows]


def _span(row: Delegation) -> DelegationSpan:
    return DelegationSpan(row.atasan_id, row.delegate_id, row.start_date, row.end_date, row.revoked_at is not None)


def atasan_delegating_to(session: Session, delegate_id: int, *, on: date) -> list[int]:
    """The atasan for whom ``delegate_id`` stands in on ``on``."""
    return sorted({s.atasan_id for s in spans_for_delegate(session, delegate_id) if s.covers(on)})


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
    names = _names(session, {r.atasan_id for r in rows} | {r.delegate_id for r in rows})
    return [
        DelegationRow(
            id=r.id, atasan=names.get(r.atasan_id, "-"), delegate=names.get(r.delegate_id, "-"), kind=r.kind,
            start_date=r.start_date, end_date=r.end_date, note=r.note, revoked=r.revoked_at is not None,
            mine=r.atasan_id == actor.employee_id,
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
    require(atasan_id == actor.employee_id or (actor.is_admin and instansi_of(session, atasan_id) == actor.instansi_id))
    errors: Errors = {}
    delegate_id = to_int(delegate)
    if delegate_id is None:
        errors["delegate_id"] = "Pegawai pengganti wajib dipilih."
    elif delegate_id == atasan_id:
        errors["delegate_id"] = "Pengganti tidak boleh atasan itu sendiri."
    else:
        person = session.get(Employee, delegate_id)
        if person is None or not person.active or instansi_of(session, delegate_id) != instansi_of(session, atasan_id):
            errors["delegate_id"] = "Pengganti harus pegawai aktif di instansi yang sama."
    if kind not in KINDS:
        errors["kind"] = "Jenis harus Plh atau Plt."
    start_date = _date(errors, "start_date", start, label="Tanggal mulai", required=True)
    end_date = _date(errors, "end_date", end, label="Tanggal selesai", required=True)
    if start_date and end_date and end_date < start_date:
        errors["end_date"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
    if end_date and end_date < local_today():
        errors["end_date"] = "Tanggal selesai sudah lewat."
    cleaned_note = _text(errors, "note", note, label="Keterangan (mis. nomor surat perintah)", max_len=200, required=False)
    if errors:
        raise ValidationFailed(errors)
    row = Delegation(
        atasan_id=atasan_id, delegate_id=delegate_id, kind=kind, start_date=start_date, end_date=end_date,
        note=cleaned_note, created_by_id=actor.employee_id,
    )
    session.add(row)
    session.flush()
    audit.record(session, actor_id=actor.employee_id, action="create", entity="delegation", entity_id=row.id, after=audit.snapshot(row))
    return row


def revoke_delegation(session: Session, *, actor: Actor, delegation_id: int) -> None:
    row = session.get(Delegation, delegation_id)
    require(row is not None, "Penunjukan tidak ditemukan.")
    require(
        row.atasan_id == actor.employee_id
        or (actor.is_admin and instansi_of(session, row.atasan_id) == actor.instansi_id)
    )
    if row.revoked_at is not None:
        return
    before = audit.snapshot(row)
    row.revoked_at = utcnow()
    session.add(row)
    session.flush()
    audit.record(session, actor_id=actor.employee_id, action="revoke", entity="delegation", entity_id=row.id, before=before, after=audit.snapshot(row))
