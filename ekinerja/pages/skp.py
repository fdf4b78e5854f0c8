"""Sasaran Pegawai: the SKP list, the SKP editor and the atasan's SKP Bawahan."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.dialogs import confirm_button
from ekinerja.components.editor import Editor
from ekinerja.components.forms import error_callout, field, field_grid, stacked_form
from ekinerja.components.layout import page_shell
from ekinerja.components.lists import empty_note, or_empty
from ekinerja.components.skp import labelled, section, status_badge
from ekinerja.components.tables import data_table
from ekinerja.domain.skp_rules import APPROACHES, ASPEKS, PERSPEKTIF, RHK_KINDS
from ekinerja.state.skp import SkpState as S

KIND_OPTIONS = [{"id": k, "label": k.title()} for k in RHK_KINDS]
ASPEK_OPTIONS = [{"id": a, "label": a.title()} for a in ASPEKS]
APPROACH_OPTIONS = [{"id": a, "label": a.title()} for a in APPROACHES]
PERSPEKTIF_OPTIONS = [{"id": k, "label": v} for k, v in PERSPEKTIF.items()]


E = Editor(S)
LAMPIRAN = Editor(S, values=S.header)


# -- list ---------------------------------------------------------------------


def _own_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["year"]),
        rx.table.cell(rx.text(row["jabatan"], size="2"), rx.text(row["period"], size="1", color=rx.color("gray", 10))),
        rx.table.cell(status_badge(row["status"], row["status_label"])),
        rx.table.cell(row["revision"]),
        rx.table.cell(rx.button("Buka", size="2", variant="soft", on_click=S.open_skp(row["id"].to(int)), class_name="buka-skp")),
    )


def _sub_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row["name"], size="2", weight="medium"), rx.text(row["jabatan"], size="1", color=rx.color("gray", 10))),
        rx.table.cell(status_badge(row["status"], row["status_label"])),
        rx.table.cell(row["revision"]),
        rx.table.cell(rx.button("Buka", size="2", variant="soft", on_click=S.open_skp(row["id"].to(int)), class_name="buka-skp-bawahan")),
    )


def _list_view() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.foreach(
                S.open_periods,
                lambda p: rx.button(rx.icon("plus"), "Buat SKP ", S.year, ": ", p["label"], size="3",
                                    on_click=S.create_draft(p["position_id"]), class_name="buat-skp", white_space="normal", height="auto", padding_y="0.6rem"),
            ),
            rx.cond(S.can_copy, rx.button(rx.icon("copy"), "Salin SKP tahun lalu", size="3", variant="soft", on_click=S.copy_last_year, id="salin-skp")),
            wrap="wrap",
            spacing="2",
            width="100%",
        ),
        error_callout(S.action_error),
        rx.heading("SKP Saya", size="4"),
        or_empty(
            S.own_rows,
            data_table(["Tahun", "Jabatan dan periode", "Status", "Revisi", ""], S.own_rows, _own_row, id="tabel-skp"),
            empty_note("Belum ada SKP. Buat draf SKP untuk jabatan Anda tahun ini.", size=None),
        ),
        rx.cond(
            S.show_supervisor_menu,
            rx.vstack(
                rx.heading("SKP Bawahan", size="4"),
                or_empty(
                    S.sub_rows,
                    data_table(["Pegawai", "Status", "Revisi", ""], S.sub_rows, _sub_row, id="tabel-skp-bawahan"),
                    empty_note("Belum ada SKP bawahan tahun ini.", size=None),
                ),
                spacing="3",
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
    )


# -- detail -------------------------------------------------------------------


def _identity() -> rx.Component:
    h = S.header
    return section(
        "Identitas",
        rx.grid(
            rx.vstack(
                rx.text("Pegawai yang dinilai", weight="bold", size="2"),
                labelled("Nama", h["pegawai_name"]), labelled("NIP", h["pegawai_nip"]),
                labelled("Pangkat/golongan", h["pegawai_pangkat"]), labelled("Jabatan", h["pegawai_jabatan"]),
                labelled("Unit kerja", h["pegawai_unit"]),
                spacing="2",
            ),
            rx.vstack(
                rx.text("Pejabat penilai kinerja", weight="bold", size="2"),
                labelled("Nama", h["penilai_name"], id="nama-penilai"), labelled("NIP", h["penilai_nip"]),
                labelled("Jabatan", h["penilai_jabatan"]), labelled("Unit kerja", h["penilai_unit"]),
                spacing="2",
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="4",
            width="100%",
        ),
    )


def _rencana_buttons(ind: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.button("Per triwulan", size="1", variant="soft", on_click=S.open_rencana(ind["id"].to(int), "triwulan")),
        rx.button("Per bulan", size="1", variant="soft", on_click=S.open_rencana(ind["id"].to(int), "bulan")),
        rx.icon_button(rx.icon("pencil", size=14), size="1", variant="soft", aria_label="Ubah indikator",
                       on_click=S.open_indikator(ind["rhk_id"].to(int), ind["id"].to(int))),
        confirm_button("Hapus", title="Hapus indikator?", message="Indikator dan rencana aksinya dihapus.",
                       on_confirm=S.delete_indikator(ind["id"].to(int))),
        spacing="2",
        wrap="wrap",
    )


def _indikator(rhk: rx.Var, ind: rx.Var) -> rx.Component:
    return rx.cond(
        ind["rhk_id"] == rhk["id"],
        rx.box(
            rx.hstack(rx.badge(ind["aspek"], variant="outline"), rx.text(ind["target_value"], " ", ind["target_unit"], weight="bold", size="2"), spacing="2"),
            rx.text(ind["description"], size="2"),
            rx.cond(ind["rencana_text"] != "", rx.text("Rencana aksi: ", ind["rencana_text"], size="1", color=rx.color("gray", 11))),
            rx.cond(S.can_edit, _rencana_buttons(ind)),
            padding="0.5rem",
            border_left=f"3px solid {rx.color('accent', 6)}",
            width="100%",
            class_name="indikator",
        ),
    )


def _rhk(rhk: rx.Var) -> rx.Component:
    rhk_id = rhk["id"].to(int)
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.badge("RHK ", rhk["number"]),
                rx.badge(rhk["kind_label"], color_scheme=rx.cond(rhk["kind"] == "utama", "blue", "gray")),
                rx.cond(rhk["perspektif_label"] != "", rx.badge(rhk["perspektif_label"], color_scheme="purple")),
                wrap="wrap",
                spacing="2",
            ),
            rx.text(rhk["description"], size="3", weight="medium"),
            rx.cond(
                rhk["atasan_rhk"] != "",
                rx.text("Mengintervensi RHK atasan: ", rhk["atasan_rhk"], size="1", color=rx.color("gray", 11), class_name="rhk-atasan"),
            ),
            rx.foreach(S.indikators, lambda ind: _indikator(rhk, ind)),
            rx.cond(
                S.can_edit,
                rx.hstack(
                    rx.button(rx.icon("plus", size=14), "Indikator", size="2", variant="soft", on_click=S.open_indikator(rhk_id, 0), class_name="tambah-indikator"),
                    rx.button("Ubah RHK", size="2", variant="soft", on_click=S.open_rhk(rhk_id), class_name="ubah-rhk"),
                    confirm_button("Hapus RHK", title="Hapus RHK?", message="RHK beserta indikatornya dihapus dari draf.", on_confirm=S.delete_rhk(rhk_id)),
                    spacing="2",
                    wrap="wrap",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="rhk",
    )


def _rhk_section() -> rx.Component:
    return section(
        "Rencana Hasil Kerja",
        rx.cond(
            S.has_atasan & (S.atasan_options.length() == 0) & S.can_edit,
            rx.callout("Atasan Anda belum memiliki SKP yang disetujui; RHK belum dapat dikaitkan.", icon="info", color_scheme="amber", id="belum-ada-skp-atasan"),
        ),
        rx.foreach(S.rhks, _rhk),
        rx.cond(S.rhks.length() == 0, empty_note("Belum ada RHK.", size=None)),
        rx.cond(S.can_edit, rx.button(rx.icon("plus"), "Tambah RHK", size="3", on_click=S.open_rhk(0), id="tambah-rhk")),
    )


def _perilaku(value: rx.Var) -> rx.Component:
    return rx.box(
        rx.text(value["name"], weight="bold", size="2"),
        rx.el.ul(rx.el.li(value["b1"]), rx.el.li(value["b2"]), rx.el.li(value["b3"]), style={"paddingLeft": "1.2rem", "fontSize": "0.85rem"}),
        rx.cond(
            S.can_expect,
            rx.text_area(name=value["code"].to(str), default_value=value["ekspektasi"], placeholder="Ekspektasi khusus pimpinan (opsional)", rows="2", size="2", width="100%"),
            rx.cond(value["ekspektasi"] != "", rx.text("Ekspektasi khusus: ", value["ekspektasi"], size="2", color=rx.color("accent", 11))),
        ),
        width="100%",
        padding_bottom="0.5rem",
    )


def _perilaku_section() -> rx.Component:
    body = rx.vstack(rx.foreach(S.perilaku, _perilaku), spacing="2", width="100%")
    return section(
        "Perilaku Kerja (BerAKHLAK)",
        rx.cond(
            S.can_expect,
            rx.form(body, rx.button("Simpan ekspektasi", type="submit", size="3", id="simpan-ekspektasi"),
                    on_submit=S.save_expectations, reset_on_submit=False, key=S.header["id"], width="100%"),
            body,
        ),
    )


def _lampiran_section() -> rx.Component:
    h = S.header
    editable = stacked_form(
        LAMPIRAN.select("Pendekatan", "approach", APPROACH_OPTIONS),
        LAMPIRAN.textarea("Dukungan sumber daya", "dukungan_sumber_daya"),
        LAMPIRAN.textarea("Skema pertanggungjawaban", "skema_pertanggungjawaban"),
        LAMPIRAN.textarea("Konsekuensi", "konsekuensi"),
        rx.button("Simpan lampiran", type="submit", size="3", id="simpan-lampiran"),
        on_submit=S.save_lampiran, key=S.header["id"], width="100%", spacing="3",
    )
    readonly = rx.vstack(
        labelled("Pendekatan", h["approach"]),
        labelled("Dukungan sumber daya", rx.cond(h["dukungan_sumber_daya"] != "", h["dukungan_sumber_daya"], "-"), white_space="pre-wrap"),
        labelled("Skema pertanggungjawaban", rx.cond(h["skema_pertanggungjawaban"] != "", h["skema_pertanggungjawaban"], "-"), white_space="pre-wrap"),
        labelled("Konsekuensi", rx.cond(h["konsekuensi"] != "", h["konsekuensi"], "-"), white_space="pre-wrap"),
        spacing="2",
        width="100%",
    )
    return section("Lampiran", rx.cond(S.can_edit, editable, readonly))


def _history_section() -> rx.Component:
    return section(
        "Riwayat revisi",
        data_table(
            ["Revisi", "Status", "Disetujui", ""],
            S.history_rows,
            lambda h: rx.table.row(
                rx.table.cell(h["revision"]),
                rx.table.cell(h["status_label"]),
                rx.table.cell(h["approved_at"]),
                rx.table.cell(rx.cond(h["current"] == "1", rx.text("ditampilkan", size="1"),
                                      rx.button("Lihat", size="1", variant="soft", on_click=S.open_skp(h["id"].to(int))))),
            ),
            id="riwayat-revisi",
        ),
    )


def _workflow() -> rx.Component:
    return rx.vstack(
        rx.cond(S.problems.length() > 0, rx.callout.root(
            rx.callout.icon(rx.icon("info")),
            rx.vstack(rx.text("Sebelum diajukan/disetujui:", weight="bold", size="2"),
                      rx.foreach(S.problems, lambda p: rx.callout.text(p, size="2")), spacing="1"),
            color_scheme="amber", width="100%", id="kekurangan-skp",
        )),
        error_callout(S.action_error, id="galat-alur"),
        rx.hstack(
            rx.cond(S.can_submit, rx.button(rx.icon("send"), "Ajukan ke atasan", size="3", on_click=S.submit_skp, id="ajukan-skp")),
            rx.cond(S.can_decide, rx.button(rx.icon("check"), "Setujui", size="3", color_scheme="green", on_click=S.approve_skp, id="setujui-skp")),
            rx.cond(S.can_decide, rx.button(rx.icon("undo-2"), "Kembalikan dengan catatan", size="3", variant="soft", color_scheme="orange", on_click=S.open_return, id="kembalikan-skp")),
            rx.cond(S.can_revise, rx.button(rx.icon("file-pen"), "Buat revisi", size="3", variant="soft", on_click=S.create_revision, id="revisi-skp")),
            wrap="wrap",
            spacing="2",
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


def _detail_view() -> rx.Component:
    h = S.header
    return rx.vstack(
        rx.button(rx.icon("arrow-left"), "Daftar SKP", variant="ghost", size="3", on_click=S.back_to_list, id="kembali-daftar"),
        rx.hstack(
            rx.heading("SKP ", h["year"], size="5"),
            status_badge(h["status"], h["status_label"], id="status-skp"),
            rx.badge("Revisi ", h["revision"], variant="outline"),
            rx.cond(h["locked"] == "1", rx.badge(rx.icon("lock", size=12), "Terkunci", color_scheme="gray", id="skp-terkunci")),
            wrap="wrap",
            align="center",
            spacing="2",
        ),
        rx.text("Periode ", h["period"], " · pendekatan ", h["approach"], size="2", color=rx.color("gray", 11)),
        rx.cond(
            h["sent_back"] == "1",
            rx.callout(rx.text("Dikembalikan atasan: ", h["return_note"]), icon="message-square-warning", color_scheme="orange", width="100%", id="catatan-kembali"),
        ),
        _workflow(),
        _identity(),
        _rhk_section(),
        _perilaku_section(),
        _lampiran_section(),
        _history_section(),
        spacing="4",
        width="100%",
        id="detail-skp",
    )


# -- dialogs ------------------------------------------------------------------


def _rhk_dialog() -> rx.Component:
    return E.dialog("rhk", rx.cond(S.editing_id == 0, "Tambah RHK", "Ubah RHK"), S.save_rhk, body=[
        E.select("Jenis", "kind", KIND_OPTIONS),
        E.textarea("Rencana hasil kerja", "description", rows="3"),
        rx.cond(
            S.has_atasan,
            rx.cond(
                S.atasan_options.length() > 0,
                E.select("RHK atasan yang diintervensi", "atasan_rhk_id", S.atasan_options),
                rx.callout("Atasan Anda belum memiliki SKP yang disetujui; RHK belum dapat dikaitkan.", icon="info", color_scheme="amber"),
            ),
        ),
        rx.cond(S.jpt, E.select("Perspektif", "perspektif", PERSPEKTIF_OPTIONS)),
    ])


def _indikator_dialog() -> rx.Component:
    return E.dialog("indikator", rx.cond(S.editing_id == 0, "Tambah indikator", "Ubah indikator"), S.save_indikator, body=[
        E.select("Aspek", "aspek", ASPEK_OPTIONS),
        E.textarea("Indikator kinerja individu", "description", rows="2"),
        field_grid(
            E.text("Target", "target_value", input_mode="decimal", placeholder="mis. 12"),
            E.text("Satuan", "target_unit", placeholder="dokumen, %, bulan"),
            columns="2",
        ),
    ])


def _rencana_dialog() -> rx.Component:
    v = S.form_values
    title = rx.cond(S.rencana_kind == "triwulan", "Rencana aksi per triwulan", "Rencana aksi per bulan")
    return E.dialog("rencana", title, S.save_rencana, body=[
        rx.text("Target: ", v["target"], ". Jumlah semua isian harus sama dengan target; kosongkan semua untuk menghapus.", size="2"),
        rx.button("Bagi rata", type="button", variant="soft", size="2", on_click=S.split_rencana, id="bagi-rata"),
        rx.grid(
            rx.foreach(
                S.rencana_slots,
                lambda slot: field(slot["label"], rx.input(name="p" + slot["no"], default_value=v["p" + slot["no"]], size="3", input_mode="decimal"),
                                   error=S.form_errors["p" + slot["no"]].to(str)),
            ),
            columns=rx.breakpoints(initial="2", sm="4"),
            spacing="3",
            width="100%",
        ),
        error_callout(E.error("rencana")),
    ])


def _return_dialog() -> rx.Component:
    return E.dialog("kembalikan", "Kembalikan SKP dengan catatan", S.return_skp, submit_label="Kembalikan", body=[
        E.textarea("Catatan untuk pegawai", "return_note", rows="4"),
    ])


def skp_page() -> rx.Component:
    return page_shell(
        "Sasaran Pegawai",
        rx.cond(S.selected_id == 0, _list_view(), _detail_view()),
        _rhk_dialog(),
        _indikator_dialog(),
        _rencana_dialog(),
        _return_dialog(),
    )
