"""TPP pages: the employee's explained month (/tpp) and the admin's rules, recap and lock (/admin/tpp)."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.admin import field_error
from ekinerja.components.dialogs import confirm_button
from ekinerja.components.forms import field, select_input, text_input
from ekinerja.components.layout import page_shell
from ekinerja.components.skp import section
from ekinerja.components.tables import data_table
from ekinerja.domain.tpp import DEFAULT_DEDUCTIONS
from ekinerja.services.tpp import KELAS, PREDIKAT_KEYS
from ekinerja.state.tpp import AdminTppState, TppState


def option_select(options: rx.Var, value: rx.Var, on_change, select_id: str) -> rx.Component:
    """A full-width select over ``[{"id", "label"}]`` that reports each choice at once."""
    return rx.select.root(
        rx.select.trigger(width="100%", id=select_id),
        rx.select.content(rx.foreach(options, lambda o: rx.select.item(o["label"], value=o["id"]))),
        value=value,
        on_change=on_change,
        size="3",
    )


def month_select(state, select_id: str) -> rx.Component:
    return option_select(state.months, state.month, state.choose_month, select_id)


def _line(line: rx.Var) -> rx.Component:
    explains = line["in_total"] == ""
    return rx.hstack(
        rx.vstack(
            rx.text(line["label"], size="2", weight="medium", class_name="tpp-line-label"),
            rx.text(line["detail"], size="1", color=rx.color("gray", 11), class_name="tpp-line-detail"),
            spacing="0",
            min_width="0",
            flex="1",
        ),
        rx.text(
            line["amount"], size="2", weight=rx.cond(explains, "regular", "bold"), white_space="nowrap",
            color=rx.cond(explains, rx.color("gray", 10), rx.cond(line["amount"].contains("-Rp"), rx.color("red", 11), rx.color("gray", 12))),
            class_name="tpp-line-amount",
        ),
        width="100%",
        align="start",
        padding_y="0.5rem",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        class_name=rx.cond(explains, "tpp-line tpp-base", "tpp-line"),
    )


def tpp_page() -> rx.Component:
    return page_shell(
        "TPP Saya",
        month_select(TppState, "pilih-bulan-tpp"),
        section(
            "Rincian perhitungan",
            rx.cond(TppState.locked, rx.badge("Dikunci setelah pembayaran: angka tidak berubah lagi", color_scheme="green", size="2")),
            rx.cond(TppState.minutes != "", rx.text("Menit efektif disetujui: ", TppState.minutes, size="2")),
            rx.text("Angka abu-abu menjelaskan basis; baris lain dijumlahkan menjadi total.", size="1", color=rx.color("gray", 10)),
            rx.vstack(rx.foreach(TppState.lines, _line), spacing="0", width="100%", id="rincian-tpp"),
            rx.hstack(
                rx.text("Total TPP (dibulatkan ke rupiah)", weight="bold"),
                rx.text(TppState.total, weight="bold", size="5", id="total-tpp"),
                justify="between",
                align="center",
                width="100%",
                wrap="wrap",
            ),
        ),
        rx.text(
            "Perkiraan untuk bulan berjalan berubah setiap kali kegiatan disetujui atau data kehadiran masuk.",
            size="1", color=rx.color("gray", 10),
        ),
    )


def _num(name: str, label: str) -> rx.Component:
    return field(label, text_input(name, AdminTppState.form_values, input_mode="decimal"), error=field_error(AdminTppState, name))


def _rules_form() -> rx.Component:
    values = AdminTppState.form_values
    return rx.form(
        rx.vstack(
            rx.cond(field_error(AdminTppState, "ruleset") != "", rx.callout(field_error(AdminTppState, "ruleset"), color_scheme="red", icon="triangle-alert", width="100%")),
            rx.cond(~AdminTppState.has_saved, rx.text("Belum disimpan: yang tampil adalah nilai bawaan.", size="2", color=rx.color("orange", 11))),
            rx.heading("Basis TPP per kelas jabatan (Rp per bulan)", size="3"),
            rx.grid(*[_num(f"base_{k}", f"Kelas {k}") for k in KELAS], columns=rx.breakpoints(initial="2", sm="3", md="6"), spacing="2", width="100%"),
            rx.heading("Bobot dan kinerja", size="3"),
            rx.grid(
                _num("weight_kinerja", "Bobot kinerja (%)"), _num("weight_disiplin", "Bobot disiplin (%)"),
                _num("cap", "Batas potongan (% komponen disiplin)"), _num("plt_addon", "Tambahan Plt/Plh (% basis jabatan)"),
                columns=rx.breakpoints(initial="2", md="4"), spacing="2", width="100%",
            ),
            field(
                "Kebijakan komponen kinerja",
                select_input("kinerja_policy", [{"id": "proporsional", "label": "Proporsional: min(menit disetujui / target, 100 %)"}, {"id": "bertingkat", "label": "Tabel bertingkat"}], values),
            ),
            field(
                "Tabel bertingkat (jika dipilih)",
                rx.text_area(name="steps", default_value=values["steps"], rows="4", width="100%", id="isian-steps"),
                error=field_error(AdminTppState, "steps"),
                hint="Satu baris per tingkat: capaian minimal % = % dibayar, misalnya 90=100",
            ),
            rx.heading("Potongan disiplin (% komponen disiplin)", size="3"),
            rx.grid(*[_num(f"ded_{k}", k if k != "TK" else "TK per hari") for k in DEFAULT_DEDUCTIONS], columns=rx.breakpoints(initial="3", md="5"), spacing="2", width="100%"),
            field(
                "Ketidakhadiran yang memotong (% per hari)",
                rx.text_area(name="absences", default_value=values["absences"], rows="2", width="100%", id="isian-absences"),
                error=field_error(AdminTppState, "absences"),
                hint="Jenis yang tidak tercantum (cuti, sakit, izin, dinas luar, tugas belajar) tidak memotong. Contoh: cuti_luar_tanggungan=3",
            ),
            rx.heading("Faktor predikat kinerja", size="3"),
            rx.checkbox("Terapkan faktor predikat pada komponen kinerja", name="predikat_factor", default_checked=values["predikat_factor"] == "on", id="isian-predikat_factor"),
            rx.grid(*[_num(f"factor_{k}", k.replace("_", " ").title() + " (%)") for k in PREDIKAT_KEYS], columns=rx.breakpoints(initial="2", md="5"), spacing="2", width="100%"),
            rx.button("Simpan aturan TPP", type="submit", size="3", id="simpan-aturan-tpp"),
            spacing="3",
            width="100%",
        ),
        on_submit=AdminTppState.save_rules,
        reset_on_submit=False,
        key=AdminTppState.form_version,
    )


def admin_tpp_page() -> rx.Component:
    return page_shell(
        "Aturan dan Rekap TPP",
        section(
            "Rekap per unit",
            month_select(AdminTppState, "pilih-bulan-rekap"),
            rx.cond(AdminTppState.recap_running, rx.hstack(rx.spinner(), rx.text("Menghitung seluruh pegawai...", size="2"))),
            data_table(
                ["Unit", "Pegawai", "Total TPP"],
                AdminTppState.recap_units,
                lambda u: rx.table.row(rx.table.cell(u["unit"]), rx.table.cell(u["employees"]), rx.table.cell(u["total"])),
                id="rekap-tpp",
            ),
            rx.hstack(rx.text("Total instansi", weight="bold"), rx.text(AdminTppState.recap_total, weight="bold", id="rekap-total"), justify="between", width="100%"),
            rx.cond(
                AdminTppState.recap_locked,
                rx.badge("Bulan ini sudah dikunci", color_scheme="green", size="2"),
                confirm_button(
                    "Kunci bulan ini", title="Kunci bulan setelah pembayaran?",
                    message="Angka setiap pegawai dibekukan dan tidak berubah lagi, juga bila aturan atau data kehadiran diubah.",
                    on_confirm=AdminTppState.lock, color="amber",
                ),
            ),
        ),
        section(
            "Aturan TPP per tahun",
            rx.select(AdminTppState.years, value=AdminTppState.year, on_change=AdminTppState.choose_year, size="3", id="pilih-tahun-tpp"),
            _rules_form(),
        ),
    )
