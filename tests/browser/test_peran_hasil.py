"""A kepala seksi opens the matriks peran hasil of the team on a phone, reads it grouped per RHK,
switches to last year, and prints it as PDF; on a desktop the same is a matrix."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, create_engine, select

from ekinerja.clock import local_today
from ekinerja.models import PositionAssignment, Rhk, Skp
from ekinerja.services.org import bump_org_revision
from tests.browser.harness import login, screenshot

pytestmark = pytest.mark.browser
LAST_YEAR_KASI_RHK = "Terdigitalisasinya arsip layanan perizinan"
LAST_YEAR_STAF_RHK = "Terpindainya berkas perizinan tahun berjalan"


def _last_year_plans(running_app, kasi_id: int, staf_id: int) -> int:
    """Last year's approved SKPs of the kasi and the staf (the staf's RHK serving the kasi's), written
    straight into the app's database (once); both in post since before that year, published with the
    org revision as the app's own changes of an assignment are (its workers cache the org's
    assignments per revision). Returns the year."""
    year = local_today().year - 1
    engine = create_engine(running_app.database_url)
    with Session(engine) as session:
        written = session.exec(select(Skp).where(Skp.employee_id == kasi_id, Skp.year == year)).first() is not None
        rhk_id = None
        for employee_id, text in () if written else ((kasi_id, LAST_YEAR_KASI_RHK), (staf_id, LAST_YEAR_STAF_RHK)):
            post = session.exec(select(PositionAssignment).where(
                PositionAssignment.employee_id == employee_id, PositionAssignment.end_date.is_(None),
                PositionAssignment.kind == "definitif")).one()
            post.start_date = min(post.start_date, date(year, 1, 2))
            skp = Skp(employee_id=employee_id, position_id=post.position_id, year=year, period_start=date(year, 1, 1),
                      period_end=date(year, 12, 31), status="disetujui")
            session.add_all([post, skp])
            session.flush()
            skp.lineage_id = skp.id
            rhk = Rhk(skp_id=skp.id, kind="utama", description=text, atasan_rhk_id=rhk_id)
            session.add(rhk)
            session.flush()
            rhk_id = rhk.id
        if not written:
            bump_org_revision(session)
        session.commit()
    engine.dispose()
    return year


def test_kasi_reads_and_prints_the_matrix_on_a_phone(phone, running_app):
    kasi, staf = running_app.accounts["kepala_seksi"], running_app.accounts["staf"]
    last_year = _last_year_plans(running_app, kasi["employee_id"], staf["employee_id"])
    login(phone, kasi["nip"], kasi["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/matriks-peran-hasil")
    expect(phone.locator("#ringkasan-peran-hasil")).to_contain_text("RHK atasan diintervensi bawahan")
    groups = phone.locator(".daftar-peran-hasil .grup-rhk-atasan")
    expect(groups.first).to_be_visible()
    # The demo staf's first RHK serves the kasi's first one (ekinerja/demo/skp_seed.py).
    expect(groups.first).to_contain_text("Terlaksananya pengembangan aplikasi layanan publik")
    expect(groups.first).to_contain_text(staf["name"])
    expect(groups.first).to_contain_text("Tersedianya modul aplikasi yang teruji dan terdokumentasi")
    expect(phone.locator(".matriks-peran-hasil")).to_be_hidden()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "matriks-peran-hasil-ponsel")
    with phone.expect_download(timeout=60_000) as download_info:
        phone.locator("#cetak-peran-hasil").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"matriks-peran-hasil-{kasi['nip']}-")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    # Last year: the kasi's plan of that year, served by the staf's plan of that year; the PDF follows.
    phone.locator("#pilih-tahun-peran-hasil").click()
    phone.get_by_role("option", name=str(last_year), exact=True).click()
    expect(groups.first).to_contain_text(LAST_YEAR_KASI_RHK)
    expect(groups.first).to_contain_text(LAST_YEAR_STAF_RHK)
    expect(groups).to_have_count(1)
    expect(phone.locator("#skp-atasan-peran-hasil")).to_contain_text(f"31 Desember {last_year}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "matriks-peran-hasil-tahun-lalu-ponsel")
    with phone.expect_download(timeout=60_000) as download_info:
        phone.locator("#cetak-peran-hasil").click()
    assert download_info.value.suggested_filename == f"matriks-peran-hasil-{kasi['nip']}-{last_year}-12-31.pdf"


def test_the_matrix_on_a_desktop_and_no_page_for_staff(desktop, running_app):
    kasi = running_app.accounts["kepala_seksi"]
    last_year = _last_year_plans(running_app, kasi["employee_id"], running_app.accounts["staf"]["employee_id"])
    login(desktop, kasi["nip"], kasi["password"])
    expect(desktop).to_have_url(f"{running_app.url}/")
    desktop.goto("/matriks-peran-hasil")
    matrix = desktop.locator(".matriks-peran-hasil")
    expect(matrix).to_be_visible()
    expect(matrix).to_contain_text(running_app.accounts["staf"]["name"])
    expect(desktop.locator(".daftar-peran-hasil")).to_be_hidden()
    screenshot(desktop, "matriks-peran-hasil-desktop")
    # The matrix follows the year too.
    desktop.locator("#pilih-tahun-peran-hasil").click()
    desktop.get_by_role("option", name=str(last_year), exact=True).click()
    expect(matrix).to_contain_text(LAST_YEAR_KASI_RHK)
    expect(matrix).to_contain_text(LAST_YEAR_STAF_RHK)
