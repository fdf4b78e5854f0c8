"""Laporan and Unduh Panduan against the demo data: every document opens, its figures match the
services', and each is refused to whoever may not see it."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

import pandas as pd
import pytest
from pypdf import PdfReader
from sqlmodel import select

from ekinerja.access import AccessDenied
from ekinerja.clock import local_today
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.dates import format_number, previous_month
from ekinerja.domain.predikat import Predikat, Rating
from ekinerja.domain.tpp import ABSENCE_LABELS
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models.evaluation import Evaluation
from ekinerja.reports import registry
from ekinerja.reports.excel import (
    HEADER_ROW,
    INSTANSI_TOTAL_LABEL,
    SUMMARY_SHEET,
    TOTAL_LABEL,
)
from ekinerja.reports.recap_kehadiran import TIER_COLUMNS
from ekinerja.services import (
    activities,
    attendance,
    auth,
    evaluation,
    guides,
    report_documents,
    report_scope,
    reports,
    tpp,
)
from ekinerja.services.auth import resolve_session
from ekinerja.services.org import org_snapshot


@pytest.fixture
def demo(seeded_demo):
    return seeded_demo(local_today())


@pytest.fixture
def actor_of(db, demo):
    return lambda name: _signed_in(db, getattr(demo, name))


def _signed_in(db, account):
    outcome = auth.login(db, nip=account.nip, password=account.password)
    db.commit()
    return resolve_session(db, token=outcome.token).actor


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def _fonts(data: bytes) -> set[tuple[str, bool]]:
    """(font name, embedded) of every font the pages use."""
    found = set()
    for page in PdfReader(BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.add((str(font["/BaseFont"]), embedded))
    return found


def test_monthly_activity_report_matches_the_month_summary(db, actor_of, demo):
    staf = actor_of("staf")
    year, month = previous_month(local_today())
    summary = activities.month_view(db, actor=staf, year=year, month=month, day=None)[0]
    assert summary.approved_minutes > 0
    generated = reports.generate(db, actor=staf, params=reports.ReportParams(registry.KEGIATAN_BULANAN, year, month))
    assert generated.mime == "application/pdf" and generated.filename.endswith(".pdf")
    text = _pdf_text(generated.data)
    flat = re.sub(r"\s+", " ", text)
    assert f"Jumlah menit disetujui: {format_number(summary.approved_minutes)} menit dari target {format_number(summary.target_minutes)} menit" in flat
    assert demo.staf.nip in flat and "Pegawai yang bersangkutan" in flat and "Atasan langsung" in flat
    assert demo.kepala_seksi.nip in flat  # the atasan's signature block
    assert f"Dicetak oleh {staf.display_name} ({staf.nip})" in flat
    assert all(embedded for _, embedded in _fonts(generated.data))
    report = report_documents.activity_report(db, actor=staf, employee_id=staf.employee_id, year=year, month=month)
    assert report.approved_minutes == summary.approved_minutes == sum(line.minutes for line in report.lines)


def test_skp_document_lists_every_rhk_indikator_and_perilaku(db, actor_of, demo):
    staf = actor_of("staf")
    (skp_id, _), *_ = report_scope.skp_choices(db, actor=staf, employee_id=staf.employee_id)
    doc = report_documents.skp_document(db, actor=staf, skp_id=skp_id)
    generated = reports.generate(db, actor=staf, params=reports.ReportParams(registry.DOKUMEN_SKP, 0, 0, skp_id=skp_id))
    flat = re.sub(r"\s+", " ", _pdf_text(generated.data))
    for heading in ("SASARAN KINERJA PEGAWAI", "PEGAWAI YANG DINILAI", "PEJABAT PENILAI KINERJA", "HASIL KERJA",
                    "PERILAKU KERJA", "EKSPEKTASI KHUSUS PIMPINAN", "LAMPIRAN", "DUKUNGAN SUMBER DAYA", "KONSEKUENSI"):
        assert heading in flat
    assert doc.rhks and doc.penilai is not None
    assert doc.penilai.nip == demo.kepala_seksi.nip and doc.penilai.nip in flat
    for rhk in doc.rhks:
        for ind in rhk.indikators:
            assert ind.target in flat
    assert len(doc.perilaku) == 7 and "Berorientasi Pelayanan" in flat
    assert all(embedded for _, embedded in _fonts(generated.data))


def test_rekap_capaian_sheets_add_up(db, actor_of):
    admin = actor_of("admin")
    year, month = previous_month(local_today())
    recap = report_documents.capaian_recap(db, actor=admin, unit_id=None, year=year, month=month)
    generated = reports.generate(db, actor=admin, params=reports.ReportParams(registry.REKAP_CAPAIAN, year, month))
    assert generated.data.startswith(b"PK")
    sheets = pd.read_excel(BytesIO(generated.data), sheet_name=None, header=HEADER_ROW, dtype={"NIP": str, "NIP Atasan": str})
    assert list(sheets) == ["Ringkasan", "Pegawai", "Belum Mengisi", "Belum Memvalidasi"]
    people, summary = sheets["Pegawai"], sheets["Ringkasan"]
    assert len(people) == len(recap.lines)
    assert people["Menit Disetujui"].sum() == sum(l.approved_minutes for l in recap.lines) > 0
    total = summary[summary["Unit Kerja"] == "JUMLAH"].iloc[0]
    assert total["Menit Disetujui"] == people["Menit Disetujui"].sum()
    assert total["Kegiatan Menunggu Validasi"] == people["Menunggu Validasi"].sum() == sheets["Belum Memvalidasi"]["Kegiatan Menunggu Validasi"].sum()
    assert set(people["NIP"]) >= {l.nip for l in recap.lines}
    # The staf's row equals the service's month figure.
    staf = actor_of("staf")
    own = activities.month_view(db, actor=staf, year=year, month=month, day=None)[0].approved_minutes
    assert int(people.loc[people["NIP"] == staf.nip, "Menit Disetujui"].iloc[0]) == own


def test_atasan_recap_covers_only_their_subordinates(db, actor_of):
    kepala_seksi = actor_of("kepala_seksi")
    year, month = previous_month(local_today())
    recap = report_documents.capaian_recap(db, actor=kepala_seksi, unit_id=None, year=year, month=month)
    below = set(org_snapshot(db, on=local_today()).all_subordinates(kepala_seksi.employee_id))
    assert recap.lines and len(recap.lines) == len(below)
    with pytest.raises(AccessDenied):
        report_documents.capaian_recap(db, actor=actor_of("staf"), unit_id=None, year=year, month=month)


@pytest.mark.parametrize(
    ("viewer", "subject", "allowed"),
    [
        ("staf", "staf", True),
        ("kepala_seksi", "staf", True),  # the atasan
        ("kepala_opd", "staf", True),  # further up the tree
        ("admin", "staf", True),  # same instansi
        ("staf_cadangan", "staf", False),  # a peer
        ("staf", "kepala_seksi", False),  # upwards
    ],
)
def test_who_may_produce_whose_documents(db, actor_of, demo, viewer, subject, allowed):
    year, month = previous_month(local_today())
    actor = actor_of(viewer)
    subject_id = getattr(demo, subject).employee_id
    params = reports.ReportParams(registry.KEGIATAN_BULANAN, year, month, employee_id=subject_id)
    skp_owner = actor_of(subject)
    (skp_id, _), *_ = report_scope.skp_choices(db, actor=skp_owner, employee_id=subject_id) or [(None, "")]
    if allowed:
        assert reports.generate(db, actor=actor, params=params).data.startswith(b"%PDF")
        if skp_id:
            assert reports.generate(db, actor=actor, params=reports.ReportParams(registry.DOKUMEN_SKP, 0, 0, skp_id=skp_id)).data
        assert subject_id in {i for i, _ in report_scope.report_people(db, actor=actor)}
    else:
        with pytest.raises(AccessDenied):
            reports.generate(db, actor=actor, params=params)
        with pytest.raises(AccessDenied):
            reports.preview(db, actor=actor, params=params, page=1, page_size=25)
        if skp_id:
            with pytest.raises(AccessDenied):
                reports.generate(db, actor=actor, params=reports.ReportParams(registry.DOKUMEN_SKP, 0, 0, skp_id=skp_id))
        assert subject_id not in {i for i, _ in report_scope.report_people(db, actor=actor)}


def test_admin_cannot_pick_a_unit_outside_their_instansi(db, actor_of):
    admin = actor_of("admin")
    year, month = previous_month(local_today())
    with pytest.raises(AccessDenied):
        report_documents.capaian_recap(db, actor=admin, unit_id=10**6, year=year, month=month)


def test_unknown_reports_are_refused(db, actor_of):
    with pytest.raises(ValidationFailed):
        reports.generate(db, actor=actor_of("admin"), params=reports.ReportParams("rekap-lain", 2026, 1))


def test_preview_pages_the_rows(db, actor_of):
    staf = actor_of("staf")
    year, month = previous_month(local_today())
    params = reports.ReportParams(registry.KEGIATAN_BULANAN, year, month)
    first = reports.preview(db, actor=staf, params=params, page=1, page_size=5)
    assert len(first.rows) == 5 and first.total > 5 and "Jumlah menit disetujui" in first.summary


def test_guides_follow_roles_and_build_as_pdf(actor_of):
    staf, boss, admin = actor_of("staf"), actor_of("kepala_seksi"), actor_of("admin")
    assert [g.key for g in guides.guides_for(staf)] == ["pegawai"]
    assert "atasan" in [g.key for g in guides.guides_for(boss)]
    assert "admin" in [g.key for g in guides.guides_for(admin)]
    with pytest.raises(AccessDenied):
        guides.guide_markdown(actor=staf, key="admin")
    with pytest.raises(AccessDenied):
        guides.guide_pdf_bytes(actor=staf, key="atasan")
    shown = guides.guide_markdown(actor=staf, key="pegawai")
    assert "](/panduan/login.png)" in shown and guides.IMAGE_PREFIX not in shown
    filename, data = guides.guide_pdf_bytes(actor=staf, key="pegawai")
    assert filename.endswith(".pdf")
    text = _pdf_text(data)
    assert "Panduan Pegawai e-Kinerja" in text and "8 digit pertama NIP" in re.sub(r"\s+", " ", text)
    assert "1. Buka alamat" in re.sub(r"\s+", " ", text)  # numbered lists print "1.", "2.", ...
    for actor, key in ((staf, "pegawai"), (boss, "atasan"), (admin, "admin")):  # every picture a guide names is in its PDF
        assert "Gambar belum tersedia" not in _pdf_text(guides.guide_pdf_bytes(actor=actor, key=key)[1])


# -- Dokumen evaluasi kinerja, rekap TPP, rekap kehadiran ------------------------------------


def _read_sheets(data: bytes) -> dict[str, pd.DataFrame]:
    assert data.startswith(b"PK")
    return pd.read_excel(BytesIO(data), sheet_name=None, header=HEADER_ROW, dtype={"NIP": str})


def _unit_sheets(sheets: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Each unit sheet's employees, without its total row."""
    return {name: frame[frame["Nama"] != TOTAL_LABEL] for name, frame in sheets.items() if name != SUMMARY_SHEET}


