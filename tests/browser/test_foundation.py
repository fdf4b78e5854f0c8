"""The foundation as a user meets it, in headless Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.harness import login, screenshot

pytestmark = pytest.mark.browser

VISIBLE_TO_STAFF = ["dashboard", "progres-pekerjaan", "sasaran-pegawai", "kegiatan-harian", "laporan", "unduh-panduan"]
NEW_PASSWORD = "Pinisi2026Baru"


def test_staff_on_a_phone_changes_the_initial_password_and_uses_the_drawer(phone, running_app):
    account = running_app.accounts["staf_baru"]
    login(phone, account["nip"], account["password"])
    expect(phone).to_have_url(f"{running_app.url}/ganti-kata-sandi")
    screenshot(phone, "ganti-kata-sandi-ponsel")

    # A policy violation is explained and what was typed stays in the form.
    phone.locator("#current_password").fill(account["password"])
    phone.locator("#new_password").fill("pendek")
    phone.locator("#confirmation").fill("pendek")
    phone.locator("#tombol-simpan-sandi").click()
    expect(phone.locator("#pesan-galat")).to_contain_text("minimal 10 karakter")
    expect(phone.locator("#current_password")).to_have_value(account["password"])

    phone.locator("#new_password").fill(NEW_PASSWORD)
    phone.locator("#confirmation").fill(NEW_PASSWORD)
    phone.locator("#tombol-simpan-sandi").click()
    expect(phone).to_have_url(f"{running_app.url}/")
    expect(phone.locator("#header-nip")).to_contain_text(account["nip"])

    # The fixed sidebar is hidden on a phone; the drawer carries the menus.
    expect(phone.locator("#nav-dashboard")).to_be_hidden()
    phone.locator("#buka-menu").click()
    drawer = phone.locator("#drawer-menu")
    for key in VISIBLE_TO_STAFF:
        expect(drawer.locator(f"#drawer-{key}")).to_be_visible()
    expect(drawer.locator("#drawer-input-pimpinan")).to_have_count(0)
    expect(drawer.locator("#drawer-admin")).to_have_count(0)
    screenshot(phone, "menu-ponsel")
    drawer.locator("#drawer-keluar").click()
    expect(phone).to_have_url(f"{running_app.url}/login")

    # Logged out means logged out: the dashboard sends us back to login.
    phone.goto("/")
    expect(phone).to_have_url(f"{running_app.url}/login")

    login(phone, account["nip"], NEW_PASSWORD)
    expect(phone).to_have_url(f"{running_app.url}/")


def test_wrong_passwords_slow_the_nip_down_and_the_owner_gets_in_after_the_wait(phone, running_app):
    account = running_app.accounts["staf_cadangan"]
    for attempt in range(6):
        login(phone, account["nip"], f"keliru-{attempt}")
        expect(phone.locator("#pesan-galat")).to_be_visible()
    # Five cost nothing; the sixth makes the next attempt on this NIP wait a moment, and says so.
    expect(phone.locator("#pesan-galat")).to_contain_text("Coba lagi dalam 1 detik")
    screenshot(phone, "login-tunggu")
    phone.wait_for_timeout(1500)
    login(phone, account["nip"], account["password"])
    # Production mode serves the built /login page at /login/.
    expect(phone).not_to_have_url(re.compile(rf"^{re.escape(running_app.url)}/login/?$"))


def test_unknown_nip_gets_the_same_message_as_a_wrong_password(phone, running_app):
    login(phone, "199901012020011999", "apa-saja")
    expect(phone.locator("#pesan-galat")).to_have_text("NIP atau kata sandi salah.")
    login(phone, running_app.accounts["staf"]["nip"], "apa-saja")
    expect(phone.locator("#pesan-galat")).to_have_text("NIP atau kata sandi salah.")


def test_supervisor_sees_input_pimpinan_and_announcements_on_desktop(desktop, running_app):
    account = running_app.accounts["kepala_bidang"]
    login(desktop, account["nip"], account["password"])
    expect(desktop).to_have_url(f"{running_app.url}/")
    expect(desktop.locator("#nav-input-pimpinan")).to_be_visible()
    expect(desktop.locator("#nav-admin")).to_have_count(0)
    expect(desktop.locator("#daftar-pengumuman")).to_be_visible()
    screenshot(desktop, "dashboard-desktop")


def test_staff_sees_the_data_correction_notice(desktop, running_app):
    account = running_app.accounts["staf"]
    login(desktop, account["nip"], account["password"])
    expect(desktop.locator("#daftar-pengumuman")).to_contain_text("tidak sesuai")
    expect(desktop.locator("#header-jabatan")).not_to_be_empty()
    expect(desktop.locator("#header-unit")).not_to_be_empty()
