"""Penilaian kinerja: the atasan's ratings with a computed predikat; the employee's results."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.dialogs import form_dialog
from ekinerja.components.forms import error_callout, field, select_input, text_input
from ekinerja.components.layout import page_shell
from ekinerja.components.skp import section
from ekinerja.components.tables import data_table
from ekinerja.domain.predikat import OrganisationPredikat
from ekinerja.pages.dialog import meeting_card
from ekinerja.pages.tpp import option_select
from ekinerja.routes import DIALOG_KINERJA
from ekinerja.state.development import KIND_OPTIONS, STATUS_OPTIONS
from ekinerja.state.development import DevelopmentPlanState as P
from ekinerja.state.penilaian import PenilaianState as S

RATING_OPTIONS = [("diatas", "Di Atas Ekspektasi"), ("sesuai", "Sesuai Ekspektasi"), ("dibawah", "Di Bawah Ekspektasi")]


def _rating_select(name: rx.Var | str, value: rx.Var, *, fixed: rx.Var | bool = False) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(placeholder="Pilih rating...", width="100%"),
        rx.select.content(*[rx.select.item(label, value=key) for key, label in RATING_OPTIONS]),
        name=name,
        default_value=value,
        size="3",
        disabled=(S.ev_status != "draft") | fixed,
    )


def _rated(item: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(item["label"], size="2", weight="medium"),
        _rating_select(item["key"], item["rating"]),
        rx.cond(S.form_errors.get(item["key"].to(str), "").to(str) != "", rx.text(S.form_errors.get(item["key"].to(str), "").to(str), size="1", color=rx.color("red", 11))),
        rx.input(name=item["key"].to(str).replace("rhk_", "rhk_fb_").replace("val_", "val_fb_"), default_value=item["feedback"], placeholder="Umpan balik", width="100%", size="2"),
        spacing="1",
        width="100%",
        padding_y="0.4rem",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def _evaluation() -> rx.Component:
    return section(
        "Penilaian",
        rx.text(S.ev_title, weight="bold"),
        rx.form(
            rx.vstack(
                rx.heading("Rating per RHK", size="3"),
                rx.foreach(S.ev_rhk, _rated),
                rx.heading("Perilaku kerja (BerAKHLAK)", size="3"),
                rx.foreach(S.ev_values, _rated),
                rx.heading("Rating keseluruhan", size="3"),
                rx.text("Rating Hasil Kerja", size="2"),
                _rating_select("rating_hasil", S.form_values["rating_hasil"], fixed=S.ev_rating_rule != ""),
                rx.cond(S.ev_rating_rule != "", rx.text(S.ev_rating_rule, size="1", color=rx.color("gray", 11), id="aturan-rating-pimpinan")),
                rx.cond(_err("rating_hasil") != "", rx.text(_err("rating_hasil"), size="1", color=rx.color("red", 11), role="alert")),
                rx.text("Rating Perilaku Kerja", size="2"),
                _rating_select("rating_perilaku", S.form_values["rating_perilaku"]),
                rx.cond(S.ev_predikat != "", rx.callout(rx.text("Predikat (dihitung dari matriks PermenPAN-RB 6/2022): ", rx.text.strong(S.ev_predikat)), icon="award", id="predikat-penilaian")),
                rx.cond(_err("form") != "", rx.callout(_err("form"), color_scheme="red", icon="triangle-alert", role="alert")),
                rx.cond(
                    S.ev_status == "draft",
                    rx.hstack(
                        rx.button("Simpan draf", type="submit", name="action", value="simpan", variant="soft", size="3"),
                        rx.button("Finalkan", type="submit", name="action", value="final", size="3", id="finalkan"),
                        wrap="wrap",
                    ),
                ),
                rx.button("Tutup", type="button", variant="ghost", on_click=S.close_evaluation),
                spacing="2",
                width="100%",
            ),
            on_submit=S.submit,
            reset_on_submit=False,
            key=S.form_version,
        ),
    )


def _err(name: str) -> rx.Var:
    return S.form_errors.get(name, "").to(str)


def _dialog_record() -> rx.Component:
    """The period's dialog kinerja beside the ratings: the meetings held and the threads of the year."""
    return section(
        "Dialog kinerja periode ini",
        rx.text(S.ev_dialog_summary, size="2", color=rx.color("gray", 11)),
        rx.foreach(S.ev_dialog_meetings, lambda m: meeting_card(m)),
        rx.link("Buka Dialog Kinerja", href=DIALOG_KINERJA, size="2"),
        id="dialog-penilaian",
    )


