"""An employee opens the TPP breakdown on a phone and sees the figures the service computes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, create_engine

from ekinerja.clock import local_today
from ekinerja.domain.dates import previous_month
from ekinerja.domain.money import format_rupiah
from ekinerja.services import tpp
from tests.browser.harness import login, screenshot

pytestmark = pytest.mark.browser


def test_employee_sees_the_service_breakdown_on_a_phone(phone, desktop, running_app):
    staf = running_app.accounts["staf"]
    year, month = previous_month(local_today())
    engine = create_engine(running_app.database_url)
    with Session(engine) as session:
        result, data = tpp.compute_month(session, employee_id=staf["employee_id"], year=year, month=month)
    engine.dispose()

    login(phone, staf["nip"], staf["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    expect(phone.locator("#catatan-perkiraan-tpp")).to_contain_text("hari kerja", timeout=15_000)  # the estimate says what it measures
    phone.goto(f"/tpp?bulan={year}-{month:02d}")
    expect(phone.locator("#total-tpp")).to_have_text(format_rupiah(result.total), timeout=15_000)
    expect(phone.locator("#target-kinerja")).to_contain_text(f"dari {data.target.text}.")
    lines = phone.locator("#rincian-tpp .tpp-line")
    expect(lines).to_have_count(len(result.lines))
    for index, line in enumerate(result.lines):
        row = lines.nth(index)
        expect(row.locator(".tpp-line-label")).to_have_text(line.label)
        expect(row.locator(".tpp-line-detail")).to_have_text(line.detail)
        expect(row.locator(".tpp-line-amount")).to_have_text(line.amount_text)
    # The printed lines add up to the printed total, to the rupiah.
    shown = [int(text.replace("Rp", "").replace(".", "").replace(" ", "")) for text in lines.locator(".tpp-line-amount").all_inner_texts()]
    in_total = [amount for amount, line in zip(shown, result.lines, strict=True) if line.in_total]
    assert sum(in_total) == result.total
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
    expect(desktop.locator("#sumber-plt")).to_contain_text("Perbup Balangan 57/2020 Pasal 35")
    screenshot(desktop, "tpp-admin-desktop")
    # The admin picks the Kemenkeu-like preset, edits one value and saves: the source says it was changed.
    desktop.locator("#pilih-preset-tpp").click()
    desktop.get_by_role("option", name=tpp.PRESETS["kemenkeu"].name).click()
    expect(desktop.locator("#isian-ded_TK")).to_have_value("5")
    expect(desktop.locator("#sumber-tk")).to_contain_text("Jembrana")
    desktop.locator("#isian-plt_min_days").fill("15")
    desktop.locator("#simpan-aturan-tpp").click()
    expect(desktop.locator("#sumber-plt")).to_contain_text("Diubah admin instansi", timeout=15_000)
    desktop.reload()
    expect(desktop.locator("#isian-plt_min_days")).to_have_value("15", timeout=30_000)
    expect(desktop.locator("#isian-ded_TK")).to_have_value("5")
    # Back to the default preset, so the other browser tests see the demo's rules.
    desktop.locator("#pilih-preset-tpp").click()
    desktop.get_by_role("option", name=tpp.PRESETS["pemda"].name).click()
    expect(desktop.locator("#isian-ded_TK")).to_have_value("3")
    desktop.locator("#simpan-aturan-tpp").click()
    expect(desktop.locator("#sumber-plt")).to_contain_text("Sumber: Perbup Balangan", timeout=15_000)
    desktop.goto("/kehadiran")
    expect(desktop.locator("#ringkasan-kehadiran")).to_contain_text("Hadir")
    screenshot(desktop, "kehadiran-desktop")
    phone.goto("/kehadiran")
    expect(phone.locator("#tabel-kehadiran")).to_be_visible()
    screenshot(phone, "kehadiran-ponsel")
    phone.goto("/penilaian")
    expect(phone.locator("#judul-halaman")).to_have_text("Penilaian Kinerja")
    screenshot(phone, "penilaian-ponsel")

    # The admin's rules page on a phone: every setting and its source, nothing spilling sideways.
    phone.locator("#buka-menu").click()
    phone.locator("#drawer-menu #drawer-keluar").click()
    expect(phone).to_have_url(f"{running_app.url}/login")
    login(phone, admin["nip"], admin["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/admin/tpp")
    expect(phone.locator("#sumber-tk")).to_contain_text("Ogan Ilir", timeout=30_000)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "tpp-admin-ponsel")
