"""Umpan balik: an atasan's written feedback to a subordinate, on an RHK or a BerAKHLAK value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from ekinerja.access import Actor, require
from ekinerja.clock import local_today
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.validation import Errors, ValidationFailed, read_text, to_int
from ekinerja.models import Employee, Feedback, Rhk
from ekinerja.services import audit
from ekinerja.services.activities import rhk_options
from ekinerja.services.activity_review import team_of
from ekinerja.services.auth import display_name

VALUE_NAMES = {value.code: value.name for value in BERAKHLAK}


@dataclass(frozen=True)
class FeedbackRow:
    sender: str
    subject: str
    body: str
    created_at: datetime


def give_feedback(session: Session, *, actor: Actor, to_employee: str, subject: str, body: str) -> Feedback:
    """``subject`` is "rhk:<id>" (an RHK of the subordinate's approved SKP) or "nilai:<code>"."""
    errors: Errors = {}
    employee_id = to_int(to_employee)
    if employee_id is None:
        errors["to_employee_id"] = "Pilih bawahan yang diberi umpan balik."
    else:
        require(employee_id in team_of(session, actor=actor), "Umpan balik hanya untuk bawahan Anda.")
    kind, _, key = subject.partition(":")
    rhk_id = value_code = None
    if kind == "rhk" and employee_id is not None:
        rhk_id = to_int(key)
        allowed = {i for i, _ in rhk_options(session, employee_id=employee_id, on=local_today())}
        if rhk_id not in allowed:
            errors["subject"] = "RHK tidak termasuk SKP pegawai yang disetujui."
    elif kind == "nilai" and key in VALUE_NAMES:
        value_code = key
    elif "to_employee_id" not in errors:
        errors["subject"] = "Pilih RHK atau nilai BerAKHLAK yang dibahas."
    text = read_text(errors, "body", body, label="Isi umpan balik", max_len=4000, min_len=5, multiline=True)
    if errors:
        raise ValidationFailed(errors)
    row = Feedback(from_employee_id=actor.employee_id, to_employee_id=employee_id, rhk_id=rhk_id, value_code=value_code, body=text)
    session.add(row)
    session.flush()
    audit.record(session, actor_id=actor.employee_id, action="create", entity="feedback", entity_id=row.id, after=audit.snapshot(row))
    return row


def received(session: Session, *, actor: Actor, limit: int = 20) -> list[FeedbackRow]:
    rows = session.exec(
        select(Feedback, Employee, Rhk.description)
        .join(Employee, Feedback.from_employee_id == Employee.id)
        .join(Rhk, Feedback.rhk_id == Rhk.id, isouter=True)
        .where(Feedback.to_employee_id == actor.employee_id)
        .order_by(Feedback.created_at.desc())
        .limit(limit)
    ).all()
    return [
        FeedbackRow(
            sender=display_name(sender),
            subject=f"RHK: {rhk_text[:80]}" if rhk_text else f"Perilaku: {VALUE_NAMES.get(fb.value_code, fb.value_code)}",
            body=fb.body,
            created_at=fb.created_at,
        )
        for fb, sender, rhk_text in rows
    ]
