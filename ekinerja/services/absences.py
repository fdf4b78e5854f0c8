"""Ketidakhadiran: an employee asks for izin, cuti, sakit or dinas luar for a span of days; the
instansi's admin approves or rejects it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update
from sqlmodel import Session, select

from ekinerja.access import Actor, require
from ekinerja.domain.attendance import absence_decidable
from ekinerja.domain.statuses import AbsenceStatus
from ekinerja.domain.validation import Errors, ValidationFailed, read_date, read_text
from ekinerja.models import Absence
from ekinerja.models.attendance import ABSENCE_KINDS
from ekinerja.services import audit
from ekinerja.services.attendance import (
    NOT_FOUND,
    month_locked,
    require_admin_over,
)
from ekinerja.services.attendance_records import LOCKED, MIN_REASON
from ekinerja.services.conflicts import one_outcome
from ekinerja.services.evidence import store_evidence

ABSENCE_DECIDED = "Pengajuan ini sudah diputuskan (oleh admin lain atau di jendela lain). Muat ulang halaman."
SAME_ABSENCE = "Pengajuan untuk tanggal tersebut sudah ada (formulir terkirim dua kali?). Lihat daftar pengajuan Anda."


def _absence_form(session: Session, *, kind: str, start: str, end: str, note: str) -> tuple[str, date, date, str]:
    errors: Errors = {}
    if kind not in ABSENCE_KINDS:
        errors["kind"] = "Jenis ketidakhadiran wajib dipilih."
    start_day = read_date(errors, "start_date", start, label="Tanggal mulai", required=True)
    end_day = read_date(errors, "end_date", end, label="Tanggal selesai", required=True)
    cleaned_note = read_text(errors, "note", note, label="Keterangan", max_len=300, required=False)
    if start_day and end_day and end_day < start_day:
        errors["end_date"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
    if start_day and end_day and (end_day - start_day).days > 366:
        errors["end_date"] = "Satu pengajuan paling lama satu tahun."
    if errors:
        raise ValidationFailed(errors)
    return kind, start_day, end_day, cleaned_note


def submit_absence(
    session: Session, *, actor: Actor, kind: str, start: str, end: str, note: str,
    evidence: tuple[bytes, str] | None = None,
) -> Absence:
    """The employee's own cuti/sakit/izin/dinas luar/tugas belajar with its evidence; an admin approves it."""
    kind, start_day, end_day, cleaned_note = _absence_form(session, kind=kind, start=start, end=end, note=note)
    overlapping = session.exec(
        select(Absence.id).where(
            Absence.employee_id == actor.employee_id, Absence.status != AbsenceStatus.DITOLAK,
            Absence.start_date <= end_day, Absence.end_date >= start_day,
        )
    ).first()
    if overlapping is not None:
        raise ValidationFailed({"start_date": SAME_ABSENCE})
    if evidence is None and kind not in ("izin",):
        raise ValidationFailed({"evidence": "Unggah bukti (surat cuti, surat keterangan dokter, surat tugas)."})
    evidence_id = store_evidence(session, actor=actor, data=evidence[0], filename=evidence[1]).id if evidence else None
    row = Absence(
        employee_id=actor.employee_id, kind=kind, start_date=start_day, end_date=end_day, note=cleaned_note,
        evidence_file_id=evidence_id, status=AbsenceStatus.DIAJUKAN, created_by_id=actor.employee_id,
    )
    with one_outcome(session, field="start_date", message=SAME_ABSENCE):
        session.add(row)
    audit.write(session, actor=actor, action="create", entity="absence", row=row)
    return row


def decide_absence(session: Session, *, actor: Actor, absence_id: int, approve: bool, reason: str = "") -> Absence:
    """Approve, or reject with a reason the employee sees (audited); a rejected absence excuses nothing."""
    row = session.get(Absence, absence_id)
    require(row is not None, NOT_FOUND)
    instansi_id = require_admin_over(session, actor=actor, employee_id=row.employee_id)
    if not approve:
        errors: Errors = {}
        reason = read_text(errors, "reason", reason, label="Alasan penolakan", max_len=500, min_len=MIN_REASON, multiline=True)
        if errors:
            raise ValidationFailed(errors)
    require(
        not month_locked(session, instansi_id=instansi_id, year=row.start_date.year, month=row.start_date.month),
        LOCKED.format(month=row.start_date.month, year=row.start_date.year),
    )
    before = audit.snapshot(row)
    if not absence_decidable(row.status):
        raise ValidationFailed({"form": ABSENCE_DECIDED})
    # Conditional on the status: of two admins deciding at once, exactly one succeeds.
    decided = session.exec(
        update(Absence).where(Absence.id == row.id, Absence.status == AbsenceStatus.DIAJUKAN)
        .values(status=AbsenceStatus.DISETUJUI if approve else AbsenceStatus.DITOLAK, decision_reason="" if approve else reason)
    ).rowcount
    if decided != 1:
        raise ValidationFailed({"form": ABSENCE_DECIDED})
    session.refresh(row)
    audit.write(
        session, actor=actor, action="approve" if approve else "reject", entity="absence", entity_id=absence_id,
        before=before, after=audit.snapshot(row), detail="" if approve else reason,
    )
    return row
