"""Keberatan Penilaian: file an objection to a final predikat, follow it, and (as the atasan of the
pejabat penilai or their Plt/Plh) decide it. Cards that stack on a phone."""

from __future__ import annotations

import reflex as rx

from ekinerja.components.editor import Editor
from ekinerja.components.evidence import evidence_upload
from ekinerja.components.forms import error_callout, error_text, muted
from ekinerja.components.layout import page_shell
from ekinerja.components.skp import labelled, section
from ekinerja.domain.statuses import KeberatanStatus
from ekinerja.state.keberatan import KeberatanState as S

UPLOAD_ID = "bukti-keberatan"
DECISIONS = [{"id": KeberatanStatus.DIKABULKAN.value, "label": "Dikabulkan: predikat diubah"}, {"id": KeberatanStatus.DITOLAK.value, "label": "Ditolak: predikat tetap"}]
RATINGS = [{"id": "diatas", "label": "Di Atas Ekspektasi"}, {"id": "sesuai", "label": "Sesuai Ekspektasi"}, {"id": "dibawah", "label": "Di Bawah Ekspektasi"}]


E = Editor(S)


def _status_badge(status: rx.Var, label: rx.Var, **props) -> rx.Component:
    color = rx.match(status, (KeberatanStatus.DIKABULKAN, "green"), (KeberatanStatus.DITOLAK, "red"), "orange")
    return rx.badge(label, color_scheme=color, variant="soft", **props)


def _filable_card(row: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.text(row["period"], weight="medium", size="2"), rx.badge(row["predikat"], variant="soft"), wrap="wrap", spacing="2"),
            rx.text("Batas pengajuan: ", row["deadline"], size="1"),
            rx.text("Diputus oleh: ", row["reviewer"], size="1", color=rx.color("gray", 11)),
            rx.button("Ajukan keberatan", size="2", variant="soft", on_click=S.open_filing(row["id"]), class_name="ajukan-keberatan"),
            spacing="1", width="100%",
        ),
        width="100%",
        class_name="kartu-dapat-diajukan",
    )


def _keberatan_card(row: rx.Var, *, with_name: bool) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.cond(with_name, rx.text(row["employee"], weight="medium", size="2")),
            rx.hstack(rx.text(row["period"], size="2"), _status_badge(row["status"], row["status_label"]), wrap="wrap", spacing="2", align="center"),
            rx.text(
                "Predikat: ", row["before"], rx.cond(row["after"] != "", rx.text.span(" → ", row["after"])),
                " · diajukan ", row["filed"], size="1", color=rx.color("gray", 11),
            ),
            rx.button("Rincian", size="2", variant="soft", on_click=S.open_keberatan(row["id"]), class_name="buka-keberatan"),
            spacing="1", width="100%",
        ),
        width="100%",
        class_name="kartu-keberatan",
    )


def _ratings_table(title: str, hasil: rx.Var, perilaku: rx.Var, predikat: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(title, size="2", weight="bold"),
        rx.text("Rating Hasil Kerja: ", hasil, size="2"),
        rx.text("Rating Perilaku Kerja: ", perilaku, size="2"),
        rx.text("Predikat: ", rx.text.strong(predikat), size="2"),
        spacing="0", width="100%",
    )


def _tpp_line(line: rx.Var) -> rx.Component:
    return rx.box(
        rx.hstack(rx.text(line["month"], size="2", weight="medium"), rx.badge(line["locked"], variant="soft"), wrap="wrap", spacing="2"),
        rx.text(line["before"], " → ", line["after"], " (selisih ", line["difference"], ")", size="1"),
        padding_y="0.3rem", border_bottom=f"1px solid {rx.color('gray', 4)}", width="100%", class_name="tpp-keberatan",
    )


def _detail() -> rx.Component:
    d = S.detail
    return section(
        "Rincian keberatan",
        rx.hstack(rx.text(d["period"], weight="bold"), _status_badge(d["status"], d["status_label"], id="status-keberatan"), wrap="wrap", spacing="2"),
        labelled("Pegawai", d["employee"]),
        labelled("Pejabat penilai", d["evaluator"]),
        labelled("Atasan pejabat penilai", d["reviewer"]),
        labelled("Diajukan", d["filed"]),
        rx.vstack(
            rx.text("Alasan keberatan", size="1", color=rx.color("gray", 10)),
            rx.text(d["reasons"], size="2", white_space="pre-line", id="alasan-keberatan"),
            spacing="0", width="100%",
        ),
        rx.cond(d["evidence"] != "", rx.button(rx.icon("paperclip"), "Berkas bukti", size="2", variant="ghost", on_click=S.download_evidence(S.detail_id.to(str)))),
        _ratings_table("Hasil penilaian yang dikeberatani", d["hasil_before"], d["perilaku_before"], d["predikat_before"]),
        rx.cond(
            d["settled"] == "1",
            rx.vstack(
                rx.text("Keputusan ", d["decided"], rx.cond(d["decided_by"] != "", rx.text.span(" oleh ", d["decided_by"])), size="2", weight="bold"),
                rx.text(d["decision_reason"], size="2", white_space="pre-line", id="alasan-keputusan"),
                rx.cond(d["predikat_after"] != "", _ratings_table("Hasil penilaian setelah keputusan", d["hasil_after"], d["perilaku_after"], d["predikat_after"])),
                rx.cond(
                    S.detail_tpp.length() > 0,
                    rx.vstack(
                        rx.text("Akibat pada TPP", size="2", weight="bold"),
                        rx.foreach(S.detail_tpp, _tpp_line),
                        rx.cond(d["tpp_note"] != "", rx.callout(d["tpp_note"], icon="info", size="1", id="catatan-tpp-keberatan")),
                        spacing="1", width="100%",
                    ),
                ),
                rx.cond(
                    d["kurva_breach"] != "",
                    rx.callout(d["kurva_note"], icon="triangle-alert", color_scheme="red", size="1", id="catatan-kurva-keberatan"),
                    rx.cond(d["kurva_note"] != "", rx.callout(d["kurva_note"], icon="info", size="1", id="catatan-kurva-keberatan")),
                ),
                rx.button(rx.icon("download"), "Unduh keputusan (PDF)", size="2", variant="soft", on_click=S.download_document(S.detail_id.to(str)), id="unduh-keputusan"),
                spacing="2", width="100%",
            ),
        ),
        rx.hstack(
            rx.cond(d["can_decide"] != "", rx.button("Putuskan", size="3", on_click=S.open_decision, id="putuskan-keberatan")),
            rx.button("Tutup", size="3", variant="ghost", on_click=S.close_detail),
            spacing="2", wrap="wrap",
        ),
        id="rincian-keberatan",
    )


