"""Tables and paging that fit a phone.

A list a user acts on becomes a stack of cards on a phone (every cell under its column's name, the
actions in sight); a wide analytic table keeps its columns, scrolls sideways under a hint and keeps
its first column fixed. The CSS for both is in assets/ekinerja.css.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import reflex as rx

SCROLL_HINT = "Geser tabel ke samping untuk melihat semua kolom →"
# Radix breakpoints: phones and small tablets (below 48em) get the phone layout.
PHONE_ONLY = ["block", "block", "none"]


def scrolling(table: rx.Component, **props) -> rx.Component:
    """A wide table that scrolls sideways: says so on a phone, keeps its first column in view."""
    return rx.box(
        rx.text(SCROLL_HINT, size="1", color=rx.color("gray", 10), display=PHONE_ONLY, class_name="petunjuk-geser"),
        rx.box(table, width="100%", overflow_x="auto"),
        width="100%",
        class_name="tabel-geser",
        custom_attrs={"data-scroll-hint": "geser"},
        **props,
    )


def _labelled(headers: list[str], render_row: Callable[[rx.Var], rx.Component]) -> Callable[[rx.Var], rx.Component]:
    """Each cell carries its column's name (``data-label``): the phone's card shows it beside the value."""

    def render(row: rx.Var) -> rx.Component:
        rendered = render_row(row)
        for header, cell in zip(headers, rendered.children, strict=False):
            cell.custom_attrs["data-label"] = header
        return rendered

    return render


def data_table(
    headers: list[str],
    rows: rx.Var,
    render_row: Callable[[rx.Var], rx.Component],
    *,
    phone: Literal["cards", "scroll"] = "cards",
    **props,
) -> rx.Component:
    """``phone="cards"`` for lists with actions, ``"scroll"`` for wide figures read across a row."""
    table = rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(rx.foreach(rows, _labelled(headers, render_row) if phone == "cards" else render_row)),
        size="1",
        width="100%",
        **props,
    )
    if phone == "scroll":
        return scrolling(table)
    return rx.box(table, width="100%", class_name="tabel-kartu")


def pager(page: rx.Var, page_count: rx.Var, total: rx.Var, go_to: Callable[[rx.Var | int], rx.EventSpec]) -> rx.Component:
    return rx.hstack(
        rx.text(total, " data", size="2", color=rx.color("gray", 11)),
        rx.spacer(),
        rx.icon_button(rx.icon("chevron-left"), on_click=go_to(page - 1), disabled=page <= 1, variant="soft", size="3", aria_label="Halaman sebelumnya"),
        rx.text("Hal. ", page, " / ", page_count, size="2"),
        rx.icon_button(rx.icon("chevron-right"), on_click=go_to(page + 1), disabled=page >= page_count, variant="soft", size="3", aria_label="Halaman berikutnya"),
        align="center",
        width="100%",
    )


def paged_table(state: type[rx.State], headers: list[str], render_row: Callable[[rx.Var], rx.Component], **props) -> rx.Component:
    """A listing's current page of ``state.rows`` (cards on a phone) with the pager under it."""
    return rx.fragment(
        data_table(headers, state.rows, render_row, **props),
        pager(state.page, state.page_count, state.total, state.go_to_page),
    )


def search_box(on_submit: Callable, placeholder: str, input_id: str) -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(name="search", placeholder=placeholder, size="3", width="100%", id=input_id),
            rx.button(rx.icon("search"), "Cari", type="submit", size="3"),
            width="100%",
        ),
        on_submit=on_submit,
        reset_on_submit=False,
        width="100%",
    )
