"""What every admin form needs: which record is being edited, what was typed, what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from ekinerja.access import Actor, Rule
from ekinerja.db import session_scope
from ekinerja.domain.validation import ValidationFailed
from ekinerja.state.guard import guarded

GENERIC_FORM_ERROR = "Periksa kembali isian yang ditandai."


class EditorMixin(rx.State, mixin=True):
    form_open: str = ""  # which dialog is open: "" when none
    editing_id: int = 0  # 0 for a new record
    form_values: dict[str, str] = {}
    form_errors: dict[str, str] = {}
    # Bumped on every open so uncontrolled inputs remount with the new defaults.
    form_version: int = 0

    def _open(self, dialog: str, editing_id: int = 0, values: dict[str, str] | None = None) -> None:
        self.form_open = dialog
        self.editing_id = editing_id
        self.form_values = values or {}
        self.form_errors = {}
        self.form_version += 1

    def _save(self, form_data: dict[str, Any], write: Callable[[Any], object], done: str) -> Any:
        """Run ``write`` in one transaction; keep what was typed and show the errors if it fails."""
        self.form_values = {key: str(value) for key, value in form_data.items()}
        try:
            with session_scope() as session:
                write(session)
        except ValidationFailed as failed:
            self.form_errors = failed.errors
            return rx.toast.error(GENERIC_FORM_ERROR)
        self.form_open = ""
        self.form_errors = {}
        return rx.toast.success(done)

    @guarded(Rule.SESSION)
    def close_form(self, actor: Actor):
        self.form_open = ""
        self.form_errors = {}
