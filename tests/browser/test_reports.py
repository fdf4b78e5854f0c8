"""Laporan on a phone: the staf reads last month's report in the page and downloads its PDF."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import create_engine, text

from ekinerja.domain.dates import BULAN, format_number
from ekinerja.domain.skp_rules import month_bounds
from tests.browser.harness import login, screenshot

pytestmark = pytest.mark.browser


def _last_month() -> tuple[int, int]:
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


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


def test_staf_downloads_monthly_report_on_a_phone(phone, running_app, tmp_path: Path):
    staf = running_app.accounts["staf"]
    year, month = _last_month()
    expected = _approved_minutes(running_app.database_url, staf["employee_id"], year, month)
    assert expected > 0

    login(phone, staf["nip"], staf["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/laporan")
    expect(phone.locator("#judul-halaman")).to_have_text("Laporan")
    if str(year) != phone.locator("#pilih-tahun").inner_text().strip():
        _choose(phone, "pilih-tahun", str(year))
    _choose(phone, "pilih-bulan", BULAN[month - 1])
    summary = phone.locator("#ringkasan-laporan")
    expect(summary).to_contain_text(f"Jumlah menit disetujui: {format_number(expected)} menit")
    expect(phone.locator("#pratinjau-laporan table")).to_be_visible()
    screenshot(phone, "laporan-ponsel")

    with phone.expect_download(timeout=60_000) as download_info:
        phone.locator("#tombol-unduh-laporan").click()
    download = download_info.value
    assert download.suggested_filename == f"laporan-kegiatan-{staf['nip']}-{year}-{month:02d}.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    flat = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in PdfReader(path).pages))
    assert f"Jumlah menit disetujui: {format_number(expected)} menit" in flat
    assert staf["nip"] in flat
