"""The form of an editor state, in one place: its dialog and its labelled fields, each with the
error the server returned for it below.

An editor state holds ``form_values`` (what was typed, kept on an error), ``form_errors`` (field ->
message), ``form_open`` (the open dialog's name), ``form_version`` (remounts the form after a
save) and a ``close_form`` handler."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from ekinerja.components.dialogs import form_dialog
from ekinerja.components.forms import checkbox_input, field, field_grid, select_input, text_input, textarea_input


class Editor:
    """``values``/``errors`` default to the state's ``form_values``/``form_errors`` (a second form
    of the same state, e.g. its settings card, names its own)."""

    def __init__(self, state: type[rx.State], *, values: rx.Var | None = None, errors: rx.Var | None = None):
        self.state = state
        self.values = state.form_values if values is None else values
        self.errors = state.form_errors if errors is None else errors

    def error(self, name: str) -> rx.Var:
        """The field's error, "" (not undefined) when none."""
        return self.errors.get(name, "").to(str)

    def dialog(self, name: str, title: rx.Var | str, on_submit: Callable, body: list[rx.Component], *, submit_label: str = "Simpan") -> rx.Component:
        """A form dialog opened by ``form_open == name``, closed (and its errors dropped) by the state."""
        s = self.state
        return form_dialog(
            name=name, title=title, open_var=s.form_open, version=s.form_version, on_close=s.close_form,
            on_submit=on_submit, body=body, submit_label=submit_label,
        )

    def text(self, label: str, name: str, *, hint: str = "", **props) -> rx.Component:
        return field(label, text_input(name, self.values, **props), error=self.error(name), hint=hint)

    def textarea(self, label: str, name: str, *, hint: str = "", **props) -> rx.Component:
        return field(label, textarea_input(name, self.values, **props), error=self.error(name), hint=hint)

    def select(self, label: str, name: str, options: rx.Var | list[dict[str, str]], *, hint: str = "", **props) -> rx.Component:
        return field(label, select_input(name, options, self.values, **props), error=self.error(name), hint=hint)

    def date_range(self, start: str = "start_date", end: str = "end_date") -> rx.Component:
        """"Mulai" and "Selesai" dates side by side, also on a phone."""
        return field_grid(self.text("Mulai", start, type="date"), self.text("Selesai", end, type="date"), columns="2")

    def checkbox(self, name: str, label: str) -> rx.Component:
        return checkbox_input(name, label, self.values, error=self.error(name))
