"""Dashboard sections for the atasan (the team's month, live) and the admin (instansi-wide figures)."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.skp import section
from ekinerja.components.tables import data_table
from ekinerja.routes import ADMIN_TPP, INPUT_PIMPINAN, PENILAIAN
from ekinerja.state.dashboard_admin import DashboardAdminState as A
from ekinerja.state.dashboard_team import DashboardTeamState as T


def _count_badge(value: rx.Var, scheme: str) -> rx.Component:
    return rx.cond(value != "0", rx.badge(value, color_scheme=scheme), rx.text("0", color=rx.color("gray", 10)))


def _team_row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(r["name"], size="2", weight="medium"), rx.text(r["nip"], size="1", color=rx.color("gray", 10)), spacing="0")),
        rx.table.cell(
            rx.text(rx.text.strong(r["percent"], color=rx.cond(r["low"] != "", rx.color("red", 11), rx.color("green", 11))), " ", size="2"),
            rx.text(r["minutes"], " mnt", size="1", color=rx.color("gray", 10)),
        ),
        rx.table.cell(_count_badge(r["pending"], "blue"), class_name="menunggu"),
        rx.table.cell(
            rx.text("TL ", r["late"], " · PSW ", r["early"], " · TK ", r["absent"], size="1",
                    color=rx.cond(r["flagged"] != "", rx.color("orange", 11), rx.color("gray", 10))),
        ),
        rx.table.cell(
            rx.badge(r["predikat"], color_scheme=rx.cond(r["predikat"] == "Belum dinilai", "gray", rx.cond(r["predikat"] == "Draf", "amber", "green"))),
            rx.cond(r["plan"] != "", rx.text(r["plan"], size="1", color=rx.color("orange", 11), class_name="status-pengembangan")),
        ),
        class_name="baris-tim",
    )


def team_section() -> rx.Component:
    return rx.cond(
        T.team_rows.length() > 0,
        section(
            "Tim saya bulan ini",
            rx.text("Menit disetujui terhadap target, kegiatan menunggu validasi, TL/PSW/tanpa keterangan, dan status penilaian ",
                    T.team_period, ". Diperbarui otomatis.", size="1", color=rx.color("gray", 10)),
            data_table(["Pegawai", "Menit", "Menunggu", "Kehadiran", "Predikat"], T.team_rows, _team_row, phone="scroll", id="tabel-tim"),
            rx.recharts.bar_chart(
                rx.recharts.bar(data_key="menit", fill=rx.color("accent", 9), name="Menit disetujui"),
                rx.recharts.bar(data_key="target", fill=rx.color("gray", 6), name="Target"),
                rx.recharts.x_axis(data_key="name"),
                rx.recharts.y_axis(width=48),
                rx.recharts.graphing_tooltip(),
                rx.recharts.legend(),
                data=T.team_chart,
                height=220,
                width="100%",
            ),
            rx.hstack(
                rx.link("Validasi kegiatan", href=INPUT_PIMPINAN, size="2"),
                rx.link("Penilaian kinerja", href=PENILAIAN, size="2"),
                spacing="4", wrap="wrap",
            ),
            id="dashboard-tim",
        ),
    )


def _completion_row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r["unit"]),
        rx.table.cell(r["employees"]),
        rx.table.cell(_count_badge(r["not_logged"], "orange"), rx.text(r["names"], size="1", color=rx.color("gray", 10))),
        rx.table.cell(_count_badge(r["overdue"], "red")),
    )


def _tpp_row(r: rx.Var) -> rx.Component:
    return rx.table.row(rx.table.cell(r["unit"]), rx.table.cell(r["employees"]), rx.table.cell(r["total"]))


def _loading_or(rows: rx.Var, loading_id: str, content: rx.Component) -> rx.Component:
    """A spinner while the background overview runs for the first time, then ``content``."""
    return rx.cond(
        A.overview_running & (rows.length() == 0),
        rx.hstack(rx.spinner(), rx.text("Menghitung...", size="2"), id=loading_id),
        content,
    )


def admin_section() -> rx.Component:
    return rx.cond(
        A.show_admin_menu,
        rx.grid(
            section(
                "Kelengkapan kinerja instansi",
                _loading_or(
                    A.completion_rows, "kelengkapan-memuat",
                    rx.vstack(
                        rx.text("Belum mengisi: tanpa kegiatan harian dalam ", A.window_days,
                                " hari kerja terakhir. Terlambat divalidasi: kegiatan menunggu melewati batas waktu.",
                                size="1", color=rx.color("gray", 10)),
                        data_table(["Unit", "Pegawai", "Belum mengisi", "Terlambat divalidasi"], A.completion_rows, _completion_row, phone="scroll", id="tabel-kelengkapan"),
                        width="100%",
                    ),
                ),
            ),
            section(
                "TPP per unit",
                _loading_or(
                    A.tpp_units, "tpp-memuat",
                    rx.vstack(
                        rx.text("Perkiraan ", A.tpp_month, ": ", rx.text.strong(A.tpp_total), size="2"),
                        data_table(["Unit", "Pegawai", "Total TPP"], A.tpp_units, _tpp_row, phone="scroll", id="tabel-tpp-unit"),
                        rx.link("Aturan & rekap TPP", href=ADMIN_TPP, size="2"),
                        width="100%",
                    ),
                ),
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
            id="dashboard-admin",
        ),
    )
