"""Matriks Peran Hasil: a matrix on a wide screen, the same grouped per RHK atasan on a phone."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.forms import select_input
from ekinerja.components.layout import page_shell
from ekinerja.components.pickers import labelled_picker, option_select, picker_row
from ekinerja.components.skp import section, status_badge
from ekinerja.components.tables import PHONE_ONLY, SCROLL_HINT, data_table
from ekinerja.state.peran_hasil import CELLS_FROM
from ekinerja.state.peran_hasil import PeranHasilState as S

DESKTOP_ONLY = ["none", "none", "block"]
NOBODY = "Belum diintervensi bawahan"


def _multiline(text: rx.Var) -> rx.Component:
    return rx.text(text, size="2", white_space="pre-line")


def _rhk_label(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(row[0], ". ", row[1], size="2", weight="medium"),
        rx.hstack(
            rx.badge(row[2], variant="soft", size="1"),
            rx.cond(row[3] == "", rx.badge(NOBODY, color_scheme="red", size="1", class_name="belum-diintervensi")),
            spacing="1",
            wrap="wrap",
        ),
        spacing="1",
        min_width="12rem",
    )


def _matrix() -> rx.Component:
    """Rows: the atasan's RHKs; columns: the bawahan; each cell the bawahan's RHKs serving the row.
    Four bawahan fit a 1280-pixel screen beside the menu; a larger team scrolls, and says so."""
    return rx.box(
        rx.cond(S.members.length() > 4, rx.text(SCROLL_HINT, size="1", color=rx.color("gray", 10), class_name="petunjuk-geser")),
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell("RHK atasan"),
                        rx.foreach(
                            S.members,
                            lambda m: rx.table.column_header_cell(
                                rx.vstack(rx.text(m["name"], size="2"), rx.text(m["jabatan"], size="1", color=rx.color("gray", 10)),
                                          status_badge(m["status"], m["status_label"]), spacing="1"),
                                min_width="10rem",
                            ),
                        ),
                    )
                ),
                rx.table.body(
                    rx.foreach(
                        S.matrix_grid,
                        lambda row: rx.table.row(
                            rx.table.row_header_cell(_rhk_label(row)),
                            rx.foreach(row[CELLS_FROM:], lambda cell: rx.table.cell(_multiline(cell))),
                            background_color=rx.cond(row[3] == "", rx.color("red", 2), "transparent"),
                        ),
                    )
                ),
                size="1",
                width="100%",
            ),
            width="100%",
            overflow_x="auto",
        ),
        width="100%",
        class_name="tabel-geser matriks-peran-hasil",
        custom_attrs={"data-scroll-hint": "geser"},
        display=DESKTOP_ONLY,
    )


def _group(row: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            _rhk_label(row),
            rx.foreach(
                S.phone_entries,
                lambda e: rx.cond(
                    e["no"] == row[0],
                    rx.box(
                        rx.text(e["name"], size="2", weight="medium"),
                        rx.text(e["jabatan"], size="1", color=rx.color("gray", 10)),
                        rx.text(e["rhk"], size="2"),
                        border_left=f"3px solid {rx.color('accent', 8)}",
                        padding_left="0.6rem",
                        width="100%",
                    ),
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="grup-rhk-atasan",
    )


def _grouped() -> rx.Component:
    return rx.vstack(rx.foreach(S.matrix_grid, _group), spacing="2", width="100%", display=PHONE_ONLY, class_name="daftar-peran-hasil")


def _team_picker() -> rx.Component:
    return rx.cond(
        S.team_options.length() > 1,
        select_input("team", S.team_options, {"team": S.team_id}, on_change=S.choose_team, max_width="36rem"),
    )


def _year_and_period() -> rx.Component:
    """The year among those with the atasan's SKPs; the period only when a mutasi split the year."""
    return picker_row(
        labelled_picker("Tahun", option_select(S.year_options, S.year, S.choose_year, "pilih-tahun-peran-hasil"), "0 0 8rem"),
        rx.cond(
            S.period_options.length() > 1,
            labelled_picker("Periode SKP", option_select(S.period_options, S.period, S.choose_period, "pilih-periode-peran-hasil"), "1 1 16rem"),
        ),
    )


def _content() -> rx.Component:
    return rx.vstack(
        _team_picker(),
        _year_and_period(),
        section(
            "Ringkasan",
            rx.text(S.heading["atasan"], size="2", weight="medium"),
            rx.text(S.heading["unit"], size="2", color=rx.color("gray", 11)),
            rx.text(S.heading["skp"], size="2", id="skp-atasan-peran-hasil"),
            rx.text(S.heading["on"], size="2", color=rx.color("gray", 11)),
            rx.text(S.heading["summary"], size="2", weight="medium", id="ringkasan-peran-hasil"),
            rx.button(rx.icon("printer"), "Cetak PDF", on_click=S.download_pdf, size="3", id="cetak-peran-hasil"),
        ),
        rx.cond(
            S.matrix_grid.length() > 0,
            rx.vstack(_matrix(), _grouped(), width="100%"),
            rx.callout("Atasan belum memiliki SKP yang dapat diintervensi, sehingga matriks belum dapat disusun.", icon="info", width="100%"),
        ),
        rx.cond(
            S.unlinked.length() > 0,
            section(
                "RHK bawahan yang tidak mengintervensi RHK atasan",
                data_table(["Pegawai", "RHK", "Keterangan"], S.unlinked, lambda u: rx.table.row(
                    rx.table.cell(u["name"]), rx.table.cell(u["rhk"]), rx.table.cell(u["why"]),
                )),
            ),
        ),
        rx.cond(
            S.without_skp.length() > 0,
            section(
                "Bawahan yang belum memiliki SKP",
                data_table(["Pegawai", "Jabatan"], S.without_skp, lambda m: rx.table.row(
                    rx.table.cell(m["name"]), rx.table.cell(m["jabatan"]),
                )),
            ),
        ),
        spacing="4",
        width="100%",
    )


def peran_hasil_page() -> rx.Component:
    return page_shell(
        "Matriks Peran Hasil",
        rx.cond(
            S.team_options.length() > 0,
            _content(),
            rx.callout("Anda tidak memiliki bawahan langsung hari ini dan tidak sedang menjadi Plt/Plh.", icon="info", width="100%"),
        ),
        intro=(
            "RHK bawahan langsung yang mengintervensi setiap RHK Anda, dari SKP yang berlaku pada tahun dan periode yang dipilih. "
            "RHK yang belum diintervensi siapa pun ditandai merah."
        ),
    )