@pytest.fixture
def final_evaluation(db, actor_of):
    """The kepala seksi's final evaluation of the staf for triwulan IV, which the demo never rates (it rates the last ended one)."""
    staf, boss = actor_of("staf"), actor_of("kepala_seksi")
    skp_id = next(i for i, label in report_scope.skp_choices(db, actor=staf, employee_id=staf.employee_id) if label.endswith("disetujui"))
    ev = evaluation.open_evaluation(db, actor=boss, skp_id=skp_id, kind="triwulanan", number=4)
    rhks = evaluation.rhks_of(db, skp_id=skp_id)
    form = {f"rhk_{r.id}": "diatas" for r in rhks} | {f"rhk_fb_{r.id}": f"Umpan balik RHK {n}" for n, r in enumerate(rhks, 1)}
    form |= {f"val_{v.code}": "sesuai" for v in BERAKHLAK} | {f"val_fb_{v.code}": f"Catatan {v.name}" for v in BERAKHLAK}
    form |= {"rating_hasil": "diatas", "rating_perilaku": "sesuai"}
    final = evaluation.finalise(db, actor=boss, evaluation_id=ev.id, form=form)
    db.commit()
    return final


def test_evaluation_document_carries_ratings_feedback_and_predikat(db, actor_of, demo, final_evaluation):
    staf = actor_of("staf")
    record = final_evaluation
    assert (record.employee_id, record.status, record.predikat) == (staf.employee_id, "final", "baik")
    choices = report_scope.evaluation_choices(db, actor=staf, employee_id=staf.employee_id)
    # This one, and the demo's own of the triwulan already ended this year (none before April).
    seeded = db.exec(select(Evaluation.id).where(Evaluation.employee_id == staf.employee_id, Evaluation.id != record.id)).all()
    assert record.id in [i for i, _ in choices] and len(choices) == 1 + len(seeded)
    params = reports.ReportParams(registry.EVALUASI_KINERJA, 0, 0, evaluation_id=record.id)
    generated = reports.generate(db, actor=staf, params=params)
    assert generated.mime == "application/pdf" and generated.filename == f"evaluasi-kinerja-{staf.nip}-triwulan-iv-{record.year}.pdf"
    flat = re.sub(r"\s+", " ", _pdf_text(generated.data))
    view = evaluation.evaluation_view(db, actor=staf, evaluation_id=record.id)
    for heading in ("EVALUASI KINERJA PEGAWAI", "PEGAWAI YANG DINILAI", "PEJABAT PENILAI KINERJA", "HASIL KERJA", "PERILAKU KERJA",
                    "REALISASI", "UMPAN BALIK", "PREDIKAT KINERJA PEGAWAI", f"PERIODE TRIWULAN IV {record.year}"):
        assert heading in flat
    assert f"RATING HASIL KERJA {Rating(record.rating_hasil).label}" in flat
    assert f"RATING PERILAKU KERJA {Rating(record.rating_perilaku).label}" in flat
    assert view.predikat == Predikat(record.predikat).label
    assert f"PREDIKAT KINERJA PEGAWAI {view.predikat}" in flat
    assert demo.kepala_seksi.nip in flat and demo.staf.nip in flat  # identities and signatures
    for item in view.rhk:
        assert item.feedback in flat
    for item in view.perilaku:
        assert item.feedback in flat and item.label in flat
    doc = report_documents.evaluation_document(db, actor=staf, evaluation_id=record.id)
    assert [r.rating for r in doc.rhks] == [Rating(i.rating).label for i in view.rhk]
    assert [p.rating for p in doc.perilaku] == [Rating(i.rating).label for i in view.perilaku]
    for rhk in doc.rhks:
        for ind in rhk.indikators:
            assert ind.target in flat and ind.realisasi in flat
    assert f"Dicetak oleh {staf.display_name} ({staf.nip})" in flat and f"periode Triwulan IV {record.year}" in flat
    assert all(embedded for _, embedded in _fonts(generated.data))
    preview = reports.preview(db, actor=staf, params=params, page=1, page_size=50)
    assert preview.total == sum(max(len(r.indikators), 1) for r in doc.rhks) + len(BERAKHLAK)
    assert "predikat Baik" in preview.summary


