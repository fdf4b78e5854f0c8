"""Dashboards: the atasan's team table follows a subordinate's entry live; the admin's instansi
figures; an absence with a PDF submitted from a phone shows as pending."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from ekinerja.clock import local_today
from tests.browser.harness import DESKTOP, PHONE, login, screenshot
from tests.browser.test_activities import LIVE_TIMEOUT, _ensure_working_day

pytestmark = pytest.mark.browser

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _pending_of(page, name: str):
    return page.locator("#tabel-tim .baris-tim").filter(has_text=name).locator(".menunggu")


def test_team_table_pending_count_follows_a_new_entry_live(phone, desktop, running_app):
    staf, kasi = running_app.accounts["staf"], running_app.accounts["kepala_seksi"]
    today = _ensure_working_day(running_app.database_url, staf["employee_id"], kasi["employee_id"])

    login(desktop, kasi["nip"], kasi["password"])
    expect(desktop).to_have_url(f"{running_app.url}/")
    table = desktop.locator("#tabel-tim")
    expect(table).to_be_visible()
    row = table.locator(".baris-tim").filter(has_text=staf["nip"])
    expect(row).to_have_count(1)
    before = int(row.locator(".menunggu").inner_text().strip() or 0)
    screenshot(desktop, "dashboard-atasan-desktop")

    login(phone, staf["nip"], staf["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/kegiatan-harian")
    expect(phone.locator("#total-bulan")).to_be_visible()
    phone.locator("#tambah-kegiatan").click()
    dialog = phone.locator("#dialog-activity")
    dialog.locator("#isian-activity_date").fill(today)
    dialog.locator("#isian-start_time").fill("20:00")
    dialog.locator("#isian-end_time").fill("20:30")
    dialog.locator("#isian-task_text").fill(f"Uji dashboard {uuid.uuid4().hex[:8]}")
    dialog.locator("#isian-quantity").fill("1")
    dialog.locator("#simpan-activity").click()
    expect(dialog).to_be_hidden()

    # Without a reload, the kasi's row counts one more pending entry.
    expect(row.locator(".menunggu")).to_have_text(str(before + 1), timeout=LIVE_TIMEOUT)
    desktop.set_viewport_size(PHONE)
    screenshot(desktop, "dashboard-atasan-ponsel")
    desktop.set_viewport_size(DESKTOP)
    expect(desktop.get_by_text("An error occurred")).to_have_count(0)


def test_admin_dashboard_shows_completion_and_tpp_per_unit(desktop, running_app):
    admin = running_app.accounts["admin"]
    login(desktop, admin["nip"], admin["password"])
    expect(desktop).to_have_url(f"{running_app.url}/")
    completion = desktop.locator("#tabel-kelengkapan")
    expect(completion).to_be_visible(timeout=30_000)
    expect(completion.locator("tbody tr").first).to_be_visible()
    tpp_units = desktop.locator("#tabel-tpp-unit")
    expect(tpp_units).to_be_visible(timeout=30_000)
    expect(tpp_units).to_contain_text("Rp")
    screenshot(desktop, "dashboard-admin-desktop")
    desktop.set_viewport_size(PHONE)
    screenshot(desktop, "dashboard-admin-ponsel")


def test_staf_on_a_phone_submits_an_absence_with_a_pdf(phone, running_app, tmp_path):
    staf = running_app.accounts["staf"]
    login(phone, staf["nip"], staf["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    screenshot(phone, "dashboard-pegawai-ponsel")
    expect(phone.locator("#progres-skp")).to_be_visible()
    phone.goto("/kehadiran")
    phone.locator("#ajukan-ketidakhadiran").click()
    dialog = phone.get_by_role("dialog")
    dialog.locator("#isian-kind").click()
    phone.get_by_role("option", name="Sakit", exact=True).click()
    pdf = tmp_path / "surat-dokter.pdf"
    pdf.write_bytes(MINIMAL_PDF)
    dialog.locator("#bukti-ketidakhadiran input[type=file]").set_input_files(str(pdf))
    expect(dialog.locator("#bukti-ketidakhadiran-terpilih")).to_contain_text("surat-dokter.pdf")
    dialog.locator("#isian-note").fill("Demam, surat dokter terlampir")
    dialog.locator("#simpan-ketidakhadiran").click()
    expect(dialog).to_be_hidden()
    # The one just filed starts today; the demo may have given the staf an earlier Sakit this month.
    item = phone.locator(".ketidakhadiran").filter(has_text="Sakit").filter(has_text=f"{local_today():%d-%m-%Y}")
    expect(item).to_contain_text("Menunggu persetujuan")
    screenshot(phone, "kehadiran-ajukan-ponsel")
