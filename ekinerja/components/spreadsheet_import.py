"""The import dialog of an admin listing (see ekinerja.state.spreadsheet_import)."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.tables import data_table
from ekinerja.services.spreadsheet import XLSX_MIME
from ekinerja.state.app_state import AppState


def import_export_buttons(state: type[rx.State], *, import_id: str | None = None) -> list[rx.Component]:
    """The listing's "Impor" (opens ``import_dialog``) and "Ekspor Excel" buttons."""
    ids = {"id": import_id} if import_id else {}
    return [
        rx.button(rx.icon("file-up"), "Impor", on_click=state.open_import, variant="soft", size="3", **ids),
        rx.button(rx.icon("file-down"), "Ekspor Excel", on_click=state.export_xlsx, variant="soft", size="3"),
    ]


def import_dialog(state: type[rx.State], *, title: str, upload_id: str, hint: str = "") -> rx.Component:
    """``state`` mixes in SpreadsheetImportMixin and has a ``download_template`` handler."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            rx.vstack(
                rx.text(
                    "Semua baris diperiksa dulu. Jika ada satu saja yang salah, tidak ada data yang disimpan "
                    "dan daftar kesalahan per baris ditampilkan.",
                    size="2",
                ),
                *([rx.text(hint, size="2", color=rx.color("gray", 11))] if hint else []),
                rx.button("Unduh templat", on_click=state.download_template, variant="soft", size="2"),
                rx.upload(
                    rx.vstack(rx.icon("upload"), rx.text("Seret berkas ke sini atau ketuk untuk memilih (.xlsx/.csv, maks. 5 MB)", size="2"), align="center"),
                    id=upload_id,
                    accept={XLSX_MIME: [".xlsx"], "text/csv": [".csv"]},
                    max_files=1,
                    border=f"1px dashed {rx.color('gray', 8)}",
                    padding="1.5rem",
                    width="100%",
                ),
                rx.foreach(rx.selected_files(upload_id), lambda f: rx.text(f, size="1")),
                rx.button(
                    "Periksa dan impor",
                    on_click=state.handle_import(rx.upload_files_chunk(upload_id=upload_id), AppState.session_token),
                    loading=state.import_running,
                    size="3",
                    id="tombol-impor",
                ),
                rx.cond(state.import_summary != "", rx.callout(state.import_summary, icon="info", width="100%", id="hasil-impor")),
                rx.cond(
                    state.import_errors.length() > 0,
                    data_table(
                        ["Baris", "Kolom", "Masalah"],
                        state.import_errors,
                        lambda e: rx.table.row(rx.table.cell(e["row"]), rx.table.cell(e["column"]), rx.table.cell(e["message"])),
                        id="tabel-galat-impor",
                    ),
                ),
                rx.hstack(rx.button("Tutup", variant="soft", color_scheme="gray", on_click=state.close_form), justify="end", width="100%"),
                spacing="3",
                width="100%",
            ),
            max_width="44rem",
        ),
        open=state.form_open == "import",
        on_open_change=lambda is_open: rx.cond(is_open, rx.noop(), state.close_form()),
    )
