"""Admin: Pegawai."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.admin import field_error
from ekinerja.components.dialogs import confirm_button, form_dialog
from ekinerja.components.forms import field, select_input, text_input
from ekinerja.components.layout import page_shell
from ekinerja.components.spreadsheet_import import import_dialog
from ekinerja.components.tables import data_table, pager, search_box
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


def _err(name: str) -> rx.Var:
    return field_error(S, name)


def _row(row: rx.Var) -> rx.Component:
    employee_id = row["id"].to(int)
    return rx.table.row(
        rx.table.cell(row["nip"], white_space="nowrap"),
        rx.table.cell(row["name"]),
        rx.table.cell(row["position"]),
        rx.table.cell(row["unit"]),
        rx.table.cell(rx.badge(row["status"])),
        rx.table.cell(rx.cond(row["active"] == "ya", rx.badge("aktif", color_scheme="green"), rx.badge("nonaktif", color_scheme="gray"))),
        rx.table.cell(
            rx.hstack(
                rx.button("Ubah", size="2", variant="soft", on_click=S.open_edit(employee_id)),
                rx.button("Mutasi", size="2", variant="soft", on_click=S.open_move(employee_id)),
                confirm_button(
                    "Reset sandi",
                    title="Reset kata sandi?",
                    message="Kata sandi kembali ke 8 digit pertama NIP dan wajib diganti saat masuk. Semua sesi pegawai ini diakhiri.",
                    on_confirm=S.reset_password(employee_id),
                    color="orange",
                ),
                confirm_button(
                    rx.cond(row["active"] == "ya", "Nonaktifkan", "Aktifkan"),
                    title="Ubah status akun?",
                    message="Akun nonaktif tidak dapat masuk; sesi yang terbuka diakhiri.",
                    on_confirm=S.toggle_active(employee_id, row["active"] != "ya"),
                    color="gray",
                ),
                spacing="2",
                wrap="wrap",
            )
        ),
    )


def _jabatan_fungsional_fields(v: rx.Var) -> rx.Component:
    return rx.vstack(
        field(
            "Jenjang jabatan fungsional", select_input("jf_jenjang", JENJANG_OPTIONS, v, placeholder="Bukan jabatan fungsional"), error=_err("jf_jenjang"),
            hint="Kosongkan untuk pejabat struktural dan pelaksana. Dipakai untuk menghitung angka kredit (PermenPAN-RB 1/2023).",
        ),
        rx.grid(
            field("TMT jenjang", text_input("jf_tmt", v, type="date"), error=_err("jf_tmt")),
            field(
                "Angka kredit awal", text_input("jf_angka_kredit_awal", v, input_mode="decimal", placeholder="mis. 0 atau 37,500"),
                error=_err("jf_angka_kredit_awal"), hint="Angka kredit kumulatif di jenjang ini pada TMT, dari PAK terakhir.",
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _employee_dialog() -> rx.Component:
    v = S.form_values
    is_new = S.editing_id == 0
    return form_dialog(
        name="employee",
        title=rx.cond(is_new, "Tambah pegawai", "Ubah data pegawai"),
        open_var=S.form_open,
        version=S.form_version,
        on_close=S.close_form,
        on_submit=S.save,
        body=[
            field(
                "NIP (18 digit)",
                rx.cond(is_new, text_input("nip", v, input_mode="numeric", max_length=30), rx.input(name="nip", value=v["nip"], read_only=True, size="3", width="100%", id="isian-nip")),
                error=_err("nip"),
                hint=(
                    "PNS: NIP (tanggal lahir, TMT CPNS tahun-bulan, jenis kelamin, nomor urut). PPPK: NI PPPK "
                    "(tanggal lahir, tahun TMT, 2, perjanjian kerja ke-, jenis kelamin, nomor urut). "
                    "Kata sandi awal pegawai baru adalah 8 digit pertama."
                ),
            ),
            rx.cond(~is_new, rx.text("Isi NIP: ", S.nip_facts, size="1", id="isi-nip")),
            field("Nama (tanpa gelar)", text_input("name", v), error=_err("name")),
            rx.grid(
                field("Gelar depan", text_input("gelar_depan", v, placeholder="mis. Dr."), error=_err("gelar_depan")),
                field("Gelar belakang", text_input("gelar_belakang", v, placeholder="mis. S.Kom., M.Si."), error=_err("gelar_belakang")),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3",
                width="100%",
            ),
            field("Status", select_input("status", STATUS_OPTIONS, v), error=_err("status")),
            field("Pangkat/golongan", text_input("pangkat_golongan", v, placeholder="mis. Penata Muda (III/a)"), error=_err("pangkat_golongan")),
            _jabatan_fungsional_fields(v),
            rx.cond(
                is_new,
                rx.vstack(
                    field("Unit kerja", select_input("unit_id", S.unit_options, v, on_change=S.choose_unit)),
                    field("Jabatan", select_input("position_id", S.position_options, v, placeholder="Pilih unit dulu"), error=_err("position_id")),
                    field("TMT jabatan", text_input("start_date", v, type="date"), error=_err("start_date")),
                    width="100%",
                ),
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
            rx.cond(_err("roles") != "", rx.text(_err("roles"), color=rx.color("red", 11), size="1")),
        ],
    )


def _move_dialog() -> rx.Component:
    v = S.form_values
    return form_dialog(
        name="move",
        title="Mutasi jabatan",
        open_var=S.form_open,
        version=S.form_version,
        on_close=S.close_form,
        on_submit=S.save_move,
        submit_label="Catat mutasi",
        body=[
            rx.text(v["name"], " — NIP ", v["nip"], size="2", weight="medium"),
            field("Unit kerja tujuan", select_input("unit_id", S.unit_options, v, on_change=S.choose_unit)),
            field("Jabatan baru", select_input("position_id", S.position_options, v, placeholder="Pilih unit dulu"), error=_err("position_id")),
            field("TMT jabatan baru", text_input("start_date", v, type="date"), error=_err("start_date"), hint="Jabatan lama berakhir sehari sebelumnya."),
            field("Keterangan (mis. nomor SK)", text_input("note", v), error=_err("note")),
        ],
    )


def employees_page() -> rx.Component:
    return page_shell(
        "Data Pegawai",
        rx.hstack(
            rx.button(rx.icon("user-plus"), "Tambah pegawai", on_click=S.open_new, size="3", id="tambah-pegawai"),
            rx.button(rx.icon("file-up"), "Impor", on_click=S.open_import, variant="soft", size="3"),
            rx.button(rx.icon("file-down"), "Ekspor Excel", on_click=S.export_xlsx, variant="soft", size="3"),
            wrap="wrap",
            spacing="2",
        ),
        search_box(S.apply_search, "Cari NIP atau nama", "cari-pegawai"),
        rx.select.root(
            rx.select.trigger(placeholder="Semua unit", width="100%"),
            rx.select.content(
                rx.select.item("Semua unit", value="semua"),
                rx.foreach(S.unit_options, lambda o: rx.select.item(o["label"], value=o["id"])),
            ),
            on_change=S.filter_unit,
            size="3",
        ),
        data_table(["NIP", "Nama", "Jabatan", "Unit", "Status", "Akun", "Tindakan"], S.rows, _row, id="tabel-pegawai"),
        pager(S.page, S.page_count, S.total, S.go_to_page),
        _employee_dialog(),
        _move_dialog(),
        import_dialog(S, title="Impor pegawai dari Excel/CSV", upload_id=UPLOAD_ID),
    )
