"""Admin: Pengumuman."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.admin import active_badge, field_error, row_actions, textarea_input
from ekinerja.components.dialogs import confirm_button, form_dialog
from ekinerja.components.forms import field, select_input, text_input
from ekinerja.components.layout import page_shell
from ekinerja.components.tables import data_table, pager
from ekinerja.state.admin_announcements import KIND_OPTIONS, TARGET_FIELD
from ekinerja.state.admin_announcements import AdminAnnouncementsState as S


def _err(name: str) -> rx.Var:
    return field_error(S, name)


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
    v = S.form_values
    return form_dialog(
        name="announcement",
        title="Tambah pengumuman",
        open_var=S.form_open,
        version=S.form_version,
        on_close=S.close_form,
        on_submit=S.save,
        submit_label="Terbitkan",
        body=[
            field("Judul", text_input("title", v, max_length=150), error=_err("title")),
            field("Isi pengumuman", textarea_input("body", v, rows="6", max_length=20000), error=_err("body")),
            field("Jenis", select_input("kind", KIND_OPTIONS, v), error=_err("kind")),
            field(
                "NIP pegawai tujuan",
                text_input(TARGET_FIELD, v, input_mode="numeric", max_length=30, placeholder="Kosongkan untuk seluruh pegawai"),
                error=_err(TARGET_FIELD),
                hint="Wajib untuk koreksi data; pengumuman umum tanpa NIP tampil bagi seluruh pegawai instansi.",
            ),
            field(
                "Tayang sampai (opsional)",
                text_input("visible_until", v, type="date"),
                error=_err("visible_until"),
                hint="Kosongkan agar tampil sampai dinonaktifkan.",
            ),
        ],
    )


def announcements_page() -> rx.Component:
    return page_shell(
        "Pengumuman",
        rx.hstack(
            rx.button(rx.icon("megaphone"), "Tambah pengumuman", on_click=S.open_new, size="3", id="tambah-pengumuman"),
            wrap="wrap",
            spacing="2",
        ),
        data_table(
            ["Judul", "Jenis", "Tujuan", "Tayang s.d.", "Dibuat", "Status", "Tindakan"], S.rows, _row, id="tabel-pengumuman"
        ),
        pager(S.page, S.page_count, S.total, S.go_to_page),
        _announcement_dialog(),
    )
