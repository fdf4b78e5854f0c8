"""Admin: unit kerja, shown and edited as the instansi's tree."""

from __future__ import annotations

from ekinerja.access import Actor, Rule, require
from ekinerja.db import session_scope
from ekinerja.domain.validation import UNIT_LEVELS, UnitForm
from ekinerja.services.org_admin import (
    NOT_IN_INSTANSI,
    UnitRow,
    create_unit,
    list_units_tree,
    update_unit,
)
from ekinerja.state.admin_common import (
    NONE,
    blank_to_none,
    level_label,
    unit_options,
)
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import EditorMixin, form_of
from ekinerja.state.guard import guarded

LEVEL_OPTIONS = [{"id": level, "label": level_label(level)} for level in UNIT_LEVELS]
NO_PARENT = {"id": NONE, "label": "— (tanpa unit induk)"}


def next_level(level: str) -> str:
    """The level of a sub-unit of ``level``; "" below the lowest level."""
    index = UNIT_LEVELS.index(level) if level in UNIT_LEVELS else len(UNIT_LEVELS)
    return UNIT_LEVELS[index + 1] if index + 1 < len(UNIT_LEVELS) else ""


class AdminUnitsState(EditorMixin, AppState):
    rows: list[dict[str, str]] = []
    parent_options: list[dict[str, str]] = []

    def _tree(self, actor: Actor) -> list[UnitRow]:
        with session_scope() as session:
            return list_units_tree(session, actor=actor)

    def _load(self, actor: Actor) -> None:
        units = self._tree(actor)
        self.parent_options = [NO_PARENT, *unit_options(units)]
        self.rows = [
            {
                "id": str(u.id),
                "code": u.code,
                "name": u.name,
                "level": level_label(u.level),
                "indent": f"{u.depth * 1.25:g}rem",
                "active": "ya" if u.active else "tidak",
                "can_have_children": "ya" if next_level(u.level) else "tidak",
            }
            for u in units
        ]

    def _unit(self, actor: Actor, unit_id: int) -> UnitRow:
        unit = next((u for u in self._tree(actor) if u.id == int(unit_id)), None)
        require(unit is not None, NOT_IN_INSTANSI)
        return unit

    @guarded(Rule.ADMIN)
    def load(self, actor: Actor):
        self.form_open = ""
        self._load(actor)

    @guarded(Rule.ADMIN)
    def open_new(self, actor: Actor):
        """A new unit goes under the instansi by default: the admin may pick another parent."""
        units = self._tree(actor)
        root = units[0] if units else None
        values = {"active": "on", "parent_id": NONE, "level": ""}
        if root is not None:
            values.update(parent_id=str(root.id), level=next_level(root.level))
        self._open("unit", values=values)

    @guarded(Rule.ADMIN)
    def open_child(self, actor: Actor, unit_id: int):
        parent = self._unit(actor, unit_id)
        self._open("unit", values={"parent_id": str(parent.id), "level": next_level(parent.level), "active": "on"})

    @guarded(Rule.ADMIN)
    def open_edit(self, actor: Actor, unit_id: int):
        unit = self._unit(actor, unit_id)
        values = {
            "code": unit.code,
            "name": unit.name,
            "level": unit.level,
            "parent_id": blank_to_none(unit.parent_id),
        }
        if unit.active:
            values["active"] = "on"
        self._open("unit", editing_id=unit.id, values=values)

    @guarded(Rule.ADMIN)
    def save(self, actor: Actor, form_data: dict):
        form = form_of(UnitForm, form_data)
        result = self._save_record(
            form_data,
            create=lambda s: create_unit(s, actor=actor, form=form),
            update=lambda s, unit_id: update_unit(s, actor=actor, unit_id=unit_id, form=form),
            created="Unit kerja dibuat.",
            updated="Data unit kerja disimpan.",
        )
        self._load(actor)
        return result
