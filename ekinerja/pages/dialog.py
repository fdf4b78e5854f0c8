"""Dialog Kinerja: threads with the atasan (or the bawahan), replies, and the dialog meetings of a year."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.dialogs import form_dialog
from ekinerja.components.forms import field, select_input, shrinkable, text_input
from ekinerja.components.layout import page_shell
from ekinerja.domain.statuses import DialogStatus
from ekinerja.pages.tpp import SELECT_MAX_WIDTH, option_select
from ekinerja.state.dialog import DialogState as S


def _err(name: str) -> rx.Var:
    return S.form_errors[name]


def _status_badge(status: rx.Var) -> rx.Component:
    return rx.cond(
        status == DialogStatus.SELESAI,
        rx.badge("Selesai", color_scheme="gray"),
        rx.badge("Terbuka", color_scheme="green"),
    )


def _choosers() -> rx.Component:
    return rx.flex(
        rx.cond(
            S.people.length() > 1,
            rx.box(
                field("Dialog dengan", shrinkable(option_select(S.people, S.employee_id.to_string(), S.choose_employee, "pilih-pegawai"))),
                flex=f"0 1 {SELECT_MAX_WIDTH}",
                min_width="0",
            ),
        ),
        rx.box(
            field("Tahun", option_select(S.year_options, S.year.to_string(), S.choose_year, "pilih-tahun")),
            flex="0 0 8rem",
        ),
        spacing="3",
        wrap="wrap",
        width="100%",
        align="end",
    )


def _thread_card(t: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.cond(t["unread"], rx.badge("Baru", color_scheme="red", variant="solid")),
                rx.text(t["title"], weight="bold", size="3", min_width="0"),
                rx.spacer(),
                _status_badge(t["status"]),
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


def _heading_with(title: str, action: rx.Component) -> rx.Component:
    """A section heading with its button at the right (below it on a narrow phone)."""
    return rx.hstack(rx.heading(title, size="4"), rx.spacer(), action, width="100%", align="center", wrap="wrap")


def _thread_list() -> rx.Component:
    return rx.vstack(
        _heading_with("Percakapan", rx.button(rx.icon("plus"), "Mulai percakapan", on_click=S.open_new_thread, size="3", id="mulai-percakapan")),
        rx.cond(
            S.threads.length() > 0,
            rx.vstack(rx.foreach(S.threads, _thread_card), spacing="2", width="100%", id="daftar-percakapan"),
            rx.text("Belum ada percakapan pada tahun ini. Mulai satu untuk membahas capaian, kendala, atau rencana.", size="2", color=rx.color("gray", 11)),
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
            _status_badge(S.thread["status"]),
            width="100%",
            align="center",
        ),
        rx.text(S.thread["topic"], size="2", color=rx.color("accent", 11)),
        rx.vstack(rx.foreach(S.messages, _message), spacing="2", width="100%", id="pesan-percakapan"),
        rx.cond(
            S.thread["status"] == DialogStatus.SELESAI,
            rx.vstack(
                rx.callout(S.thread["closed_note"], icon="circle-check", color_scheme="gray", width="100%"),
                rx.button("Buka kembali", on_click=S.reopen, variant="soft", size="3", id="buka-kembali"),
                spacing="2",
                width="100%",
            ),
            rx.form(
                rx.vstack(
                    rx.text_area(name="body", placeholder="Tulis balasan...", rows="3", width="100%", size="3", id="isian-balasan", key=S.reply_version),
                    rx.cond(_err("body"), rx.text(_err("body"), size="1", color=rx.color("red", 11), role="alert")),
                    rx.hstack(
                        rx.button("Tandai selesai", type="button", on_click=S.mark_done, variant="soft", color_scheme="gray", size="3", id="tandai-selesai"),
                        rx.button(rx.icon("send"), "Kirim", type="submit", size="3", id="kirim-balasan"),
                        justify="end",
                        width="100%",
                        wrap="wrap",
                    ),
                    spacing="2",
                    width="100%",
                ),
                on_submit=S.send_reply,
                reset_on_submit=False,
                width="100%",
            ),
        ),
        spacing="3",
        width="100%",
        id="percakapan-terbuka",
    )


def meeting_card(m: rx.Var, *, editable: rx.Var | bool = False, on_edit=None) -> rx.Component:
    """One dialog meeting record: shown here and beside the ratings on Penilaian Kinerja."""
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text("Dialog ", m["held"], weight="bold", size="3"),
                rx.spacer(),
                rx.cond(m["due"], rx.badge("Tindak lanjut jatuh tempo", color_scheme="orange")),
                width="100%",
                align="center",
                wrap="wrap",
            ),
            rx.text("Hal yang dibahas", size="1", weight="bold", color=rx.color("gray", 11)),
            rx.text(m["topics"], size="2", white_space="pre-wrap", overflow_wrap="anywhere"),
            rx.text("Kesepakatan", size="1", weight="bold", color=rx.color("gray", 11)),
            rx.text(m["agreements"], size="2", white_space="pre-wrap", overflow_wrap="anywhere"),
            rx.cond(m["follow_up"], rx.text("Tindak lanjut: ", m["follow_up"], size="2")),
            rx.text("Dicatat oleh ", m["recorded_by"], size="1", color=rx.color("gray", 10)),
            *([rx.cond(editable, rx.button("Ubah", size="2", variant="soft", on_click=on_edit(m["id"].to(int))))] if on_edit else []),
            spacing="1",
            width="100%",
        ),
        width="100%",
        class_name="pertemuan-dialog",
    )


def _meetings() -> rx.Component:
    return rx.vstack(
        _heading_with(
            "Pertemuan dialog kinerja",
            rx.cond(S.is_atasan, rx.button(rx.icon("calendar-plus"), "Catat pertemuan", on_click=S.open_meeting(0), size="3", id="catat-pertemuan")),
        ),
        rx.cond(
            S.meetings.length() > 0,
            rx.vstack(rx.foreach(S.meetings, lambda m: meeting_card(m, editable=S.is_atasan, on_edit=S.open_meeting)), spacing="2", width="100%"),
            rx.text(
                rx.cond(S.is_atasan, "Belum ada pertemuan yang dicatat untuk pegawai ini pada tahun ini.",
                        "Atasan Anda belum mencatat pertemuan dialog kinerja pada tahun ini."),
                size="2", color=rx.color("gray", 11),
            ),
        ),
        spacing="3",
        width="100%",
        id="pertemuan",
    )


def _forms() -> rx.Component:
    v = S.form_values
    return rx.fragment(
        form_dialog(
            name="thread", title="Mulai percakapan", open_var=S.form_open, version=S.form_version, on_close=S.close_form,
            on_submit=S.save_thread, submit_label="Kirim",
            body=[
                rx.text("Dialog dengan ", S.employee_name, ", tahun ", S.year, ". Pihak lain melihatnya langsung.", size="2"),
                field("Judul", text_input("title", v, placeholder="mis. Kendala data laporan bulanan"), error=_err("title")),
                field("Tentang", select_input("topic", S.topics, v), error=_err("topic"), hint="Umum, salah satu RHK, satu bulan, atau satu kegiatan harian."),
                field("Pesan", rx.text_area(name="body", default_value=v["body"], rows="4", width="100%", id="isian-body"), error=_err("body")),
            ],
        ),
        form_dialog(
            name="meeting", title=rx.cond(S.editing_id, "Ubah catatan pertemuan", "Catat pertemuan dialog kinerja"),
            open_var=S.form_open, version=S.form_version, on_close=S.close_form, on_submit=S.save_meeting,
            body=[
                rx.text("Pertemuan dengan ", S.employee_name, ". Pegawai dapat melihat catatan ini.", size="2"),
                field("Tanggal dialog", text_input("held_on", v, type="date"), error=_err("held_on")),
                field("Hal yang dibahas", rx.text_area(name="topics", default_value=v["topics"], rows="3", width="100%", id="isian-topics"), error=_err("topics")),
                field("Kesepakatan", rx.text_area(name="agreements", default_value=v["agreements"], rows="3", width="100%", id="isian-agreements"), error=_err("agreements")),
                field("Tanggal tindak lanjut (boleh kosong)", text_input("follow_up_on", v, type="date"), error=_err("follow_up_on")),
            ],
        ),
    )


def dialog_page() -> rx.Component:
    return page_shell(
        "Dialog Kinerja",
        rx.text(
            "Umpan balik berkelanjutan antara pegawai dan atasan: kedua pihak dapat memulai dan membalas percakapan; "
            "atasan mencatat pertemuan dialog kinerja.",
            size="2", color=rx.color("gray", 11),
        ),
        _choosers(),
        rx.cond(S.thread_id > 0, _thread_detail(), _thread_list()),
        _meetings(),
        _forms(),
    )
