"""Pertukaran SIASN at phone size: the admin uploads SIASN's export, reads what would change,
applies it, and asks for the predikat export."""

from __future__ import annotations

import pandas as pd
import pytest
from playwright.sync_api import expect
from sqlmodel import Session, create_engine, select

from ekinerja.models import Employee
from tests.browser.harness import login, screenshot

pytestmark = pytest.mark.browser


def test_admin_checks_then_applies_a_siasn_export_on_a_phone(phone, running_app, tmp_path):
    admin, staf = running_app.accounts["admin"], running_app.accounts["staf"]
    engine = create_engine(running_app.database_url)
    with Session(engine) as session:
        before = session.exec(select(Employee).where(Employee.nip == staf["nip"])).one()
    file = tmp_path / "siasn.csv"
    pd.DataFrame(
        [[staf["nip"], before.name, before.gelar_depan, "S.Kom., M.T.", "P", before.pangkat_golongan, "", "", ""],
         ["197001012000011999", "Bukan Pegawai Sini", "", "", "P", "IV/a", "Struktural", "Kepala Dinas", "02-01-2020"]],
        columns=["NIP BARU", "NAMA", "GELAR DEPAN", "GELAR BELAKANG", "STATUS CPNS PNS", "GOL AKHIR NAMA", "JENIS JABATAN NAMA",
                 "JABATAN NAMA", "TMT JABATAN"],
    ).to_csv(file, index=False)

    login(phone, admin["nip"], admin["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/admin/siasn")
    expect(phone.locator("#judul-halaman")).to_have_text("Pertukaran SIASN")
    expect(phone.locator("#terapkan-siasn")).to_be_disabled()
    phone.locator("#unggah-siasn input[type=file]").set_input_files(str(file))
    expect(phone.locator("#ringkasan-siasn")).to_contain_text("1 pegawai akan berubah")
    expect(phone.locator("#ringkasan-siasn")).to_contain_text("1 NIP tidak terdaftar")
    expect(phone.locator("#tabel-perubahan-siasn")).to_contain_text("S.Kom., M.T.")
    expect(phone.locator("#tidak-terdaftar-siasn")).to_contain_text("Bukan Pegawai Sini")
    screenshot(phone, "siasn-pratinjau-ponsel")
    with Session(engine) as session:  # checking wrote nothing
        assert session.exec(select(Employee).where(Employee.nip == staf["nip"])).one().gelar_belakang == before.gelar_belakang
    phone.locator("#terapkan-siasn").click()
    expect(phone.locator("#ringkasan-siasn")).to_contain_text("1 pegawai diperbarui")
    with Session(engine) as session:
        assert session.exec(select(Employee).where(Employee.nip == staf["nip"])).one().gelar_belakang == "S.Kom., M.T."
        # Put the demo back for the other browser tests.
        employee = session.exec(select(Employee).where(Employee.nip == staf["nip"])).one()
        employee.gelar_belakang = before.gelar_belakang
        session.add(employee)
        session.commit()
    engine.dispose()

    # The "Diterapkan" toast sits over the phone's bottom edge, where the button is: a tap there would hit the
    # toast (and a hovering pointer keeps it open), so wait until it has gone, as a user would.
    expect(phone.locator("[data-sonner-toast]")).to_have_count(0, timeout=20_000)
    phone.locator("#unduh-siasn").click()  # the demo has no final annual evaluation of last year
    expect(phone.get_by_text("Belum ada penilaian tahunan yang final")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "siasn-ponsel")
