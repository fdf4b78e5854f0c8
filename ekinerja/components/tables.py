"""Tables and paging that fit a phone: the table scrolls sideways inside its card."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx


def data_table(headers: list[str], rows: rx.Var, render_row: Callable[[rx.Var], rx.Component], **props) -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
            rx.table.body(rx.foreach(rows, render_row)),
            size="1",
            width="100%",
            **props,
        ),
        width="100%",
        overflow_x="auto",
    )


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
