"""Admin: Kalender Kerja (aturan menit, hari libur, tugas piket, Plt/Plh)."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from ekinerja.components.dialogs import confirm_button
from ekinerja.components.editor import Editor
from ekinerja.components.forms import field_grid, stacked_form
from ekinerja.components.layout import page_shell
from ekinerja.components.lists import empty_note, or_empty
from ekinerja.components.skp import section
from ekinerja.components.tables import data_table
from ekinerja.domain.work_settings import SETTINGS_BOUNDS
from ekinerja.state.admin_work_calendar import (
    DAYS_OPTIONS,
    HOLIDAY_KIND_OPTIONS,
    KIND_OPTIONS,
    ZONE_OPTIONS,
)
from ekinerja.state.admin_work_calendar import AdminWorkCalendarState as S

SETTINGS_HINTS = {
    "monthly_target_minutes": "Bawaan 6.750 menit per bulan.",
    "daily_norm_minutes": "Bawaan 300 menit per hari kerja.",
    "daily_max_minutes": "Isian per hari ditolak di atas batas ini (bawaan 450).",
    "entry_window_working_days": "Bawaan 3: hari ini dan 3 hari kerja sebelumnya.",
}


E = Editor(S)
SETTINGS = Editor(S, values=S.settings_values, errors=S.settings_errors)


def _settings_card() -> rx.Component:
    number_fields = [
        SETTINGS.text(f"{label} ({low}-{high})", name, type="number", min=low, max=high, step=1, input_mode="numeric", hint=SETTINGS_HINTS[name])
        for name, (label, low, high) in SETTINGS_BOUNDS.items()
        if name != "days_per_week"
    ]
    return section(
        "Aturan menit kerja",
        stacked_form(
            field_grid(
                *number_fields,
                SETTINGS.select("Hari kerja per minggu", "days_per_week", DAYS_OPTIONS),
                SETTINGS.select("Zona waktu instansi", "timezone", ZONE_OPTIONS, hint="Semua jam yang tampil (halaman, PDF, Excel, jejak audit) memakai zona ini."),
                columns=rx.breakpoints(initial="1", md="2"),
            ),
            rx.hstack(
                rx.text(S.settings_note, size="1", color=rx.color("gray", 10)),
                rx.spacer(),
                rx.button("Simpan aturan", type="submit", size="3", id="simpan-aturan"),
                align="center",
                width="100%",
                wrap="wrap",
            ),
            on_submit=S.save_settings, key=S.settings_version, spacing="3",
        ),
    )


def _intro(text: str) -> rx.Component:
    return rx.text(text, size="2", color=rx.color("gray", 11))


def _removable_rows(
    headers: list[str],
    rows: rx.Var,
    cells: Callable[[rx.Var], list[rx.Component]],
    *,
    table_id: str,
    empty: str,
    remove: tuple[str, str, str, Callable[[rx.Var], rx.EventSpec]],
) -> rx.Component:
    """A table whose rows each end in a confirmed remove button, or a note when there are none.
    ``remove`` is (button label, confirm title, confirm message, handler of the row id)."""
    label, title, message, handler = remove
    return or_empty(
        rows,
        data_table(
            [*headers, ""],
            rows,
            lambda r: rx.table.row(
                *cells(r),
                rx.table.cell(confirm_button(label, title=title, message=message, on_confirm=handler(r["id"].to(int)))),
            ),
            id=table_id,
        ),
        empty_note(empty),
    )


def _holidays_card() -> rx.Component:
    return section(
        "Hari libur",
        rx.hstack(
            rx.icon_button(rx.icon("chevron-left"), on_click=S.change_year(-1), variant="soft", size="3", aria_label="Tahun sebelumnya"),
            rx.text("Tahun ", S.year, size="3", weight="medium", id="tahun-libur"),
            rx.icon_button(rx.icon("chevron-right"), on_click=S.change_year(1), variant="soft", size="3", aria_label="Tahun berikutnya"),
            rx.spacer(),
            rx.button(rx.icon("plus"), "Tambah hari libur", on_click=S.open_holiday, size="3", id="tambah-libur"),
            align="center",
            width="100%",
            wrap="wrap",
        ),
        _removable_rows(
            ["Tanggal", "Hari", "Nama", "Jenis"],
            S.holidays,
            lambda h: [
                rx.table.cell(h["day"], white_space="nowrap"),
                rx.table.cell(h["weekday"]),
                rx.table.cell(rx.text(h["name"], min_width="10rem")),
                rx.table.cell(rx.badge(h["kind"], color_scheme="gray")),
            ],
            table_id="tabel-libur",
            empty="Belum ada hari libur tercatat untuk tahun ini.",
            remove=("Hapus", "Hapus hari libur?", "Tanggal ini kembali menjadi hari kerja biasa.", S.delete_holiday),
        ),
    )


def _duty_card() -> rx.Component:
    return section(
        "Tugas piket pada hari libur",
        _intro("Pegawai yang ditugaskan pada hari libur dapat mengisi kegiatan harian pada tanggal tersebut."),
        rx.hstack(rx.button(rx.icon("calendar-plus"), "Catat tugas piket", on_click=S.open_duty, size="3", id="tambah-piket")),
        _removable_rows(
            ["Tanggal", "Pegawai", "Alasan"],
            S.duty_rows,
            lambda d: [
                rx.table.cell(d["day"], white_space="nowrap"),
                rx.table.cell(rx.vstack(rx.text(d["name"], size="2"), rx.text(d["nip"], size="1", color=rx.color("gray", 10)), spacing="0")),
                rx.table.cell(d["reason"]),
            ],
            table_id="tabel-piket",
            empty="Belum ada tugas piket tercatat untuk tahun ini.",
            remove=("Hapus", "Hapus tugas piket?", "Kegiatan yang sudah diisi pada tanggal itu tetap tersimpan.", S.delete_duty),
        ),
    )


def _delegation_card() -> rx.Component:
    return section(
        "Plt/Plh validasi",
        _intro("Selama masa penunjukan, Plt/Plh memvalidasi kegiatan bawahan atas nama atasan; jejak audit mencatat keduanya."),
        rx.hstack(rx.button(rx.icon("user-check"), "Tunjuk Plt/Plh", on_click=S.open_delegation, size="3", id="tambah-plt")),
        _removable_rows(
            ["Jenis", "Pengganti", "Atas nama", "Masa", "Keterangan"],
            S.delegations,
            lambda d: [
                rx.table.cell(rx.badge(d["kind"])),
                rx.table.cell(d["delegate"]),
                rx.table.cell(d["atasan"]),
                rx.table.cell(d["period"], white_space="nowrap"),
                rx.table.cell(d["note"]),
            ],
            table_id="tabel-plt",
            empty="Tidak ada penunjukan Plt/Plh yang berlaku.",
            remove=("Cabut", "Cabut penunjukan?", "Pengganti tidak lagi dapat memvalidasi atas nama atasan.", S.revoke_delegation),
        ),
    )


def _dialogs() -> list[rx.Component]:
    return [
        E.dialog("holiday", "Tambah hari libur", S.save_holiday, body=[
            E.text("Tanggal", "day", type="date"),
            E.text("Nama", "name", max_length=150, placeholder="mis. Hari Raya Idulfitri"),
            E.select("Jenis", "kind", HOLIDAY_KIND_OPTIONS),
        ]),
        E.dialog("duty", "Catat tugas piket", S.save_duty, body=[
            E.text("NIP pegawai", "nip", input_mode="numeric", max_length=30),
            E.text("Tanggal (hari libur)", "day", type="date"),
            E.text("Alasan", "reason", max_length=200, placeholder="mis. Piket server, ST 800/12"),
        ]),
        E.dialog("delegation", "Tunjuk Plt/Plh validasi", S.save_delegation, submit_label="Tunjuk", body=[
            E.text("NIP atasan yang digantikan", "atasan_nip", input_mode="numeric", max_length=30),
            E.text("NIP pengganti", "delegate_nip", input_mode="numeric", max_length=30),
            E.select("Jenis", "kind", KIND_OPTIONS),
            E.date_range(),
            E.text("Keterangan (mis. nomor surat perintah)", "note", max_length=200),
        ]),
    ]


def work_calendar_page() -> rx.Component:
    return page_shell(
        "Kalender Kerja",
        _settings_card(),
        _holidays_card(),
        _duty_card(),
        _delegation_card(),
        *_dialogs(),
    )
