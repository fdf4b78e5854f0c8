"""Laporan on a phone: the staf reads last month's report in the page and downloads its PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import create_engine, text

from ekinerja.clock import local_today
from ekinerja.domain.dates import BULAN, format_number, month_bounds, previous_month
from tests.browser.harness import login, screenshot

pytestmark = pytest.mark.browser


def _approved_minutes(database_url: str, employee_id: int, year: int, month: int) -> int:
    first, last = month_bounds(year, month)
    engine = create_engine(database_url)
    with engine.connect() as conn:
        total = conn.execute(
            text(
                "SELECT COALESCE(SUM(approved_minutes), 0) FROM daily_activity WHERE employee_id = :e "
                "AND status = 'disetujui' AND activity_date BETWEEN :a AND :b"
            ),
            {"e": employee_id, "a": first, "b": last},
        ).scalar_one()
    engine.dispose()
    return int(total)


def _choose(page, select_id: str, label: str) -> None:
    page.locator(f"#{select_id}").click()
    page.get_by_role("option", name=label, exact=True).click()


def _choose_month(page, year: int, month: int) -> None:
    if str(year) != page.locator("#pilih-tahun").inner_text().strip():
        _choose(page, "pilih-tahun", str(year))
    _choose(page, "pilih-bulan", BULAN[month - 1])


def _download(page, tmp_path: Path, expected_name: str) -> Path:
    with page.expect_download(timeout=120_000) as download_info:
        page.locator("#tombol-unduh-laporan").click()
    download = download_info.value
    assert download.suggested_filename == expected_name
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    return path


def test_staf_downloads_monthly_report_on_a_phone(phone, running_app, tmp_path: Path):
    staf = running_app.accounts["staf"]
    year, month = previous_month(local_today())
    expected = _approved_minutes(running_app.database_url, staf["employee_id"], year, month)
    assert expected > 0

    login(phone, staf["nip"], staf["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/laporan")
    expect(phone.locator("#judul-halaman")).to_have_text("Laporan")
    _choose_month(phone, year, month)
    summary = phone.locator("#ringkasan-laporan")
    expect(summary).to_contain_text(f"Jumlah menit disetujui: {format_number(expected)} menit")
    expect(phone.locator("#pratinjau-laporan table")).to_be_visible()
    first_day = phone.locator("#pratinjau-laporan tbody tr").first.locator("td").first
    expect(first_day).to_have_css("white-space", "nowrap")  # "1 Oktober 2026" on one line
    lines = first_day.evaluate("el => { const r = document.createRange(); r.selectNodeContents(el); return r.getClientRects().length; }")
    assert lines == 1
    screenshot(phone, "laporan-ponsel")

    path = _download(phone, tmp_path, f"laporan-kegiatan-{staf['nip']}-{year}-{month:02d}.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    flat = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(path).pages))
    assert f"Jumlah menit disetujui: {format_number(expected)} menit" in flat
    assert staf["nip"] in flat


def test_admin_downloads_rekap_tpp(desktop, running_app, tmp_path: Path):
    page = desktop
    admin = running_app.accounts["admin"]
    year, month = previous_month(local_today())
    login(page, admin["nip"], admin["password"])
    expect(page).to_have_url(f"{running_app.url}/")
    page.goto("/laporan")
    _choose(page, "pilih-laporan", "Rekap TPP per unit dan instansi (Excel)")
    _choose_month(page, year, month)
    expect(page.locator("#ringkasan-laporan")).to_contain_text("total TPP Rp")
    path = _download(page, tmp_path, f"rekap-tpp-{year}-{month:02d}.xlsx")

    sheets = pd.read_excel(path, sheet_name=None, header=4)
    summary = sheets["Ringkasan"]
    grand = summary.loc[summary["Unit Kerja"] == "JUMLAH SELURUHNYA", "Total TPP"].iloc[0]
    units = sum(frame.loc[frame["Nama"] == "JUMLAH", "Total TPP"].iloc[0] for name, frame in sheets.items() if name != "Ringkasan")
    assert round(grand) == round(units) > 0
