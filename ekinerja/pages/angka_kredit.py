"""Angka Kredit: the pejabat fungsional's statement, built to be read on a phone."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.forms import field, muted
from ekinerja.components.layout import page_shell
from ekinerja.components.skp import labelled, progress_bar, section
from ekinerja.pages.tpp import option_select
from ekinerja.state.angka_kredit import AngkaKreditState as S


def _year(line: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(line["year"], ": ", line["predikat"], size="2", weight="medium"),
            muted(line["detail"], size="1"),
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


def _statement() -> rx.Component:
    p = S.profile
    return rx.vstack(
        section(
            "Pejabat fungsional",
            rx.grid(
                labelled("Nama", p["name"]),
                labelled("NIP", p["nip"]),
                labelled("Pangkat/golongan", p["pangkat"]),
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
            muted("Angka kredit awal ditambah angka kredit tiap tahun sejak TMT jenjang.", size="1"),
            rx.vstack(rx.foreach(S.targets, _target), spacing="4", width="100%", id="kebutuhan-ak"),
            rx.cond(p["golongan_note"] != "", rx.callout(p["golongan_note"], icon="info", color_scheme="amber", size="1", width="100%")),
        ),
        section(
            "Angka kredit per tahun",
            muted(
                "Bulan dalam jenjang / 12 x persentase predikat tahunan x koefisien jenjang (PermenPAN-RB 1/2023, Perban BKN 3/2023). "
                "Sangat Baik 150%, Baik 100%, Butuh Perbaikan 75%, Kurang 50%, Sangat Kurang 25%.",
                size="1",
            ),
            rx.vstack(rx.foreach(S.years, _year), spacing="0", width="100%", id="ak-per-tahun"),
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