def _dialogs() -> rx.Component:
    return rx.fragment(
        E.dialog("keberatan", "Ajukan keberatan", S.submit_filing, submit_label="Ajukan", body=[
            rx.text(S.filing_period, size="2", weight="medium"),
            error_callout(E.error("form")),
            E.textarea("Alasan keberatan", "reasons", rows="6", size="2",
                       hint="Uraikan bagian penilaian yang Anda keberatani dan dasarnya (paling sedikit 20 karakter)."),
            evidence_upload(UPLOAD_ID, S.attach_staged, S.staged_name, prompt="Lampirkan bukti (opsional)"),
            error_text(E.error("evidence")),
        ]),
        E.dialog("putusan", "Putuskan keberatan", S.decide, submit_label="Tetapkan keputusan", body=[
            muted("Sebelum memutus, mintalah penjelasan pejabat penilai dan pegawai (PP 30/2019 Pasal 59). Keputusan bersifat final.", size="1"),
            error_callout(E.error("form")),
            E.select("Keputusan", "decision", DECISIONS),
            E.select("Rating Hasil Kerja yang ditetapkan (bila dikabulkan)", "rating_hasil", RATINGS),
            E.select("Rating Perilaku Kerja yang ditetapkan (bila dikabulkan)", "rating_perilaku", RATINGS),
            E.textarea("Alasan keputusan", "decision_reason", rows="5", size="2"),
        ]),
    )


def _setting() -> rx.Component:
    return section(
        "Pengaturan instansi",
        rx.form(
            rx.hstack(
                rx.text("Batas pengajuan (hari sejak penilaian final):", size="2"),
                rx.input(name="keberatan_days", default_value=S.filing_days.to(str), type="number", min="1", max="90", width="6rem", size="2", id="isian-hari-keberatan"),
                rx.button("Simpan", size="2", type="submit", id="simpan-hari-keberatan"),
                wrap="wrap", align="center", spacing="2",
            ),
            on_submit=S.save_filing_days,
            reset_on_submit=False,
            key=S.filing_days,
        ),
        rx.text("Bawaan 14 hari: PP 30/2019 Pasal 59.", size="1", color=rx.color("gray", 10)),
    )


def keberatan_page() -> rx.Component:
    return page_shell(
        "Keberatan Penilaian",
        rx.cond(S.show_admin_menu, _setting()),
        rx.cond(S.detail_id != 0, _detail()),
        rx.cond(
            S.incoming.length() > 0,
            section(
                "Keberatan untuk diputus",
                rx.vstack(rx.foreach(S.incoming, lambda r: _keberatan_card(r, with_name=True)), spacing="2", width="100%", id="keberatan-masuk"),
            ),
        ),
        section(
            "Keberatan saya",
            rx.cond(
                S.own.length() > 0,
                rx.vstack(rx.foreach(S.own, lambda r: _keberatan_card(r, with_name=False)), spacing="2", width="100%", id="keberatan-saya"),
                rx.text("Belum ada keberatan.", size="2", color=rx.color("gray", 10)),
            ),
        ),
        section(
            "Penilaian yang dapat diajukan keberatan",
            rx.cond(
                S.filable.length() > 0,
                rx.vstack(rx.foreach(S.filable, _filable_card), spacing="2", width="100%", id="dapat-diajukan"),
                rx.text("Tidak ada penilaian final dalam batas waktu pengajuan.", size="2", color=rx.color("gray", 10)),
            ),
        ),
        _dialogs(),
        intro=(
            "Keberatan atas predikat kinerja yang sudah final diajukan kepada atasan pejabat penilai paling lambat ",
            S.filing_days.to(str),
            " hari sejak penilaian final (PP 30/2019 Pasal 59), disertai alasan dan bukti. Keputusannya final.",
        ),
    )
