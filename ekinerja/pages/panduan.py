"""Unduh Panduan: the guide for each of the user's roles, rendered from its Markdown, and its PDF."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.layout import page_shell
from ekinerja.state.panduan import PanduanState as S

# Screenshots are viewport-sized: keep them inside the page's width.
_MARKDOWN_STYLE = {"img": {"max_width": "100%", "height": "auto", "border": "1px solid var(--gray-6)", "border_radius": "6px"}}


def _tab(option: rx.Var) -> rx.Component:
    return rx.tabs.trigger(option["label"], value=option["id"], id="tab-panduan-" + option["id"].to(str))


def panduan_page() -> rx.Component:
    return page_shell(
        "Unduh Panduan",
        rx.hstack(
            rx.tabs.root(rx.tabs.list(rx.foreach(S.guide_options, _tab)), value=S.guide_key, on_change=S.choose),
            rx.spacer(),
            rx.button(
                rx.icon("file-down"), "Unduh PDF", on_click=S.download_pdf, loading=S.preparing, size="3", id="tombol-unduh-panduan"
            ),
            width="100%",
            wrap="wrap",
            align="center",
            spacing="3",
        ),
        rx.card(
            rx.box(rx.markdown(S.markdown, component_map={}), style=_MARKDOWN_STYLE, class_name="isi-panduan", width="100%"),
            width="100%",
            id="isi-panduan",
        ),
    )