def test_the_demo_evaluations_print_with_their_predikat(db, pin_today, seeded_demo):
    # The demo rates the triwulan already ended this year: a day late in the year has three of them.
    day = date(local_today().year, 11, 16)
    pin_today(day)
    boss = _signed_in(db, seeded_demo(day).kepala_seksi)
    demo_rows = db.exec(select(Evaluation).where(Evaluation.status == "final", Evaluation.evaluator_id == boss.employee_id)).all()
    assert demo_rows
    for row in demo_rows:
        generated = reports.generate(db, actor=boss, params=reports.ReportParams(registry.EVALUASI_KINERJA, 0, 0, evaluation_id=row.id))
        flat = re.sub(r"\s+", " ", _pdf_text(generated.data))
        assert f"PREDIKAT KINERJA PEGAWAI {Predikat(row.predikat).label}" in flat
        assert f"RATING HASIL KERJA {Rating(row.rating_hasil).label}" in flat


def test_a_draft_evaluation_is_not_printed(db, actor_of):
    staf, boss = actor_of("staf"), actor_of("kepala_seksi")
    skp_id = next(i for i, label in report_scope.skp_choices(db, actor=staf, employee_id=staf.employee_id) if label.endswith("disetujui"))
    # Triwulan IV: the demo has not rated it yet whatever the day (it rates the staf's last ended one).
    draft = evaluation.open_evaluation(db, actor=boss, skp_id=skp_id, kind="triwulanan", number=4)
    assert draft.id not in {i for i, _ in report_scope.evaluation_choices(db, actor=staf, employee_id=staf.employee_id)}
    with pytest.raises(ValidationFailed):
        reports.generate(db, actor=boss, params=reports.ReportParams(registry.EVALUASI_KINERJA, 0, 0, evaluation_id=draft.id))


