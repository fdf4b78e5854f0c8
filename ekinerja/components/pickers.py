"""Selects that act at once (no form around them): the page's month, year, employee or period
chooser, and the filters of a report."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from ekinerja.components.forms import field, shrinkable, wrapping_item

SELECT_MAX_WIDTH = "32rem"


def option_select(options: rx.Var, value: rx.Var, on_change, select_id: str) -> rx.Component:
    """A select over ``[{"id", "label"}]`` that reports each choice at once: the column's width on a
    phone, at most SELECT_MAX_WIDTH on a desktop (a name with its NIP fits)."""
    return rx.select.root(
        rx.select.trigger(width="100%", max_width=SELECT_MAX_WIDTH, id=select_id),
        rx.select.content(rx.foreach(options, lambda o: rx.select.item(o["label"], value=o["id"]))),
        value=value,
        on_change=on_change,
        size="3",
    )


def month_select(state, select_id: str) -> rx.Component:
    """The month chooser of a state with ``months``, ``month`` and ``choose_month``."""
    return option_select(state.months, state.month, state.choose_month, select_id)


def picker_row(*pickers: rx.Component) -> rx.Component:
    """The page's choosers side by side, wrapping on a phone, bottoms aligned."""
    return rx.flex(*pickers, spacing="3", wrap="wrap", width="100%", align="end")


def labelled_picker(label: str, control: rx.Component, flex: str) -> rx.Component:
    """One chooser of a ``picker_row``: ``flex`` says how it grows (e.g. "0 0 8rem" for a year)."""
    return rx.box(field(label, control), flex=flex, min_width="0")


def filter_select(
    options: rx.Var | list[dict[str, str]], value: rx.Var, on_change: Callable, *, select_id: str, placeholder: str = "Pilih..."
) -> rx.Component:
    """A report filter: fills its grid cell and, like ``forms.select_input``, lets long labels wrap
    instead of widening the page on a phone."""
    options = options if isinstance(options, rx.Var) else rx.Var.create(options)
    return shrinkable(
        rx.select.root(
            rx.select.trigger(placeholder=placeholder, width="100%", id=select_id),
            rx.select.content(rx.foreach(options, wrapping_item), max_width="calc(100vw - 1rem)"),
            value=value,
            on_change=on_change,
            size="3",
        )
    )
