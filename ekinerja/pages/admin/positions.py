"""Admin: Jabatan."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.admin import active_badge, checkbox_input, field_error, row_actions, unit_filter
from ekinerja.components.dialogs import form_dialog
from ekinerja.components.forms import field, select_input, text_input
from ekinerja.components.layout import page_shell
from ekinerja.components.tables import data_table, pager, search_box
from ekinerja.domain.validation import KELAS_RANGE
from ekinerja.state.admin_positions import ESELON_OPTIONS, KIND_OPTIONS
from ekinerja.state.admin_positions import AdminPositionsState as S


def _err(name: str) -> rx.Var:
    return field_error(S, name)


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
    v = S.form_values
    low, high = KELAS_RANGE
    return form_dialog(
        name="position",
        title=rx.cond(S.editing_id == 0, "Tambah jabatan", "Ubah jabatan"),
        open_var=S.form_open,
        version=S.form_version,
        on_close=S.close_form,
        on_submit=S.save,
        body=[
            field("Nama jabatan", text_input("name", v, max_length=200), error=_err("name")),
            rx.grid(
                field("Jenis jabatan", select_input("kind", KIND_OPTIONS, v), error=_err("kind")),
                field("Eselon (khusus struktural)", select_input("eselon", ESELON_OPTIONS, v), error=_err("eselon")),
                field(
                    f"Kelas jabatan ({low}-{high})",
                    text_input("kelas_jabatan", v, type="number", min=low, max=high, step=1, input_mode="numeric"),
                    error=_err("kelas_jabatan"),
                ),
                columns=rx.breakpoints(initial="1", sm="3"),
                spacing="3",
                width="100%",
            ),
            field("Unit kerja", select_input("unit_id", S.unit_options, v, on_change=S.choose_unit), error=_err("unit_id")),
            field(
                "Atasan langsung (jabatan)",
                # Remounted when the unit changes so a choice from the previous unit's list does not linger.
                select_input("reports_to_id", S.superior_options, v, placeholder="Pilih unit dulu", key=v["unit_id"]),
                error=_err("reports_to_id"),
                hint="Jabatan di unit ini atau di unit atasnya.",
            ),
            checkbox_input("active", "Jabatan aktif", v, error=_err("active")),
        ],
    )


def positions_page() -> rx.Component:
    return page_shell(
        "Jabatan",
        rx.hstack(
            rx.button(rx.icon("plus"), "Tambah jabatan", on_click=S.open_new, size="3", id="tambah-jabatan"),
            wrap="wrap",
            spacing="2",
        ),
        search_box(S.apply_search, "Cari nama jabatan atau unit", "cari-jabatan"),
        unit_filter(S.unit_options, S.filter_unit, select_id="saring-unit"),
        data_table(["Nama", "Jenis", "Eselon", "Kelas", "Unit", "Atasan", "Status", "Tindakan"], S.rows, _row, id="tabel-jabatan"),
        pager(S.page, S.page_count, S.total, S.go_to_page),
        _position_dialog(),
    )
