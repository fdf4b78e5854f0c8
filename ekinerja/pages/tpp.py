"""TPP pages: the employee's explained month (/tpp) and the admin's rules, recap and lock (/admin/tpp)."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.dialogs import confirm_button
from ekinerja.components.forms import field, field_error, select_input, stacked_form, text_input
from ekinerja.components.layout import page_shell
from ekinerja.components.pickers import month_select
from ekinerja.components.skp import section
from ekinerja.components.tables import data_table
from ekinerja.domain.tpp import ABSENCE_LABELS, DEDUCTION_BASES, DEDUCTION_KEYS, PLT_HIGHER_RULES, PRESETS
from ekinerja.domain.tpp_ruleset import KELAS, PREDIKAT_KEYS
from ekinerja.state.tpp import AdminTppState, TppState


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
            rx.cond(TppState.minutes != "", rx.text(TppState.minutes, size="2", id="target-kinerja")),
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


def _source(group: str) -> rx.Component:
    """Where the values of a group of settings come from (the preset's citation, or that an admin changed them)."""
    return rx.text(AdminTppState.rule_sources[group], size="1", color=rx.color("gray", 11), class_name="sumber-aturan", id=f"sumber-{group}")


def _choice(name: str, label: str, options: dict[str, str]) -> rx.Component:
    choices = [{"id": key, "label": text} for key, text in options.items()]
    return field(label, select_input(name, choices, AdminTppState.form_values), error=field_error(AdminTppState, name))


def _absence_row(kind: str, label: str) -> rx.Component:
    values = AdminTppState.form_values
    return rx.hstack(
        rx.text(label, size="2", flex="1", min_width="9rem"),
        rx.checkbox("Tidak dihitung dalam target", name=f"excuse_{kind}", default_checked=values[f"excuse_{kind}"] == "on", id=f"isian-excuse_{kind}", size="2"),
        rx.box(_num(f"absence_{kind}", "Potongan %/hari"), width="8rem"),
        width="100%",
        align="center",
        wrap="wrap",
        spacing="2",
        padding_y="0.25rem",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def _preset_picker() -> rx.Component:
    return field(
        "Mulai dari preset",
        rx.select.root(
            rx.select.trigger(placeholder="Pilih preset aturan...", width="100%", id="pilih-preset-tpp"),
            rx.select.content(*[rx.select.item(p.name, value=key) for key, p in PRESETS.items()]),
            on_change=AdminTppState.apply_preset,
            size="3",
        ),
        hint="Preset mengisi semua aturan di bawah kecuali basis per kelas. Periksa, ubah bila perlu, lalu simpan.",
    )


def _rules_form() -> rx.Component:
    values = AdminTppState.form_values
    return stacked_form(
        rx.cond(field_error(AdminTppState, "ruleset") != "", rx.callout(field_error(AdminTppState, "ruleset"), color_scheme="red", icon="triangle-alert", width="100%")),
        rx.cond(~AdminTppState.has_saved, rx.text("Belum disimpan: yang tampil adalah nilai bawaan.", size="2", color=rx.color("orange", 11))),
        rx.el.input(type="hidden", name="preset", default_value=values["preset"]),
        rx.heading("Basis TPP per kelas jabatan (Rp per bulan)", size="3"),
        rx.grid(*[_num(f"base_{k}", f"Kelas {k}") for k in KELAS], columns=rx.breakpoints(initial="2", sm="3", md="6"), spacing="2", width="100%"),
        rx.heading("Bobot dan kinerja", size="3"),
        rx.grid(_num("weight_kinerja", "Bobot kinerja (%)"), _num("weight_disiplin", "Bobot disiplin (%)"), columns="2", spacing="2", width="100%"),
        _source("weights"),
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
        _source("kinerja"),
        rx.heading("Potongan kehadiran", size="3"),
        rx.grid(
            _choice("deduction_base", "Dasar potongan", DEDUCTION_BASES), _num("cap", "Batas potongan (% dasar potongan)"),
            columns=rx.breakpoints(initial="1", sm="2"), spacing="2", width="100%",
        ),
        _source("deduction_base"),
        rx.grid(*[_num(f"ded_{k}", k) for k in DEDUCTION_KEYS if k != "TK"], columns=rx.breakpoints(initial="4", md="8"), spacing="2", width="100%"),
        _source("tl_psw"),
        _num("ded_TK", "Tidak masuk tanpa keterangan (% per hari)"),
        _source("tk"),
        rx.heading("Ketidakhadiran yang disetujui", size="3"),
        rx.text(
            "Centang jenis yang hari-harinya tidak dihitung dalam target kinerja; isi % per hari bila jenis itu juga memotong TPP (0: tidak memotong).",
            size="2",
        ),
        rx.vstack(*[_absence_row(kind, label) for kind, label in ABSENCE_LABELS.items()], spacing="0", width="100%", id="aturan-ketidakhadiran"),
        _source("target_excused"),
        _source("absence_rates"),
        rx.heading("Plt/Plh", size="3"),
        rx.grid(
            _num("plt_addon", "Jabatan setingkat: tambahan (% basis jabatan Plt)"),
            _choice("plt_higher", "Jabatan lebih tinggi", PLT_HIGHER_RULES),
            _num("plt_min_days", "Masa minimal (hari kerja)"),
            columns=rx.breakpoints(initial="1", md="3"), spacing="2", width="100%",
        ),
        _source("plt"),
        rx.heading("Faktor predikat kinerja", size="3"),
        rx.checkbox("Terapkan faktor predikat pada komponen kinerja", name="predikat_factor", default_checked=values["predikat_factor"] == "on", id="isian-predikat_factor"),
        rx.grid(*[_num(f"factor_{k}", k.replace("_", " ").title() + " (%)") for k in PREDIKAT_KEYS], columns=rx.breakpoints(initial="2", md="5"), spacing="2", width="100%"),
        rx.button("Simpan aturan TPP", type="submit", size="3", id="simpan-aturan-tpp"),
        on_submit=AdminTppState.save_rules, key=AdminTppState.form_version, spacing="3",
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
            _preset_picker(),
            _rules_form(),
        ),
    )
