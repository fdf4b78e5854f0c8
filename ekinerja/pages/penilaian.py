"""Penilaian kinerja: the atasan's ratings with a computed predikat; the employee's results."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.dialog_kinerja import meeting_card
from ekinerja.components.editor import Editor
from ekinerja.components.forms import error_callout, error_text, field, field_error, stacked_form
from ekinerja.components.layout import page_shell
from ekinerja.components.lists import card_list, empty_note
from ekinerja.components.pickers import option_select
from ekinerja.components.skp import hint, section
from ekinerja.components.tables import data_table
from ekinerja.domain.predikat import OrganisationPredikat
from ekinerja.domain.statuses import DevelopmentStatus
from ekinerja.routes import DIALOG_KINERJA, KEBERATAN
from ekinerja.state.penilaian.development import KIND_OPTIONS, STATUS_OPTIONS
from ekinerja.state.penilaian.development import DevelopmentPlanState as P
from ekinerja.state.penilaian.peer_input import MIN_ANSWERS_TEXT, VALUES
from ekinerja.state.penilaian.peer_input import PeerInputState as Q
from ekinerja.state.penilaian.rating import PenilaianState as S
from ekinerja.state.penilaian.self_assessment import SelfAssessmentState as D

RATING_OPTIONS = [("diatas", "Di Atas Ekspektasi"), ("sesuai", "Sesuai Ekspektasi"), ("dibawah", "Di Bawah Ekspektasi")]
PEER_RATING_OPTIONS = [{"id": key, "label": label} for key, label in RATING_OPTIONS]
PEER = Editor(Q)
PLAN = Editor(P)
RATING_MAX_WIDTH = "22rem"  # a rating's label fits; on a desktop the select does not span the whole form


def _rating_select(name: rx.Var | str, value: rx.Var, *, fixed: rx.Var | bool = False) -> rx.Component:
    trigger_id = {"id": f"pilih-{name}"} if isinstance(name, str) else {}
    return rx.select.root(
        rx.select.trigger(placeholder="Pilih rating...", width="100%", max_width=RATING_MAX_WIDTH, **trigger_id),
        rx.select.content(*[rx.select.item(label, value=key) for key, label in RATING_OPTIONS]),
        name=name,
        default_value=value,
        size="3",
        disabled=~S.ev_open | fixed,
    )


def _proposal(key: rx.Var | str, proposal: rx.Var) -> rx.Component:
    """The annual evaluation's proposed rating, what it came from, and the reason for a change."""
    reason_key = "alasan_" + (key.to(str) if isinstance(key, rx.Var) else key)
    error = S.form_errors.get(reason_key, "").to(str)
    return rx.cond(
        proposal["proposed"] != "",
        rx.vstack(
            rx.text(
                "Usulan dari penilaian periodik: ", rx.text.strong(proposal["proposed"]),
                rx.text(" (", proposal["basis"], ")", size="1", color=rx.color("gray", 10), as_="span"),
                size="1", class_name="usulan-rating",
            ),
            rx.cond(
                S.ev_open,
                rx.input(
                    name=reason_key, default_value=proposal["reason"], width="100%", size="2",
                    placeholder="Alasan bila rating diubah dari usulan", class_name="isian-alasan",
                ),
                rx.cond(proposal["reason"] != "", rx.text("Diubah dari usulan: ", proposal["reason"], size="1", white_space="pre-line", class_name="alasan-perubahan")),
            ),
            rx.cond(error != "", rx.text(error, size="1", color=rx.color("red", 11), role="alert")),
            spacing="1", width="100%",
        ),
    )


