"""Admin: jabatan (positions) and who each one reports to."""

from __future__ import annotations

from ekinerja.access import Actor, Rule, require
from ekinerja.db import session_scope
from ekinerja.domain.validation import ESELONS, POSITION_KINDS, PositionForm
from ekinerja.services.org_admin import (
    NOT_IN_INSTANSI,
    create_position,
    list_positions,
    superior_choices,
    update_position,
)
from ekinerja.state.admin_common import (
    NONE,
    AdminSearchMixin,
    UnitFilterMixin,
    blank_to_none,
    load_unit_options,
)
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import EditorMixin, form_of
from ekinerja.state.guard import guarded

KIND_OPTIONS = [{"id": kind, "label": kind.capitalize()} for kind in POSITION_KINDS]
ESELON_OPTIONS = [{"id": NONE, "label": "— (tanpa eselon)"}, *({"id": e, "label": e} for e in ESELONS)]
NO_SUPERIOR = {"id": NONE, "label": "— (tanpa atasan)"}


class AdminPositionsState(EditorMixin, UnitFilterMixin, AdminSearchMixin, AppState):
    superior_options: list[dict[str, str]] = []

    def _load(self, actor: Actor) -> None:
        with session_scope() as session:
            rows, total = list_positions(session, actor=actor, **self._listing())
        self._set_total(total)
        self.rows = [
            {
                "id": str(row.id),
                "name": row.name,
                "kind": row.kind,
                "eselon": row.eselon or "",
                "kelas": str(row.kelas_jabatan),
                "unit_id": str(row.unit_id),
                "unit": row.unit_name,
                "reports_to_id": str(row.reports_to_id or ""),
                "reports_to": row.reports_to_name or "—",
                "active": "ya" if row.active else "tidak",
            }
            for row in rows
        ]

    def _load_superiors(self, actor: Actor, unit_id: str, keep: str = "") -> None:
        options: list[tuple[int, str]] = []
        if unit_id.isdigit():
            with session_scope() as session:
                options = superior_choices(
                    session,
                    actor=actor,
                    unit_id=int(unit_id),
                    exclude=self.editing_id or None,
                    keep=int(keep) if keep.isdigit() else None,
                )
        self.superior_options = [NO_SUPERIOR, *({"id": str(pid), "label": label} for pid, label in options)]

    @guarded(Rule.ADMIN)
    def load(self, actor: Actor):
        self.form_open = ""
        with session_scope() as session:
            self.unit_options = load_unit_options(session, actor)
        self._first_page(actor)

    @guarded(Rule.ADMIN)
    def choose_unit(self, actor: Actor, unit_id: str):
        """The atasan list follows the unit picked in the form."""
        self.form_values = {**self.form_values, "unit_id": str(unit_id), "reports_to_id": NONE}
        self._load_superiors(actor, str(unit_id))

    @guarded(Rule.ADMIN)
    def open_new(self, actor: Actor):
        # A new jabatan starts in the unit the list is filtered on, if any.
        self.editing_id = 0
        unit_id = self.unit_filter if self.unit_filter.isdigit() else ""
        self._load_superiors(actor, unit_id)
        self._open(
            "position",
            values={"eselon": NONE, "reports_to_id": NONE, "unit_id": unit_id, "active": "on"},
        )

    @guarded(Rule.ADMIN)
    def open_edit(self, actor: Actor, position_id: int):
        row = next((r for r in self.rows if r["id"] == str(position_id)), None)
        require(row is not None, NOT_IN_INSTANSI)
        values = {
            "name": row["name"],
            "kind": row["kind"],
            "eselon": blank_to_none(row["eselon"]),
            "kelas_jabatan": row["kelas"],
            "unit_id": row["unit_id"],
            "reports_to_id": blank_to_none(row["reports_to_id"]),
        }
        if row["active"] == "ya":
            values["active"] = "on"
        self.editing_id = int(row["id"])
        self._load_superiors(actor, row["unit_id"], keep=row["reports_to_id"])
        self._open("position", editing_id=int(row["id"]), values=values)

    @guarded(Rule.ADMIN)
    def save(self, actor: Actor, form_data: dict):
        form = form_of(PositionForm, form_data)
        result = self._save_record(
            form_data,
            create=lambda s: create_position(s, actor=actor, form=form),
            update=lambda s, position_id: update_position(s, actor=actor, position_id=position_id, form=form),
            created="Jabatan dibuat.",
            updated="Data jabatan disimpan.",
        )
        self._load(actor)
        return result