@pytest.mark.parametrize(
    ("viewer", "allowed"),
    [("staf", True), ("kepala_seksi", True), ("kepala_opd", True), ("admin", True), ("staf_cadangan", False), ("staf_baru", False)],
)
def test_who_may_print_the_evaluation(db, actor_of, final_evaluation, viewer, allowed):
    actor = actor_of(viewer)
    params = reports.ReportParams(registry.EVALUASI_KINERJA, 0, 0, evaluation_id=final_evaluation.id)
    if allowed:
        assert reports.generate(db, actor=actor, params=params).data.startswith(b"%PDF")
        assert report_scope.evaluation_choices(db, actor=actor, employee_id=final_evaluation.employee_id)
    else:
        for call in (
            lambda: reports.generate(db, actor=actor, params=params),
            lambda: reports.preview(db, actor=actor, params=params, page=1, page_size=25),
            lambda: report_scope.evaluation_choices(db, actor=actor, employee_id=final_evaluation.employee_id),
        ):
            with pytest.raises(AccessDenied):
                call()


def test_rekap_tpp_unit_sheets_match_the_tpp_recap(db, actor_of):
    admin = actor_of("admin")
    year, month = previous_month(local_today())
    recap = tpp.instansi_recap(db, actor=admin, year=year, month=month)
    assert recap.total > 0 and recap.units
    generated = reports.generate(db, actor=admin, params=reports.ReportParams(registry.REKAP_TPP, year, month))
    assert generated.filename == f"rekap-tpp-{year}-{month:02d}.xlsx"
    sheets = _read_sheets(generated.data)
    assert next(iter(sheets)) == SUMMARY_SHEET and len(sheets) == len(recap.units) + 1
    units = _unit_sheets(sheets)
    summary = sheets[SUMMARY_SHEET]
    by_unit = {u.unit_name: u for u in recap.units}
    unit_rows = summary[summary["Unit Kerja"] != INSTANSI_TOTAL_LABEL].to_dict("records")
    for frame, row in zip(units.values(), unit_rows, strict=True):
        expected = by_unit[row["Unit Kerja"]]
        assert round(frame["Total TPP"].sum()) == int(expected.total) == round(row["Total TPP"])
        assert len(frame) == expected.employees == row["Jumlah Pegawai"]
    grand = summary[summary["Unit Kerja"] == INSTANSI_TOTAL_LABEL].iloc[0]
    assert round(grand["Total TPP"]) == int(recap.total) == round(sum(f["Total TPP"].sum() for f in units.values()))
    assert grand["Jumlah Pegawai"] == len(recap.rows)
    # Each employee's components add up to the total the TPP service explains for them.
    staf = actor_of("staf")
    mine = tpp.employee_month(db, actor=staf, employee_id=staf.employee_id, year=year, month=month)
    row = pd.concat(units.values()).set_index("NIP").loc[staf.nip]
    assert int(row["Total TPP"]) == int(mine.total)
    assert abs(row["Kinerja"] + row["Disiplin"] + row["Tambahan Plt"] - float(mine.total)) < 1
    # Money cells carry the rupiah number format.
    from openpyxl import load_workbook

    book = load_workbook(BytesIO(generated.data))
    sheet = book[next(iter(units))]
    assert sheet.cell(row=HEADER_ROW + 2, column=7).number_format == '"Rp" #,##0'
    assert sheet["A3"].value.startswith(f"Dicetak oleh {admin.display_name}")


