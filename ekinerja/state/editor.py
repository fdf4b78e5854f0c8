"""What every admin form needs: which record is being edited, what was typed, what is wrong."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx

from ekinerja import toasts
from ekinerja.access import Actor, Rule
from ekinerja.db import session_scope
from ekinerja.domain.validation import ValidationFailed
from ekinerja.state.guard import guarded

GENERIC_FORM_ERROR = "Periksa kembali isian yang ditandai."
FIRST_ERROR = "*"  # toast_field: the form's first error, whichever field it is on
# Radix select items cannot carry an empty value: this one stands for "nothing chosen"
# (unlike "-" or "none", nobody types it into a text field).
NONE = "__kosong__"

F = TypeVar("F")
R = TypeVar("R")


def none_to_blank(value: object) -> str:
    """A submitted value as text, with the explicit "nothing chosen" select item turned back into a blank."""
    text = str(value if value is not None else "").strip()
    return "" if text == NONE else text


def checked(form_data: dict, name: str) -> bool:
    """Whether a checkbox of the submitted form was ticked."""
    return form_data.get(name) in ("on", True, "true")


def form_value(form_data: dict[str, Any], name: str) -> str:
    """One submitted value as text ("nothing chosen" in a select reads as blank)."""
    return none_to_blank(form_data.get(name, ""))


def form_of(form_type: type[F], form_data: dict[str, Any], **given: Any) -> F:
    """The form dataclass (all text, validated later by the domain) filled from submitted data:
    text fields as typed, checkboxes as booleans, anything else passed in ``given``."""
    values: dict[str, Any] = {}
    for field in dataclasses.fields(form_type):
        if field.name in given:
            continue
        if isinstance(field.default, bool):
            values[field.name] = checked(form_data, field.name)
        else:
            values[field.name] = form_value(form_data, field.name)
    return form_type(**values, **given)


def _success(done: str | Callable[[R], Any] | None, result: R) -> Any:
    """The success toast (or the events ``done`` made from the result)."""
    message = done(result) if callable(done) else done
    return toasts.success(message) if isinstance(message, str) else message


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

    def _write(
        self,
        write: Callable[[Any], R],
        *,
        done: str | Callable[[R], Any] | None,
        form_data: dict[str, Any] | None = None,
        show: Callable[[R], object] | None = None,
        refused: Callable[[str], object] | None = None,
        toast_field: str | None = None,
        fields: str = "form",
    ) -> Any:
        """The one shape of a write in state: form -> one transaction -> service -> show the result.

        What was typed (``form_data``) is kept; ``write(session)`` calls the service(s) in one
        transaction and returns what the page needs to show, which goes to ``show`` after the commit;
        ``done`` (text, or made from that result: text, or the event to send instead, such as a warning;
        None for no message) is the success toast, and a form in a dialog closes.
        A refusal (``ValidationFailed``) leaves the form open with the errors on their fields and a
        toast (the error of ``toast_field`` if there is one, else the generic one); without a form its
        messages make the toast; ``toast_field=FIRST_ERROR`` toasts the form's first error, whichever
        field it is on. ``refused(message)`` then runs (to keep it on screen, or to reload).
        A form that is not the dialog's (a page's settings card) names its own pair of vars:
        ``fields="settings"`` keeps what was typed in ``settings_values`` and the errors in
        ``settings_errors``, and closes no dialog."""
        self._keep_typed(form_data, fields)
        try:
            with session_scope() as session:
                result = write(session)
        except ValidationFailed as failed:
            message = self._refusal(failed, form_data is not None, toast_field, fields)
            if refused is not None:
                refused(message)
            return toasts.error(message)
        self._close_form(form_data is not None, fields)
        if show is not None:
            show(result)
        return _success(done, result)

    async def _write_in_background(
        self,
        write: Callable[[Any], R],
        *,
        done: str | Callable[[R], Any] | None,
        show: Callable[[R], object] | None = None,
        refused: Callable[[str], object] | None = None,
    ) -> Any:
        """``_write`` spelled for a background event (``rx.event(background=True)``): the transaction
        runs in a worker thread outside the state lock; ``show`` and ``refused`` run under it."""

        def in_transaction() -> R:
            with session_scope() as session:
                return write(session)

        try:
            result = await asyncio.to_thread(in_transaction)
        except ValidationFailed as failed:
            message = " ".join(failed.errors.values())
            if refused is not None:
                async with self:
                    refused(message)
            return toasts.error(message)
        if show is not None:
            async with self:
                show(result)
        return _success(done, result)

    def _keep_typed(self, form_data: dict[str, Any] | None, fields: str) -> None:
        if form_data is not None:
            setattr(self, f"{fields}_values", {key: str(value) for key, value in form_data.items()})

    def _refusal(self, failed: ValidationFailed, on_form: bool, toast_field: str | None, fields: str) -> str:
        """The errors on the form's fields; the toast's message."""
        if not on_form:
            return " ".join(failed.errors.values())
        setattr(self, f"{fields}_errors", failed.errors)
        if toast_field == FIRST_ERROR:
            return next(iter(failed.errors.values()), GENERIC_FORM_ERROR)
        return failed.errors.get(toast_field, GENERIC_FORM_ERROR) if toast_field else GENERIC_FORM_ERROR

    def _close_form(self, on_form: bool, fields: str) -> None:
        if on_form:
            if fields == "form":
                self.form_open = ""
            setattr(self, f"{fields}_errors", {})

    def _save(
        self, form_data: dict[str, Any], write: Callable[[Any], R], done: str | Callable[[R], Any] | None, **shape: Any
    ) -> Any:
        """``_write`` of a submitted form."""
        return self._write(write, done=done, form_data=form_data, **shape)

    def _save_record(
        self,
        form_data: dict[str, Any],
        *,
        create: Callable[[Any], object],
        update: Callable[[Any, int], object],
        created: str,
        updated: str,
    ) -> Any:
        """``_save`` of a create-or-edit dialog: ``update(session, editing_id)`` when a record is open."""
        editing_id = self.editing_id
        if editing_id:
            return self._save(form_data, lambda session: update(session, editing_id), updated)
        return self._save(form_data, create, created)

    @guarded(Rule.SESSION)
    def close_form(self, actor: Actor):
        self.form_open = ""
        self.form_errors = {}
