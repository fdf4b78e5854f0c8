"""Tindak lanjut penilaian: the rencana pengembangan kompetensi of an evaluation below Baik.

The evaluating atasan writes the plan: whoever answers today for the jabatan above the SKP's,
a Plh or Plt first while one is appointed to it, exactly as for the evaluation itself. The
employee reads it and notes their progress; whoever may read the evaluation may read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from ekinerja.access import Actor, require
from ekinerja.clock import local_today, utcnow
from ekinerja.domain import development as rules
from ekinerja.domain.evaluation_period import period_label
from ekinerja.domain.names import display_name
from ekinerja.domain.predikat import Predikat
from ekinerja.domain.validation import ValidationFailed, ensure_valid
from ekinerja.models import DevelopmentPlanItem, Employee, Evaluation, Skp
from ekinerja.services import audit
from ekinerja.services.skp import can_read, is_atasan, today_snapshot

NOT_FOUND = "Rencana pengembangan tidak ditemukan atau Anda tidak berwenang melihatnya."
ONLY_EVALUATOR = "Hanya atasan penilai (atau Plt/Plh-nya) yang dapat menyusun rencana pengembangan."
ONLY_EMPLOYEE = "Catatan kemajuan hanya dapat diisi oleh pegawai yang bersangkutan."
NOT_BELOW_BAIK = "Rencana pengembangan hanya disusun untuk penilaian final dengan predikat di bawah Baik."


@dataclass(frozen=True)
class PlanItemRow:
    id: int
    kind: str  # label
    kind_code: str
    description: str
    due_date: date
    status: str  # label
    status_code: str
    note: str
    employee_note: str
    overdue: bool


@dataclass(frozen=True)
class PlanView:
    evaluation_id: int
    employee_name: str
    period: str
    predikat: str  # label
    needed: bool  # final with a predikat below Baik
    can_edit: bool
    can_note: bool
    items: list[PlanItemRow]
    summary: str


def _evaluation(session: Session, actor: Actor, evaluation_id: int) -> tuple[Evaluation, bool]:
    """The evaluation if the actor may read it, and whether they may write its plan."""
    row = session.get(Evaluation, evaluation_id)
    skp = session.get(Skp, row.skp_id) if row else None
    require(skp is not None, NOT_FOUND)
    snapshot = today_snapshot(session)
    may_edit = is_atasan(actor, snapshot, skp)  # the Plh, then the Plt, of the atasan's jabatan while one acts
    require(may_edit or can_read(actor, snapshot, skp), NOT_FOUND)
    return row, may_edit


def _row(item: DevelopmentPlanItem, today: date) -> PlanItemRow:
    return PlanItemRow(
        item.id, rules.KINDS[item.kind], item.kind, item.description, item.due_date, rules.STATUSES[item.status], item.status,
        item.note, item.employee_note, rules.overdue_item(item.status, item.due_date, today=today),
    )


def plan_view(session: Session, *, actor: Actor, evaluation_id: int, today: date | None = None) -> PlanView:
    today = today or local_today()
    row, may_edit = _evaluation(session, actor, evaluation_id)
    needed = rules.plan_open(row.status, row.predikat)
    items = session.exec(
        select(DevelopmentPlanItem).where(DevelopmentPlanItem.evaluation_id == row.id).order_by(DevelopmentPlanItem.due_date, DevelopmentPlanItem.id)
    ).all()
    summary = rules.summarise((rules.PlanItemState(i.status, i.due_date) for i in items), today=today)
    return PlanView(
        row.id, display_name(session.get(Employee, row.employee_id)), period_label(row.period_kind, row.period_no, row.year),
        Predikat(row.predikat).label if row.predikat else "", needed, needed and may_edit,
        needed and actor.employee_id == row.employee_id, [_row(i, today) for i in items], summary.text,
    )


def save_item(
    session: Session, *, actor: Actor, evaluation_id: int, form: rules.ItemForm, item_id: int | None = None
) -> DevelopmentPlanItem:
    """Add an item to the evaluation's plan, or change one of its items."""
    row, may_edit = _evaluation(session, actor, evaluation_id)
    require(may_edit, ONLY_EVALUATOR)
    if not rules.plan_open(row.status, row.predikat):
        raise ValidationFailed({"form": NOT_BELOW_BAIK})
    data = ensure_valid(rules.validate_item(form, period_end=rules.period_end(row.period_kind, row.period_no, row.year)))
    item = None if item_id is None else session.get(DevelopmentPlanItem, item_id)
    require(item_id is None or (item is not None and item.evaluation_id == row.id), NOT_FOUND)
    before = audit.snapshot(item)
    item = item or DevelopmentPlanItem(
        evaluation_id=row.id, employee_id=row.employee_id, kind=data.kind, description=data.description, due_date=data.due_date,
        created_by_id=actor.employee_id, updated_by_id=actor.employee_id,
    )
    item.kind, item.description, item.due_date, item.status, item.note = data.kind, data.description, data.due_date, data.status, data.note
    item.updated_by_id, item.updated_at = actor.employee_id, utcnow()
    audit.write(
        session, actor=actor, action="update" if before else "create", entity="development_plan_item", row=item,
        before=before, store=True,
    )
    return item


def save_progress_note(session: Session, *, actor: Actor, item_id: int, note: str) -> DevelopmentPlanItem:
    """The employee's own note on how an item goes; the plan itself stays the atasan's."""
    item = session.get(DevelopmentPlanItem, item_id)
    require(item is not None, NOT_FOUND)
    _evaluation(session, actor, item.evaluation_id)  # refuses whoever may not read it
    require(item.employee_id == actor.employee_id, ONLY_EMPLOYEE)
    cleaned = ensure_valid(rules.read_progress_note(note))
    before = audit.snapshot(item)
    item.employee_note, item.updated_by_id, item.updated_at = cleaned, actor.employee_id, utcnow()
    audit.write(
        session, actor=actor, action="progress_note", entity="development_plan_item", row=item, before=before, store=True,
    )
    return item


def plan_summaries(session: Session, *, employee_ids: list[int], today: date) -> dict[int, rules.PlanSummary]:
    """employee -> the state of their plans from last year on, for the atasan's team table."""
    if not employee_ids:
        return {}
    found: dict[int, list[rules.PlanItemState]] = {}
    for employee_id, status, due in session.exec(
        select(DevelopmentPlanItem.employee_id, DevelopmentPlanItem.status, DevelopmentPlanItem.due_date)
        .join(Evaluation, Evaluation.id == DevelopmentPlanItem.evaluation_id)
        .where(col(DevelopmentPlanItem.employee_id).in_(employee_ids), Evaluation.year >= today.year - 1)
    ):
        found.setdefault(employee_id, []).append(rules.PlanItemState(status, due))
    return {eid: rules.summarise(items, today=today) for eid, items in found.items()}
