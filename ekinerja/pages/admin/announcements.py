"""Admin: Pengumuman."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.admin import active_badge, row_actions
from ekinerja.components.dialogs import confirm_button
from ekinerja.components.editor import Editor
from ekinerja.components.layout import page_shell, toolbar
from ekinerja.components.tables import paged_table
from ekinerja.state.admin_announcements import KIND_OPTIONS, TARGET_FIELD
from ekinerja.state.admin_announcements import AdminAnnouncementsState as S

E = Editor(S)


def _row(row: rx.Var) -> rx.Component:
    is_correction = row["kind"] == "koreksi_data"
    return rx.table.row(
        rx.table.cell(rx.text(row["title"], weight="medium", min_width="10rem")),
        rx.table.cell(rx.badge(row["kind_label"], color_scheme=rx.cond(is_correction, "orange", "blue"), white_space="nowrap")),
        rx.table.cell(row["target"]),
        rx.table.cell(row["visible_until"], white_space="nowrap"),
        rx.table.cell(
            rx.vstack(
                rx.text(row["created_by"], size="1"),
                rx.text(row["created_at"], size="1", color=rx.color("gray", 10), white_space="nowrap"),
                spacing="0",
            )
        ),
        rx.table.cell(active_badge(row["active"])),
        rx.table.cell(
            rx.cond(
                row["active"] == "ya",
                row_actions(
                    confirm_button(
                        "Nonaktifkan",
                        title="Nonaktifkan pengumuman?",
                        message="Pengumuman tidak lagi tampil di dashboard pegawai. Tindakan ini tidak dapat dibatalkan.",
                        on_confirm=S.deactivate(row["id"].to(int)),
                        color="gray",
                    )
                ),
            )
        ),
    )


def _announcement_dialog() -> rx.Component:
    return E.dialog("announcement", "Tambah pengumuman", S.save, submit_label="Terbitkan", body=[
        E.text("Judul", "title", max_length=150),
        E.textarea("Isi pengumuman", "body", rows="6", max_length=20000),
        E.select("Jenis", "kind", KIND_OPTIONS),
        E.text("NIP pegawai tujuan", TARGET_FIELD, input_mode="numeric", max_length=30, placeholder="Kosongkan untuk seluruh pegawai",
               hint="Wajib untuk koreksi data; pengumuman umum tanpa NIP tampil bagi seluruh pegawai instansi."),
        E.text("Tayang sampai (opsional)", "visible_until", type="date", hint="Kosongkan agar tampil sampai dinonaktifkan."),
    ])


def announcements_page() -> rx.Component:
    return page_shell(
        "Pengumuman",
        toolbar(rx.button(rx.icon("megaphone"), "Tambah pengumuman", on_click=S.open_new, size="3", id="tambah-pengumuman")),
        paged_table(S, ["Judul", "Jenis", "Tujuan", "Tayang s.d.", "Dibuat", "Status", "Tindakan"], _row, id="tabel-pengumuman"),
        _announcement_dialog(),
    )
