"""Building blocks shared by the admin pages: checkbox and textarea fields,
status badges, the unit filter and row actions."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from ekinerja.components.forms import shrinkable, wrapping_item


def field_error(state: type[rx.State], name: str) -> rx.Var:
    """The error an editor state holds for one form field: "" (not undefined) when none, so no empty alert renders."""
    return state.form_errors.get(name, "").to(str)


def active_badge(active: rx.Var) -> rx.Component:
    """``active`` is the row's "ya"/"tidak"."""
    return rx.cond(active == "ya", rx.badge("aktif", color_scheme="green"), rx.badge("nonaktif", color_scheme="gray"))


def checkbox_input(name: str, label: str, values: rx.Var, *, error: rx.Var | None = None) -> rx.Component:
    """A checkbox submitted as "on" when ticked, prefilled from the form's values, with its error below."""
    box = rx.checkbox(label, name=name, default_checked=values[name] == "on", size="3", id=f"isian-{name}")
    if error is None:
        return box
    return rx.vstack(
        box,
        rx.cond(error != "", rx.text(error, size="1", color=rx.color("red", 11), role="alert")),
        spacing="1",
        width="100%",
    )


def textarea_input(name: str, values: rx.Var, **props) -> rx.Component:
    """The multi-line sibling of ``forms.text_input``."""
    return rx.text_area(name=name, default_value=values[name], size="3", width="100%", id=f"isian-{name}", **props)


def unit_filter(options: rx.Var, on_change: Callable, *, select_id: str) -> rx.Component:
    """"Semua unit" or one unit of the tree (with the units below it)."""
    return shrinkable(
        rx.select.root(
            rx.select.trigger(placeholder="Semua unit", width="100%", id=select_id),
            rx.select.content(
                rx.select.item("Semua unit", value="semua"),
                rx.foreach(options, wrapping_item),
                max_width="calc(100vw - 1rem)",
            ),
            on_change=on_change,
            size="3",
        )
    )


def row_actions(*buttons: rx.Component, wrap: str = "wrap") -> rx.Component:
    """The buttons of a table row; ``wrap="nowrap"`` keeps a short set on one line (and makes
    the table size the column for it rather than let the labels spill over the next cell)."""
    return rx.hstack(*buttons, spacing="2", wrap=wrap, white_space="normal" if wrap == "wrap" else "nowrap")
