"""Input Pimpinan: validate subordinates' kegiatan harian, give tasks and feedback, appoint a Plt/Plh."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.activity import activity_card
from ekinerja.components.dialogs import confirm_button
from ekinerja.components.editor import Editor
from ekinerja.components.forms import error_callout, field
from ekinerja.components.integrity import SIGNAL_NOTE, flag_list
from ekinerja.components.layout import page_shell, toolbar
from ekinerja.components.lists import empty_note, or_empty
from ekinerja.components.pickers import month_select
from ekinerja.components.tables import pager
from ekinerja.state.input_pimpinan import InputPimpinanState as S
from ekinerja.state.integrity import TeamIntegrityState as T

KIND_OPTIONS = [{"id": "plh", "label": "Plh (pelaksana harian)"}, {"id": "plt", "label": "Plt (pelaksana tugas)"}]


E = Editor(S)


def _filters() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(name="day", type="date", size="3", width="100%", aria_label="Tanggal kegiatan"),
            rx.button(rx.icon("filter"), "Terapkan", type="submit", size="3"),
            spacing="2",
            width="100%",
        ),
        on_submit=S.apply_filter,
        reset_on_submit=False,
        width="100%",
    )


def _person_chip(count: rx.Var) -> rx.Component:
    chosen = S.filter_employee == count["id"]
    return rx.button(
        count["name"],
        rx.badge(count["pending"], variant="solid", color_scheme=rx.cond(count["overdue"] != "0", "red", "gray"), radius="full"),
        on_click=S.filter_employee_to(count["id"]),
        variant=rx.cond(chosen, "solid", "soft"),
        color_scheme=rx.cond(chosen, "teal", "gray"),
        size="2",
        max_width="100%",
        white_space="normal",
        height="auto",
        min_height="2rem",
        class_name="jumlah-per-pegawai",
        custom_attrs={"data-employee": count["id"]},
    )


def _people() -> rx.Component:
    """How many entries each subordinate has waiting (red: some overdue); a chip shows only theirs."""
    return rx.cond(
        S.pending_counts.length() > 0,
        rx.flex(
            rx.button(
                "Semua", rx.badge(S.pending_total, variant="solid", color_scheme="gray", radius="full"),
                on_click=S.filter_employee_to(""),
                variant=rx.cond(S.filter_employee == "", "solid", "soft"),
                color_scheme=rx.cond(S.filter_employee == "", "teal", "gray"),
                size="2",
            ),
            rx.foreach(S.pending_counts, _person_chip),
            wrap="wrap",
            gap="2",
            width="100%",
            id="jumlah-per-pegawai",
        ),
    )


def _overdue_group() -> rx.Component:
    """Entries waiting past the entry window: one tap away, above the newest, never on a last page."""
    return rx.cond(
        S.overdue_rows.length() > 0,
        rx.el.details(
            rx.el.summary(
                rx.text(
                    S.overdue_count, " kegiatan terlambat divalidasi (terlama di atas) — ketuk untuk membuka",
                    weight="medium", color=rx.color("red", 11), as_="span",
                ),
                cursor="pointer",
                padding_y="0.5rem",
            ),
            rx.vstack(rx.foreach(S.overdue_rows, _item), spacing="2", width="100%"),
            width="100%",
            padding_x="0.75rem",
            border=f"1px solid {rx.color('red', 6)}",
            border_radius="8px",
            id="kelompok-terlambat",
        ),
    )


def _queue_entry(row: rx.Var) -> rx.Component:
    return rx.fragment(
        rx.cond(
            row["day_head"] != "",
            rx.text(row["day_head"], size="2", weight="bold", color=rx.color("gray", 11), padding_top="0.5rem", class_name="judul-hari"),
        ),
        _item(row),
    )


def _item(row: rx.Var) -> rx.Component:
    activity_id = row["id"].to(int)
    leading = rx.checkbox(
        checked=S.selected.contains(row["id"]),
        on_change=lambda checked: S.toggle(row["id"], checked),
        size="3",
        aria_label="Pilih kegiatan",
    )
    actions = rx.hstack(
        rx.button(rx.icon("check", size=16), "Setujui", size="2", color_scheme="green", on_click=S.approve(activity_id), class_name="setujui"),
        rx.button("Kurangi menit", size="2", variant="soft", on_click=S.open_decision(activity_id, "partial")),
        rx.button("Tolak", size="2", variant="soft", color_scheme="red", on_click=S.open_decision(activity_id, "reject")),
        rx.cond(row["evidence"] != "", rx.button(rx.icon("paperclip", size=16), "Bukti", size="2", variant="ghost", on_click=S.download_evidence(row["evidence"].to(int)))),
        spacing="2",
        wrap="wrap",
        padding_top="0.3rem",
    )
    return activity_card(row, show_person=True, leading=leading, actions=actions, class_name="antrean-kegiatan")


def _queue() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading("Menunggu validasi", size="4"),
            rx.cond(S.overdue_count > 0, rx.badge(S.overdue_count, " terlambat", color_scheme="red", variant="solid", id="jumlah-terlambat")),
            rx.cond(T.flags.length() > 0, rx.link(rx.badge(T.flags.length(), " tanda integritas", color_scheme="orange"), href="#tanda-integritas")),
            align="center",
            wrap="wrap",
            spacing="2",
        ),
        _people(),
        _filters(),
        _overdue_group(),
        rx.hstack(
            rx.checkbox("Pilih semua di halaman ini", on_change=S.select_all, size="3"),
            rx.spacer(),
            rx.button("Setujui terpilih (", S.selected.length(), ")", on_click=S.preview_bulk, disabled=S.selected.length() == 0, size="3", id="setujui-terpilih"),
            wrap="wrap",
            align="center",
            width="100%",
            spacing="2",
        ),
        or_empty(
            S.rows,
            rx.vstack(rx.foreach(S.rows, _queue_entry), spacing="2", width="100%", id="antrean"),
            empty_note("Tidak ada kegiatan yang menunggu validasi.", size=None, id="antrean-kosong"),
        ),
        pager(S.page, S.page_count, S.total, S.go_to_page),
        spacing="3",
        width="100%",
    )


def _decision_dialogs() -> rx.Component:
    info = rx.text(S.decision_info, size="2")
    return rx.fragment(
        E.dialog("reject", "Tolak kegiatan", S.save_decision, submit_label="Tolak", body=[
            info, _form_error(), E.textarea("Alasan penolakan", "reason", rows="3", size="2"),
        ]),
        E.dialog("partial", "Setujui dengan menit dikurangi", S.save_decision, submit_label="Setujui", body=[
            info,
            _form_error(),
            E.text("Menit yang disetujui", "approved_minutes", input_mode="numeric"),
            E.textarea("Alasan pengurangan", "reason", rows="3", size="2", id="isian-reason-partial"),
        ]),
        rx.alert_dialog.root(
            rx.alert_dialog.content(
                rx.alert_dialog.title("Setujui sekaligus?"),
                rx.alert_dialog.description(S.bulk_message, id="pesan-setujui-massal"),
                rx.hstack(
                    rx.button("Batal", variant="soft", color_scheme="gray", on_click=S.close_form),
                    rx.button("Ya, setujui", color_scheme="green", on_click=S.confirm_bulk, id="konfirmasi-setujui"),
                    justify="end",
                    spacing="3",
                    margin_top="1rem",
                ),
            ),
            open=S.form_open == "bulk",
        ),
    )


def _form_error() -> rx.Component:
    return error_callout(E.error("form"))


def _team_tools() -> rx.Component:
    return rx.vstack(
        rx.heading("Tugas, piket, umpan balik dan Plt/Plh", size="4"),
        toolbar(
            rx.button(rx.icon("list-plus"), "Beri tugas", on_click=S.open_task, variant="soft", size="3"),
            rx.button(rx.icon("calendar-plus"), "Tugaskan piket", on_click=S.open_duty, variant="soft", size="3", id="tugaskan-piket"),
            rx.button(rx.icon("message-circle"), "Umpan balik", on_click=S.open_feedback, variant="soft", size="3"),
            rx.button(rx.icon("user-check"), "Tunjuk Plt/Plh", on_click=S.open_delegation, variant="soft", size="3"),
        ),
        rx.foreach(
            S.duty_days,
            lambda d: rx.card(
                rx.hstack(
                    rx.vstack(
                        rx.text("Piket ", d["day"], ": ", d["name"], size="2", weight="medium"),
                        rx.text(d["reason"], size="1", color=rx.color("gray", 10)),
                        spacing="0",
                        min_width="0",
                    ),
                    rx.spacer(),
                    confirm_button("Hapus", title="Hapus tugas piket?", message="Pegawai tidak dapat lagi mencatat kegiatan pada hari itu.",
                                   on_confirm=S.delete_duty(d["id"].to(int))),
                    align="center",
                    width="100%",
                ),
                width="100%",
                class_name="tugas-piket",
            ),
        ),
        rx.foreach(
            S.delegations,
            lambda d: rx.card(
                rx.hstack(
                    rx.vstack(
                        rx.text(d["kind"], " ", d["delegate"], " untuk ", d["atasan"], size="2", weight="medium"),
                        rx.text(d["period"], " ", d["note"], size="1", color=rx.color("gray", 10)),
                        spacing="0",
                    ),
                    rx.spacer(),
                    rx.cond(d["revoked"] == "ya", rx.badge("dicabut", color_scheme="gray")),
                    rx.cond(d["mine"] == "ya", rx.button("Cabut", size="2", variant="soft", color_scheme="red", on_click=S.revoke_delegation(d["id"].to(int)))),
                    align="center",
                    width="100%",
                ),
                width="100%",
            ),
        ),
        spacing="3",
        width="100%",
    )


def _tool_dialogs() -> rx.Component:
    return rx.fragment(
        E.dialog("task", "Beri tugas langsung", S.save_task, submit_label="Berikan", body=[
            E.text("Judul tugas", "title"),
            E.textarea("Uraian", "description", rows="3", size="2"),
            E.text("Batas waktu", "due_date", type="date"),
            field(
                "Untuk",
                rx.vstack(rx.foreach(S.team_options, lambda o: rx.checkbox(o["label"], name="assignee_" + o["id"], size="3")), spacing="2"),
                error=E.error("assignees"),
            ),
        ]),
        E.dialog("feedback", "Umpan balik", S.save_feedback, submit_label="Kirim", body=[
            E.select("Bawahan", "to_employee_id", S.team_options, on_change=S.choose_feedback_employee),
            E.select("Tentang", "subject", S.subject_options, placeholder="RHK atau nilai BerAKHLAK"),
            E.textarea("Isi", "body", rows="4", size="2"),
        ]),
        E.dialog("duty", "Tugaskan piket", S.save_duty, submit_label="Tugaskan", body=[
            rx.text("Pada hari libur atau akhir pekan yang ditugaskan, bawahan dapat mencatat kegiatannya. "
                    "Penugasan tercatat di jejak audit.", size="2"),
            E.select("Bawahan", "nip", S.duty_people, placeholder="Pilih bawahan"),
            E.text("Tanggal tugas", "day", type="date"),
            E.text("Alasan (mis. piket, nomor surat tugas)", "reason"),
        ]),
        E.dialog("delegation", "Tunjuk Plt/Plh validasi", S.save_delegation, submit_label="Tunjuk", body=[
            rx.text("Selama periode ini pengganti memvalidasi kegiatan bawahan Anda atas nama Anda; jejak audit mencatat keduanya.", size="2"),
            E.select("Pengganti", "delegate_id", S.team_options),
            E.select("Jenis", "kind", KIND_OPTIONS),
            E.date_range(),
            E.text("Keterangan (nomor surat perintah)", "note"),
        ]),
    )


def _integrity() -> rx.Component:
    return rx.vstack(
        rx.heading("Tanda integritas", size="4"),
        rx.text(SIGNAL_NOTE, size="1", color=rx.color("gray", 10)),
        month_select(T, "pilih-bulan-tanda"),
        flag_list(T.flags, empty="Tidak ada tanda integritas untuk tim Anda pada bulan ini.", list_id="tanda-tim"),
        spacing="3",
        width="100%",
        id="tanda-integritas",
    )


def input_pimpinan_page() -> rx.Component:
    return page_shell(
        "Input Pimpinan",
        _queue(),
        rx.divider(),
        _integrity(),
        rx.divider(),
        _team_tools(),
        _decision_dialogs(),
        _tool_dialogs(),
    )
