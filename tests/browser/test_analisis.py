"""Analisis Organisasi: the admin reads the ABK on a desktop and downloads it as Excel, checks the
ranking on a phone; the staf sees only their own unit's place (on the page and on the dashboard)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect

from ekinerja.reports.excel import HEADER_ROW
from ekinerja.services.abk import EXCEL_COLUMNS
from tests.browser.harness import login, screenshot

pytestmark = pytest.mark.browser

DISKOMINFO = "Dinas Komunikasi, Informatika, Statistik dan Persandian"


def test_admin_reads_the_abk_and_downloads_excel_on_desktop(desktop, running_app, tmp_path: Path):
    admin = running_app.accounts["admin"]
    login(desktop, admin["nip"], admin["password"])
    expect(desktop).to_have_url(f"{running_app.url}/")
    desktop.locator("#nav-analisis-organisasi").click()
    expect(desktop.locator("#judul-halaman")).to_have_text("Analisis Organisasi")
    desktop.locator("#abk-unit").click()
    desktop.get_by_role("option", name=f"— {DISKOMINFO}", exact=True).click()
    rows = desktop.locator("#tabel-abk .baris-abk")
    expect(rows.first).to_be_visible(timeout=60_000)
    expect(desktop.locator("#abk-grafik .recharts-bar-rectangle").first).to_be_visible()
    # A wrong number of effective hours is explained, in Indonesian, and what was typed stays.
    desktop.locator("#abk-jam-efektif").fill("20")
    desktop.locator("#abk-hitung").click()
    expect(desktop.get_by_text("Jam kerja efektif harus bilangan bulat")).to_be_visible()
    expect(desktop.locator("#abk-jam-efektif")).to_have_value("20")
    desktop.locator("#abk-jam-efektif").fill("1250")
    desktop.locator("#abk-hitung").click()
    expect(desktop.get_by_text("Jam kerja efektif harus bilangan bulat")).to_have_count(0)
    expect(rows.first).to_be_visible()
    screenshot(desktop, "analisis-abk-desktop")
    with desktop.expect_download(timeout=120_000) as download_info:
        desktop.locator("#abk-unduh").click()
    download = download_info.value
    assert download.suggested_filename.startswith("abk-") and download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    frame = pd.read_excel(path, header=HEADER_ROW)
    assert list(frame.columns) == list(EXCEL_COLUMNS)
    assert len(frame) > 10 and frame.iloc[-1]["Unit Kerja"] == "JUMLAH"
    assert DISKOMINFO in set(frame["Unit Kerja"])


def test_admin_ranks_units_on_a_phone(phone, running_app):
    admin = running_app.accounts["admin"]
    login(phone, admin["nip"], admin["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/analisis-organisasi")
    expect(phone.locator("#judul-halaman")).to_have_text("Analisis Organisasi")
    phone.locator("#tab-peringkat").click()
    ranking = phone.locator("#tabel-peringkat .baris-peringkat")
    expect(ranking).to_have_count(8, timeout=60_000)  # the eight perangkat daerah of the demo
    expect(ranking.first.locator("td").first).to_have_text("1")
    expect(phone.get_by_text("Unit Anda").first).to_be_visible()
    phone.locator("#tab-kinerja").click()
    expect(phone.locator("#tabel-kinerja .baris-kinerja")).to_have_count(8)
    expect(phone.locator("#tren-kinerja .recharts-line-curve").first).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page must not scroll sideways on a phone"
    screenshot(phone, "analisis-peringkat-phone")


def test_staf_sees_only_their_units_place(phone, running_app):
    staf = running_app.accounts["staf"]
    login(phone, staf["nip"], staf["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    expect(phone.locator("#peringkat-unit")).to_contain_text("Unit Anda (")
    expect(phone.locator("#peringkat-unit")).to_contain_text(" dari 8 bulan ini")
    phone.goto("/analisis-organisasi")
    expect(phone.locator("#peringkat-unit-anda")).to_contain_text(DISKOMINFO)
    expect(phone.locator("#tab-abk")).to_have_count(0)
    expect(phone.locator("#tabel-peringkat")).to_have_count(0)
