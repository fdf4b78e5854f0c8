"""The annual evaluation on a phone: proposed from the year's final quarters, a change needs a reason the employee sees."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ekinerja.clock import local_today
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.evaluation_period import current_period, period_label
from tests.browser.evaluations import final_evaluations
from tests.browser.harness import login, phone_context, screenshot
from tests.browser.test_skp import DEMO_PASSWORD, _new_subordinate

pytestmark = pytest.mark.browser

NAME = "Sari Uji Tahunan"
REASON = "Memimpin migrasi arsip digital di akhir tahun, jauh di atas target."


def _subordinate_with_final_quarters(running_app, year: int) -> str:
    """A pelaksana under the demo kepala seksi with three final quarters: Sesuai, Sesuai, then Di Atas."""
    nip = _new_subordinate(running_app, name=NAME, sequence=921)
    kasi_id = running_app.accounts["kepala_seksi"]["employee_id"]
    ratings = [(1, "sesuai", "sesuai"), (2, "sesuai", "sesuai"), (3, "diatas", "sesuai")]
    final_evaluations(running_app, nip=nip, evaluator_id=kasi_id, year=year, kind="triwulanan", ratings=ratings)
    return nip


def test_the_annual_evaluation_starts_from_the_quarters_and_a_change_says_why(browser, running_app):
    year, _ = current_period("triwulanan", local_today())  # the year the page offers
    nip = _subordinate_with_final_quarters(running_app, year)
    kasi = running_app.accounts["kepala_seksi"]
    contexts = [phone_context(browser, running_app) for _ in range(2)]
    boss, staff = (c.new_page() for c in contexts)
    try:
        login(boss, kasi["nip"], kasi["password"])
        expect(boss).to_have_url(f"{running_app.url}/")
        boss.goto("/penilaian")
        boss.locator("#pilih-periode").click()
        boss.get_by_role("option", name=period_label("tahunan", 1, year)).click()
        row = boss.locator("#tim-penilaian tr", has_text=NAME)
        row.get_by_role("button", name="Nilai").click()
        expect(boss.locator(".usulan-rating").first).to_contain_text("Usulan dari penilaian periodik")
        # Proposed: the RHK and Rating Hasil Kerja Sesuai (2 of 3 quarters), every BerAKHLAK value Sesuai.
        expect(boss.locator(".usulan-rating")).to_have_count(1 + len(BERAKHLAK) + 2)
        expect(boss.locator("#predikat-penilaian")).to_contain_text("Baik")
        assert boss.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(boss, "penilaian-tahunan-usulan-ponsel")

        # Raise the Rating Hasil Kerja: finalising asks why.
        boss.locator("#pilih-rating_hasil").click()
        boss.get_by_role("option", name="Di Atas Ekspektasi").click()
        expect(boss.locator("#pilih-rating_hasil")).to_have_text("Di Atas Ekspektasi")
        expect(boss.get_by_role("option")).to_have_count(0)
        boss.locator("#finalkan").click()
        expect(boss.get_by_text("Rating berbeda dari usulan (Sesuai Ekspektasi); tuliskan alasannya.")).to_be_visible()
        boss.locator("input[name='alasan_rating_hasil']").fill(REASON)
        boss.locator("#finalkan").click()
        expect(boss.locator("#predikat-penilaian")).to_contain_text("Baik")
        expect(boss.locator(".alasan-perubahan")).to_contain_text(REASON)
        screenshot(boss, "penilaian-tahunan-final-ponsel")

        login(staff, nip, DEMO_PASSWORD)
        expect(staff).to_have_url(f"{running_app.url}/")
        staff.goto("/penilaian")
        staff.get_by_text(period_label("tahunan", 1, year)).locator("xpath=..").get_by_role("button", name="Rincian").click()
        expect(staff.locator(".alasan-perubahan")).to_contain_text(REASON)
        expect(staff.locator(".isian-alasan")).to_have_count(0)
        assert staff.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        for c in contexts:
            c.close()