def _rated(item: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(item["label"], size="2", weight="medium"),
        _rating_select(item["key"], item["rating"]),
        rx.cond(S.form_errors.get(item["key"].to(str), "").to(str) != "", rx.text(S.form_errors.get(item["key"].to(str), "").to(str), size="1", color=rx.color("red", 11))),
        _proposal(item["key"], item),
        rx.input(name=item["key"].to(str).replace("rhk_", "rhk_fb_").replace("val_", "val_fb_"), default_value=item["feedback"], placeholder="Umpan balik", width="100%", size="2"),
        _peer_beside(item),
        _self_beside(item),
        spacing="1",
        width="100%",
        padding_y="0.4rem",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def _peer_beside(item: rx.Var) -> rx.Component:
    """The aggregated input of rekan and bawahan on this BerAKHLAK value, under the atasan's own rating."""
    return rx.cond(
        (Q.evaluation_id == S.ev_id) & Q.shown,
        rx.foreach(
            Q.values,
            lambda v: rx.cond(
                item["key"] == "val_" + v["code"],
                rx.box(
                    rx.text("Masukan rekan/bawahan: ", rx.text.strong(v["text"]), size="1"),
                    rx.text(v["reasons"], size="1", color=rx.color("gray", 11), white_space="pre-line"),
                    background=rx.color("accent", 2), padding="0.4rem 0.6rem", border_radius="var(--radius-2)", width="100%",
                    class_name="masukan-nilai",
                ),
            ),
        ),
    )


def _self_beside(item: rx.Var) -> rx.Component:
    """The employee's sent penilaian diri of this RHK, under the atasan's own rating."""
    return rx.cond(
        D.beside_for == S.ev_id,
        rx.foreach(
            D.beside,
            lambda r: rx.cond(
                item["key"] == r["key"],
                rx.box(
                    rx.text("Penilaian diri pegawai: ", rx.text.strong(r["rating_label"]), size="1"),
                    rx.text(r["note"], size="1", white_space="pre-line"),
                    rx.text(r["realisasi"], size="1", color=rx.color("gray", 11), white_space="pre-line"),
                    rx.text(r["evidence"], size="1", color=rx.color("gray", 11)),
                    background=rx.color("amber", 2), padding="0.4rem 0.6rem", border_radius="var(--radius-2)", width="100%",
                    class_name="penilaian-diri-pegawai",
                ),
            ),
        ),
    )


def _self_rhk(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(row["description"], size="2", weight="medium"),
        rx.text(row["realisasi"], size="1", color=rx.color("gray", 11), white_space="pre-line"),
        rx.text(row["evidence"], size="1", color=rx.color("gray", 11)),
        field(
            "Penilaian diri",
            rx.select.root(
                rx.select.trigger(placeholder="Pilih...", width="100%", max_width=RATING_MAX_WIDTH, id="isian-self_" + row["rhk_id"]),
                rx.select.content(*[rx.select.item(label, value=key) for key, label in RATING_OPTIONS]),
                name="self_" + row["rhk_id"], default_value=D.form_values.get("self_" + row["rhk_id"], "").to(str),
                size="3", disabled=~D.can_edit,
            ),
            error=field_error(D, "self_" + row["rhk_id"]),
        ),
        field(
            "Uraian realisasi dan bukti dukung",
            rx.text_area(
                name="note_" + row["rhk_id"], default_value=D.form_values.get("note_" + row["rhk_id"], "").to(str), rows="3", width="100%",
                read_only=~D.can_edit, id="isian-note_" + row["rhk_id"],
            ),
            error=field_error(D, "note_" + row["rhk_id"]),
        ),
        spacing="1", width="100%", padding_y="0.4rem", border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def _self_assessment() -> rx.Component:
    """The employee's own penilaian diri for the period chosen at the top of the page."""
    return section(
        "Penilaian diri",
        hint(
            "Nilai sendiri capaian setiap RHK Anda untuk periode ini dan uraikan realisasi serta bukti dukungnya, lalu kirim "
            "kepada atasan sebelum atasan menilai. Realisasi dan bukti diambil dari Progres Pekerjaan."
        ),
        rx.hstack(rx.text(D.title, size="2", weight="medium"), rx.badge(D.status, id="status-penilaian-diri"), wrap="wrap", align="center", spacing="2"),
        rx.cond(
            ~D.can_edit & ~D.sent,
            rx.callout("Penilaian atasan untuk periode ini sudah final; penilaian diri tidak dapat diisi lagi.", icon="lock", color_scheme="gray", size="1", id="penilaian-diri-tertutup"),
        ),
        stacked_form(
            rx.foreach(D.rhks, _self_rhk),
            error_callout(field_error(D, "form")),
            rx.cond(
                D.can_edit,
                rx.vstack(
                    # One submit button: a browser's form data never says which of two was pressed.
                    rx.checkbox("Kirim kepada atasan sekarang (setelah dikirim tidak dapat diubah)", name="kirim", size="3", id="centang-kirim-penilaian-diri"),
                    rx.button("Simpan penilaian diri", type="submit", size="3", id="simpan-penilaian-diri"),
                    spacing="2",
                ),
            ),
            on_submit=D.save, key=D.form_version, width="100%",
        ),
        id="bagian-penilaian-diri",
    )


def _peer_input() -> rx.Component:
    """Who was asked for input on the evaluation shown and, for the evaluator, whom to ask next."""
    return section(
        "Masukan rekan kerja dan bawahan",
        hint(
            "Masukan tentang perilaku kerja (BerAKHLAK) dari rekan kerja dan bawahan yang Anda pilih. Nama pemberi masukan "
            "tidak pernah ditampilkan kepada pegawai yang dinilai; pegawai melihat ringkasannya setelah penilaian final."
        ),
        rx.text(Q.progress, size="2", weight="medium", id="kemajuan-masukan"),
        rx.cond(~Q.shown, rx.text(MIN_ANSWERS_TEXT, size="1", color=rx.color("gray", 11))),
        rx.cond(
            Q.respondents.length() > 0,
            rx.vstack(
                rx.foreach(Q.respondents, lambda r: rx.hstack(
                    rx.text(r["name"], size="2"), rx.text(r["relation"], size="1", color=rx.color("gray", 10)),
                    rx.badge(r["status"], color_scheme=rx.cond(r["status"] == "sudah mengisi", "green", "gray")),
                    wrap="wrap", align="center", spacing="2", width="100%",
                )),
                spacing="1", width="100%",
            ),
        ),
        rx.cond(
            Q.can_request & (Q.candidates.length() > 0),
            stacked_form(
                rx.text("Minta masukan dari:", size="2", weight="medium"),
                rx.foreach(Q.candidates, lambda c: rx.checkbox(
                    rx.text(c["name"], " (", c["relation"], ")", size="2"), name="respondent_" + c["id"], size="3",
                )),
                error_callout(field_error(Q, "respondents")),
                rx.button(rx.icon("send"), "Minta masukan", type="submit", size="3", id="minta-masukan"),
                on_submit=Q.request, key=Q.form_version, width="100%",
            ),
        ),
        id="bagian-masukan-rekan",
    )


def _peer_answer_field(value: dict[str, str]) -> rx.Component:
    code = value["code"]
    return rx.vstack(
        rx.text(value["name"], size="2", weight="bold"),
        PEER.select("Penilaian", f"rating_{code}", PEER_RATING_OPTIONS),
        PEER.textarea("Alasan singkat", f"reason_{code}", rows="2", size="2"),
        spacing="1", width="100%",
    )


def _peer_requests() -> rx.Component:
    """Requests for the caller's own input on a colleague's perilaku."""
    return section(
        "Permintaan masukan untuk Anda",
        hint(
            "Atasan meminta masukan Anda tentang perilaku kerja rekan atau atasan Anda. Jawaban Anda hanya ditampilkan "
            "sebagai ringkasan bersama jawaban orang lain, tanpa nama."
        ),
        rx.foreach(Q.pending, lambda p: rx.card(
            rx.vstack(
                rx.text(p["name"], size="2", weight="medium"),
                rx.text(p["period"], " · Anda sebagai ", p["relation"], size="1", color=rx.color("gray", 11)),
                rx.button("Isi masukan", size="3", on_click=Q.open_answer(p["id"].to(int)), class_name="isi-masukan"),
                spacing="1", width="100%",
            ),
            width="100%",
        )),
        PEER.dialog("peer_answer", Q.answer_title, Q.submit_answer, submit_label="Kirim masukan",
                    body=[error_callout(PEER.error("form")), *[_peer_answer_field(value) for value in VALUES]]),
        id="permintaan-masukan",
    )


def _evaluation() -> rx.Component:
    return section(
        "Penilaian",
        rx.text(S.ev_title, weight="bold"),
        stacked_form(
            rx.heading("Rating per RHK", size="3"),
            rx.foreach(S.ev_rhk, _rated),
            rx.heading("Perilaku kerja (BerAKHLAK)", size="3"),
            rx.foreach(S.ev_values, _rated),
            rx.heading("Rating keseluruhan", size="3"),
            rx.text("Rating Hasil Kerja", size="2"),
            _rating_select("rating_hasil", S.form_values["rating_hasil"], fixed=S.ev_rating_rule != ""),
            rx.cond(S.ev_rating_rule != "", rx.text(S.ev_rating_rule, size="1", color=rx.color("gray", 11), id="aturan-rating-pimpinan")),
            error_text(_err("rating_hasil")),
            _proposal("rating_hasil", S.ev_overall["rating_hasil"]),
            rx.text("Rating Perilaku Kerja", size="2"),
            _rating_select("rating_perilaku", S.form_values["rating_perilaku"]),
            error_text(_err("rating_perilaku")),
            _proposal("rating_perilaku", S.ev_overall["rating_perilaku"]),
            rx.cond(
                S.ev_predikat != "",
                # The callout's own text element, not rx.text inside it: a <p> in a <p> is invalid HTML (React logs an error).
                rx.callout.root(
                    rx.callout.icon(rx.icon("award")),
                    rx.callout.text("Predikat (dihitung dari matriks PermenPAN-RB 6/2022): ", rx.text.strong(S.ev_predikat)),
                    id="predikat-penilaian",
                ),
            ),
            rx.cond(_err("form") != "", rx.callout(_err("form"), color_scheme="red", icon="triangle-alert", role="alert")),
            rx.cond(
                S.ev_open,
                rx.hstack(
                    rx.button("Simpan draf", type="submit", variant="soft", size="3", on_click=S.choose_action("simpan")),
                    rx.button("Finalkan", type="submit", size="3", id="finalkan", on_click=S.choose_action("final")),
                    wrap="wrap",
                ),
            ),
            rx.button("Tutup", type="button", variant="ghost", on_click=S.close_evaluation),
            on_submit=S.submit, key=S.form_version,
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
        rx.foreach(
            S.unit_rechecks,
            lambda r: rx.cond(
                r["breach"] != "",
                rx.callout(r["text"], icon="triangle-alert", color_scheme="red", size="1", class_name="kurva-setelah-keberatan"),
                rx.callout(r["text"], icon="info", color_scheme="gray", size="1", class_name="kurva-setelah-keberatan"),
            ),
        ),
        rx.cond(
            S.unit_can_close,
            stacked_form(
                rx.text_area(
                    name="reason", default_value=S.form_values.get("reason", "").to(str), rows="3", width="100%",
                    placeholder="Alasan bila distribusi tidak sesuai kurva (paling sedikit 20 karakter)", id="isian-alasan-kurva",
                ),
                error_text(_err("reason")),
                error_text(_err("form")),
                rx.button(rx.icon("lock"), "Tutup penilaian unit", type="submit", size="3", id="tutup-penilaian-unit"),
                on_submit=S.close_unit, key=S.form_version, width="100%",
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
        hint(
            "Capaian kinerja tiap unit ditetapkan pimpinan di atasnya; kurva distribusi predikat diperiksa atas pegawai "
            "unit saat penilaiannya ditutup (SE MenPAN-RB 3/2023)."
        ),
        rx.vstack(rx.foreach(S.units, _unit_card), spacing="2", width="100%", id="daftar-unit-kurva"),
    )


def _plan_item(item: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.badge(item["kind"], variant="soft"),
                rx.badge(item["status"], color_scheme=rx.cond(item["status_code"] == DevelopmentStatus.SELESAI, "green", "gray")),
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
    return section(
        "Rencana pengembangan kompetensi",
        hint(
            "Tindak lanjut penilaian dengan predikat di bawah Baik: pelatihan, coaching atau mentoring dengan tenggat. "
            "Atasan penilai menyusunnya; pegawai melihat dan mencatat kemajuannya."
        ),
        rx.cond(P.summary != "", rx.text(P.summary, size="2", weight="medium", id="ringkasan-pengembangan")),
        card_list(P.items, _plan_item, empty_note("Belum ada rencana pengembangan."), list_id="rencana-pengembangan"),
        rx.cond(P.can_edit, rx.button(rx.icon("plus"), "Tambah rencana", size="3", on_click=P.open_item(0), id="tambah-pengembangan")),
        PLAN.dialog("plan_item", "Rencana pengembangan", P.save_item, body=[
            error_callout(PLAN.error("form")),
            PLAN.select("Jenis", "kind", KIND_OPTIONS),
            PLAN.textarea("Uraian", "description", rows="3", size="2", id="isian-uraian-pengembangan"),
            PLAN.text("Tenggat", "due_date", type="date"),
            PLAN.select("Status", "status", STATUS_OPTIONS),
            PLAN.textarea("Catatan atasan", "note", rows="2", size="2"),
        ]),
        PLAN.dialog("plan_note", "Catatan kemajuan", P.save_note, body=[
            PLAN.textarea("Kemajuan Anda", "employee_note", rows="4", size="2", id="isian-kemajuan"),
        ]),
        id="bagian-pengembangan",
    )


_PEER_INPUT_SHOWN = (Q.evaluation_id == S.ev_id) & (Q.is_evaluator | Q.shown)


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
        rx.cond(Q.pending.length() > 0, _peer_requests()),
        rx.cond((D.skp_id != 0) & (S.ev_id == 0), _self_assessment()),
        rx.cond(
            S.ev_id != 0,
            # On a desktop the dialog record and the masukan sit in a column beside the ratings they inform.
            rx.flex(
                rx.box(_evaluation(), flex="2 1 0", min_width="0", width="100%"),
                rx.cond(
                    (S.ev_dialog_summary != "") | _PEER_INPUT_SHOWN,
                    rx.vstack(
                        rx.cond(S.ev_dialog_summary != "", _dialog_record()),
                        rx.cond(_PEER_INPUT_SHOWN, _peer_input()),
                        flex="1 1 0", min_width="0", width="100%", spacing="4",
                    ),
                ),
                direction=rx.breakpoints(initial="column", md="row"),
                spacing="4",
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
                        rx.table.cell(rx.button(rx.cond(r["final"] == "1", "Lihat", "Nilai"), size="1", on_click=S.rate(r["skp_id"]))),
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
                rx.foreach(S.own, lambda r: rx.hstack(
                    rx.text(r["period"], size="2"), rx.badge(r["predikat"]), rx.spacer(),
                    rx.button("Rincian", size="1", variant="soft", on_click=S.view_own(r["id"])),
                    align="center", width="100%",
                )),
                rx.text("Belum ada penilaian.", size="2", color=rx.color("gray", 10)),
            ),
            rx.cond(
                S.own.length() > 0,
                rx.text(
                    "Tidak sependapat dengan predikat yang sudah final? Ajukan ",
                    rx.link("keberatan", href=KEBERATAN, id="tautan-keberatan"),
                    " kepada atasan pejabat penilai dalam batas waktunya.",
                    size="1", color=rx.color("gray", 11),
                ),
            ),
        ),
    )
