"""Building blocks shared by the admin pages: status badges, the "all or one" filters and row actions."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from ekinerja.components.dialogs import confirm_button
from ekinerja.components.forms import shrinkable, wrapping_item


def active_badge(active: rx.Var) -> rx.Component:
    """``active`` is the row's "ya"/"tidak"."""
    return rx.cond(active == "ya", rx.badge("aktif", color_scheme="green"), rx.badge("nonaktif", color_scheme="gray"))


def toggle_active_button(active: rx.Var, on_toggle: Callable[[rx.Var], rx.EventSpec], *, title: str, message: str) -> rx.Component:
    """"Nonaktifkan" or "Aktifkan" a row (``active`` is its "ya"/"tidak"), asked once more first;
    ``on_toggle`` gets the state the row is to have."""
    return confirm_button(
        rx.cond(active == "ya", "Nonaktifkan", "Aktifkan"), title=title, message=message, on_confirm=on_toggle(active != "ya"), color="gray",
    )


def choice_filter(options: rx.Var, on_change: Callable, *, select_id: str, everything: str, everything_value: str) -> rx.Component:
    """A listing's filter: ``everything`` (e.g. "Semua unit") or one of ``options``."""
    return shrinkable(
        rx.select.root(
            rx.select.trigger(placeholder=everything, width="100%", id=select_id),
            rx.select.content(
                rx.select.item(everything, value=everything_value),
                rx.foreach(options, wrapping_item),
                max_width="calc(100vw - 1rem)",
            ),
            on_change=on_change,
            size="3",
        )
    )


def unit_filter(options: rx.Var, on_change: Callable, *, select_id: str) -> rx.Component:
    """"Semua unit" or one unit of the tree (with the units below it)."""
    return choice_filter(options, on_change, select_id=select_id, everything="Semua unit", everything_value="semua")


def row_actions(*buttons: rx.Component, wrap: str = "wrap") -> rx.Component:
    """The buttons of a table row; ``wrap="nowrap"`` keeps a short set on one line (and makes
    the table size the column for it rather than let the labels spill over the next cell)."""
    return rx.hstack(*buttons, spacing="2", wrap=wrap, white_space="normal" if wrap == "wrap" else "nowrap")
