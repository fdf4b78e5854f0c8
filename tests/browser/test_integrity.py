"""The atasan checks a tanda integritas with its evidence on a phone, records a development plan
item after a Butuh Perbaikan, and the employee sees it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ekinerja.clock import local_today
from ekinerja.demo.insight_seed import COPIED_TEXT, insight_month
from tests.browser.harness import login, screenshot
from tests.browser.test_phone_fit import settle

pytestmark = pytest.mark.browser

PLAN_TEXT = "Pelatihan penulisan berita pemerintah tingkat dasar"


def _choose_insight_month(page) -> tuple[int, int]:
    year, month = insight_month(local_today())
    if (year, month) != (local_today().year, local_today().month):
        page.locator("#pilih-bulan-tanda").click()
        page.get_by_role("option").nth(1).click()  # the previous month
    return year, month


def test_atasan_sees_a_flag_with_evidence_on_a_phone(phone, desktop, running_app):
    kasi = running_app.accounts["kepala_seksi"]
    login(phone, kasi["nip"], kasi["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/input-pimpinan")
    year, month = _choose_insight_month(phone)
    card = phone.locator("#tanda-tim .tanda-integritas").filter(has_text="Uraian sama berulang")
    expect(card).to_contain_text(COPIED_TEXT)
    evidence = card.locator(".bukti-tanda")
    expect(evidence).to_be_hidden()
    card.get_by_text("Lihat bukti").click()
    expect(evidence).to_be_visible()
    expect(evidence).to_contain_text(f"-{month:02d}-{year}")
    expect(phone.locator("#tanda-tim")).to_contain_text("Di luar jam kerja tanpa tugas")
    expect(phone.locator("#tanda-integritas")).to_contain_text("bukan putusan")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "tanda-integritas-ponsel")

    admin = running_app.accounts["admin"]
    login(desktop, admin["nip"], admin["password"])
    expect(desktop).to_have_url(f"{running_app.url}/")
    desktop.goto("/admin/tanda-integritas")
    _choose_insight_month(desktop)
    expect(desktop.locator("#daftar-tanda")).to_contain_text(COPIED_TEXT)
    screenshot(desktop, "tanda-integritas-admin")


def test_atasan_records_a_plan_and_the_employee_sees_it(phone, desktop, running_app):
    kasi, staf = running_app.accounts["kepala_seksi"], running_app.accounts["staf"]
    login(desktop, kasi["nip"], kasi["password"])
    expect(desktop).to_have_url(f"{running_app.url}/")
    desktop.goto("/penilaian")
    row = desktop.locator("#tim-penilaian tr").filter(has_text="Ahmad Fauzan")
    expect(row.locator(".status-pengembangan")).to_contain_text("Rencana pengembangan: 1/3 selesai")
    row.get_by_role("button", name="Lihat").click()
    expect(desktop.locator("#bagian-pengembangan")).to_be_visible()
    expect(desktop.locator("#rencana-pengembangan .butir-pengembangan")).to_have_count(3)
    desktop.locator("#tambah-pengembangan").click()
    desktop.locator("#simpan-plan_item").click()  # empty: every problem shows in Indonesian
    expect(desktop.get_by_text("Jenis pengembangan wajib dipilih.")).to_be_visible()
    expect(desktop.get_by_text("Tenggat wajib diisi.")).to_be_visible()
    desktop.locator("#isian-kind").click()
    desktop.get_by_role("option", name="Pelatihan", exact=True).click()
    desktop.locator("#isian-uraian-pengembangan").fill(PLAN_TEXT)
    desktop.locator("#isian-due_date").fill(f"{local_today().year + 1}-01-31")
    desktop.locator("#simpan-plan_item").click()
    expect(desktop.locator("#rencana-pengembangan .butir-pengembangan")).to_have_count(4)
    expect(desktop.locator("#rencana-pengembangan")).to_contain_text(PLAN_TEXT)
    screenshot(desktop, "rencana-pengembangan-atasan")

    login(phone, staf["nip"], staf["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/penilaian")
    settle(phone)  # the page's loads are done: a tap during their re-render can be lost
    phone.get_by_role("button", name="Rincian").first.click()
    plan = phone.locator("#rencana-pengembangan")
    expect(plan).to_contain_text(PLAN_TEXT)
    expect(phone.locator("#tambah-pengembangan")).to_have_count(0)  # reading, not writing
    item = plan.locator(".butir-pengembangan").filter(has_text=PLAN_TEXT)
    item.get_by_role("button", name="Catat kemajuan").click()
    phone.locator("#isian-kemajuan").fill("Sudah mendaftar, menunggu jadwal.")
    phone.locator("#simpan-plan_note").click()
    expect(item).to_contain_text("Kemajuan (pegawai): Sudah mendaftar, menunggu jadwal.")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "rencana-pengembangan-pegawai")
