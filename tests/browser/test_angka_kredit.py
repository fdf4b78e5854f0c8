"""Angka kredit at phone size: the admin records a jabatan fungsional, the employee reads their
statement, the admin records a kenaikan jenjang (the employee's history shows both jenjang), and
the BKD recap comes out of Laporan."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, create_engine, select

from ekinerja.clock import local_today
from ekinerja.domain.angka_kredit import format_ak
from ekinerja.domain.dates import format_date
from ekinerja.models import Employee
from ekinerja.services import angka_kredit
from tests.browser.harness import login, phone_context, screenshot

pytestmark = pytest.mark.browser


def choose(page, select_id: str, option: str) -> None:
    page.locator(f"#{select_id}").click()
    page.get_by_role("option", name=option).first.click()


def test_admin_records_a_jenjang_and_the_employee_reads_the_angka_kredit(phone, browser, running_app):
    admin, staf = running_app.accounts["admin"], running_app.accounts["staf"]
    login(phone, admin["nip"], admin["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/admin/pegawai")
    phone.locator("#cari-pegawai").fill(staf["nip"])
    phone.get_by_role("button", name="Cari").click()
    row = phone.locator("#tabel-pegawai tr").filter(has_text=staf["nip"])
    row.get_by_role("button", name="Ubah").click()
    dialog = phone.locator("#dialog-employee")
    expect(dialog).to_be_visible()
    # A TMT without a jenjang is refused, and what was typed stays.
    dialog.locator("#isian-jf_tmt").fill("2025-01-01")
    dialog.locator("#isian-jf_angka_kredit_awal").fill("12,5")
    dialog.locator("#simpan-employee").click()
    expect(dialog).to_contain_text("Pilih jenjang jabatan fungsional")
    expect(dialog.locator("#isian-jf_angka_kredit_awal")).to_have_value("12,5")
    choose(phone, "isian-jf_jenjang", "Ahli Pertama (keahlian)")
    screenshot(phone, "admin-pegawai-jabatan-fungsional-ponsel")
    dialog.locator("#simpan-employee").click()
    expect(dialog).to_be_hidden()

    engine = create_engine(running_app.database_url)
    with Session(engine) as session:
        employee = session.exec(select(Employee).where(Employee.nip == staf["nip"])).one()
        expected = angka_kredit.statements(session, employees=[employee], through_year=local_today().year)[employee.id]
    engine.dispose()

    context = phone_context(browser, running_app)
    page = context.new_page()
    try:
        login(page, staf["nip"], staf["password"])
        expect(page).to_have_url(f"{running_app.url}/")
        page.goto("/angka-kredit")
        expect(page.locator("#ak-kumulatif")).to_have_text(format_ak(expected.cumulative))
        expect(page.locator("#jenjang-jf")).to_have_text("Ahli Pertama (keahlian)")
        expect(page.locator("#ak-per-tahun .ak-tahun")).to_have_count(len(expected.years))
        expect(page.locator("#kebutuhan-ak .ak-target")).to_have_count(2 if expected.kebutuhan.pangkat else 1)
        expect(page.locator("#kebutuhan-ak")).to_contain_text("Jenjang Ahli Muda")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "angka-kredit-ponsel")

        # The admin records the kenaikan jenjang from its SK on the Angka Kredit page.
        today = local_today()
        tmt = max(today.replace(day=1), date(2025, 1, 2))
        phone.goto("/angka-kredit")
        choose(phone, "pilih-pegawai-ak", staf["nip"])
        expect(phone.locator("#riwayat-jenjang .riwayat-jenjang")).to_have_count(1)
        phone.locator("#catat-jenjang").click()
        form = phone.locator("#dialog-jenjang")
        expect(form).to_be_visible()
        # A TMT before the current jenjang's is refused; what was typed stays.
        form.locator("#isian-jabatan").fill("Analis SDM Aparatur Ahli Muda")
        form.locator("#isian-tmt").fill("2024-12-01")
        form.locator("#isian-sk_nomor").fill("800/77/BKPSDM")
        form.locator("#isian-sk_tanggal").fill(today.isoformat())
        form.locator("#isian-angka_kredit_awal").fill("7,5")
        form.locator("#simpan-jenjang").click()
        expect(form).to_contain_text("TMT jenjang harus sesudah TMT jenjang sebelumnya")
        expect(form.locator("#isian-sk_nomor")).to_have_value("800/77/BKPSDM")
        form.locator("#isian-tmt").fill(tmt.isoformat())
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(phone, "angka-kredit-catat-jenjang-ponsel")
        form.locator("#simpan-jenjang").click()
        expect(form).to_be_hidden()
        expect(phone.locator("#jenjang-jf")).to_have_text("Ahli Muda (keahlian)")

        # The employee sees the history: the new jenjang in force, the earlier one ended the day before.
        page.reload()
        expect(page.locator("#jenjang-jf")).to_have_text("Ahli Muda (keahlian)")
        history = page.locator("#riwayat-jenjang .riwayat-jenjang")
        expect(history).to_have_count(2)
        expect(history.first).to_contain_text("SK 800/77/BKPSDM")
        expect(history.nth(1)).to_contain_text(f"s.d. {format_date(tmt - timedelta(days=1))}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "angka-kredit-riwayat-jenjang-ponsel")
    finally:
        context.close()


def test_admin_downloads_the_bkd_recap_on_a_phone(phone, running_app):
    admin = running_app.accounts["admin"]
    login(phone, admin["nip"], admin["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/laporan")
    choose(phone, "pilih-laporan", "Rekap angka kredit jabatan fungsional (Excel)")
    expect(phone.locator("#ringkasan-laporan")).to_contain_text("pejabat fungsional")
    expect(phone.locator("#pilih-bulan")).to_have_count(0)  # a yearly recap asks for the year only
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "laporan-angka-kredit-ponsel")
    with phone.expect_download() as download:
        phone.locator("#tombol-unduh-laporan").click()
    assert download.value.suggested_filename.startswith("rekap-angka-kredit-")
