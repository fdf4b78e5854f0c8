"""Lists that may be empty: the rows as cards (or a table), or one grey line saying there are none."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx


def empty_note(text: str | rx.Var, *, size: str | None = "2", shade: int = 10, **props) -> rx.Component:
    """What shows in place of an empty list; ``size=None`` keeps the surrounding text size."""
    sizing = {"size": size} if size else {}
    return rx.text(text, color=rx.color("gray", shade), **sizing, **props)


def or_empty(rows: rx.Var, shown: rx.Component, empty: rx.Component) -> rx.Component:
    """``shown`` while ``rows`` has any, else ``empty`` (an ``empty_note``)."""
    return rx.cond(rows.length() > 0, shown, empty)


def card_list(rows: rx.Var, render: Callable[[rx.Var], rx.Component], empty: rx.Component, *, list_id: str = "") -> rx.Component:
    """One card (``render``) per row, stacked, or ``empty`` when there are none."""
    ids = {"id": list_id} if list_id else {}
    return or_empty(rows, rx.vstack(rx.foreach(rows, render), spacing="2", width="100%", **ids), empty)
