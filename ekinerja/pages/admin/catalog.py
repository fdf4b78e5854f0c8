"""Admin: Katalog Kegiatan (uraian tugas per jabatan)."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.admin import active_badge, choice_filter, row_actions, toggle_active_button
from ekinerja.components.editor import Editor
from ekinerja.components.forms import field_grid
from ekinerja.components.layout import page_shell, toolbar
from ekinerja.components.spreadsheet_import import import_dialog, import_export_buttons
from ekinerja.components.tables import paged_table, search_box
from ekinerja.domain.catalog import MINUTES_RANGE
from ekinerja.state.admin_catalog import ALL
from ekinerja.state.admin_catalog import AdminCatalogState as S

UPLOAD_ID = "impor-katalog"


E = Editor(S)


def _row(row: rx.Var) -> rx.Component:
    item_id = row["id"].to(int)
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(row["position"], size="2"), rx.text(row["unit"], size="1", color=rx.color("gray", 10)), spacing="0", min_width="10rem")),
        rx.table.cell(rx.text(row["name"], min_width="12rem")),
        rx.table.cell(row["output_unit"]),
        rx.table.cell(row["minutes"], text_align="right"),
        rx.table.cell(active_badge(row["active"])),
        rx.table.cell(
            row_actions(
                rx.button("Ubah", size="2", variant="soft", on_click=S.open_edit(item_id)),
                toggle_active_button(
                    row["active"], lambda active: S.toggle_active(item_id, active),
                    title="Ubah status uraian tugas?",
                    message="Uraian nonaktif tidak lagi ditawarkan di isian kegiatan harian; kegiatan yang sudah tercatat tetap utuh.",
                ),
            )
        ),
    )


def _catalog_dialog() -> rx.Component:
    low, high = MINUTES_RANGE
    return E.dialog("catalog", rx.cond(S.editing_id == 0, "Tambah uraian tugas", "Ubah uraian tugas"), S.save, body=[
        E.select("Jabatan", "position_id", S.position_options, placeholder="Pilih jabatan"),
        E.text("Uraian tugas", "name", max_length=300, placeholder="mis. Menyusun konsep surat dinas"),
        field_grid(
            E.text("Satuan hasil", "output_unit", max_length=40, placeholder="mis. dokumen"),
            E.text(f"Menit per satuan ({low}-{high})", "standard_minutes", type="number", min=low, max=high, step=1, input_mode="numeric"),
        ),
        E.checkbox("active", "Uraian aktif (ditawarkan di isian kegiatan harian)"),
    ])


def catalog_page() -> rx.Component:
    return page_shell(
        "Katalog Kegiatan",
        toolbar(
            rx.button(rx.icon("plus"), "Tambah uraian", on_click=S.open_new, size="3", id="tambah-uraian"),
            *import_export_buttons(S, import_id="buka-impor"),
        ),
        search_box(S.apply_search, "Cari uraian, satuan atau jabatan", "cari-uraian"),
        choice_filter(S.position_options, S.filter_position, select_id="saring-jabatan", everything="Semua jabatan", everything_value=ALL),
        paged_table(S, ["Jabatan", "Uraian tugas", "Satuan hasil", "Menit/satuan", "Status", "Tindakan"], _row, id="tabel-katalog"),
        _catalog_dialog(),
        import_dialog(
            S,
            title="Impor katalog kegiatan dari Excel/CSV",
            upload_id=UPLOAD_ID,
            hint="Kolom: jabatan_id, uraian_tugas, satuan_hasil, menit_per_satuan. Id jabatan tertera di daftar pilihan jabatan.",
        ),
        intro=(
            "Uraian tugas tiap jabatan (dari Anjab/ABK) dengan satuan hasil dan waktu penyelesaian per satuan. "
            "Pegawai memilihnya saat mengisi kegiatan harian; menit efektif = jumlah hasil × menit per satuan."
        ),
    )
