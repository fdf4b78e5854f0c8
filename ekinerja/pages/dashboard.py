"""Dashboard page."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.layout import page_shell
from ekinerja.state.dashboard import DashboardState


def _announcement(item: rx.Var) -> rx.Component:
    is_notice = item["kind"] == "koreksi_data"
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.badge(
                    rx.cond(is_notice, "Perbaikan data", "Pengumuman"),
                    color_scheme=rx.cond(is_notice, "orange", "blue"),
                ),
                rx.text(item["date"], size="1", color=rx.color("gray", 10)),
                justify="between",
                width="100%",
            ),
            rx.heading(item["title"], size="3"),
            rx.text(item["body"], size="2", white_space="pre-wrap"),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="pengumuman",
        border_left=rx.cond(is_notice, f"4px solid {rx.color('orange', 9)}", "none"),
    )


def dashboard_page() -> rx.Component:
    return page_shell(
        "Dashboard",
        rx.heading("Pengumuman", size="4"),
        rx.cond(
            DashboardState.announcements.length() > 0,
            rx.vstack(rx.foreach(DashboardState.announcements, _announcement), spacing="3", width="100%", id="daftar-pengumuman"),
            rx.text("Belum ada pengumuman.", color=rx.color("gray", 10)),
        ),
    )
