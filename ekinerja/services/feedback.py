"""Umpan balik: the atasan's quick feedback from Input Pimpinan, and what the employee sees of it
on Kegiatan Harian. Both are the dialog kinerja (ekinerja.services.dialog): feedback opens a
thread the employee can answer, and the employee's list shows the newest messages to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from ekinerja.access import Actor, require
from ekinerja.clock import local_today
from ekinerja.domain.dialog import ThreadForm
from ekinerja.domain.names import display_name
from ekinerja.domain.validation import ValidationFailed, to_int
from ekinerja.models import DialogMessage, DialogThread, Employee
from ekinerja.services import dialog
from ekinerja.services.activity_review import team_of

FEEDBACK_TITLE = "Umpan balik atasan"


@dataclass(frozen=True)
class FeedbackRow:
    sender: str
    subject: str
    body: str
    created_at: datetime
    thread_id: int


def give_feedback(session: Session, *, actor: Actor, to_employee: str, subject: str, body: str) -> DialogThread:
    """``subject`` is "rhk:<id>" (an RHK of the subordinate's approved SKP) or "nilai:<code>"."""
    employee_id = to_int(to_employee)
    if employee_id is None:
        raise ValidationFailed({"to_employee_id": "Pilih bawahan yang diberi umpan balik."})
    require(employee_id in team_of(session, actor=actor), "Umpan balik hanya untuk bawahan Anda.")
    if not subject.startswith(("rhk:", "nilai:")):
        raise ValidationFailed({"subject": "Pilih RHK atau nilai BerAKHLAK yang dibahas."})
    try:
        return dialog.open_thread(
            session, actor=actor, employee_id=employee_id, year=local_today().year, form=ThreadForm(FEEDBACK_TITLE, subject, body),
        )
    except ValidationFailed as failed:
        raise ValidationFailed({("subject" if k in ("topic", "title") else k): v for k, v in failed.errors.items()}) from None


def received(session: Session, *, actor: Actor, limit: int = 20) -> list[FeedbackRow]:
    """The newest messages others wrote in the actor's own dialog."""
    rows = session.exec(
        select(DialogMessage, DialogThread, Employee)
        .join(DialogThread, DialogMessage.thread_id == DialogThread.id)
        .join(Employee, DialogMessage.author_id == Employee.id)
        .where(DialogThread.employee_id == actor.employee_id, DialogMessage.author_id != actor.employee_id)
        .order_by(col(DialogMessage.id).desc())
        .limit(limit)
    ).all()
    return [
        FeedbackRow(display_name(sender), f"{thread.title} · {dialog.topic_label(session, thread=thread)}", message.body, message.created_at, thread.id)
        for message, thread, sender in rows
    ]
