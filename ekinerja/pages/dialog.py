"""Dialog Kinerja: threads with the atasan (or the bawahan), replies, and the dialog meetings of a year."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.dialog_kinerja import meeting_card
from ekinerja.components.editor import Editor
from ekinerja.components.forms import error_text, shrinkable, stacked_form
from ekinerja.components.layout import heading_row, page_shell
from ekinerja.components.lists import card_list, empty_note
from ekinerja.components.pickers import SELECT_MAX_WIDTH, labelled_picker, option_select, picker_row
from ekinerja.state.dialog import DialogState as S

E = Editor(S)


def _status_badge(closed: rx.Var) -> rx.Component:
    return rx.cond(
        closed == "1",
        rx.badge("Selesai", color_scheme="gray"),
        rx.badge("Terbuka", color_scheme="green"),
    )


def _choosers() -> rx.Component:
    return picker_row(
        rx.cond(
            S.people.length() > 1,
            labelled_picker(
                "Dialog dengan", shrinkable(option_select(S.people, S.employee_id.to_string(), S.choose_employee, "pilih-pegawai")), f"0 1 {SELECT_MAX_WIDTH}",
            ),
        ),
        labelled_picker("Tahun", option_select(S.year_options, S.year.to_string(), S.choose_year, "pilih-tahun"), "0 0 8rem"),
    )


def _thread_card(t: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.cond(t["unread"], rx.badge("Baru", color_scheme="red", variant="solid")),
                rx.text(t["title"], weight="bold", size="3", min_width="0"),
                rx.spacer(),
                _status_badge(t["closed"]),
                width="100%",
                align="center",
            ),
            rx.text(t["topic"], size="1", color=rx.color("accent", 11)),
            rx.text(t["preview"], size="2", color=rx.color("gray", 11), white_space="pre-wrap", overflow_wrap="anywhere"),
            rx.text("Dibuka ", t["opened_by"], " · ", t["count"], " pesan · terakhir ", t["last"], size="1", color=rx.color("gray", 10)),
            spacing="1",
            width="100%",
        ),
        width="100%",
        cursor="pointer",
        on_click=S.open_thread(t["id"].to(int)),
        class_name="percakapan",
        role="button",
    )


def _thread_list() -> rx.Component:
    return rx.vstack(
        heading_row("Percakapan", rx.button(rx.icon("plus"), "Mulai percakapan", on_click=S.open_new_thread, size="3", id="mulai-percakapan")),
        card_list(
            S.threads, _thread_card,
            empty_note("Belum ada percakapan pada tahun ini. Mulai satu untuk membahas capaian, kendala, atau rencana.", shade=11),
            list_id="daftar-percakapan",
        ),
        spacing="3",
        width="100%",
    )


def _message(m: rx.Var) -> rx.Component:
    mine = m["mine"] == "1"
    return rx.box(
        rx.text(m["author"], size="1", weight="bold", color=rx.color("gray", 11)),
        rx.text(m["body"], size="2", white_space="pre-wrap", overflow_wrap="anywhere"),
        rx.text(m["at"], size="1", color=rx.color("gray", 10)),
        background=rx.cond(mine, rx.color("accent", 3), rx.color("gray", 3)),
        border_radius="10px",
        padding="0.6rem 0.75rem",
        max_width="90%",
        align_self=rx.cond(mine, "flex-end", "flex-start"),
        class_name="pesan-dialog",
    )


def _thread_detail() -> rx.Component:
    return rx.vstack(
        rx.button(rx.icon("arrow-left"), "Semua percakapan", on_click=S.back_to_list, variant="ghost", size="3", id="kembali-daftar"),
        rx.hstack(
            rx.heading(S.thread["title"], size="4", min_width="0", id="judul-percakapan"),
            rx.spacer(),
            _status_badge(S.thread["closed"]),
            width="100%",
            align="center",
        ),
        rx.text(S.thread["topic"], size="2", color=rx.color("accent", 11)),
        rx.vstack(rx.foreach(S.messages, _message), spacing="2", width="100%", id="pesan-percakapan"),
        rx.cond(
            S.thread["closed"] == "1",
            rx.vstack(
                rx.callout(S.thread["closed_note"], icon="circle-check", color_scheme="gray", width="100%"),
                rx.button("Buka kembali", on_click=S.reopen, variant="soft", size="3", id="buka-kembali"),
                spacing="2",
                width="100%",
            ),
            stacked_form(
                rx.text_area(name="body", placeholder="Tulis balasan...", rows="3", width="100%", size="3", id="isian-balasan", key=S.reply_version),
                error_text(E.error("body")),
                rx.hstack(
                    rx.button("Tandai selesai", type="button", on_click=S.mark_done, variant="soft", color_scheme="gray", size="3", id="tandai-selesai"),
                    rx.button(rx.icon("send"), "Kirim", type="submit", size="3", id="kirim-balasan"),
                    justify="end",
                    width="100%",
                    wrap="wrap",
                ),
                on_submit=S.send_reply, width="100%",
            ),
        ),
        spacing="3",
        width="100%",
        id="percakapan-terbuka",
    )


def _meetings() -> rx.Component:
    return rx.vstack(
        heading_row(
            "Pertemuan dialog kinerja",
            rx.cond(S.is_atasan, rx.button(rx.icon("calendar-plus"), "Catat pertemuan", on_click=S.open_meeting(0), size="3", id="catat-pertemuan")),
        ),
        card_list(
            S.meetings, lambda m: meeting_card(m, editable=S.is_atasan, on_edit=S.open_meeting),
            empty_note(
                rx.cond(S.is_atasan, "Belum ada pertemuan yang dicatat untuk pegawai ini pada tahun ini.",
                        "Atasan Anda belum mencatat pertemuan dialog kinerja pada tahun ini."),
                shade=11,
            ),
        ),
        spacing="3",
        width="100%",
        id="pertemuan",
    )


def _forms() -> rx.Component:
    return rx.fragment(
        E.dialog("thread", "Mulai percakapan", S.save_thread, submit_label="Kirim", body=[
            rx.text("Dialog dengan ", S.employee_name, ", tahun ", S.year, ". Pihak lain melihatnya langsung.", size="2"),
            E.text("Judul", "title", placeholder="mis. Kendala data laporan bulanan"),
            E.select("Tentang", "topic", S.topics, hint="Umum, salah satu RHK, satu bulan, atau satu kegiatan harian."),
            E.textarea("Pesan", "body", rows="4", size="2"),
        ]),
        E.dialog("meeting", rx.cond(S.editing_id, "Ubah catatan pertemuan", "Catat pertemuan dialog kinerja"), S.save_meeting, body=[
            rx.text("Pertemuan dengan ", S.employee_name, ". Pegawai dapat melihat catatan ini.", size="2"),
            E.text("Tanggal dialog", "held_on", type="date"),
            E.textarea("Hal yang dibahas", "topics", rows="3", size="2"),
            E.textarea("Kesepakatan", "agreements", rows="3", size="2"),
            E.text("Tanggal tindak lanjut (boleh kosong)", "follow_up_on", type="date"),
        ]),
    )


def dialog_page() -> rx.Component:
    return page_shell(
        "Dialog Kinerja",
        _choosers(),
        rx.cond(S.thread_id > 0, _thread_detail(), _thread_list()),
        _meetings(),
        _forms(),
        intro=(
            "Umpan balik berkelanjutan antara pegawai dan atasan: kedua pihak dapat memulai dan membalas percakapan; "
            "atasan mencatat pertemuan dialog kinerja."
        ),
    )
