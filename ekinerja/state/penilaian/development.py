"""Tindak lanjut penilaian on the Penilaian Kinerja page: the plan of the evaluation being shown.

Rule.SIGNED_IN throughout: the employee reads their plan and notes progress; the service
decides who may write (the evaluating atasan, or the Plt/Plh of their jabatan).
"""

from __future__ import annotations

from ekinerja.access import Actor, Rule
from ekinerja.db import session_scope
from ekinerja.domain.development import KINDS, STATUSES, ItemForm
from ekinerja.domain.statuses import DevelopmentStatus
from ekinerja.services import development
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import EditorMixin, form_of, form_value
from ekinerja.state.guard import guarded

KIND_OPTIONS = [{"id": k, "label": v} for k, v in KINDS.items()]
STATUS_OPTIONS = [{"id": k.value, "label": v} for k, v in STATUSES.items()]


class DevelopmentPlanState(EditorMixin, AppState):
    evaluation_id: int = 0
    needed: bool = False
    can_edit: bool = False
    can_note: bool = False
    summary: str = ""
    items: list[dict[str, str]] = []

    def _show(self, actor: Actor, evaluation_id: int) -> None:
        with session_scope() as session:
            view = development.plan_view(session, actor=actor, evaluation_id=evaluation_id)
        self.evaluation_id = view.evaluation_id
        self.needed, self.can_edit, self.can_note, self.summary = view.needed, view.can_edit, view.can_note, view.summary
        self.items = [
            {
                "id": str(i.id), "kind": i.kind, "kind_code": i.kind_code, "description": i.description,
                "due_date": i.due_date.isoformat(), "due": f"{i.due_date:%d-%m-%Y}", "status": i.status, "status_code": i.status_code,
                "note": i.note, "employee_note": i.employee_note, "overdue": "1" if i.overdue else "",
            }
            for i in view.items
        ]

    @guarded(Rule.SIGNED_IN)
    def show(self, actor: Actor, evaluation_id: int):
        self.form_open = ""
        self._show(actor, int(evaluation_id))

    def _item(self, item_id: int) -> dict[str, str] | None:
        return next((i for i in self.items if i["id"] == str(item_id)), None)

    @guarded(Rule.SIGNED_IN)
    def open_item(self, actor: Actor, item_id: int):
        """The atasan's dialog: a new item (0) or one of the plan's."""
        item = self._item(int(item_id))
        if not self.can_edit or (int(item_id) and item is None):
            return
        values = {"status": DevelopmentStatus.DIRENCANAKAN}
        if item is not None:
            values = {"kind": item["kind_code"], "description": item["description"], "due_date": item["due_date"], "status": item["status_code"], "note": item["note"]}
        self._open("plan_item", editing_id=int(item_id), values=values)

    @guarded(Rule.SIGNED_IN)
    def save_item(self, actor: Actor, form_data: dict):
        evaluation_id, item_id = self.evaluation_id, self.editing_id or None
        result = self._save(
            form_data,
            lambda s: development.save_item(s, actor=actor, evaluation_id=evaluation_id, form=form_of(ItemForm, form_data), item_id=item_id),
            "Rencana pengembangan disimpan; pegawai dapat melihatnya.",
        )
        self._show(actor, evaluation_id)
        return result

    @guarded(Rule.SIGNED_IN)
    def open_note(self, actor: Actor, item_id: int):
        """The employee's dialog: their progress note on one item."""
        item = self._item(int(item_id))
        if self.can_note and item is not None:
            self._open("plan_note", editing_id=int(item_id), values={"employee_note": item["employee_note"]})

    @guarded(Rule.SIGNED_IN)
    def save_note(self, actor: Actor, form_data: dict):
        item_id, evaluation_id = self.editing_id, self.evaluation_id
        result = self._save(
            form_data,
            lambda s: development.save_progress_note(s, actor=actor, item_id=item_id, note=form_value(form_data, "employee_note")),
            "Catatan kemajuan disimpan.",
        )
        self._show(actor, evaluation_id)
        return result
