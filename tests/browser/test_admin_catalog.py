"""Admin: the activity catalogue import (all or nothing, with a row report) and the work calendar page."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from tests.browser.harness import login, screenshot

pytestmark = pytest.mark.browser


def _position_id(database_url: str, name: str) -> int:
    engine = create_engine(database_url)
    with engine.connect() as conn:
        position_id = conn.execute(text("SELECT id FROM position WHERE name = :n AND active ORDER BY id"), {"n": name}).scalar()
    engine.dispose()
    return position_id


def _upload(page, path, tmp_path, content: str) -> None:
    file = tmp_path / path
    file.write_text(content, encoding="utf-8")
    page.locator("#impor-katalog input[type=file]").set_input_files(str(file))
    page.locator("#tombol-impor").click()


def test_admin_imports_a_catalogue_fixing_the_bad_row(desktop, phone, running_app, tmp_path):
    admin = running_app.accounts["admin"]
    position_id = _position_id(running_app.database_url, "Pranata Komputer Ahli Pertama")
    marker = f"Uji impor {uuid.uuid4().hex[:6]}"
    header = "jabatan_id,uraian_tugas,satuan_hasil,menit_per_satuan\n"
    good = f"{position_id},{marker} menyusun modul,modul,120\n"

    login(desktop, admin["nip"], admin["password"])
    expect(desktop.locator("#nav-admin-katalog-kegiatan")).to_be_visible()
    desktop.locator("#nav-admin-katalog-kegiatan").click()
    expect(desktop.locator("#tabel-katalog")).to_be_visible()

    desktop.locator("#buka-impor").click()
    _upload(desktop, "katalog-salah.csv", tmp_path, header + good + f"{position_id},{marker} menguji modul,modul,dua jam\n")
    expect(desktop.locator("#hasil-impor")).to_contain_text("Tidak ada data yang disimpan")
    errors = desktop.locator("#tabel-galat-impor")
    expect(errors).to_contain_text("menit_per_satuan")
    expect(errors).to_contain_text("dua jam")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors.locator("tbody tr").first).to_contain_text("3")
    screenshot(desktop, "admin-katalog-impor-galat")

    _upload(desktop, "katalog.csv", tmp_path, header + good + f"{position_id},{marker} menguji modul,modul,90\n")
    expect(desktop.locator("#hasil-impor")).to_contain_text("Berhasil: 2 uraian tugas")
    desktop.get_by_role("button", name="Tutup").click()
    # Typing only once the dialog has gone: while it closes, the page behind it is inert.
    expect(desktop.locator("#hasil-impor")).to_have_count(0)
    desktop.locator("#cari-uraian").fill(marker)
    expect(desktop.locator("#cari-uraian")).to_have_value(marker)
    desktop.get_by_role("button", name="Cari").click()
    table = desktop.locator("#tabel-katalog")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text(f"{marker} menyusun modul")
    expect(table).to_contain_text("90")
    screenshot(desktop, "admin-katalog-desktop")

    # The same pages on a phone: the catalogue and the work calendar.
    login(phone, admin["nip"], admin["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/admin/katalog-kegiatan")
    expect(phone.locator("#tabel-katalog")).to_be_visible()
    screenshot(phone, "admin-katalog-ponsel")
    phone.goto("/admin/kalender-kerja")
    expect(phone.locator("#simpan-aturan")).to_be_visible()
    screenshot(phone, "admin-kalender-kerja-ponsel")
    desktop.goto("/admin/kalender-kerja")
    expect(desktop.locator("#simpan-aturan")).to_be_visible()
    expect(desktop.locator("#isian-monthly_target_minutes")).not_to_have_value("")
    screenshot(desktop, "admin-kalender-kerja-desktop")