def test_tpp_components_add_up_like_the_computation(db, actor_of):
    staf = actor_of("staf")
    year, month = previous_month(local_today())
    result, _ = tpp.compute_month(db, employee_id=staf.employee_id, year=year, month=month)
    base, kinerja, disiplin, tambahan = report_documents.tpp_components(result.lines)
    # The printed rupiah: each within Rp 1 of the exact component, together exactly the total.
    assert kinerja + disiplin + tambahan == result.total
    assert base == result.base.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    for printed, exact in ((kinerja, result.kinerja), (disiplin, result.disiplin), (tambahan, result.addon)):
        assert abs(printed - exact) < len(result.lines)


def test_rekap_tpp_of_a_locked_month_reads_the_frozen_copy(db, actor_of):
    admin = actor_of("admin")
    year, month = previous_month(local_today())
    tpp.lock_month(db, actor=admin, year=year, month=month)
    db.commit()
    recap = tpp.instansi_recap(db, actor=admin, year=year, month=month)
    doc = report_documents.tpp_recap(db, actor=admin, unit_id=None, year=year, month=month)
    assert recap.locked and doc.locked
    assert sum(l.total for l in doc.lines) == recap.total


def test_rekap_kehadiran_counts_equal_the_attendance_tally(db, actor_of):
    admin = actor_of("admin")
    year, month = previous_month(local_today())
    generated = reports.generate(db, actor=admin, params=reports.ReportParams(registry.REKAP_KEHADIRAN, year, month))
    sheets = _read_sheets(generated.data)
    people = pd.concat(_unit_sheets(sheets).values()).set_index("NIP")
    recap = report_documents.kehadiran_recap(db, actor=admin, unit_id=None, year=year, month=month)
    assert len(people) == len(recap.lines) > 0
    ids = {line.nip: attendance.employee_id_by_nip(db, nip=line.nip) for line in recap.lines}
    tallies = attendance.discipline_inputs(db, employee_ids=list(ids.values()), year=year, month=month)
    for nip, employee_id in ids.items():
        counts, row = tallies[employee_id].counts, people.loc[nip]
        assert row["Hadir"] == counts.days_present and row["Tanpa Keterangan"] == counts.absent_without_reason
        assert [row[c] for c in TIER_COLUMNS] == [counts.tl[i] for i in (1, 2, 3, 4)] + [counts.psw[i] for i in (1, 2, 3, 4)]
        for kind, days in counts.absences.items():
            assert row[ABSENCE_LABELS[kind]] == days
    assert people["Hadir"].sum() > 0
    staf = actor_of("staf")
    own = attendance.discipline_inputs(db, employee_ids=[staf.employee_id], year=year, month=month)[staf.employee_id].counts
    assert people.loc[staf.nip, "Hadir"] == own.days_present
    summary = sheets[SUMMARY_SHEET]
    grand = summary[summary["Unit Kerja"] == INSTANSI_TOTAL_LABEL].iloc[0]
    for column in ("Hadir", "Tanpa Keterangan", *TIER_COLUMNS):
        assert grand[column] == people[column].sum()


