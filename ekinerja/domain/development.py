"""Tindak lanjut penilaian: the rencana pengembangan kompetensi after a predikat below Baik, pure.

An atasan whose evaluation ends in Butuh Perbaikan, Kurang/Misconduct or Sangat Kurang
records what the employee will do about it (pelatihan, coaching, mentoring, ...), each
item with a tenggat; the employee follows it and notes their progress.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from ekinerja.domain.evaluation_rules import is_final
from ekinerja.domain.predikat import Predikat
from ekinerja.domain.statuses import DevelopmentStatus
from ekinerja.domain.validation import (
    Errors,
    read_choice,
    read_date,
    read_text,
    validated,
)

KINDS = {"pelatihan": "Pelatihan", "coaching": "Coaching", "mentoring": "Mentoring", "lainnya": "Lainnya"}
STATUSES = {
    DevelopmentStatus.DIRENCANAKAN: "Direncanakan",
    DevelopmentStatus.BERJALAN: "Berjalan",
    DevelopmentStatus.SELESAI: "Selesai",
    DevelopmentStatus.DIBATALKAN: "Dibatalkan",
}
BELOW_BAIK = frozenset({Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG})
MAX_DESCRIPTION = 500
MAX_NOTE = 1000
# A tenggat lies after the evaluated period and within two years of its end: development
# follows the evaluation, and a plan further out is no plan.
MAX_HORIZON = timedelta(days=730)


def needs_plan(predikat: str | None) -> bool:
    """Whether a final predikat calls for a development plan."""
    return predikat in {p.value for p in BELOW_BAIK}


def plan_open(evaluation_status: str, predikat: str | None) -> bool:
    """A development plan is kept for a final penilaian whose predikat is below Baik."""
    return is_final(evaluation_status) and needs_plan(predikat)


def period_end(kind: str, number: int, year: int) -> date:
    """The last day of an evaluation period (bulanan, triwulanan, tahunan)."""
    month = {"bulanan": number, "triwulanan": number * 3}.get(kind, 12)
    if not (1 <= month <= 12 and date.min.year <= year <= date.max.year):
        raise ValueError(f"Periode penilaian {kind} ke-{number} tahun {year} tidak ada.")
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class ItemForm:
    kind: str = ""
    description: str = ""
    due_date: str = ""
    status: str = DevelopmentStatus.DIRENCANAKAN
    note: str = ""


@dataclass(frozen=True)
class ItemData:
    kind: str
    description: str
    due_date: date
    status: str
    note: str


def validate_item(form: ItemForm, *, period_end: date) -> tuple[ItemData | None, Errors]:
    errors: Errors = {}
    kind = read_choice(errors, "kind", form.kind, label="Jenis pengembangan", options=tuple(KINDS))
    description = read_text(
        errors, "description", form.description, label="Uraian pengembangan", max_len=MAX_DESCRIPTION, min_len=5, multiline=True
    )
    due = read_date(errors, "due_date", form.due_date, label="Tenggat", required=True)
    if due is not None and due <= period_end:
        errors["due_date"] = f"Tenggat harus setelah akhir periode yang dinilai ({period_end:%d-%m-%Y})."
    elif due is not None and due > (latest := _latest_due(period_end)):
        errors["due_date"] = f"Tenggat paling lambat {latest:%d-%m-%Y} (dua tahun setelah periode yang dinilai)."
    status = read_choice(errors, "status", form.status, label="Status", options=tuple(STATUSES))
    note = read_text(errors, "note", form.note, label="Catatan atasan", max_len=MAX_NOTE, required=False, multiline=True)
    return validated(ItemData(kind, description, due or period_end, status, note), errors)


def _latest_due(period_end: date) -> date:
    """MAX_HORIZON after the period, or the calendar's last day for a period ending in its last two years."""
    return period_end + MAX_HORIZON if period_end <= date.max - MAX_HORIZON else date.max


def read_progress_note(raw: str) -> tuple[str | None, Errors]:
    """The employee's own progress note on an item."""
    errors: Errors = {}
    note = read_text(errors, "employee_note", raw, label="Catatan kemajuan", max_len=MAX_NOTE, required=False, multiline=True)
    return validated(note, errors)


@dataclass(frozen=True)
class PlanItemState:
    status: str
    due_date: date


@dataclass(frozen=True)
class PlanSummary:
    total: int  # items not cancelled
    done: int
    overdue: int  # not done and past their tenggat

    @property
    def text(self) -> str:
        if not self.total:
            return ""
        text = f"Rencana pengembangan: {self.done}/{self.total} selesai"
        return f"{text}, {self.overdue} lewat tenggat" if self.overdue else text


def summarise(items: Iterable[PlanItemState], *, today: date) -> PlanSummary:
    live = [i for i in items if i.status != DevelopmentStatus.DIBATALKAN]
    done = sum(i.status == DevelopmentStatus.SELESAI for i in live)
    overdue = sum(overdue_item(i.status, i.due_date, today=today) for i in live)
    return PlanSummary(len(live), done, overdue)


def overdue_item(status: str, due_date: date, *, today: date) -> bool:
    """Past its tenggat and neither done nor cancelled."""
    return status not in (DevelopmentStatus.SELESAI, DevelopmentStatus.DIBATALKAN) and due_date < today
