"""Progres Pekerjaan: progress per RHK and indikator, monthly realisation, the atasan's team table."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.editor import Editor
from ekinerja.components.evidence import evidence_upload
from ekinerja.components.forms import error_text, shrinkable
from ekinerja.components.layout import page_shell
from ekinerja.components.skp import progress_bar, section, status_badge
from ekinerja.components.tables import data_table, scrolling
from ekinerja.state.progress import UPLOAD_ID
from ekinerja.state.progress import ProgressState as S

E = Editor(S)


def _month_row(ind: rx.Var, m: rx.Var) -> rx.Component:
    return rx.cond(
        m["ind_id"] == ind["id"],
        rx.table.row(
            # The owner's "Isi" sits in the fixed first column: in sight while the figures scroll.
            rx.table.cell(
                rx.hstack(
                    rx.text(m["label"]),
                    rx.cond(S.is_owner, rx.button("Isi", size="1", variant="soft", on_click=S.open_realisasi(ind["id"].to(int), m["month"]), class_name="isi-realisasi")),
                    spacing="2",
                    align="center",
                    white_space="nowrap",
                )
            ),
            rx.table.cell(m["target"]),
            rx.table.cell(m["entered"]),
            rx.table.cell(m["activities"]),
            rx.table.cell(m["counted"], weight="bold"),
            rx.table.cell(
                rx.hstack(
                    rx.cond(m["link"] != "", rx.link("tautan", href=m["link"], is_external=True, size="1")),
                    rx.cond(m["file"] != "", rx.button("berkas", size="1", variant="ghost", on_click=S.download_evidence(m["file"].to(int)))),
                    spacing="2",
                )
            ),
        ),
    )


def _indikator(rhk: rx.Var, ind: rx.Var) -> rx.Component:
    return rx.cond(
        ind["rhk_id"] == rhk["id"],
        rx.vstack(
            rx.text(ind["description"], size="2", weight="medium"),
            rx.text("Target ", ind["target"], " · realisasi ", ind["realised"], " (", ind["percent"], "%)", size="1", color=rx.color("gray", 11)),
            rx.text(ind["quarters"], size="1", color=rx.color("gray", 10)),
            scrolling(
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in ("Bulan", "Target", "Diisi", "Dari kegiatan", "Dihitung", "Bukti")])),
                    rx.table.body(rx.foreach(S.month_rows, lambda m: _month_row(ind, m))),
                    size="1",
                    width="100%",
                ),
            ),
            spacing="1",
            width="100%",
            padding_top="0.5rem",
        ),
    )


def _rhk(rhk: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(rhk["description"], size="3", weight="medium"),
            progress_bar(rhk["percent"], rhk["bar"], rhk["lagging"] == "1"),
            rx.foreach(S.ind_rows, lambda ind: _indikator(rhk, ind)),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="progres-rhk",
        border_left=rx.cond(rhk["lagging"] == "1", f"4px solid {rx.color('orange', 9)}", "none"),
    )


def _team_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row["name"], size="2", weight="medium"), rx.text(row["nip"], size="1", color=rx.color("gray", 10))),
        rx.table.cell(status_badge(row["status"], row["status_label"])),
        rx.table.cell(
            rx.hstack(rx.text(row["percent"], rx.cond(row["percent"] != "-", "%", ""), class_name="persen-tim"),
                      rx.cond(row["lagging"] == "1", rx.badge("tertinggal", color_scheme="orange")), spacing="2")
        ),
        rx.table.cell(row["last_update"], white_space="nowrap", class_name="pembaruan-tim"),
        rx.table.cell(rx.cond(row["skp_id"] != "", rx.button("Lihat", size="1", variant="soft", on_click=S.view_skp(row["skp_id"].to(int))))),
        custom_attrs={"data-employee": row["employee_id"]},
    )


def _team() -> rx.Component:
    return rx.cond(
        S.show_supervisor_menu,
        section(
            "Tim saya",
            rx.text("Diperbarui otomatis saat bawahan mengisi realisasi.", size="1", color=rx.color("gray", 10)),
            data_table(["Pegawai", "SKP", "Progres", "Pembaruan terakhir", ""], S.team_rows, _team_row, id="tabel-tim"),
        ),
    )


def _realisasi_dialog() -> rx.Component:
    return E.dialog("realisasi", "Isi realisasi", S.save_realisasi, body=[
        E.select("Bulan", "month", S.month_options),
        E.text("Realisasi", "value", input_mode="decimal"),
        E.textarea("Keterangan", "note", rows="2"),
        E.text("Tautan bukti dukung (opsional)", "evidence_link", placeholder="https://..."),
        evidence_upload(UPLOAD_ID, S.attach_staged, S.staged_name, prompt="Atau lampirkan berkas"),
        error_text(E.error("evidence_file")),
    ])


def _own_progress() -> rx.Component:
    s = S.summary
    return rx.cond(
        S.skp_id != 0,
        rx.vstack(
            rx.cond(
                S.skp_options.length() > 1,
                shrinkable(rx.select.root(
                    rx.select.trigger(placeholder="Pilih SKP", width="100%"),
                    rx.select.content(rx.foreach(S.skp_options, lambda o: rx.select.item(o["label"], value=o["id"]))),
                    value=S.skp_id.to(str),
                    on_change=S.choose_skp,
                    size="3",
                )),
            ),
            section(
                "SKP " + s["name"].to(str),
                rx.text(s["jabatan"], " · ", s["period"], " · ", s["status_label"], size="2", color=rx.color("gray", 11)),
                progress_bar(s["percent"], s["bar"], False, id="persen-skp"),
                rx.text("Waktu berjalan: ", s["elapsed"], "% dari periode", size="1", color=rx.color("gray", 10)),
            ),
            rx.foreach(S.rhk_rows, _rhk),
            spacing="3",
            width="100%",
        ),
        rx.callout("Belum ada SKP yang disetujui. Susun SKP di menu Sasaran Pegawai.", icon="info", width="100%", id="belum-ada-skp"),
    )


def progress_page() -> rx.Component:
    return page_shell(
        "Progres Pekerjaan",
        _team(),
        _own_progress(),
        _realisasi_dialog(),
    )