def _capaian_select(row: rx.Var) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(placeholder="Tetapkan capaian...", width="100%"),
        rx.select.content(*[rx.select.item(p.label, value=p.value) for p in OrganisationPredikat]),
        value=row["capaian"],
        on_change=lambda value: S.choose_unit_predikat(row["id"], value),
        size="2",
    )


def _unit_card(row: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(row["name"], size="2", weight="medium"),
            rx.hstack(
                rx.text("Capaian:", size="1"),
                # The select takes the rest of the line, never more: it fits a 360 px phone.
                rx.cond(row["can_set"] != "", rx.box(_capaian_select(row), flex="1", min_width="0"), rx.badge(row["capaian_label"], variant="soft")),
                align="center", spacing="2", width="100%",
            ),
            rx.hstack(
                rx.text(row["progress"], size="1", color=rx.color("gray", 11)),
                rx.badge(row["status"], color_scheme=rx.cond(row["closed"] != "", rx.cond(row["status"] == "ditutup, sesuai kurva", "green", "orange"), "gray")),
                wrap="wrap", align="center", spacing="2",
            ),
            rx.button("Periksa kurva", size="2", variant="soft", on_click=S.open_unit(row["id"])),
            spacing="2", width="100%",
        ),
        width=rx.cond(row["depth"] == "0", "100%", "calc(100% - 0.75rem)"),
        margin_left=rx.cond(row["depth"] == "0", "0", "0.75rem"),
        class_name="kartu-unit-kurva",
    )


def _unit_rule(rule: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.cond(
            rule["ok"] != "",
            rx.icon("circle-check", color=rx.color("green", 10), size=18, flex_shrink="0"),
            rx.icon("circle-x", color=rx.color("red", 10), size=18, flex_shrink="0"),
        ),
        rx.vstack(
            rx.text(rule["text"], size="2", weight="medium"),
            rx.text(rule["now"], rx.cond(rule["fix"] != "", rx.text.span("; ", rule["fix"])), size="1", color=rx.color("gray", 11)),
            spacing="0",
        ),
        align="start", spacing="2", width="100%",
        class_name="aturan-kurva",
    )


def _unit_report() -> rx.Component:
    return section(
        "Kurva distribusi unit",
        rx.text(S.unit_title, weight="bold"),
        rx.text("Capaian kinerja unit: ", rx.text.strong(S.unit_capaian), size="2"),
        rx.cond(S.unit_head != "", rx.text("Kepala unit — ", S.unit_head, size="1", color=rx.color("gray", 11))),
        rx.cond(
            S.unit_counts.length() > 0,
            rx.grid(
                rx.foreach(S.unit_counts, lambda c: rx.vstack(rx.text(c["predikat"], size="1"), rx.text(c["count"], " (", c["share"], ")", size="2", weight="bold"), spacing="0")),
                columns=rx.breakpoints(initial="2", sm="5"), spacing="2", width="100%",
            ),
        ),
        rx.cond(
            S.unit_rules.length() > 0,
            rx.vstack(rx.foreach(S.unit_rules, _unit_rule), spacing="2", width="100%", id="laporan-kurva"),
            rx.text("Pola distribusi diperiksa setelah capaian kinerja unit ditetapkan pimpinan di atasnya.", size="2", color=rx.color("gray", 10)),
        ),
        rx.cond(
            S.unit_missing.length() > 0,
            rx.callout(rx.text("Belum final: ", rx.foreach(S.unit_missing, lambda n: rx.text.span(n, "; "))), color_scheme="orange", icon="clock", size="1"),
        ),
        rx.cond(S.unit_closed != "", rx.callout(S.unit_closed, icon="lock", color_scheme="gray", size="1", id="status-tutup-unit")),
        rx.cond(S.unit_reason != "", rx.text("Alasan: ", S.unit_reason, size="1", white_space="pre-line")),
        rx.cond(
            S.unit_can_close,
            rx.form(
                rx.vstack(
                    rx.text_area(
                        name="reason", default_value=S.form_values.get("reason", "").to(str), rows="3", width="100%",
                        placeholder="Alasan bila distribusi tidak sesuai kurva (paling sedikit 20 karakter)", id="isian-alasan-kurva",
                    ),
                    rx.cond(_err("reason") != "", rx.text(_err("reason"), size="1", color=rx.color("red", 11), role="alert")),
                    rx.cond(_err("form") != "", rx.text(_err("form"), size="1", color=rx.color("red", 11), role="alert")),
                    rx.button(rx.icon("lock"), "Tutup penilaian unit", type="submit", size="3", id="tutup-penilaian-unit"),
                    spacing="2", width="100%",
                ),
                on_submit=S.close_unit, reset_on_submit=False, key=S.form_version, width="100%",
            ),
        ),
        rx.cond(S.unit_can_reopen, rx.button("Buka kembali (admin)", variant="soft", color_scheme="orange", size="2", on_click=S.reopen_unit)),
        rx.cond(
            S.unit_members.length() > 0,
            rx.vstack(
                rx.text("Pegawai unit", size="2", weight="medium"),
                rx.foreach(S.unit_members, lambda m: rx.hstack(rx.text(m["name"], size="1"), rx.badge(m["predikat"], variant="soft"), justify="between", width="100%")),
                spacing="1", width="100%",
            ),
        ),
        rx.button("Tutup", type="button", variant="ghost", on_click=S.close_unit_view),
        id="bagian-kurva-unit",
    )


