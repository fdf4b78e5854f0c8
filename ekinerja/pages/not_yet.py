"""An honest page for menus whose feature has not landed yet."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.layout import page_shell


def not_yet_page(title: str, what: str) -> rx.Component:
    return page_shell(
        title,
        rx.callout(
            f"Menu {title} belum tersedia. {what}",
            icon="construction",
            color_scheme="amber",
            width="100%",
            id="belum-tersedia",
        ),
    )
