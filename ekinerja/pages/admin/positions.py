"""Admin: Jabatan."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.admin import active_badge, row_actions, unit_filter
from ekinerja.components.editor import Editor
from ekinerja.components.forms import field_grid
from ekinerja.components.layout import page_shell, toolbar
from ekinerja.components.tables import paged_table, search_box
from ekinerja.domain.validation import KELAS_RANGE
from ekinerja.state.admin_positions import ESELON_OPTIONS, KIND_OPTIONS
from ekinerja.state.admin_positions import AdminPositionsState as S

E = Editor(S)


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row["name"], min_width="10rem")),
        rx.table.cell(rx.badge(row["kind"], color_scheme="gray")),
        rx.table.cell(rx.cond(row["eselon"] != "", row["eselon"], "—"), white_space="nowrap"),
        rx.table.cell(row["kelas"]),
        rx.table.cell(row["unit"]),
        rx.table.cell(row["reports_to"]),
        rx.table.cell(active_badge(row["active"])),
        rx.table.cell(row_actions(rx.button("Ubah", size="2", variant="soft", on_click=S.open_edit(row["id"].to(int))))),
    )


def _position_dialog() -> rx.Component:
    low, high = KELAS_RANGE
    return E.dialog("position", rx.cond(S.editing_id == 0, "Tambah jabatan", "Ubah jabatan"), S.save, body=[
        E.text("Nama jabatan", "name", max_length=200),
        field_grid(
            E.select("Jenis jabatan", "kind", KIND_OPTIONS),
            E.select("Eselon (khusus struktural)", "eselon", ESELON_OPTIONS),
            E.text(f"Kelas jabatan ({low}-{high})", "kelas_jabatan", type="number", min=low, max=high, step=1, input_mode="numeric"),
            columns=rx.breakpoints(initial="1", sm="3"),
        ),
        E.select("Unit kerja", "unit_id", S.unit_options, on_change=S.choose_unit),
        # Remounted when the unit changes so a choice from the previous unit's list does not linger.
        E.select("Atasan langsung (jabatan)", "reports_to_id", S.superior_options, placeholder="Pilih unit dulu", key=E.values["unit_id"],
                 hint="Jabatan di unit ini atau di unit atasnya."),
        E.checkbox("active", "Jabatan aktif"),
    ])


def positions_page() -> rx.Component:
    return page_shell(
        "Jabatan",
        toolbar(rx.button(rx.icon("plus"), "Tambah jabatan", on_click=S.open_new, size="3", id="tambah-jabatan")),
        search_box(S.apply_search, "Cari nama jabatan atau unit", "cari-jabatan"),
        unit_filter(S.unit_options, S.filter_unit, select_id="saring-unit"),
        paged_table(S, ["Nama", "Jenis", "Eselon", "Kelas", "Unit", "Atasan", "Status", "Tindakan"], _row, id="tabel-jabatan"),
        _position_dialog(),
    )
