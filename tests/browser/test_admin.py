"""Admin master data, as BKD staff use it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.harness import login, screenshot

pytestmark = pytest.mark.browser

NEW_NIP = "199607142021092999"
NEW_NAME = "Besse Tenri Ajeng"


def choose(page, select_id: str, option: str) -> None:
    page.locator(f"#{select_id}").click()
    page.get_by_role("option", name=option).first.click()


def test_admin_creates_an_employee_who_then_logs_in_with_the_nip_password(desktop, running_app):
    admin = running_app.accounts["admin"]
    login(desktop, admin["nip"], admin["password"])
    expect(desktop.locator("#nav-admin-pegawai")).to_be_visible()
    desktop.locator("#nav-admin-pegawai").click()
    expect(desktop.locator("#tabel-pegawai")).to_be_visible()
    screenshot(desktop, "admin-pegawai")

    desktop.locator("#tambah-pegawai").click()
    dialog = desktop.locator("#dialog-employee")
    expect(dialog).to_be_visible()
    # A bad NIP is explained beside the field, and nothing typed is lost.
    dialog.locator("#isian-nip").fill("19960714202109")
    dialog.locator("#isian-name").fill(NEW_NAME)
    dialog.locator("#isian-pangkat_golongan").fill("Penata Muda (III/a)")
    choose(desktop, "isian-unit_id", "Seksi Pengembangan Aplikasi")
    choose(desktop, "isian-position_id", "Pranata Komputer Ahli Pertama")
    dialog.locator("#isian-start_date").fill("2026-01-02")
    dialog.locator("#simpan-employee").click()
    expect(dialog).to_contain_text("18 digit")
    expect(dialog.locator("#isian-name")).to_have_value(NEW_NAME)

    dialog.locator("#isian-nip").fill(NEW_NIP)
    dialog.locator("#simpan-employee").click()
    expect(dialog).to_be_hidden()
    desktop.locator("#cari-pegawai").fill(NEW_NIP)
    desktop.get_by_role("button", name="Cari").click()
    expect(desktop.locator("#tabel-pegawai")).to_contain_text(NEW_NAME)

    desktop.locator("#nav-keluar").click()
    expect(desktop).to_have_url(f"{running_app.url}/login")
    login(desktop, NEW_NIP, NEW_NIP[:8])
    expect(desktop).to_have_url(f"{running_app.url}/ganti-kata-sandi")
    expect(desktop.locator("#header-nama")).to_contain_text(NEW_NAME)


def test_staff_cannot_open_admin_pages(desktop, running_app):
    staff = running_app.accounts["staf"]
    login(desktop, staff["nip"], staff["password"])
    expect(desktop).to_have_url(f"{running_app.url}/")
    desktop.goto("/admin/pegawai")
    expect(desktop.get_by_text("Anda tidak berwenang")).to_be_visible()
    expect(desktop.locator("#tabel-pegawai tbody tr")).to_have_count(0)


PPPK_NI = "199503112023211004"  # NI PPPK: born 11-03-1995, TMT 2023, PPPK code 2, first contract, man, 004
PPPK_NAME = "Muhammad Fadli Ramli"


def test_admin_registers_a_pppk_with_a_real_ni_pppk_on_a_phone(phone, running_app):
    admin = running_app.accounts["admin"]
    login(phone, admin["nip"], admin["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/admin/pegawai")
    expect(phone.locator("#tabel-pegawai")).to_be_visible(timeout=15_000)
    phone.locator("#tambah-pegawai").click()
    dialog = phone.locator("#dialog-employee")
    expect(dialog).to_be_visible()
    dialog.locator("#isian-nip").fill(PPPK_NI)
    dialog.locator("#isian-name").fill(PPPK_NAME)
    dialog.locator("#isian-pangkat_golongan").fill("Golongan IX")
    choose(phone, "isian-unit_id", "Seksi Pengembangan Aplikasi")
    choose(phone, "isian-position_id", "Pranata Komputer Ahli Pertama")
    dialog.locator("#isian-start_date").fill("2026-01-02")
    # Status left at PNS: the message names the digit and points at the status.
    dialog.locator("#simpan-employee").click()
    expect(dialog).to_contain_text("Digit 13-14 NIP PNS harus bulan TMT CPNS 01-12, tertulis 21.")
    expect(dialog).to_contain_text("sesuai pola NI PPPK: periksa status kepegawaian")
    expect(dialog.locator("#isian-name")).to_have_value(PPPK_NAME)
    box = dialog.bounding_box()  # a long jabatan name must not widen the dialog past the screen
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    screenshot(phone, "admin-pegawai-pppk-ponsel")
    choose(phone, "isian-status", "PPPK")
    dialog.locator("#simpan-employee").click()
    expect(dialog).to_be_hidden()
    phone.locator("#cari-pegawai").fill(PPPK_NI)
    phone.get_by_role("button", name="Cari").click()
    row = phone.locator("#tabel-pegawai tr").filter(has_text=PPPK_NAME)
    expect(row).to_contain_text("PPPK")
    row.get_by_role("button", name="Ubah").click()
    expect(phone.locator("#isi-nip")).to_contain_text("Tanggal lahir: 11 Maret 1995 · Tahun pengangkatan PPPK: 2023")
    expect(phone.locator("#isi-nip")).to_contain_text("Jenis kelamin: Laki-laki · Nomor urut: 004")
    screenshot(phone, "admin-pegawai-pppk-ubah-ponsel")
