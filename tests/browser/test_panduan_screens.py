"""The user guide's pictures: visits every page docs/panduan/*.md shows and saves a viewport-sized
screenshot under the name the guide uses: the employee's pages at phone size, where employees use
them; the atasan's and admin's at desktop size. It fails when a guide names a picture no step here
produces, so guide and app cannot drift apart. A test run writes them under test-results/ and
never touches the tracked tree; `scripts/guide_pictures.sh` runs it with EKINERJA_GUIDE_PICTURES
set to assets/panduan/ (served at /panduan/ and read by the PDF) to regenerate the guide."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.harness import DESKTOP, ROOT, login

pytestmark = pytest.mark.browser

GUIDES = ROOT / "docs" / "panduan"
PICTURES = Path(os.environ.get("EKINERJA_GUIDE_PICTURES") or ROOT / "test-results" / "panduan")
SETTLE_MS = 1200  # lets the page's data arrive before the picture is taken


def _save(page, name: str) -> Path:
    PICTURES.mkdir(parents=True, exist_ok=True)
    path = PICTURES / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def _visit(page, route: str, name: str) -> Path:
    page.goto(route)
    expect(page.locator("#judul-halaman")).to_be_visible()
    page.wait_for_timeout(SETTLE_MS)
    return _save(page, name)


def _named_in_guides() -> set[str]:
    names = set()
    for guide in GUIDES.glob("*.md"):
        names |= set(re.findall(r"\]\(\.\./\.\./assets/panduan/([\w-]+)\.png\)", guide.read_text(encoding="utf-8")))
    return names


def test_guide_pictures(phone, running_app, browser):
    taken: set[str] = set()
    accounts = running_app.accounts

    phone.goto("/login")
    expect(phone.locator("#nip")).to_be_visible()
    phone.wait_for_timeout(SETTLE_MS)
    _save(phone, "login")
    taken.add("login")

    staf = accounts["staf"]
    login(phone, staf["nip"], staf["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    for route, name in (
        ("/", "dashboard"),
        ("/kegiatan-harian", "kegiatan-harian"),
        ("/sasaran-pegawai", "sasaran-pegawai"),
        ("/progres-pekerjaan", "progres-pekerjaan"),
        ("/laporan", "laporan"),
        ("/keberatan", "keberatan"),
        ("/dialog-kinerja", "dialog-kinerja"),
    ):
        _visit(phone, route, name)
        taken.add(name)

    boss = browser.new_context(viewport=DESKTOP, base_url=running_app.url, locale="id-ID").new_page()
    kasi = accounts["kepala_seksi"]
    login(boss, kasi["nip"], kasi["password"])
    expect(boss).to_have_url(f"{running_app.url}/")
    _visit(boss, "/input-pimpinan", "input-pimpinan")
    boss.goto("/laporan")
    expect(boss.locator("#judul-halaman")).to_be_visible()
    boss.locator("#pilih-laporan").click()
    boss.get_by_role("option", name=re.compile("Rekap capaian")).click()
    expect(boss.locator("#ringkasan-laporan")).to_contain_text("pegawai")
    boss.wait_for_timeout(SETTLE_MS)
    _save(boss, "laporan-rekap")
    taken |= {"input-pimpinan", "laporan-rekap"}
    _visit(boss, "/matriks-peran-hasil", "matriks-peran-hasil")
    taken.add("matriks-peran-hasil")
    boss.context.close()

    admin_page = browser.new_context(viewport=DESKTOP, base_url=running_app.url, locale="id-ID").new_page()
    admin = accounts["admin"]
    login(admin_page, admin["nip"], admin["password"])
    expect(admin_page).to_have_url(f"{running_app.url}/")
    _visit(admin_page, "/admin/pegawai", "admin-pegawai")
    _visit(admin_page, "/admin/unit-kerja", "admin-unit-kerja")
    taken |= {"admin-pegawai", "admin-unit-kerja"}
    admin_page.goto("/angka-kredit")
    expect(admin_page.locator("#ak-kumulatif")).to_be_visible()  # the demo's first pejabat fungsional
    admin_page.wait_for_timeout(SETTLE_MS)
    _save(admin_page, "angka-kredit")
    admin_page.locator("#catat-jenjang").click()
    expect(admin_page.locator("#dialog-jenjang")).to_be_visible()
    admin_page.wait_for_timeout(SETTLE_MS)
    _save(admin_page, "angka-kredit-catat-jenjang")
    admin_page.keyboard.press("Escape")
    expect(admin_page.locator("#dialog-jenjang")).to_be_hidden()
    _visit(admin_page, "/admin/siasn", "admin-siasn")
    taken |= {"angka-kredit", "angka-kredit-catat-jenjang", "admin-siasn"}
    admin_page.context.close()

    assert _named_in_guides() <= taken, f"pictures the guides use but nobody takes: {_named_in_guides() - taken}"


def test_unduh_panduan_page_shows_the_guide(phone, running_app):
    staf = running_app.accounts["staf"]
    login(phone, staf["nip"], staf["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/unduh-panduan")
    expect(phone.locator("#isi-panduan")).to_contain_text("Panduan Pegawai e-Kinerja")
    expect(phone.locator("#tab-panduan-atasan")).to_have_count(0)
    with phone.expect_download(timeout=60_000) as download_info:
        phone.locator("#tombol-unduh-panduan").click()
    assert download_info.value.suggested_filename == "panduan-pegawai-ekinerja.pdf"
