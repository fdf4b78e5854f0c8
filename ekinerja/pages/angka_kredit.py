"""Angka Kredit: the pejabat fungsional's statement, built to be read on a phone."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.editor import Editor
from ekinerja.components.forms import field, field_grid, muted
from ekinerja.components.layout import page_shell
from ekinerja.components.pickers import option_select
from ekinerja.components.skp import labelled, progress_bar, section
from ekinerja.domain.angka_kredit import JENJANG
from ekinerja.state.angka_kredit import AngkaKreditState as S

E = Editor(S)
JENJANG_OPTIONS = [{"id": code, "label": f"{rule.label} ({rule.kategori.value})"} for code, rule in JENJANG.items()]


def _year(line: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(line["year"], ": ", line["predikat"], size="2", weight="medium"),
            muted(line["detail"], size="1"),
            rx.cond(line["own"] != "", muted(line["own"], size="1")),
            spacing="0",
            min_width="0",
            flex="1",
        ),
        rx.text(line["ak"], size="2", weight="bold", white_space="nowrap", color=rx.cond(line["pending"] == "1", rx.color("gray", 10), rx.color("gray", 12))),
        width="100%",
        align="start",
        padding_y="0.5rem",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        class_name="ak-tahun",
    )


def _target(target: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(target["kind"], ": ", target["label"], size="2", weight="medium", flex="1", min_width="0"),
            rx.badge(target["short"], color_scheme=rx.cond(target["met"] == "1", "green", "amber"), white_space="nowrap"),
            width="100%",
            align="center",
            wrap="wrap",
        ),
        progress_bar(target["share"], target["share"], rx.Var.create(False)),
        muted("Kebutuhan angka kredit kumulatif: ", target["needed"], size="1"),
        spacing="1",
        width="100%",
        class_name="ak-target",
    )


def _history_line(line: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(line["jenjang"], size="2", weight="bold"),
            rx.cond(line["current"] == "1", rx.badge("berlaku", color_scheme="green")),
            align="center",
            wrap="wrap",
        ),
        rx.text(line["jabatan"], size="2"),
        muted(line["period"], size="1"),
        muted(line["sk"], size="1"),
        rx.cond(line["awal"] != "", muted(line["awal"], size="1")),
        spacing="0",
        width="100%",
        padding_y="0.5rem",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        class_name="riwayat-jenjang",
    )


def _jenjang_form() -> rx.Component:
    return E.dialog("jenjang", "Catat perubahan jenjang", S.save_jenjang, submit_label="Catat perubahan", body=[
        rx.text(S.profile["name"], " — NIP ", S.profile["nip"], size="2", weight="medium"),
        muted("Jenjang yang berlaku sekarang berakhir sehari sebelum TMT baru. Isi sesuai SK pengangkatan dalam jenjang baru.", size="1"),
        E.text("Jabatan fungsional", "jabatan", placeholder="mis. Analis SDM Aparatur Ahli Muda"),
        E.select("Jenjang", "jenjang", JENJANG_OPTIONS),
        field_grid(
            E.text("TMT jenjang", "tmt", type="date", hint="Sesudah TMT jenjang sebelumnya."),
            E.text("Angka kredit awal", "angka_kredit_awal", input_mode="decimal", placeholder="mis. 0 atau 7,500", hint="Dari PAK pada TMT; kosong berarti 0."),
            E.text("Nomor SK", "sk_nomor", placeholder="mis. 800/123/BKPSDM/2026"),
            E.text("Tanggal SK", "sk_tanggal", type="date"),
        ),
    ])


def _statement() -> rx.Component:
    p = S.profile
    return rx.vstack(
        section(
            "Pejabat fungsional",
            rx.grid(
                labelled("Nama", p["name"]),
                labelled("NIP", p["nip"]),
                labelled("Pangkat/golongan", p["pangkat"]),
                labelled("Jabatan fungsional", p["jabatan"]),
                labelled("Jenjang", p["jenjang"], id="jenjang-jf"),
                labelled("TMT jenjang", p["tmt"]),
                labelled("Koefisien per tahun", p["koefisien"]),
                labelled("Angka kredit awal (PAK)", p["awal"]),
                columns=rx.breakpoints(initial="2", sm="3"),
                spacing="3",
                width="100%",
            ),
        ),
        section(
            "Angka kredit kumulatif",
            rx.text(S.cumulative, size="7", weight="bold", id="ak-kumulatif"),
            muted("Angka kredit awal ditambah angka kredit tiap tahun sejak TMT jenjang yang berlaku; kenaikan jenjang memulai hitungan baru.", size="1"),
            rx.vstack(rx.foreach(S.targets, _target), spacing="4", width="100%", id="kebutuhan-ak"),
            rx.cond(p["golongan_note"] != "", rx.callout(p["golongan_note"], icon="info", color_scheme="amber", size="1", width="100%")),
        ),
        section(
            "Angka kredit per tahun",
            muted(
                "Bulan dalam jenjang / 12 x persentase predikat tahunan x koefisien jenjang (PermenPAN-RB 1/2023, Perban BKN 3/2023 Pasal 13), "
                "dihitung per jenjang bila jenjang berubah di tengah tahun; bulan dihitung untuk jenjang yang berlaku pada tanggal 1. "
                "Sangat Baik 150%, Baik 100%, Butuh Perbaikan 75%, Kurang 50%, Sangat Kurang 25%.",
                size="1",
            ),
            rx.vstack(rx.foreach(S.years, _year), spacing="0", width="100%", id="ak-per-tahun"),
        ),
        section(
            "Riwayat jenjang",
            rx.vstack(rx.foreach(S.history, _history_line), spacing="0", width="100%", id="riwayat-jenjang"),
            rx.cond(
                S.may_record,
                rx.button("Catat perubahan jenjang", on_click=S.open_jenjang_form, size="3", width="100%", id="catat-jenjang"),
            ),
        ),
        spacing="4",
        width="100%",
    )


def angka_kredit_page() -> rx.Component:
    return page_shell(
        "Angka Kredit",
        rx.cond(
            S.people_options.length() > 0,
            rx.vstack(
                rx.cond(
                    S.people_options.length() > 1,
                    field("Pegawai", option_select(S.people_options, S.employee_id, S.choose_employee, "pilih-pegawai-ak")),
                ),
                _statement(),
                _jenjang_form(),
                rx.text(
                    "Rekap seluruh pejabat fungsional untuk BKD: menu Laporan, Rekap angka kredit jabatan fungsional (Excel).",
                    size="1",
                    color=rx.color("gray", 10),
                ),
                spacing="4",
                width="100%",
            ),
            rx.callout(
                "Anda tidak tercatat sebagai pejabat fungsional. Jika Anda menduduki jabatan fungsional, minta admin kepegawaian "
                "mengisi jenjang, TMT jenjang, dan angka kredit awal Anda di data pegawai.",
                icon="info",
                width="100%",
                id="bukan-fungsional",
            ),
        ),
    )