def test_atasan_kehadiran_covers_their_subordinates_only(db, actor_of):
    boss = actor_of("kepala_seksi")
    year, month = previous_month(local_today())
    recap = report_documents.kehadiran_recap(db, actor=boss, unit_id=None, year=year, month=month)
    below = set(org_snapshot(db, on=local_today()).all_subordinates(boss.employee_id))
    assert len(recap.lines) == len(below) > 0


@pytest.mark.parametrize("key", [registry.REKAP_TPP, registry.REKAP_KEHADIRAN, registry.REKAP_CAPAIAN])
def test_unit_recaps_refuse_who_may_not_see_them(db, actor_of, key):
    year, month = previous_month(local_today())
    params = reports.ReportParams(key, year, month)
    for who in ("staf", "staf_cadangan"):  # staff never get a unit recap
        with pytest.raises(AccessDenied):
            reports.generate(db, actor=actor_of(who), params=params)
        with pytest.raises(AccessDenied):
            reports.preview(db, actor=actor_of(who), params=params, page=1, page_size=25)
    admin = actor_of("admin")
    with pytest.raises(AccessDenied):  # a unit outside the instansi
        reports.generate(db, actor=admin, params=reports.ReportParams(key, year, month, unit_id=10**6))
    boss = actor_of("kepala_seksi")
    other_units = {u for u, _ in report_scope.report_units(db, actor=admin)} - {u for u, _ in report_scope.report_units(db, actor=boss)}
    if key == registry.REKAP_TPP:  # admins only, as the TPP service's recap
        with pytest.raises(AccessDenied):
            reports.generate(db, actor=boss, params=params)
    else:
        assert reports.generate(db, actor=boss, params=params).data.startswith(b"PK")
        with pytest.raises(AccessDenied):  # an atasan asking for another unit
            reports.generate(db, actor=boss, params=reports.ReportParams(key, year, month, unit_id=min(other_units)))


def test_rekap_tpp_narrowed_to_a_unit(db, actor_of):
    admin = actor_of("admin")
    year, month = previous_month(local_today())
    staf = actor_of("staf")
    unit_id = org_snapshot(db, on=local_today()).unit_of_employee(staf.employee_id)
    doc = report_documents.tpp_recap(db, actor=admin, unit_id=unit_id, year=year, month=month)
    assert doc.lines and staf.nip in {l.nip for l in doc.lines}
    whole = report_documents.tpp_recap(db, actor=admin, unit_id=None, year=year, month=month)
    assert len(doc.lines) < len(whole.lines)


def test_registry_offers_the_tpp_recap_to_admins_only():
    admin = {s.key for s in registry.offered(is_team_viewer=True, is_admin=True)}
    atasan = {s.key for s in registry.offered(is_team_viewer=True)}
    assert registry.REKAP_TPP in admin and registry.REKAP_TPP not in atasan and registry.REKAP_KEHADIRAN in atasan