def _kurva_units() -> rx.Component:
    return section(
        "Capaian dan kurva per unit",
        rx.text(
            "Capaian kinerja tiap unit ditetapkan pimpinan di atasnya; kurva distribusi predikat diperiksa atas pegawai "
            "unit saat penilaiannya ditutup (SE MenPAN-RB 3/2023).",
            size="1", color=rx.color("gray", 10),
        ),
        rx.vstack(rx.foreach(S.units, _unit_card), spacing="2", width="100%", id="daftar-unit-kurva"),
    )


def _plan_err(name: str) -> rx.Var:
    return P.form_errors.get(name, "").to(str)


def _plan_item(item: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.badge(item["kind"], variant="soft"),
                rx.badge(item["status"], color_scheme=rx.cond(item["status_code"] == "selesai", "green", "gray")),
                rx.cond(item["overdue"] != "", rx.badge("lewat tenggat", color_scheme="red")),
                rx.text("Tenggat ", item["due"], size="1", color=rx.color("gray", 10)),
                wrap="wrap", align="center", spacing="2",
            ),
            rx.text(item["description"], size="2", white_space="pre-line"),
            rx.cond(item["note"] != "", rx.text("Catatan atasan: ", item["note"], size="1", white_space="pre-line")),
            rx.cond(item["employee_note"] != "", rx.text("Kemajuan (pegawai): ", item["employee_note"], size="1", white_space="pre-line")),
            rx.hstack(
                rx.cond(P.can_edit, rx.button("Ubah", size="2", variant="soft", on_click=P.open_item(item["id"].to(int)))),
                rx.cond(P.can_note, rx.button("Catat kemajuan", size="2", variant="soft", on_click=P.open_note(item["id"].to(int)))),
                spacing="2",
            ),
            spacing="1", width="100%",
        ),
        width="100%",
        class_name="butir-pengembangan",
    )


