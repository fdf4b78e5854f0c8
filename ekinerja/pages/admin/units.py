"""Admin: Unit Kerja."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.admin import active_badge, row_actions
from ekinerja.components.editor import Editor
from ekinerja.components.layout import page_shell, toolbar
from ekinerja.components.tables import data_table
from ekinerja.state.admin_units import LEVEL_OPTIONS
from ekinerja.state.admin_units import AdminUnitsState as S

E = Editor(S)


def _row(row: rx.Var) -> rx.Component:
    unit_id = row["id"].to(int)
    return rx.table.row(
        rx.table.cell(
            rx.hstack(
                rx.cond(row["indent"] != "0rem", rx.icon("corner-down-right", size=14, color=rx.color("gray", 9), flex_shrink="0")),
                rx.text(row["name"], min_width="11rem"),
                align="start",
                spacing="1",
                padding_left=row["indent"],
            )
        ),
        rx.table.cell(rx.code(row["code"], variant="ghost", size="1"), white_space="nowrap"),
        rx.table.cell(row["level"], white_space="nowrap"),
        rx.table.cell(active_badge(row["active"])),
        rx.table.cell(
            row_actions(
                rx.button("Ubah", size="2", variant="soft", on_click=S.open_edit(unit_id)),
                rx.cond(
                    row["can_have_children"] == "ya",
                    rx.button(rx.icon("plus", size=14), "Tambah sub-unit", size="2", variant="soft", on_click=S.open_child(unit_id)),
                ),
                wrap="nowrap",
            )
        ),
    )


def _unit_dialog() -> rx.Component:
    return E.dialog("unit", rx.cond(S.editing_id == 0, "Tambah unit kerja", "Ubah unit kerja"), S.save, body=[
        E.text("Kode unit", "code", placeholder="mis. BKD.02.01", max_length=30, hint="Huruf, angka, titik, tanda hubung atau garis bawah; tanpa spasi."),
        E.text("Nama unit", "name", max_length=200),
        E.select("Tingkat", "level", LEVEL_OPTIONS),
        E.select("Unit induk", "parent_id", S.parent_options, hint="Sub-unit berada tepat satu tingkat di bawah unit induknya."),
        E.checkbox("active", "Unit aktif"),
    ])


def units_page() -> rx.Component:
    return page_shell(
        "Unit Kerja",
        toolbar(rx.button(rx.icon("plus"), "Tambah unit", on_click=S.open_new, size="3", id="tambah-unit")),
        rx.text("Susunan unit kerja instansi Anda: instansi, OPD, bidang dan sub-bidang.", size="2", color=rx.color("gray", 11)),
        data_table(["Nama", "Kode", "Tingkat", "Status", "Tindakan"], S.rows, _row, id="tabel-unit"),
        _unit_dialog(),
    )
