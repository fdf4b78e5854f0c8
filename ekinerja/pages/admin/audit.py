"""Admin: Jejak Audit."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.layout import page_shell
from ekinerja.components.tables import data_table, pager, search_box
from ekinerja.state.admin_audit import AdminAuditState


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["at"], white_space="nowrap"),
        rx.table.cell(row["actor"]),
        rx.table.cell(rx.badge(row["action"])),
        rx.table.cell(row["entity"]),
        rx.table.cell(rx.text(row["changes"], size="1")),
    )


def audit_page() -> rx.Component:
    return page_shell(
        "Jejak Audit",
        rx.text("Setiap perubahan data, login dan penggantian kata sandi tercatat di sini dan tidak dapat diubah.", size="2"),
        search_box(AdminAuditState.apply_search, "Cari aksi, NIP, nama atau ID data", "cari-audit"),
        data_table(["Waktu", "Oleh", "Aksi", "Data", "Perubahan"], AdminAuditState.rows, _row, id="tabel-audit"),
        pager(AdminAuditState.page, AdminAuditState.page_count, AdminAuditState.total, AdminAuditState.go_to_page),
    )
