"""Kehadiran: every record of the employee's month and its tally; admin import and corrections."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.admin import field_error
from ekinerja.components.dialogs import form_dialog
from ekinerja.components.forms import field, text_input
from ekinerja.components.layout import page_shell
from ekinerja.components.skp import section
from ekinerja.components.spreadsheet_import import import_dialog
from ekinerja.components.tables import data_table
from ekinerja.pages.tpp import month_select
from ekinerja.state.kehadiran import KehadiranState as S


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


def _admin() -> rx.Component:
    return rx.cond(
        S.show_admin_menu,
        section(
            "Admin kehadiran",
            rx.hstack(
                rx.button("Impor data mesin absensi", on_click=S.open_import, size="3", id="buka-impor-kehadiran"),
                rx.button("Koreksi kehadiran", on_click=S.open_correction, size="3", variant="soft", id="buka-koreksi"),
                wrap="wrap",
            ),
            rx.cond(
                S.pending.length() > 0,
                rx.vstack(
                    rx.heading("Pengajuan ketidakhadiran menunggu persetujuan", size="3"),
                    rx.foreach(
                        S.pending,
                        lambda a: rx.card(
                            rx.vstack(
                                rx.text(rx.text.strong(a["name"]), " · ", a["kind"], " · ", a["dates"], size="2"),
                                rx.text(a["note"], size="1"),
                                rx.hstack(
                                    rx.button("Setujui", size="2", on_click=S.decide(a["id"], True)),
                                    rx.button("Tolak", size="2", variant="soft", color_scheme="red", on_click=S.decide(a["id"], False)),
                                ),
                            ),
                            width="100%",
                        ),
                    ),
                    width="100%",
                ),
            ),
            import_dialog(S, title="Impor data mesin absensi", upload_id="unggah-kehadiran", hint="Kolom: nip, tanggal, jam_masuk, jam_pulang. Mengimpor ulang berkas yang sama tidak mengubah apa pun."),
            form_dialog(
                name="koreksi", title="Koreksi kehadiran", open_var=S.form_open, version=S.form_version,
                on_close=S.close_form, on_submit=S.save_correction,
                body=[
                    field("NIP", text_input("nip", S.form_values, input_mode="numeric"), error=field_error(S, "nip")),
                    field("Tanggal", text_input("day", S.form_values, type="date"), error=field_error(S, "day")),
                    field("Jam masuk (JJ:MM)", text_input("check_in", S.form_values), error=field_error(S, "check_in")),
                    field("Jam pulang (JJ:MM)", text_input("check_out", S.form_values), error=field_error(S, "check_out")),
                    field("Alasan koreksi", text_input("reason", S.form_values), error=field_error(S, "reason"), hint="Wajib, minimal 10 karakter; tercatat di jejak audit."),
                ],
            ),
        ),
    )


def kehadiran_page() -> rx.Component:
    return page_shell(
        "Kehadiran",
        month_select(S, "pilih-bulan-kehadiran"),
        summary_grid(S.summary, "ringkasan-kehadiran"),
        rx.text("TL/PSW 1-4: terlambat/pulang cepat 1-30, 31-60, 61-90, lebih dari 90 menit atau tanpa rekaman.", size="1", color=rx.color("gray", 10)),
        section("Rekaman harian", data_table(["Tanggal", "Masuk", "Pulang", "Status", "Catatan"], S.rows, _row, id="tabel-kehadiran")),
        rx.cond(
            S.absences.length() > 0,
            section("Cuti, sakit, izin, dinas luar", rx.foreach(S.absences, lambda a: rx.text(a["kind"], ": ", a["dates"], " (", a["approved"], ")", size="2"))),
        ),
        _admin(),
    )