def _plan() -> rx.Component:
    v = P.form_values
    return section(
        "Rencana pengembangan kompetensi",
        rx.text(
            "Tindak lanjut penilaian dengan predikat di bawah Baik: pelatihan, coaching atau mentoring dengan tenggat. "
            "Atasan penilai menyusunnya; pegawai melihat dan mencatat kemajuannya.",
            size="1", color=rx.color("gray", 10),
        ),
        rx.cond(P.summary != "", rx.text(P.summary, size="2", weight="medium", id="ringkasan-pengembangan")),
        rx.cond(
            P.items.length() > 0,
            rx.vstack(rx.foreach(P.items, _plan_item), spacing="2", width="100%", id="rencana-pengembangan"),
            rx.text("Belum ada rencana pengembangan.", size="2", color=rx.color("gray", 10)),
        ),
        rx.cond(P.can_edit, rx.button(rx.icon("plus"), "Tambah rencana", size="3", on_click=P.open_item(0), id="tambah-pengembangan")),
        form_dialog(
            name="plan_item", title="Rencana pengembangan", open_var=P.form_open, version=P.form_version, on_close=P.close_form,
            on_submit=P.save_item,
            body=[
                error_callout(_plan_err("form")),
                field("Jenis", select_input("kind", KIND_OPTIONS, v), error=_plan_err("kind")),
                field("Uraian", rx.text_area(name="description", default_value=v["description"], rows="3", width="100%", id="isian-uraian-pengembangan"), error=_plan_err("description")),
                field("Tenggat", text_input("due_date", v, type="date"), error=_plan_err("due_date")),
                field("Status", select_input("status", STATUS_OPTIONS, v), error=_plan_err("status")),
                field("Catatan atasan", rx.text_area(name="note", default_value=v["note"], rows="2", width="100%"), error=_plan_err("note")),
            ],
        ),
        form_dialog(
            name="plan_note", title="Catatan kemajuan", open_var=P.form_open, version=P.form_version, on_close=P.close_form,
            on_submit=P.save_note,
            body=[
                field("Kemajuan Anda", rx.text_area(name="employee_note", default_value=v["employee_note"], rows="4", width="100%", id="isian-kemajuan"), error=_plan_err("employee_note")),
            ],
        ),
        id="bagian-pengembangan",
    )


def penilaian_page() -> rx.Component:
    return page_shell(
        "Penilaian Kinerja",
        option_select(S.periods, S.period, S.choose_period, "pilih-periode"),
        rx.cond(
            S.show_admin_menu,
            rx.hstack(
                rx.text("Penilaian periodik instansi:", size="2"),
                rx.select.root(
                    rx.select.trigger(id="pilih-periode-instansi"),
                    rx.select.content(rx.select.item("Bulanan", value="bulanan"), rx.select.item("Triwulanan", value="triwulanan")),
                    value=S.periodic_kind,
                    on_change=S.choose_periodic_kind,
                ),
                wrap="wrap", align="center",
            ),
        ),
        rx.cond(S.unit_id != 0, _unit_report()),
        rx.cond(
            S.ev_id != 0,
            rx.flex(
                rx.box(_evaluation(), flex="2 1 0", min_width="0", width="100%"),
                rx.cond(S.ev_dialog_summary != "", rx.box(_dialog_record(), flex="1 1 0", min_width="0", width="100%")),
                direction=rx.breakpoints(initial="column", md="row"),
                gap="4",
                align="start",
                width="100%",
            ),
        ),
        rx.cond((S.ev_id != 0) & (P.evaluation_id == S.ev_id) & (P.needed | (P.items.length() > 0)), _plan()),
        rx.cond(
            S.show_supervisor_menu,
            section(
                "Tim saya",
                data_table(
                    ["Pegawai", "Status", "Predikat", ""],
                    S.team,
                    lambda r: rx.table.row(
                        rx.table.cell(r["name"]), rx.table.cell(r["status"]),
                        rx.table.cell(rx.text(r["predikat"], size="2"), rx.cond(r["plan"] != "", rx.text(r["plan"], size="1", color=rx.color("orange", 11), class_name="status-pengembangan"))),
                        rx.table.cell(rx.button(rx.cond(r["status"] == "final", "Lihat", "Nilai"), size="1", on_click=S.rate(r["skp_id"]))),
                    ),
                    id="tim-penilaian",
                ),
            ),
        ),
        rx.cond(S.units.length() > 0, _kurva_units()),
        section(
            "Hasil penilaian saya",
            rx.cond(
                S.own.length() > 0,
                rx.foreach(S.own, lambda r: rx.hstack(rx.text(r["period"], size="2"), rx.badge(r["predikat"]), rx.button("Rincian", size="1", variant="soft", on_click=S.view_own(r["id"])), justify="between", width="100%")),
                rx.text("Belum ada penilaian.", size="2", color=rx.color("gray", 10)),
            ),
        ),
    )
