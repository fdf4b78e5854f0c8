"""Dashboard page."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.dashboard_kinerja import kinerja_cards
from ekinerja.components.dashboard_sections import admin_section, team_section
from ekinerja.components.layout import page_shell
from ekinerja.routes import ANALISIS_ORGANISASI, INPUT_PIMPINAN, KEGIATAN_HARIAN
from ekinerja.state.analisis import UnitPlaceState
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


def _activity_notices() -> rx.Component:
    """Kegiatan harian: pending approvals for an atasan, rejected entries for the employee to fix."""
    return rx.vstack(
        rx.cond(
            DashboardState.pending_approvals > 0,
            rx.link(
                rx.callout.root(
                    rx.callout.icon(rx.icon("clipboard-check")),
                    rx.callout.text(
                        DashboardState.pending_approvals, " kegiatan bawahan menunggu validasi",
                        rx.cond(DashboardState.overdue_approvals > 0, rx.text.strong(" (", DashboardState.overdue_approvals, " terlambat)")),
                    ),
                    color_scheme=rx.cond(DashboardState.overdue_approvals > 0, "red", "blue"),
                    width="100%",
                ),
                href=INPUT_PIMPINAN, underline="none", width="100%", id="validasi-menunggu",
            ),
        ),
        rx.cond(
            DashboardState.rejected_activities.length() > 0,
            rx.card(
                rx.vstack(
                    rx.heading("Kegiatan ditolak — perlu diperbaiki", size="3"),
                    rx.foreach(
                        DashboardState.rejected_activities,
                        lambda r: rx.text(rx.text.strong(r["date"]), " ", r["task"], ": ", r["reason"], size="2"),
                    ),
                    rx.link("Buka Kegiatan Harian", href=KEGIATAN_HARIAN, size="2"),
                    spacing="2",
                ),
                width="100%",
                border_left=f"4px solid {rx.color('red', 9)}",
                id="kegiatan-ditolak",
            ),
        ),
        width="100%",
        spacing="3",
    )


def dashboard_page() -> rx.Component:
    return page_shell(
        "Dashboard",
        _activity_notices(),
        admin_section(),
        team_section(),
        kinerja_cards(),
        rx.cond(
            UnitPlaceState.own_place != "",
            rx.link(
                rx.callout(UnitPlaceState.own_place, icon="trophy", width="100%"),
                href=ANALISIS_ORGANISASI, underline="none", width="100%", id="peringkat-unit",
            ),
        ),
        rx.heading("Pengumuman", size="4"),
        rx.cond(
            DashboardState.announcements.length() > 0,
            rx.vstack(rx.foreach(DashboardState.announcements, _announcement), spacing="3", width="100%", id="daftar-pengumuman"),
            rx.text("Belum ada pengumuman.", color=rx.color("gray", 10)),
        ),
    )
