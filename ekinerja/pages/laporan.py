"""Laporan: filters, the report as a table, its download with a progress bar, and what is coming."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from ekinerja.components.forms import field
from ekinerja.components.layout import page_shell
from ekinerja.components.pickers import filter_select
from ekinerja.components.tables import pager, scrolling
from ekinerja.state.laporan import MONTH_OPTIONS
from ekinerja.state.laporan import LaporanState as S


def _document_picker(subject: str, label: str, options: rx.Var, value: rx.Var, on_change: Callable, select_id: str, empty: str) -> rx.Component:
    """The document a per-document report prints (an SKP, an evaluation), or why there is none."""
    return rx.cond(
        S.subject == subject,
        rx.cond(
            options.length() > 0,
            field(label, filter_select(options, value, on_change, select_id=select_id)),
            rx.text(empty, size="2", color=rx.color("gray", 11)),
        ),
    )


def _filters() -> rx.Component:
    is_unit = (S.subject == "unit") | (S.subject == "tahun")
    year_picker = filter_select(S.year_options, S.year, lambda v: S.choose_period("year", v), select_id="pilih-tahun")
    return rx.card(
        rx.vstack(
            field("Jenis laporan", filter_select(S.report_options, S.report_key, S.choose_report, select_id="pilih-laporan")),
            rx.cond(S.subject == "tahun", field("Tahun", year_picker)),
            rx.cond(
                (S.subject == "pegawai") | (S.subject == "unit"),
                rx.grid(
                    field("Bulan", filter_select(MONTH_OPTIONS, S.month, lambda v: S.choose_period("month", v), select_id="pilih-bulan")),
                    field("Tahun", year_picker),
                    columns="2",
                    spacing="3",
                    width="100%",
                ),
            ),
            rx.cond(
                S.unit_options.length() > 0,
                field(
                    "Unit kerja",
                    filter_select(
                        rx.Var.create([{"id": "semua", "label": "Semua unit"}]).to(list[dict[str, str]]) + S.unit_options,
                        rx.cond(S.unit_id == "", "semua", S.unit_id),
                        S.choose_unit,
                        select_id="pilih-unit",
                    ),
                ),
            ),
            rx.cond(
                ~is_unit & (S.people_options.length() > 1),
                field("Pegawai", filter_select(S.people_options, S.employee_id, S.choose_employee, select_id="pilih-pegawai")),
            ),
            _document_picker("skp", "SKP", S.skp_options, S.skp_id, S.choose_skp, "pilih-skp", "Pegawai ini belum memiliki SKP."),
            _document_picker(
                "evaluasi", "Penilaian", S.evaluation_options, S.evaluation_id, S.choose_evaluation, "pilih-penilaian",
                "Pegawai ini belum memiliki penilaian kinerja yang final.",
            ),
            rx.hstack(
                rx.button(
                    rx.icon("download"),
                    "Unduh ",
                    S.format_label,
                    on_click=S.download,
                    loading=S.generating,
                    disabled=S.generating,
                    size="3",
                    id="tombol-unduh-laporan",
                ),
                wrap="wrap",
                spacing="2",
            ),
            rx.cond(
                S.generating,
                rx.vstack(
                    rx.text("Menyiapkan dokumen... ", S.progress, "%", size="2", color=rx.color("gray", 11)),
                    rx.progress(value=S.progress, max=100, width="100%", id="progres-laporan"),
                    width="100%",
                    spacing="1",
                ),
            ),
            rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red", width="100%", id="galat-laporan")),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _wrap(column: rx.Var) -> rx.Var:
    """A date never breaks over two lines, even on a phone."""
    return rx.cond(column == "Tanggal", "nowrap", "normal")


def _preview() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(S.preview_summary, size="2", weight="medium", id="ringkasan-laporan"),
            rx.cond(
                S.total > 0,
                rx.vstack(
                    scrolling(
                        rx.table.root(
                            rx.table.header(rx.table.row(rx.foreach(S.preview_columns, lambda title: rx.table.column_header_cell(title, white_space=_wrap(title))))),
                            rx.table.body(
                                rx.foreach(
                                    S.preview_rows,
                                    lambda row: rx.table.row(rx.foreach(row, lambda cell, i: rx.table.cell(cell, white_space=_wrap(S.preview_columns[i])))),
                                )
                            ),
                            size="1",
                            width="100%",
                        ),
                    ),
                    pager(S.page, S.page_count, S.total, S.go_to_page),
                    width="100%",
                ),
                rx.cond(S.preview_summary != "", rx.text("Tidak ada baris untuk ditampilkan.", size="2", color=rx.color("gray", 11))),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="pratinjau-laporan",
    )


def _coming_soon() -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("construction")),
        rx.callout.text(
            rx.vstack(
                rx.text("Segera tersedia setelah modul kehadiran, TPP, dan penilaian kinerja selesai:", weight="medium"),
                rx.foreach(S.coming_soon, lambda r: rx.text("• ", r["label"], ": ", r["description"], size="2")),
                spacing="1",
            )
        ),
        color_scheme="amber",
        width="100%",
    )


def laporan_page() -> rx.Component:
    return page_shell(
        "Laporan",
        _filters(),
        _preview(),
        rx.cond(S.coming_soon.length() > 0, _coming_soon()),
        intro="Pilih laporan dan periodenya, periksa isinya di tabel, lalu unduh untuk dicetak dan ditandatangani.",
    )
