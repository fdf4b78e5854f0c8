"""Admin: Katalog Kegiatan (uraian tugas per jabatan)."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.admin import active_badge, checkbox_input, field_error, row_actions
from ekinerja.components.dialogs import confirm_button, form_dialog
from ekinerja.components.forms import field, select_input, shrinkable, text_input
from ekinerja.components.layout import page_shell
from ekinerja.components.spreadsheet_import import import_dialog
from ekinerja.components.tables import data_table, pager, search_box
from ekinerja.domain.catalog import MINUTES_RANGE
from ekinerja.state.admin_catalog import ALL
from ekinerja.state.admin_catalog import AdminCatalogState as S

UPLOAD_ID = "impor-katalog"


def _err(name: str) -> rx.Var:
    return field_error(S, name)


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
                confirm_button(
                    rx.cond(row["active"] == "ya", "Nonaktifkan", "Aktifkan"),
                    title="Ubah status uraian tugas?",
                    message="Uraian nonaktif tidak lagi ditawarkan di isian kegiatan harian; kegiatan yang sudah tercatat tetap utuh.",
                    on_confirm=S.toggle_active(item_id, row["active"] != "ya"),
                    color="gray",
                ),
            )
        ),
    )


def _catalog_dialog() -> rx.Component:
    v = S.form_values
    low, high = MINUTES_RANGE
    return form_dialog(
        name="catalog",
        title=rx.cond(S.editing_id == 0, "Tambah uraian tugas", "Ubah uraian tugas"),
        open_var=S.form_open,
        version=S.form_version,
        on_close=S.close_form,
        on_submit=S.save,
        body=[
            field("Jabatan", select_input("position_id", S.position_options, v, placeholder="Pilih jabatan"), error=_err("position_id")),
            field("Uraian tugas", text_input("name", v, max_length=300, placeholder="mis. Menyusun konsep surat dinas"), error=_err("name")),
            rx.grid(
                field("Satuan hasil", text_input("output_unit", v, max_length=40, placeholder="mis. dokumen"), error=_err("output_unit")),
                field(
                    f"Menit per satuan ({low}-{high})",
                    text_input("standard_minutes", v, type="number", min=low, max=high, step=1, input_mode="numeric"),
                    error=_err("standard_minutes"),
                ),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3",
                width="100%",
            ),
            checkbox_input("active", "Uraian aktif (ditawarkan di isian kegiatan harian)", v, error=_err("active")),
        ],
    )


def _position_filter() -> rx.Component:
    return shrinkable(
        rx.select.root(
            rx.select.trigger(placeholder="Semua jabatan", width="100%", id="saring-jabatan"),
            rx.select.content(
                rx.select.item("Semua jabatan", value=ALL),
                rx.foreach(S.position_options, lambda o: rx.select.item(o["label"], value=o["id"])),
                max_width="calc(100vw - 1rem)",
            ),
            on_change=S.filter_position,
            size="3",
        )
    )


def catalog_page() -> rx.Component:
    return page_shell(
        "Katalog Kegiatan",
        rx.text(
            "Uraian tugas tiap jabatan (dari Anjab/ABK) dengan satuan hasil dan waktu penyelesaian per satuan. "
            "Pegawai memilihnya saat mengisi kegiatan harian; menit efektif = jumlah hasil × menit per satuan.",
            size="2",
            color=rx.color("gray", 11),
        ),
        rx.hstack(
            rx.button(rx.icon("plus"), "Tambah uraian", on_click=S.open_new, size="3", id="tambah-uraian"),
            rx.button(rx.icon("file-up"), "Impor", on_click=S.open_import, variant="soft", size="3", id="buka-impor"),
            rx.button(rx.icon("file-down"), "Ekspor Excel", on_click=S.export_xlsx, variant="soft", size="3"),
            wrap="wrap",
            spacing="2",
        ),
        search_box(S.apply_search, "Cari uraian, satuan atau jabatan", "cari-uraian"),
        _position_filter(),
        data_table(["Jabatan", "Uraian tugas", "Satuan hasil", "Menit/satuan", "Status", "Tindakan"], S.rows, _row, id="tabel-katalog"),
        pager(S.page, S.page_count, S.total, S.go_to_page),
        _catalog_dialog(),
        import_dialog(
            S,
            title="Impor katalog kegiatan dari Excel/CSV",
            upload_id=UPLOAD_ID,
            hint="Kolom: jabatan_id, uraian_tugas, satuan_hasil, menit_per_satuan. Id jabatan tertera di daftar pilihan jabatan.",
        ),
    )
