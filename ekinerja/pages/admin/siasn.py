"""Admin: Pertukaran SIASN, the employee import with its changes shown first, and the predikat export."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.forms import muted
from ekinerja.components.layout import page_shell
from ekinerja.components.pickers import option_select
from ekinerja.components.skp import section
from ekinerja.components.tables import data_table
from ekinerja.services.spreadsheet import XLSX_MIME
from ekinerja.state.admin_siasn import AdminSiasnState as S
from ekinerja.state.app_state import AppState

UPLOAD_ID = "unggah-siasn"


def _change(c: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(c["row"]),
        rx.table.cell(rx.vstack(rx.text(c["name"], size="2"), muted(c["nip"], size="1"), spacing="0")),
        rx.table.cell(c["field"]),
        rx.table.cell(c["before"]),
        rx.table.cell(c["after"], weight="medium"),
    )


def _import() -> rx.Component:
    return section(
        "Impor data pegawai dari SIASN",
        muted(
            "Unggah hasil unduhan data pegawai SIASN (.xlsx/.csv). Pegawai dicocokkan dengan NIP; yang berubah (nama, gelar, status, "
            "pangkat/golongan, jenjang jabatan fungsional) ditampilkan dulu dan baru disimpan setelah Anda menekan Terapkan. "
            "Perpindahan jabatan atau unit tetap dicatat lewat Mutasi.",
        ),
        rx.upload(
            rx.vstack(rx.icon("upload"), rx.text("Ketuk untuk memilih berkas SIASN (.xlsx/.csv, maks. 5 MB)", size="2"), align="center"),
            id=UPLOAD_ID,
            accept={XLSX_MIME: [".xlsx"], "text/csv": [".csv"]},
            max_files=1,
            on_drop=S.check_file(rx.upload_files(upload_id=UPLOAD_ID), AppState.session_token),
            border=f"1px dashed {rx.color('gray', 8)}",
            padding="1.25rem",
            width="100%",
        ),
        rx.cond(S.file_name != "", rx.text("Berkas: ", S.file_name, size="1", id="berkas-siasn")),
        rx.cond(S.summary != "", rx.callout(S.summary, icon="info", width="100%", id="ringkasan-siasn")),
        rx.cond(
            S.problems.length() > 0,
            data_table(
                ["Baris", "Kolom", "Masalah"], S.problems,
                lambda e: rx.table.row(rx.table.cell(e["row"]), rx.table.cell(e["column"]), rx.table.cell(e["message"])),
                id="tabel-masalah-siasn",
            ),
        ),
        rx.cond(
            S.changes.length() > 0,
            data_table(["Baris", "Pegawai", "Data", "Sekarang", "Dari SIASN"], S.changes, _change, id="tabel-perubahan-siasn"),
        ),
        rx.cond(
            S.not_registered.length() > 0,
            rx.vstack(
                rx.text("Tidak terdaftar di instansi ini (dilewati; tambahkan lewat Impor pegawai bila perlu):", size="2", weight="medium"),
                rx.foreach(S.not_registered, lambda r: rx.text("Baris ", r["row"], ": ", r["nip"], " ", r["name"], size="1")),
                spacing="1",
                width="100%",
                id="tidak-terdaftar-siasn",
            ),
        ),
        rx.hstack(
            rx.button(rx.icon("check"), "Terapkan perubahan", on_click=S.apply_changes, disabled=~S.ready, size="3", id="terapkan-siasn"),
            rx.cond(S.file_name != "", rx.button("Batal", on_click=S.clear_check, variant="soft", color_scheme="gray", size="3")),
            wrap="wrap",
            spacing="2",
        ),
    )


def _export() -> rx.Component:
    return section(
        "Ekspor predikat kinerja tahunan untuk BKD",
        muted(
            "Predikat kinerja tahunan yang sudah final (dan angka kredit pejabat fungsional) dalam format unggah BKD. "
            "Susunan kolomnya dapat diubah di berkas ekinerja/exchange/siasn.json bila templat BKD Anda berbeda.",
        ),
        option_select(S.year_options, S.year, S.choose_year, "pilih-tahun-siasn"),
        rx.button(rx.icon("file-down"), "Unduh Excel", on_click=S.download_export, size="3", id="unduh-siasn"),
    )


def siasn_page() -> rx.Component:
    return page_shell("Pertukaran SIASN", _import(), _export())
