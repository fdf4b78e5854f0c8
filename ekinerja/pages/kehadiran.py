"""Kehadiran: every record of the employee's month and its tally; admin import and corrections."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.editor import Editor
from ekinerja.components.evidence import evidence_upload
from ekinerja.components.forms import error_text
from ekinerja.components.layout import page_shell
from ekinerja.components.pickers import month_select
from ekinerja.components.skp import section
from ekinerja.components.spreadsheet_import import import_dialog
from ekinerja.components.tables import data_table
from ekinerja.routes import ADMIN_WORK_CALENDAR
from ekinerja.state.kehadiran import ABSENCE_UPLOAD_ID
from ekinerja.state.kehadiran import KehadiranState as S

E = Editor(S)
REASON_HINT = "Wajib, minimal 10 karakter; tercatat di jejak audit."


def summary_grid(items: rx.Var, grid_id: str) -> rx.Component:
    return rx.grid(
        rx.foreach(
            items,
            lambda c: rx.card(rx.vstack(rx.text(c["label"], size="1", color=rx.color("gray", 10)), rx.text(c["value"], size="4", weight="bold"), spacing="0")),
        ),
        columns=rx.breakpoints(initial="3", md="5"),
        spacing="2",
        width="100%",
        id=grid_id,
    )


def _row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r["day"], " ", rx.text(r["weekday"], size="1", color=rx.color("gray", 10))),
        rx.table.cell(r["in"]),
        rx.table.cell(r["out"]),
        rx.table.cell(r["status"], " ", rx.cond(r["flags"] != "", rx.badge(r["flags"], color_scheme="orange"))),
        rx.table.cell(rx.cond(r["corrected"] != "", rx.text("Koreksi: ", r["corrected"], size="1"), "")),
    )


def _hours_row(d: rx.Var) -> rx.Component:
    start, end = f"start_{d['weekday']}", f"end_{d['weekday']}"
    return rx.vstack(
        rx.text(d["label"], size="2", weight="medium"),
        rx.hstack(
            rx.input(name=start, default_value=S.form_values[start], placeholder="07:30", size="3", width="100%", aria_label="Jam masuk"),
            rx.text("s.d."),
            rx.input(name=end, default_value=S.form_values[end], placeholder="16:00", size="3", width="100%", aria_label="Jam pulang"),
            width="100%", align="center",
        ),
        rx.text(S.form_errors.get(start, "").to(str), S.form_errors.get(end, "").to(str), size="1", color=rx.color("red", 11)),
        spacing="1", width="100%",
    )


def _absence_dialog() -> rx.Component:
    return E.dialog("ketidakhadiran", "Ajukan ketidakhadiran", S.save_absence, submit_label="Ajukan", body=[
        E.select("Jenis", "kind", S.kind_options),
        E.text("Tanggal mulai", "start_date", type="date"),
        E.text("Tanggal selesai", "end_date", type="date"),
        E.text("Keterangan", "note"),
        evidence_upload(ABSENCE_UPLOAD_ID, S.attach_staged, S.staged_name),
        rx.text("Surat cuti, surat keterangan dokter atau surat tugas; wajib kecuali izin.", size="1", color=rx.color("gray", 10)),
        error_text(E.error("evidence")),
    ])


def _absences() -> rx.Component:
    return section(
        "Cuti, sakit, izin, dinas luar, tugas belajar",
        rx.button("Ajukan ketidakhadiran", on_click=S.open_absence, size="3", id="ajukan-ketidakhadiran"),
        rx.foreach(
            S.absences,
            lambda a: rx.hstack(
                rx.text(rx.text.strong(a["kind"]), " ", a["dates"], size="2"),
                rx.badge(a["status"], color_scheme=rx.match(a["status"], ("Disetujui", "green"), ("Ditolak", "red"), "amber")),
                rx.cond(a["reason"], rx.text("Alasan: ", a["reason"], size="1", color=rx.color("red", 11))),
                wrap="wrap", class_name="ketidakhadiran",
            ),
        ),
        _absence_dialog(),
    )


def _admin() -> rx.Component:
    return rx.cond(
        S.show_admin_menu,
        section(
            "Admin kehadiran",
            rx.hstack(
                rx.button("Impor data mesin absensi", on_click=S.open_import, size="3", id="buka-impor-kehadiran"),
                rx.button("Koreksi kehadiran", on_click=S.open_correction, size="3", variant="soft", id="buka-koreksi"),
                rx.button("Jam kerja", on_click=S.open_hours, size="3", variant="soft", id="buka-jam-kerja"),
                wrap="wrap",
            ),
            rx.link("Atur 5/6 hari kerja, hari libur dan piket di Kalender Kerja", href=ADMIN_WORK_CALENDAR, size="2"),
            rx.cond(
                S.pending.length() > 0,
                rx.vstack(
                    rx.heading("Pengajuan ketidakhadiran menunggu persetujuan", size="3"),
                    rx.cond(
                        S.pending_total > S.pending.length(),
                        rx.text(
                            "Menampilkan ", S.pending.length(), " pengajuan terlama dari ", S.pending_total,
                            "; yang berikutnya muncul setelah ini diputuskan.", size="2", id="antrean-ketidakhadiran-sebagian",
                        ),
                    ),
                    rx.foreach(
                        S.pending,
                        lambda a: rx.card(
                            rx.vstack(
                                rx.text(rx.text.strong(a["name"]), " · ", a["kind"], " · ", a["dates"], size="2"),
                                rx.text(a["note"], size="1"),
                                rx.hstack(
                                    rx.button("Setujui", size="2", on_click=S.approve_absence(a["id"])),
                                    rx.button("Tolak", size="2", variant="soft", color_scheme="red", on_click=S.open_reject(a["id"])),
                                ),
                            ),
                            width="100%",
                            class_name="ketidakhadiran-menunggu",
                        ),
                    ),
                    width="100%",
                ),
            ),
            import_dialog(S, title="Impor data mesin absensi", upload_id="unggah-kehadiran", hint="Kolom: nip, tanggal, jam_masuk, jam_pulang. Mengimpor ulang berkas yang sama tidak mengubah apa pun."),
            E.dialog("koreksi", "Koreksi kehadiran", S.save_correction, body=[
                E.text("NIP", "nip", input_mode="numeric"),
                E.text("Tanggal", "day", type="date"),
                E.text("Jam masuk (JJ:MM)", "check_in"),
                E.text("Jam pulang (JJ:MM)", "check_out"),
                E.text("Alasan koreksi", "reason", hint=REASON_HINT),
            ]),
            E.dialog("tolak", "Tolak pengajuan ketidakhadiran", S.save_reject, submit_label="Tolak", body=[
                E.text("Alasan penolakan", "reason", hint=REASON_HINT),
            ]),
            E.dialog("jam-kerja", "Jam kerja instansi", S.save_hours, body=[rx.foreach(S.hour_days, _hours_row)]),
        ),
    )


def kehadiran_page() -> rx.Component:
    return page_shell(
        "Kehadiran",
        month_select(S, "pilih-bulan-kehadiran"),
        summary_grid(S.summary, "ringkasan-kehadiran"),
        rx.text("TL/PSW 1-4: terlambat/pulang cepat 1-30, 31-60, 61-90, lebih dari 90 menit atau tanpa rekaman.", size="1", color=rx.color("gray", 10)),
        section("Rekaman harian", data_table(["Tanggal", "Masuk", "Pulang", "Status", "Catatan"], S.rows, _row, id="tabel-kehadiran")),
        _absences(),
        _admin(),
    )
