"""Dialogs holding forms: they stay open with what was typed until the save succeeds.

On a phone the dialog is never wider than the screen and never taller: its body scrolls and the
footer with the primary button stays in sight (sticky) while it does.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from ekinerja.components.forms import stacked_form


def form_dialog(
    *,
    name: str,
    title: rx.Var | str,
    open_var: rx.Var,
    version: rx.Var,
    on_close: Callable[[], rx.EventSpec],
    on_submit: Callable,
    body: list[rx.Component],
    submit_label: str = "Simpan",
) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            stacked_form(
                *body,
                rx.hstack(
                    rx.button("Batal", type="button", variant="soft", color_scheme="gray", size="3", on_click=on_close),
                    rx.button(submit_label, type="submit", size="3", id=f"simpan-{name}"),
                    justify="end",
                    width="100%",
                    class_name="kaki-dialog",
                ),
                on_submit=on_submit, key=version, spacing="3",
            ),
            max_width="36rem",
            class_name="dialog-formulir",
            id=f"dialog-{name}",
        ),
        open=open_var == name,
        on_open_change=lambda is_open: rx.cond(is_open, rx.noop(), on_close()),
    )


def confirm_button(label: str, *, title: str, message: rx.Var | str, on_confirm: rx.EventSpec, color: str = "red", **props) -> rx.Component:
    """A button that asks once more before an action that cannot simply be undone."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(label, variant="soft", color_scheme=color, size="2", **props)),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(message),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Batal", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Ya, lanjutkan", color_scheme=color, on_click=on_confirm)),
                justify="end",
                spacing="3",
                margin_top="1rem",
            ),
        ),
    )
