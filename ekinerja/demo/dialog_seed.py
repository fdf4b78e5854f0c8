"""Demo dialog kinerja: the staf asked the kepala seksi about a kendala this month and got an
answer not yet read, and the kepala seksi recorded one dialog meeting with a follow-up date."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session

from ekinerja.models import DialogMeeting, DialogMessage, DialogRead, DialogThread

QUESTION = (
    "Pak, kegiatan saat dinas luar ke kecamatan minggu ini belum ada di katalog jabatan saya. "
    "Apakah saya tulis sendiri uraiannya?"
)
ANSWER = "Ya, tulis sendiri uraiannya dan lampirkan surat tugasnya sebagai bukti dukung. Katalog akan kami usulkan ke admin."


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def seed_dialog(session: Session, *, accounts: Any, today: date) -> None:
    """``accounts`` is the seed's DemoAccounts."""
    staf_id, atasan_id = accounts.staf.employee_id, accounts.kepala_seksi.employee_id
    first = date(today.year, 1, 1)
    asked = max(first, today - timedelta(days=2))
    thread = DialogThread(
        employee_id=staf_id, year=today.year, title="Kegiatan dinas luar belum ada di katalog", month=today.month,
        opened_by_id=staf_id, created_at=_at(asked, 1), last_message_at=_at(asked, 3),
    )
    session.add(thread)
    session.flush()
    question = DialogMessage(thread_id=thread.id, author_id=staf_id, body=QUESTION, created_at=_at(asked, 1))
    session.add(question)
    session.add(DialogMessage(thread_id=thread.id, author_id=atasan_id, body=ANSWER, created_at=_at(asked, 3)))
    session.flush()
    # The staf has read only their own question: the answer shows as unread on their menu.
    session.add(DialogRead(thread_id=thread.id, reader_id=staf_id, last_message_id=question.id))
    held = max(first, today - timedelta(days=20))
    session.add(DialogMeeting(
        employee_id=staf_id, year=today.year, held_on=held,
        topics="Capaian RHK bulan lalu dan kendala pengisian kegiatan harian saat dinas luar.",
        agreements="Kegiatan diisi paling lambat 3 hari kerja; bukti dukung dinas luar dilampirkan.",
        follow_up_on=held + timedelta(days=30), recorded_by_id=atasan_id, created_at=_at(held, 6), updated_at=_at(held, 6),
    ))
    session.flush()
