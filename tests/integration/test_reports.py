"""Laporan and Unduh Panduan against the demo data: every document opens, its figures match the
services', and each is refused to whoever may not see it."""

from __future__ import annotations

import re
from io import BytesIO

import pandas as pd
import pytest
from pypdf import PdfReader

from ekinerja.access import AccessDenied
from ekinerja.demo.seed import seed_demo
from ekinerja.domain.dates import format_number
from ekinerja.models.base import local_today
from ekinerja.reports import registry
from ekinerja.reports.excel import HEADER_ROW
from ekinerja.services import activities, auth, guides, reports
from ekinerja.services.auth import resolve_session
from ekinerja.services.org import org_snapshot


@pytest.fixture
def demo(db):
    accounts = seed_demo(db, today=local_today())
    db.commit()
    return accounts


@pytest.fixture
def actor_of(db, demo):
    def sign_in(name: str):
        account = getattr(demo, name)
        outcome = auth.login(db, nip=account.nip, password=account.password)
        db.commit()
        return resolve_session(db, token=outcome.token).actor

    return sign_in


def _last_month():
    today = local_today()
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


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
    year, month = _last_month()
    summary = activities.month_summary(db, actor=staf, year=year, month=month)
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
    report = reports.activity_report(db, actor=staf, employee_id=staf.employee_id, year=year, month=month)
    assert report.approved_minutes == summary.approved_minutes == sum(line.minutes for line in report.lines)


def test_skp_document_lists_every_rhk_indikator_and_perilaku(db, actor_of, demo):
    staf = actor_of("staf")
    (skp_id, _), *_ = reports.skp_choices(db, actor=staf, employee_id=staf.employee_id)
    doc = reports.skp_document(db, actor=staf, skp_id=skp_id)
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
    year, month = _last_month()
    recap = reports.capaian_recap(db, actor=admin, unit_id=None, year=year, month=month)
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
    own = activities.month_summary(db, actor=staf, year=year, month=month).approved_minutes
    assert int(people.loc[people["NIP"] == staf.nip, "Menit Disetujui"].iloc[0]) == own


def test_atasan_recap_covers_only_their_subordinates(db, actor_of):
    kepala_seksi = actor_of("kepala_seksi")
    year, month = _last_month()
    recap = reports.capaian_recap(db, actor=kepala_seksi, unit_id=None, year=year, month=month)
    below = set(org_snapshot(db, on=local_today()).all_subordinates(kepala_seksi.employee_id))
    assert recap.lines and len(recap.lines) == len(below)
    with pytest.raises(AccessDenied):
        reports.capaian_recap(db, actor=actor_of("staf"), unit_id=None, year=year, month=month)


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
    year, month = _last_month()
    actor = actor_of(viewer)
    subject_id = getattr(demo, subject).employee_id
    params = reports.ReportParams(registry.KEGIATAN_BULANAN, year, month, employee_id=subject_id)
    skp_owner = actor_of(subject)
    (skp_id, _), *_ = reports.skp_choices(db, actor=skp_owner, employee_id=subject_id) or [(None, "")]
    if allowed:
        assert reports.generate(db, actor=actor, params=params).data.startswith(b"%PDF")
        if skp_id:
            assert reports.generate(db, actor=actor, params=reports.ReportParams(registry.DOKUMEN_SKP, 0, 0, skp_id=skp_id)).data
        assert subject_id in {i for i, _ in reports.report_people(db, actor=actor)}
    else:
        with pytest.raises(AccessDenied):
            reports.generate(db, actor=actor, params=params)
        with pytest.raises(AccessDenied):
            reports.preview(db, actor=actor, params=params, page=1, page_size=25)
        if skp_id:
            with pytest.raises(AccessDenied):
                reports.generate(db, actor=actor, params=reports.ReportParams(registry.DOKUMEN_SKP, 0, 0, skp_id=skp_id))
        assert subject_id not in {i for i, _ in reports.report_people(db, actor=actor)}


def test_admin_cannot_pick_a_unit_outside_their_instansi(db, actor_of):
    admin = actor_of("admin")
    year, month = _last_month()
    with pytest.raises(AccessDenied):
        reports.capaian_recap(db, actor=admin, unit_id=10**6, year=year, month=month)


def test_unavailable_reports_are_refused(db, actor_of):
    from ekinerja.domain.validation import ValidationFailed

    with pytest.raises(ValidationFailed):
        reports.generate(db, actor=actor_of("admin"), params=reports.ReportParams(registry.REKAP_TPP, 2026, 1))


def test_preview_pages_the_rows(db, actor_of):
    staf = actor_of("staf")
    year, month = _last_month()
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
