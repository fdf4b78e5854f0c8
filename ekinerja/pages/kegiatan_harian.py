"""Kegiatan Harian: the month against its target, a calendar, the chosen day's entries and the form."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.activity import activity_card
from ekinerja.components.dialogs import confirm_button
from ekinerja.components.editor import Editor
from ekinerja.components.evidence import evidence_upload
from ekinerja.components.forms import error_callout, field, field_grid, select_input
from ekinerja.components.layout import page_shell
from ekinerja.components.lists import card_list, empty_note
from ekinerja.domain.statuses import ActivityStatus
from ekinerja.routes import DIALOG_KINERJA
from ekinerja.state.kegiatan_harian import KegiatanHarianState as S

UPLOAD_ID = "bukti-kegiatan"
DAY_COLORS = {ActivityStatus.DITOLAK: "red", ActivityStatus.DIAJUKAN: "amber", ActivityStatus.DISETUJUI: "green", "kosong": "gray", "libur": "gray", "nanti": "gray"}


E = Editor(S)


def _month_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon_button(rx.icon("chevron-left"), on_click=S.shift_month(-1), variant="soft", size="3", aria_label="Bulan sebelumnya"),
                rx.heading(S.month_label, size="4", id="bulan-kegiatan"),
                rx.icon_button(rx.icon("chevron-right"), on_click=S.shift_month(1), variant="soft", size="3", aria_label="Bulan berikutnya"),
                justify="between",
                align="center",
                width="100%",
            ),
            rx.progress(value=S.progress, width="100%", size="3", id="progres-bulan"),
            rx.text(
                "Disetujui ", rx.text.strong(S.approved_text), " dari target ", S.target_text, " menit · menunggu ", S.pending_text,
                size="2",
                id="total-bulan",
            ),
            rx.text(S.window_text, size="1", color=rx.color("gray", 10)),
            spacing="2",
            width="100%",
        ),
        width="100%",
        position="sticky",
        top="4.5rem",
        z_index="5",
    )


def _day_cell(day: rx.Var) -> rx.Component:
    selected = day["iso"] == S.selected_day
    return rx.button(
        rx.vstack(
            rx.text(day["num"], size="2", weight="bold"),
            rx.text(day["minutes"], size="1"),
            spacing="0",
            align="center",
        ),
        on_click=S.select_day(day["iso"]),
        variant=rx.cond(selected, "solid", rx.cond(day["status"] == "libur", "ghost", "soft")),
        color_scheme=rx.match(day["status"], *DAY_COLORS.items(), "gray"),
        height="3.2rem",
        padding="0",
        width="100%",
        id="hari-" + day["iso"],
        aria_label=day["weekday"] + " " + day["num"],
    )


def _calendar() -> rx.Component:
    return rx.vstack(
        rx.grid(
            *[rx.text(h, size="1", align="center", color=rx.color("gray", 10)) for h in ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")],
            columns="7",
            width="100%",
        ),
        rx.grid(
            rx.foreach(S.leading_blanks, lambda _: rx.box()),
            rx.foreach(S.days, _day_cell),
            columns="7",
            spacing="1",
            width="100%",
            id="kalender-kegiatan",
        ),
        rx.hstack(
            *[rx.badge(label, color_scheme=color, variant="soft") for label, color in (("disetujui", "green"), ("diajukan", "amber"), ("ditolak", "red"))],
            spacing="2",
        ),
        width="100%",
        spacing="2",
    )


def _entry(row: rx.Var) -> rx.Component:
    activity_id = row["id"].to(int)
    actions = rx.hstack(
        rx.cond(
            row["editable"] == "1",
            rx.hstack(
                rx.button(rx.icon("pencil", size=16), "Ubah", size="2", variant="soft", on_click=S.open_edit(activity_id)),
                confirm_button("Hapus", title="Hapus kegiatan?", message="Kegiatan yang belum divalidasi ini akan dihapus.", on_confirm=S.delete(activity_id)),
                spacing="2",
            ),
        ),
        rx.cond(row["correctable"] == "1", rx.button(rx.icon("rotate-ccw", size=16), "Perbaiki", size="2", variant="soft", on_click=S.open_edit(activity_id))),
        rx.cond(row["evidence"] != "", rx.button(rx.icon("paperclip", size=16), "Bukti", size="2", variant="ghost", on_click=S.download_evidence(row["evidence"].to(int)))),
        spacing="2",
        wrap="wrap",
    )
    return activity_card(row, show_person=False, actions=actions, class_name="kegiatan")


def _day_section() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(S.selected_label, size="4", id="hari-terpilih"),
            rx.spacer(),
            wrap="wrap",
            width="100%",
        ),
        rx.grid(
            rx.button(rx.icon("plus"), "Tambah kegiatan", on_click=S.open_new, size="3", id="tambah-kegiatan"),
            rx.button(rx.icon("copy"), "Salin kegiatan kemarin", on_click=S.copy_yesterday, size="3", variant="soft", id="salin-kemarin"),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="2",
            width="100%",
        ),
        rx.foreach(S.copy_report, lambda m: rx.text(m, size="1", color=rx.color("orange", 11))),
        card_list(S.entries, _entry, empty_note("Belum ada kegiatan pada hari ini.", size=None), list_id="daftar-kegiatan"),
        spacing="3",
        width="100%",
    )


def _tasks_and_feedback() -> rx.Component:
    return rx.vstack(
        rx.cond(
            S.my_tasks.length() > 0,
            rx.vstack(
                rx.heading("Tugas dari atasan", size="4"),
                rx.foreach(
                    S.my_tasks,
                    lambda t: rx.card(
                        rx.vstack(
                            rx.hstack(rx.text(t["title"], weight="bold"), rx.spacer(), rx.badge("batas ", t["due"], color_scheme="orange"), width="100%"),
                            rx.text(t["description"], size="2"),
                            rx.button("Laporkan sebagai kegiatan", size="2", variant="soft", on_click=S.finish_task(t["id"].to(int))),
                            spacing="1",
                        ),
                        width="100%",
                        class_name="tugas-atasan",
                    ),
                ),
                width="100%",
                id="tugas-saya",
            ),
        ),
        rx.cond(
            S.my_feedback.length() > 0,
            rx.vstack(
                rx.hstack(
                    rx.heading("Umpan balik atasan", size="4"),
                    rx.spacer(),
                    rx.link("Balas di Dialog Kinerja", href=DIALOG_KINERJA, size="2"),
                    width="100%",
                    align="center",
                    wrap="wrap",
                ),
                rx.foreach(
                    S.my_feedback,
                    lambda f: rx.card(
                        rx.vstack(
                            rx.text(f["subject"], size="2", weight="bold"),
                            rx.text(f["body"], size="2", white_space="pre-wrap"),
                            rx.text(f["from"], " · ", f["date"], size="1", color=rx.color("gray", 10)),
                            spacing="1",
                        ),
                        width="100%",
                    ),
                ),
                width="100%",
                id="umpan-balik-saya",
            ),
        ),
        width="100%",
        spacing="3",
    )


def _form_dialog() -> rx.Component:
    v = S.form_values
    title = rx.cond(S.editing_id == 0, "Catat kegiatan", "Ubah kegiatan")
    return E.dialog("activity", title, S.save, submit_label="Simpan & ajukan", body=[
        error_callout(E.error("form")),
        E.text("Tanggal", "activity_date", type="date"),
        field_grid(E.text("Jam mulai", "start_time", type="time"), E.text("Jam selesai", "end_time", type="time"), columns="2"),
        field(
            "Uraian tugas (katalog jabatan)",
            rx.vstack(
                rx.input(name="catalog_search", placeholder="Ketik untuk mencari...", on_change=S.filter_catalog.debounce(300), size="3", width="100%", id="cari-katalog"),
                select_input("catalog_item_id", S.catalog_options, v, placeholder="Pilih uraian tugas"),
                width="100%",
                spacing="1",
            ),
            error=E.error("catalog_item_id"),
        ),
        E.text("atau tulis kegiatan sendiri", "task_text", placeholder="Bila tidak ada di katalog", hint="Kegiatan di luar katalog dihitung sesuai lama waktunya."),
        E.text("Jumlah hasil", "quantity", input_mode="decimal"),
        E.textarea("Keterangan", "description", rows="3", size="2"),
        E.select("RHK yang didukung", "rhk_id", S.rhk_options, placeholder="Tanpa RHK"),
        rx.cond(
            S.task_options.length() > 0,
            E.select("Tugas atasan yang dilaporkan", "task_assignee_id", S.task_options, placeholder="Bukan tugas atasan"),
        ),
        field(
            "Bukti dukung (opsional: PDF, PNG, JPG)",
            rx.vstack(
                evidence_upload(UPLOAD_ID, S.upload_evidence, S.evidence_name, prompt="Ketuk untuk memilih berkas"),
                width="100%",
            ),
            error=E.error("evidence"),
        ),
    ])


def kegiatan_harian_page() -> rx.Component:
    return page_shell(
        "Kegiatan Harian",
        _month_card(),
        _calendar(),
        _day_section(),
        _tasks_and_feedback(),
        _form_dialog(),
    )
