"""A kepala seksi opens the matriks peran hasil of the team on a phone, reads it grouped per RHK,
and prints it as PDF; on a desktop the same is a matrix."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.harness import login, screenshot

pytestmark = pytest.mark.browser


def test_kasi_reads_and_prints_the_matrix_on_a_phone(phone, running_app):
    kasi, staf = running_app.accounts["kepala_seksi"], running_app.accounts["staf"]
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


def test_the_matrix_on_a_desktop_and_no_page_for_staff(desktop, running_app):
    kasi = running_app.accounts["kepala_seksi"]
    login(desktop, kasi["nip"], kasi["password"])
    expect(desktop).to_have_url(f"{running_app.url}/")
    desktop.goto("/matriks-peran-hasil")
    matrix = desktop.locator(".matriks-peran-hasil")
    expect(matrix).to_be_visible()
    expect(matrix).to_contain_text(running_app.accounts["staf"]["name"])
    expect(desktop.locator(".daftar-peran-hasil")).to_be_hidden()
    screenshot(desktop, "matriks-peran-hasil-desktop")
