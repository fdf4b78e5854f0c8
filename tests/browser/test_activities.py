"""Kegiatan harian live: the staf submits on a phone, the atasan's open page shows it and approves,
and the staf's open page turns "disetujui" — neither page reloads."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine

from tests.browser.harness import login, screenshot
from tests.dates import ensure_entry_day

pytestmark = pytest.mark.browser

LIVE_TIMEOUT = 5_000  # the issue asks for 2 s; the margin absorbs a busy test machine


def _ensure_working_day(database_url: str, employee_id: int, created_by: int) -> str:
    engine = create_engine(database_url)
    with engine.begin() as conn:
        day = ensure_entry_day(conn, employee_id=employee_id, created_by=created_by)
    engine.dispose()
    return day.isoformat()


def test_submission_and_approval_show_live_on_both_pages(phone, desktop, running_app):
    staf, kasi = running_app.accounts["staf"], running_app.accounts["kepala_seksi"]
    today = _ensure_working_day(running_app.database_url, staf["employee_id"], kasi["employee_id"])
    marker = f"Uji langsung {uuid.uuid4().hex[:8]}"

    # The atasan opens Input Pimpinan first, filtered to today.
    login(desktop, kasi["nip"], kasi["password"])
    expect(desktop).to_have_url(f"{running_app.url}/")
    desktop.goto("/input-pimpinan")
    desktop.locator("input[name=day]").fill(today)
    desktop.get_by_role("button", name="Terapkan").click()

    # The staf records an activity on a phone.
    login(phone, staf["nip"], staf["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/kegiatan-harian")
    expect(phone.locator("#total-bulan")).to_contain_text("target 6.750")
    phone.locator("#tambah-kegiatan").click()
    dialog = phone.locator("#dialog-activity")
    dialog.locator("#isian-activity_date").fill(today)
    dialog.locator("#isian-start_time").fill("19:00")
    dialog.locator("#isian-end_time").fill("18:30")
    dialog.locator("#isian-task_text").fill(marker)
    dialog.locator("#isian-quantity").fill("1")
    dialog.locator("#simpan-activity").click()
    # A broken rule is explained on its field and what was typed stays.
    expect(dialog).to_contain_text("Jam selesai harus setelah jam mulai")
    expect(dialog.locator("#isian-task_text")).to_have_value(marker)
    dialog.locator("#isian-end_time").fill("19:30")
    dialog.locator("#isian-description").fill("Diuji dari ponsel")
    dialog.locator("#simpan-activity").click()
    expect(dialog).to_be_hidden()
    staf_card = phone.locator(".kegiatan").filter(has_text=marker)
    expect(staf_card).to_contain_text("diajukan")
    screenshot(phone, "kegiatan-harian-ponsel")

    # Without a reload, the atasan's queue shows it.
    kasi_card = desktop.locator(".antrean-kegiatan").filter(has_text=marker)
    expect(kasi_card).to_be_visible(timeout=LIVE_TIMEOUT)
    expect(kasi_card).to_contain_text("30 menit")
    screenshot(desktop, "input-pimpinan-desktop")
    kasi_card.locator(".setujui").click()
    expect(kasi_card).to_have_count(0, timeout=LIVE_TIMEOUT)

    # Without a reload, the staf's page shows the decision.
    expect(staf_card).to_contain_text("disetujui", timeout=LIVE_TIMEOUT)
    expect(staf_card.get_by_role("button", name="Ubah")).to_have_count(0)
    for page in (phone, desktop):
        expect(page.get_by_text("An error occurred")).to_have_count(0)


def test_an_employee_without_subordinates_is_sent_back_from_the_queue(desktop, running_app):
    staf = running_app.accounts["staf"]
    login(desktop, staf["nip"], staf["password"])
    expect(desktop).to_have_url(f"{running_app.url}/")
    desktop.goto("/input-pimpinan")
    expect(desktop.get_by_text("Anda tidak berwenang membuka halaman Input Pimpinan")).to_be_visible()
    expect(desktop).to_have_url(f"{running_app.url}/")
    expect(desktop.locator("#antrean")).to_have_count(0)
