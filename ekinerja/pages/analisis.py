"""Analisis Organisasi: Beban Kerja (ABK), Kinerja Unit and Peringkat Unit, as tabs."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.forms import error_callout, field
from ekinerja.components.layout import page_shell
from ekinerja.components.pickers import filter_select
from ekinerja.components.skp import section
from ekinerja.components.tables import data_table, pager
from ekinerja.state.analisis import MONTH_OPTIONS, WHOLE_YEAR_OPTION
from ekinerja.state.analisis import AnalisisState as S

STATUS_COLORS = {"kurang": "red", "lebih": "amber", "seimbang": "green", "belum_dinilai": "gray"}


def _loading(flag: rx.Var) -> rx.Component:
    return rx.cond(flag, rx.hstack(rx.spinner(size="2"), rx.text("Menghitung...", size="2"), align="center"))


def _abk_row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(r["jabatan"], weight="medium"), rx.text(r["unit"], size="1", color=rx.color("gray", 10)), min_width="12rem"),
        rx.table.cell(r["beban"], text_align="right"),
        rx.table.cell(r["kebutuhan"], text_align="right"),
        rx.table.cell(r["pemangku"], text_align="right"),
        rx.table.cell(r["selisih"], text_align="right"),
        rx.table.cell(rx.badge(r["status_label"], color_scheme=rx.match(r["status"], *STATUS_COLORS.items(), "gray"))),
        rx.table.cell(rx.text(r["catatan"], size="1"), min_width="10rem"),
        class_name="baris-abk",
    )


def _abk_tab() -> rx.Component:
    return rx.vstack(
        section(
            "Pilihan analisis",
            field("Unit kerja", filter_select(S.unit_options, S.unit_id, lambda v: S.choose_abk("unit_id", v), select_id="abk-unit")),
            rx.grid(
                field(
                    "Periode",
                    filter_select(
                        rx.Var.create([WHOLE_YEAR_OPTION, *MONTH_OPTIONS]), S.month, lambda v: S.choose_abk("month", v), select_id="abk-bulan"
                    ),
                ),
                field("Tahun", filter_select(S.year_options, S.year, lambda v: S.choose_abk("year", v), select_id="abk-tahun")),
                columns="2", spacing="3", width="100%",
            ),
            rx.form(
                rx.hstack(
                    field(
                        "Jam kerja efektif per pegawai per tahun",
                        rx.input(name="effective_hours", default_value=S.effective_hours, key=S.effective_hours, size="3", input_mode="numeric", id="abk-jam-efektif"),
                        error=S.hours_error,
                        hint="Norma Anjab/ABK: 1250 jam.",
                    ),
                    rx.button("Hitung", type="submit", size="3", id="abk-hitung"),
                    align="end", width="100%",
                ),
                on_submit=S.submit_hours, reset_on_submit=False, width="100%",
            ),
            rx.hstack(
                rx.button(
                    rx.icon("download"), "Unduh Excel", on_click=S.download_abk, loading=S.generating, disabled=S.generating | (S.total == 0),
                    size="3", id="abk-unduh",
                ),
                _loading(S.abk_loading),
                align="center", spacing="3", wrap="wrap",
            ),
            error_callout(S.abk_error, id="abk-galat"),
        ),
        rx.cond(
            S.total > 0,
            rx.vstack(
                section(
                    "Kebutuhan dan pemangku per unit",
                    rx.recharts.bar_chart(
                        rx.recharts.bar(data_key="kebutuhan", fill=rx.color("accent", 9), name="Kebutuhan pegawai"),
                        rx.recharts.bar(data_key="pemangku", fill=rx.color("gray", 8), name="Pemangku"),
                        rx.recharts.x_axis(data_key="unit", hide=True),
                        rx.recharts.y_axis(width=40),
                        rx.recharts.graphing_tooltip(),
                        rx.recharts.legend(),
                        data=S.abk_chart, height=260, width="100%",
                    ),
                    id="abk-grafik",
                ),
                section(
                    "Beban kerja per jabatan",
                    rx.text(S.abk_summary, size="1", color=rx.color("gray", 10)),
                    data_table(
                        ["Jabatan", "Beban kerja (jam/tahun)", "Kebutuhan pegawai", "Pemangku", "Selisih", "Keadaan", "Catatan"],
                        S.abk_rows, _abk_row, phone="scroll", id="tabel-abk",
                    ),
                    pager(S.page, S.page_count, S.total, S.go_to_page),
                    rx.text(
                        "Selisih = pemangku − kebutuhan: minus berarti kurang pegawai, plus berarti lebih. "
                        "Pemangku dihitung menurut lamanya menjabat dalam periode (mutasi di tengah periode dihitung sebagian).",
                        size="1", color=rx.color("gray", 10),
                    ),
                ),
                width="100%", spacing="3",
            ),
        ),
        width="100%", spacing="3",
    )


def _perf_filters() -> rx.Component:
    return section(
        "Pilihan",
        field("Bandingkan unit di bawah", filter_select(S.parent_options, S.parent_id, lambda v: S.choose_perf("parent_id", v), select_id="kinerja-induk")),
        rx.grid(
            field("Bulan", filter_select(MONTH_OPTIONS, S.perf_month, lambda v: S.choose_perf("perf_month", v), select_id="kinerja-bulan")),
            field("Tahun", filter_select(S.year_options, S.perf_year, lambda v: S.choose_perf("perf_year", v), select_id="kinerja-tahun")),
            columns="2", spacing="3", width="100%",
        ),
        _loading(S.perf_loading),
        error_callout(S.perf_error, id="kinerja-galat"),
    )


def _measure_row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r["unit"], min_width="10rem"),
        rx.table.cell(r["pegawai"], text_align="right"),
        rx.table.cell(r["pengisian"], text_align="right"),
        rx.table.cell(r["capaian"], text_align="right"),
        rx.table.cell(r["validasi"], text_align="right"),
        rx.table.cell(r["disiplin"], text_align="right"),
        rx.table.cell(rx.text(r["predikat"], size="1"), min_width="10rem"),
        class_name="baris-kinerja",
    )


TREND_LINES = (("skor", "Skor", "accent"), ("pengisian", "Pengisian", "blue"), ("capaian", "Capaian", "green"),
               ("validasi", "Validasi", "amber"), ("disiplin", "Disiplin", "red"))


def _kinerja_tab() -> rx.Component:
    return rx.vstack(
        _perf_filters(),
        section(
            S.perf_title,
            rx.text(
                "Dalam persen: pengisian = pegawai yang mengisi kegiatan setiap hari kerja; capaian = rata-rata menit disetujui "
                "terhadap target (maks. 100); validasi = kegiatan yang divalidasi dalam batas waktu; disiplin = hari kerja hadir tepat waktu.",
                size="1", color=rx.color("gray", 10),
            ),
            data_table(["Unit", "Pegawai", "Pengisian", "Capaian", "Validasi", "Disiplin", "Predikat"], S.perf_rows, _measure_row, phone="scroll", id="tabel-kinerja"),
        ),
        rx.cond(
            S.unit_options.length() > 0,
            section(
                "Tren 12 bulan",
                field("Unit", filter_select(S.unit_options, S.trend_unit_id, lambda v: S.choose_perf("trend_unit_id", v), select_id="tren-unit")),
                rx.recharts.line_chart(
                    *[rx.recharts.line(data_key=key, name=label, stroke=rx.color(color, 9), connect_nulls=True) for key, label, color in TREND_LINES],
                    rx.recharts.x_axis(data_key="bulan"),
                    rx.recharts.y_axis(width=36, domain=[0, 100]),
                    rx.recharts.graphing_tooltip(),
                    rx.recharts.legend(),
                    data=S.trend_rows, height=280, width="100%",
                ),
                id="tren-kinerja",
            ),
        ),
        width="100%", spacing="3",
    )


def _rank_row(r: rx.Var) -> rx.Component:
    own = r["own"] == "1"
    return rx.table.row(
        rx.table.cell(rx.text(r["rank"], weight="bold")),
        rx.table.cell(rx.hstack(rx.text(r["unit"]), rx.cond(own, rx.badge("Unit Anda", color_scheme="green")), wrap="wrap"), min_width="10rem"),
        rx.table.cell(r["skor"], text_align="right"),
        rx.table.cell(r["pegawai"], text_align="right"),
        background=rx.cond(own, rx.color("green", 3), "transparent"),
        class_name="baris-peringkat",
    )


def _peringkat_tab() -> rx.Component:
    return rx.vstack(
        rx.cond(S.own_place != "", rx.callout(S.own_place, icon="trophy", width="100%", id="peringkat-unit-anda")),
        rx.cond(
            S.is_lead,
            rx.vstack(
                _perf_filters(),
                section(
                    S.perf_title,
                    rx.text(
                        "Skor = rata-rata pengisian, capaian, validasi, dan disiplin. Skor sama berbagi peringkat; "
                        "unit tanpa data tidak diberi peringkat.",
                        size="1", color=rx.color("gray", 10),
                    ),
                    data_table(["#", "Unit", "Skor", "Pegawai"], S.perf_rows, _rank_row, phone="scroll", id="tabel-peringkat"),
                ),
                width="100%", spacing="3",
            ),
        ),
        width="100%", spacing="3",
    )


def analisis_page() -> rx.Component:
    return page_shell(
        "Analisis Organisasi",
        rx.tabs.root(
            rx.tabs.list(
                rx.cond(S.is_lead, rx.tabs.trigger("Beban Kerja (ABK)", value="abk", id="tab-abk")),
                rx.cond(S.is_lead, rx.tabs.trigger("Kinerja Unit", value="kinerja", id="tab-kinerja")),
                rx.tabs.trigger("Peringkat Unit", value="peringkat", id="tab-peringkat"),
                flex_wrap="wrap",
            ),
            rx.tabs.content(_abk_tab(), value="abk", padding_top="1rem"),
            rx.tabs.content(_kinerja_tab(), value="kinerja", padding_top="1rem"),
            rx.tabs.content(_peringkat_tab(), value="peringkat", padding_top="1rem"),
            value=S.tab,
            on_change=S.choose_tab,
            width="100%",
        ),
        intro="Beban kerja jabatan dari kegiatan yang tercatat, kinerja unit per bulan, dan peringkat unit dengan ukuran yang sama.",
    )
