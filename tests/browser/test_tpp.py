"""An employee opens the TPP breakdown on a phone and sees the figures the service computes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, create_engine

from ekinerja.clock import local_today
from ekinerja.domain.money import format_rupiah
from ekinerja.services import tpp
from tests.browser.harness import login, screenshot

pytestmark = pytest.mark.browser


def test_employee_sees_the_service_breakdown_on_a_phone(phone, desktop, running_app):
    staf = running_app.accounts["staf"]
    year, month = tpp.previous_month(local_today())
    engine = create_engine(running_app.database_url)
    with Session(engine) as session:
        result, _ = tpp.compute_month(session, employee_id=staf["employee_id"], year=year, month=month)
    engine.dispose()

    login(phone, staf["nip"], staf["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto(f"/tpp?bulan={year}-{month:02d}")
    expect(phone.locator("#total-tpp")).to_have_text(format_rupiah(result.total), timeout=15_000)
    lines = phone.locator("#rincian-tpp .tpp-line")
    expect(lines).to_have_count(len(result.lines))
    for index, line in enumerate(result.lines):
        row = lines.nth(index)
        expect(row.locator(".tpp-line-label")).to_have_text(line.label)
        expect(row.locator(".tpp-line-detail")).to_have_text(line.detail)
        expect(row.locator(".tpp-line-amount")).to_have_text(format_rupiah(line.amount))
    # Nothing spills sideways on a 390 px screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "tpp-rincian-ponsel")

    admin = running_app.accounts["admin"]
    login(desktop, admin["nip"], admin["password"])
    expect(desktop).to_have_url(f"{running_app.url}/")
    expect(desktop.locator("#perkiraan-tpp")).to_contain_text("Rp")  # the dashboard's estimate
    screenshot(desktop, "dashboard-admin-desktop")
    desktop.goto("/admin/tpp")
    expect(desktop.locator("#rekap-total")).to_contain_text("Rp", timeout=30_000)
    screenshot(desktop, "tpp-admin-desktop")
    desktop.goto("/kehadiran")
    expect(desktop.locator("#ringkasan-kehadiran")).to_contain_text("Hadir")
    screenshot(desktop, "kehadiran-desktop")
    phone.goto("/kehadiran")
    expect(phone.locator("#tabel-kehadiran")).to_be_visible()
    screenshot(phone, "kehadiran-ponsel")
    phone.goto("/penilaian")
    expect(phone.locator("#judul-halaman")).to_have_text("Penilaian Kinerja")
    screenshot(phone, "penilaian-ponsel")
