"""Admin: Pegawai."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.admin import active_badge, row_actions, toggle_active_button, unit_filter
from ekinerja.components.dialogs import confirm_button
from ekinerja.components.editor import Editor
from ekinerja.components.forms import error_text, field, field_grid, select_input, text_input
from ekinerja.components.layout import page_shell, toolbar
from ekinerja.components.spreadsheet_import import import_dialog, import_export_buttons
from ekinerja.components.tables import paged_table, search_box
from ekinerja.domain.angka_kredit import JENJANG
from ekinerja.domain.validation import EMPLOYEE_STATUSES
from ekinerja.state.admin_employees import ADMIN_ROLE_FIELD
from ekinerja.state.admin_employees import AdminEmployeesState as S
from ekinerja.state.editor import NONE

STATUS_OPTIONS = [{"id": s, "label": s} for s in EMPLOYEE_STATUSES]
JENJANG_OPTIONS = [{"id": NONE, "label": "Bukan jabatan fungsional"}] + [
    {"id": code, "label": f"{rule.label} ({rule.kategori.value})"} for code, rule in JENJANG.items()
]
UPLOAD_ID = "impor-pegawai"


E = Editor(S)


def _row(row: rx.Var) -> rx.Component:
    employee_id = row["id"].to(int)
    return rx.table.row(
        rx.table.cell(row["nip"], white_space="nowrap"),
        rx.table.cell(row["name"]),
        rx.table.cell(row["position"]),
        rx.table.cell(row["unit"]),
        rx.table.cell(rx.badge(row["status"])),
        rx.table.cell(active_badge(row["active"])),
        rx.table.cell(
            row_actions(
                rx.button("Ubah", size="2", variant="soft", on_click=S.open_edit(employee_id)),
                rx.button("Mutasi", size="2", variant="soft", on_click=S.open_move(employee_id)),
                confirm_button(
                    "Reset sandi",
                    title="Reset kata sandi?",
                    message="Kata sandi kembali ke 8 digit pertama NIP dan wajib diganti saat masuk. Semua sesi pegawai ini diakhiri.",
                    on_confirm=S.reset_password(employee_id),
                    color="orange",
                ),
                toggle_active_button(
                    row["active"], lambda active: S.toggle_active(employee_id, active),
                    title="Ubah status akun?", message="Akun nonaktif tidak dapat masuk; sesi yang terbuka diakhiri.",
                ),
            )
        ),
    )


def _jabatan_fungsional_fields() -> rx.Component:
    return rx.vstack(
        E.select(
            "Jenjang jabatan fungsional", "jf_jenjang", JENJANG_OPTIONS, placeholder="Bukan jabatan fungsional",
            hint="Kosongkan untuk pejabat struktural dan pelaksana. Dipakai untuk menghitung angka kredit (PermenPAN-RB 1/2023).",
        ),
        field_grid(
            E.text("TMT jenjang", "jf_tmt", type="date"),
            E.text("Angka kredit awal", "jf_angka_kredit_awal", input_mode="decimal", placeholder="mis. 0 atau 37,500",
                   hint="Angka kredit kumulatif di jenjang ini pada TMT, dari PAK terakhir."),
        ),
        width="100%",
    )


def _employee_dialog() -> rx.Component:
    v = S.form_values
    is_new = S.editing_id == 0
    return E.dialog("employee", rx.cond(is_new, "Tambah pegawai", "Ubah data pegawai"), S.save, body=[
        field(
            "NIP (18 digit)",
            rx.cond(is_new, text_input("nip", v, input_mode="numeric", max_length=30), rx.input(name="nip", value=v["nip"], read_only=True, size="3", width="100%", id="isian-nip")),
            error=E.error("nip"),
            hint=(
                "PNS: NIP (tanggal lahir, TMT CPNS tahun-bulan, jenis kelamin, nomor urut). PPPK: NI PPPK "
                "(tanggal lahir, tahun TMT, 2, perjanjian kerja ke-, jenis kelamin, nomor urut). "
                "Kata sandi awal pegawai baru adalah 8 digit pertama."
            ),
        ),
        rx.cond(~is_new, rx.text("Isi NIP: ", S.nip_facts, size="1", id="isi-nip")),
        E.text("Nama (tanpa gelar)", "name"),
        field_grid(
            E.text("Gelar depan", "gelar_depan", placeholder="mis. Dr."),
            E.text("Gelar belakang", "gelar_belakang", placeholder="mis. S.Kom., M.Si."),
        ),
        E.select("Status", "status", STATUS_OPTIONS),
        E.text("Pangkat/golongan", "pangkat_golongan", placeholder="mis. Penata Muda (III/a)"),
        _jabatan_fungsional_fields(),
        rx.cond(
            is_new,
            rx.vstack(*_placement_fields("Unit kerja", "Jabatan", "TMT jabatan"), width="100%"),
            rx.vstack(
                rx.text("Riwayat jabatan", size="2", weight="medium"),
                rx.foreach(
                    S.history,
                    lambda h: rx.text(h["period"], ": ", h["position"], " (", h["kind"], ") — ", h["unit"], size="1"),
                ),
                rx.text("Pindah jabatan lewat tombol Mutasi agar riwayat tetap utuh.", size="1", color=rx.color("gray", 10)),
                width="100%",
            ),
        ),
        rx.checkbox("Admin BKD (kelola data master)", name=ADMIN_ROLE_FIELD, default_checked=v[ADMIN_ROLE_FIELD] == "on", id="isian-peran-admin"),
        error_text(E.error("roles")),
        ])


def _move_dialog() -> rx.Component:
    v = S.form_values
    return E.dialog("move", "Mutasi jabatan", S.save_move, submit_label="Catat mutasi", body=[
        rx.text(v["name"], " — NIP ", v["nip"], size="2", weight="medium"),
        *_placement_fields("Unit kerja tujuan", "Jabatan baru", "TMT jabatan baru", start_hint="Jabatan lama berakhir sehari sebelumnya."),
        E.text("Keterangan (mis. nomor SK)", "note"),
    ])


def _placement_fields(unit: str, position: str, start: str, *, start_hint: str = "") -> list[rx.Component]:
    """The unit (which narrows the jabatan list), the jabatan and its TMT: a new employee's or a mutasi's."""
    return [
        field(unit, select_input("unit_id", S.unit_options, S.form_values, on_change=S.choose_unit)),
        E.select(position, "position_id", S.position_options, placeholder="Pilih unit dulu"),
        E.text(start, "start_date", type="date", hint=start_hint),
    ]


def employees_page() -> rx.Component:
    return page_shell(
        "Data Pegawai",
        toolbar(rx.button(rx.icon("user-plus"), "Tambah pegawai", on_click=S.open_new, size="3", id="tambah-pegawai"), *import_export_buttons(S)),
        search_box(S.apply_search, "Cari NIP atau nama", "cari-pegawai"),
        unit_filter(S.unit_options, S.filter_unit, select_id="saring-unit-pegawai"),
        paged_table(S, ["NIP", "Nama", "Jabatan", "Unit", "Status", "Akun", "Tindakan"], _row, id="tabel-pegawai"),
        _employee_dialog(),
        _move_dialog(),
        import_dialog(S, title="Impor pegawai dari Excel/CSV", upload_id=UPLOAD_ID),
    )
