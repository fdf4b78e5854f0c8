"""Demo tanda integritas and tindak lanjut: a little that shows both features on the demo.

- The demo staf pasted the same keterangan onto one routine task on many days of a month,
  and logged one evening entry on a working day without any duty assignment.
- The staf's evaluation of the previous quarter is Butuh Perbaikan, and the kepala seksi
  recorded a development plan for it: one item done, one running, one late.

Runs after the activity and attendance seeds, whose rows it adjusts.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from ekinerja.demo.attendance_seed import rate_items
from ekinerja.domain.activity_rules import span_minutes
from ekinerja.domain.development import period_end
from ekinerja.domain.integrity import COPIED_MIN_DAYS
from ekinerja.domain.predikat import Rating, predikat_of
from ekinerja.domain.statuses import ActivityStatus, DevelopmentStatus, EvaluationStatus
from ekinerja.models import (
    DailyActivity,
    DevelopmentPlanItem,
    Evaluation,
    EvaluationPerilakuRating,
    EvaluationRhkRating,
)

COPIED_TASK = "Mengelola konten portal"
COPIED_TEXT = "Memperbarui konten berita kegiatan dinas di portal resmi dan akun media sosial Diskominfo."
EVENING = (time(19, 0), time(20, 30))
EVENING_TASK = "Mengunggah dokumentasi acara ke portal"
# A month shows the copied text only once it has this many working days before today.
FULL_ENOUGH = COPIED_MIN_DAYS + 4


def insight_month(today: date) -> tuple[int, int]:
    """The month the demo's flags sit in: this month once it has enough working days behind it, else the previous one."""
    if sum(date(today.year, today.month, d).weekday() < 5 for d in range(1, today.day)) >= FULL_ENOUGH:
        return today.year, today.month
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def seed_insights(session: Session, *, accounts: Any, today: date) -> None:
    """``accounts`` is the seed's DemoAccounts."""
    _copied_and_evening(session, staf_id=accounts.staf.employee_id, atasan_id=accounts.kepala_seksi.employee_id, today=today)
    _plan_below_baik(session, atasan_id=accounts.kepala_seksi.employee_id, staf_id=accounts.staf.employee_id, today=today)
    session.flush()


def _copied_and_evening(session: Session, *, staf_id: int, atasan_id: int, today: date) -> None:
    year, month = insight_month(today)
    first = date(year, month, 1)
    rows = session.exec(
        select(DailyActivity)
        .where(DailyActivity.employee_id == staf_id, DailyActivity.activity_date >= first, DailyActivity.activity_date < today,
               DailyActivity.status != ActivityStatus.DITOLAK)
        .order_by(DailyActivity.activity_date, DailyActivity.start_time)
    ).all()
    rows = [r for r in rows if r.activity_date.month == month]
    if not rows:
        return
    # The first entry of every day becomes the same free-text task with the same pasted keterangan.
    done: set[date] = set()
    for row in rows:
        if row.activity_date in done:
            continue
        done.add(row.activity_date)
        span = span_minutes(row.start_time, row.end_time)
        full = row.approved_minutes == row.effective_minutes
        row.catalog_item_id, row.task_text, row.description, row.effective_minutes = None, COPIED_TASK, COPIED_TEXT, span
        row.approved_minutes = span if full else row.approved_minutes
        session.add(row)
    day = rows[-1].activity_date
    created = datetime.combine(day, EVENING[1], tzinfo=UTC) - timedelta(hours=7)
    minutes = span_minutes(*EVENING)
    session.add(DailyActivity(
        employee_id=staf_id, activity_date=day, start_time=EVENING[0], end_time=EVENING[1], task_text=EVENING_TASK,
        quantity=Decimal(1), description="Dikerjakan dari rumah.", effective_minutes=minutes, approved_minutes=minutes,
        status=ActivityStatus.DISETUJUI, decided_by_id=atasan_id, decided_for_id=atasan_id, decided_at=created + timedelta(days=1),
        created_at=created, updated_at=created + timedelta(days=1),
    ))


def _plan_below_baik(session: Session, *, atasan_id: int, staf_id: int, today: date) -> None:
    """The staf's evaluation of the previous quarter (seeded Baik) becomes Butuh Perbaikan, with a plan."""
    evaluation = session.exec(
        select(Evaluation).where(Evaluation.employee_id == staf_id, Evaluation.evaluator_id == atasan_id, Evaluation.status == EvaluationStatus.FINAL)
        .order_by(Evaluation.year.desc(), Evaluation.period_no.desc())
    ).first()
    if evaluation is None:
        return
    hasil, perilaku = Rating.DI_BAWAH, Rating.SESUAI
    evaluation.rating_hasil, evaluation.rating_perilaku, evaluation.predikat = hasil.value, perilaku.value, predikat_of(hasil, perilaku).value
    session.add(evaluation)
    # Its ratings say the same: rewritten whole (deleted first, so the unique keys never clash).
    for table in (EvaluationRhkRating, EvaluationPerilakuRating):
        for old in session.exec(select(table).where(table.evaluation_id == evaluation.id)):
            session.delete(old)
    session.flush()
    rate_items(session, evaluation, hasil, perilaku, feedback="Target triwulan belum tercapai; perlu pendampingan.")
    end = period_end(evaluation.period_kind, evaluation.period_no, evaluation.year)
    late = today - timedelta(days=3)
    items = (
        ("pelatihan", "Pelatihan pengelolaan konten digital pemerintah (daring, 24 JP).", end + timedelta(days=14), DevelopmentStatus.SELESAI, "Sertifikat sudah diunggah."),
        ("coaching", "Coaching mingguan dengan kepala seksi tentang penyusunan laporan bulanan.", today + timedelta(days=30), DevelopmentStatus.BERJALAN, ""),
        ("mentoring", "Mentoring oleh pranata komputer ahli muda untuk administrasi server.", late if late > end else today + timedelta(days=14), DevelopmentStatus.DIRENCANAKAN, ""),
    )
    for kind, description, due, status, note in items:
        session.add(DevelopmentPlanItem(
            evaluation_id=evaluation.id, employee_id=staf_id, kind=kind, description=description, due_date=due,
            status=status, note=note, created_by_id=atasan_id, updated_by_id=atasan_id,
        ))
