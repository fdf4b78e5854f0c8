"""The phone-first forms: the daily entry dialog one-handed, and the atasan's queue on a phone."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from ekinerja.clock import local_today
from tests.browser.harness import login, screenshot
from tests.browser.test_activities import LIVE_TIMEOUT, _ensure_working_day
from tests.browser.test_phone_fit import VIEWPORTS, collect_console_errors, overflow_problems, settle

pytestmark = pytest.mark.browser

LONG_TEXT = "Koordinasi penyusunan laporan kinerja triwulan dengan seluruh bidang " * 4


def _phone(browser, running_app, size: str):
    context = browser.new_context(
        viewport=VIEWPORTS[size], base_url=running_app.url, locale="id-ID", is_mobile=True, has_touch=True
    )
    context.set_default_timeout(30_000)
    return context.new_page()


def _signed_in_at(page, account: dict, route: str) -> None:
    login(page, account["nip"], account["password"])
    settle(page)
    page.goto(route)
    settle(page)


def _choose_longest(page, select_id: str) -> str:
    """Open a select and pick its longest option (the widest text the dialog must hold)."""
    page.locator(f"#{select_id}").click()
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    texts = options.all_inner_texts()
    longest = max(range(len(texts)), key=lambda i: len(texts[i]))
    options.nth(longest).click()
    return texts[longest]


def _in_sight(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    return box is not None and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= size["width"] and box["y"] + box["height"] <= size["height"]


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_the_activity_form_fits_a_phone_and_shows_every_error_at_once(size, browser, running_app):
    page = _phone(browser, running_app, size)
    try:
        errors = collect_console_errors(page)
        _signed_in_at(page, running_app.accounts["staf"], "/kegiatan-harian")
        page.locator("#tambah-kegiatan").click()
        dialog = page.locator("#dialog-activity")
        expect(dialog).to_be_visible()
        # Nothing typed yet: no error box, empty or not.
        expect(dialog.get_by_role("alert")).to_have_count(0)
        assert _in_sight(page, "#simpan-activity"), "the primary button is off-screen when the form opens"

        # The longest RHK and catalogue item, and long texts, do not widen the dialog.
        rhk = _choose_longest(page, "isian-rhk_id")
        _choose_longest(page, "isian-catalog_item_id")
        dialog.locator("#isian-task_text").fill(LONG_TEXT)
        dialog.locator("#isian-description").fill(LONG_TEXT)
        expect(dialog.locator("#isian-rhk_id")).to_contain_text(rhk[:30])
        assert overflow_problems(page) == {}
        assert _in_sight(page, "#simpan-activity"), "the primary button scrolled away with the form"

        # Two mistakes at once: both are explained beside their fields, on one try.
        dialog.locator("#isian-start_time").fill("10:00")
        dialog.locator("#isian-end_time").fill("09:00")
        dialog.locator("#isian-quantity").fill("-10")
        page.locator("#simpan-activity").click()
        expect(dialog).to_contain_text("Jam selesai harus setelah jam mulai")
        expect(dialog).to_contain_text("Jumlah hasil harus lebih dari 0")
        for alert in dialog.get_by_role("alert").all():
            assert alert.inner_text().strip(), "an empty error box"
        expect(dialog.locator("#isian-task_text")).to_have_value(LONG_TEXT)
        assert _in_sight(page, "#simpan-activity")
        screenshot(page, f"kegiatan-dialog-galat-{size}")
        assert errors == []
    finally:
        page.context.close()


def test_a_new_submission_lands_on_top_of_the_atasan_queue_marked_new(browser, running_app):
    staf, kasi = running_app.accounts["staf"], running_app.accounts["kepala_seksi"]
    today = _ensure_working_day(running_app.database_url, staf["employee_id"], kasi["employee_id"])
    marker = f"Baru masuk {uuid.uuid4().hex[:8]}"
    boss, worker = _phone(browser, running_app, "390x844"), _phone(browser, running_app, "390x844")
    try:
        # The atasan opens the queue unfiltered: per-subordinate counts, overdue ones as a group.
        _signed_in_at(boss, kasi, "/input-pimpinan")
        chip = boss.locator(f'.jumlah-per-pegawai[data-employee="{staf["employee_id"]}"]')
        expect(chip).to_be_visible()
        before = int(chip.locator(".rt-Badge").inner_text())

        _signed_in_at(worker, staf, "/kegiatan-harian")
        worker.locator(f"#hari-{today}").click()
        worker.locator("#tambah-kegiatan").click()
        dialog = worker.locator("#dialog-activity")
        dialog.locator("#isian-activity_date").fill(today)
        dialog.locator("#isian-start_time").fill("21:00")
        dialog.locator("#isian-end_time").fill("21:30")
        dialog.locator("#isian-task_text").fill(marker)
        worker.locator("#simpan-activity").click()
        expect(dialog).to_be_hidden()

        # Without a reload: on top of the atasan's first page, marked new, counted.
        first = boss.locator("#antrean .antrean-kegiatan").first
        expect(first).to_contain_text(marker, timeout=LIVE_TIMEOUT)
        expect(first.locator(".tanda-baru")).to_be_visible()
        expect(boss.locator("#antrean .judul-hari").first).to_have_text("Baru masuk")
        expect(chip.locator(".rt-Badge")).to_have_text(str(before + 1))
        screenshot(boss, "input-pimpinan-baru-ponsel")

        # A cut below zero is called what it is.
        first.get_by_role("button", name="Kurangi menit").click()
        partial = boss.locator("#dialog-partial")
        partial.locator("#isian-approved_minutes").fill("-10")
        boss.locator("#simpan-partial").click()
        expect(partial).to_contain_text("tidak boleh negatif")
        partial.get_by_role("button", name="Batal").click()
    finally:
        boss.context.close()
        worker.context.close()


def test_the_atasan_assigns_a_duty_day_from_input_pimpinan(browser, running_app):
    staf, kasi = running_app.accounts["staf"], running_app.accounts["kepala_seksi"]
    today = local_today()
    # A Sunday ahead that no other test marks.
    sunday = today + timedelta(days=(6 - today.weekday()) % 7 + 14)
    page = _phone(browser, running_app, "360x640")
    try:
        _signed_in_at(page, kasi, "/input-pimpinan")
        page.locator("#tugaskan-piket").click()
        dialog = page.locator("#dialog-duty")
        page.locator("#isian-nip").click()
        page.get_by_role("option", name=staf["name"]).click()
        dialog.locator("#isian-day").fill(sunday.isoformat())
        dialog.locator("#isian-reason").fill("Piket layanan data akhir pekan")
        page.locator("#simpan-duty").click()
        expect(dialog).to_be_hidden()
        card = page.locator(".tugas-piket").filter(has_text=f"{sunday:%d-%m-%Y}")
        expect(card).to_contain_text(staf["name"])
        assert overflow_problems(page) == {}
    finally:
        page.context.close()
