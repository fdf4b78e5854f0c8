"""Dialog Kinerja on two phones: the staf opens a thread, the atasan sees it unread and replies,
the reply reaches the staf live, the atasan records a meeting both see, the evaluation shows it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from tests.browser.harness import login, phone_context, screenshot

pytestmark = pytest.mark.browser

TITLE = "Kendala rekap data bulanan"
REPLY = "Saya minta operator memperbaiki data absensinya hari ini."


@contextmanager
def _two_phones(browser, running_app) -> Iterator[tuple]:
    """The staf's phone and the atasan's, closed afterwards."""
    contexts = [phone_context(browser, running_app) for _ in range(2)]
    try:
        yield tuple(c.new_page() for c in contexts)
    finally:
        for context in contexts:
            context.close()


def test_staf_and_atasan_hold_a_dialog_on_their_phones(browser, running_app):
    staf, kasi = running_app.accounts["staf"], running_app.accounts["kepala_seksi"]
    with _two_phones(browser, running_app) as (staff, boss):
        login(staff, staf["nip"], staf["password"])
        expect(staff).to_have_url(f"{running_app.url}/")
        staff.goto("/dialog-kinerja")
        staff.locator("#mulai-percakapan").click()
        form = staff.locator("#dialog-thread")
        form.locator("#isian-title").fill("Data")
        form.locator("#simpan-thread").click()
        expect(form.get_by_text("Judul percakapan harus 5-150 karakter (yang diisi 4).")).to_be_visible()
        expect(form.get_by_text("Isi pesan wajib diisi.")).to_be_visible()
        form.locator("#isian-title").fill(TITLE)
        form.locator("#isian-body").fill("Data absensi Februari belum masuk ke rekap, mohon arahan.")
        form.locator("#simpan-thread").click()
        expect(form).to_have_count(0)
        expect(staff.locator("#judul-percakapan")).to_have_text(TITLE)
        expect(staff.locator(".pesan-dialog")).to_have_count(1)

        login(boss, kasi["nip"], kasi["password"])
        expect(boss).to_have_url(f"{running_app.url}/")
        boss.locator("#buka-menu").click()
        expect(boss.locator("#drawer-menu .menu-belum-dibaca")).to_have_text(re.compile(r"^[1-9]\d*$"))
        screenshot(boss, "dialog-menu-belum-dibaca-ponsel")
        boss.locator("#drawer-dialog-kinerja").click()
        expect(boss).to_have_url(f"{running_app.url}/dialog-kinerja")
        boss.locator("#pilih-pegawai").click()
        boss.get_by_role("option", name=re.compile(staf["name"].split(",")[0])).click()
        card = boss.locator(".percakapan", has_text=TITLE)
        expect(card.get_by_text("Baru")).to_be_visible()
        card.click()
        expect(boss.locator("#judul-percakapan")).to_have_text(TITLE)
        boss.locator("#isian-balasan").fill(REPLY)
        boss.locator("#kirim-balasan").click()
        expect(boss.locator(".pesan-dialog")).to_have_count(2)
        expect(boss.locator("#isian-balasan")).to_have_value("")

        # No reload on the staf's phone: the live hub brings the reply.
        expect(staff.locator(".pesan-dialog", has_text=REPLY)).to_be_visible(timeout=10_000)
        screenshot(staff, "dialog-percakapan-ponsel")
        staff.locator("#tandai-selesai").click()
        expect(staff.locator("#buka-kembali")).to_be_visible()
        expect(boss.locator("#buka-kembali")).to_be_visible(timeout=10_000)

        boss.locator("#kembali-daftar").click()
        boss.locator("#catat-pertemuan").click()
        meeting = boss.locator("#dialog-meeting")
        meeting.locator("#isian-topics").fill("Rekap data bulanan dan kendala absensi")
        meeting.locator("#isian-agreements").fill("Operator memperbaiki data; rekap dikirim tiap tanggal 5.")
        screenshot(boss, "dialog-catat-pertemuan-ponsel")
        meeting.locator("#simpan-meeting").click()
        expect(meeting).to_have_count(0)
        expect(boss.locator(".pertemuan-dialog", has_text="tiap tanggal 5")).to_have_count(1)

        staff.locator("#kembali-daftar").click()
        expect(staff.locator(".pertemuan-dialog", has_text="tiap tanggal 5")).to_be_visible(timeout=10_000)
        expect(staff.locator("#catat-pertemuan")).to_have_count(0)  # the record is the atasan's
        screenshot(staff, "dialog-kinerja-ponsel")

        staff.goto("/penilaian")
        staff.get_by_role("button", name="Rincian").first.click()
        expect(staff.locator("#dialog-penilaian")).to_contain_text("percakapan tahun ini")
        staff.locator("#dialog-penilaian").scroll_into_view_if_needed()
        screenshot(staff, "penilaian-dialog-ponsel")


BADGE_TITLE = "Jadwal pembinaan triwulan"


@pytest.mark.parametrize(("path", "title"), [("/", BADGE_TITLE), ("/kegiatan-harian", "Pembinaan pencatatan kegiatan")])
def test_the_unread_badge_is_live_on_a_page_of_a_phone(browser, running_app, path, title):
    """The staf stays on a page; the atasan opens a thread with them: the count beside the menu
    button, and in the menu, goes up without a reload. On the staf's Dashboard the badge is the tab's
    only live feed; on Kegiatan Harian it is a feed beside the page's (AppState._keep_page_live)."""
    staf, kasi = running_app.accounts["staf"], running_app.accounts["kepala_seksi"]
    with _two_phones(browser, running_app) as (staff, boss):
        login(staff, staf["nip"], staf["password"])
        expect(staff).to_have_url(f"{running_app.url}/")
        if path != "/":
            staff.goto(path)
        expect(staff.locator("#judul-halaman")).to_be_visible()
        header_badge = staff.locator(".header-belum-dibaca")
        before = int(header_badge.inner_text()) if header_badge.count() else 0

        login(boss, kasi["nip"], kasi["password"])
        expect(boss).to_have_url(f"{running_app.url}/")
        boss.goto("/dialog-kinerja")
        boss.locator("#pilih-pegawai").click()
        boss.get_by_role("option", name=re.compile(staf["name"].split(",")[0])).click()
        boss.locator("#mulai-percakapan").click()
        form = boss.locator("#dialog-thread")
        form.locator("#isian-title").fill(title)
        form.locator("#isian-body").fill("Mohon siapkan bahan pembinaan untuk pertemuan minggu depan.")
        form.locator("#simpan-thread").click()
        expect(form).to_have_count(0)

        # No reload on the staf's page: the header's count, and the menu's, follow.
        expect(staff).to_have_url(re.compile(rf"^{re.escape(running_app.url)}{re.escape(path.rstrip('/'))}/?$"))
        expect(header_badge).to_have_text(str(before + 1), timeout=15_000)
        screenshot(staff, f"dialog-belum-dibaca-{path.strip('/') or 'dashboard'}-ponsel")
        staff.locator("#buka-menu").click()
        expect(staff.locator("#drawer-menu .menu-belum-dibaca")).to_have_text(str(before + 1))
        assert staff.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(staff, "dialog-belum-dibaca-menu-ponsel")
