"""The staf writes the penilaian diri of the year on a phone: sending it incomplete is refused in plain
words with what was typed kept, a complete one is sent and locked."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.evaluations import staf_skp_of_offered_year
from tests.browser.harness import login, screenshot

pytestmark = pytest.mark.browser


def test_staf_sends_the_penilaian_diri_on_a_phone(phone, running_app):
    staf = running_app.accounts["staf"]
    year, rhks = staf_skp_of_offered_year(running_app)

    login(phone, staf["nip"], staf["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/penilaian")
    phone.locator("#pilih-periode").click()
    phone.get_by_role("option", name=f"Tahunan {year}").click()
    part = phone.locator("#bagian-penilaian-diri")
    expect(part).to_contain_text(rhks[0].description)
    expect(part.locator("#status-penilaian-diri")).to_have_text("Belum diisi")
    note = "Modul aplikasi yang diuji tahun ini tercatat di Progres Pekerjaan beserta berita acaranya."
    part.locator(f"#isian-note_{rhks[0].id}").fill(note)
    part.locator("#centang-kirim-penilaian-diri").click()
    part.locator("#simpan-penilaian-diri").click()
    expect(part).to_contain_text("Pilih penilaian diri untuk RHK 1.")
    expect(part).to_contain_text("Uraikan realisasi dan bukti dukung RHK 2 (paling sedikit 20 karakter).")
    expect(part.locator(f"#isian-note_{rhks[0].id}")).to_have_value(note)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "penilaian-diri-galat-ponsel")
    for rhk in rhks:
        part.locator(f"#isian-self_{rhk.id}").click()
        phone.get_by_role("option", name="Sesuai Ekspektasi", exact=True).click()
        if rhk.id != rhks[0].id:
            part.locator(f"#isian-note_{rhk.id}").fill("Draf dokumen standar disusun sesuai jadwal; tautan bukti di Progres Pekerjaan.")
    expect(part.locator("#centang-kirim-penilaian-diri")).to_be_checked()
    part.locator("#simpan-penilaian-diri").click()
    expect(phone.get_by_text("Penilaian diri dikirim kepada atasan.")).to_be_visible()
    expect(part.locator("#status-penilaian-diri")).to_have_text("Sudah dikirim kepada atasan")
    expect(part.locator("#simpan-penilaian-diri")).to_have_count(0)
    screenshot(phone, "penilaian-diri-terkirim-ponsel")
