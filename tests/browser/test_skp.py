"""SKP planning and Progres Pekerjaan as staff and atasan meet them, in headless Chromium."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, create_engine, select

from ekinerja.clock import local_today
from tests.browser.harness import desktop_context, login, phone_context, screenshot

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "Ekinerja2026"
NOTE = "Target modul terlalu rendah, naikkan menjadi 30."


def _new_subordinate(running_app, *, name: str, sequence: int, atasan: str = "kepala_seksi") -> str:
    """A fresh pelaksana under a demo atasan (the Kepala Seksi by default), so the test owns its SKP from scratch."""
    from ekinerja.clock import utcnow
    from ekinerja.models import Employee, Position, PositionAssignment
    from ekinerja.services.auth import hash_password
    from ekinerja.services.org import bump_org_revision

    engine = create_engine(running_app.database_url)
    atasan_id = running_app.accounts[atasan]["employee_id"]
    nip = f"19950505202201{1}{sequence:03d}"
    with Session(engine) as session:
        atasan_post = session.exec(
            select(PositionAssignment).where(
                PositionAssignment.employee_id == atasan_id, PositionAssignment.kind == "definitif", PositionAssignment.end_date.is_(None)
            )
        ).first()
        unit_id = session.get(Position, atasan_post.position_id).unit_id
        position = Position(name=f"Pranata Komputer ({name})", kind="pelaksana", kelas_jabatan=7, unit_id=unit_id, reports_to_id=atasan_post.position_id)
        employee = Employee(nip=nip, name=name, password_hash=hash_password(DEMO_PASSWORD, rounds=4), must_change_password=False, password_changed_at=utcnow())
        session.add_all([position, employee])
        session.flush()
        session.add(PositionAssignment(employee_id=employee.id, position_id=position.id, start_date=date(local_today().year - 1, 1, 2)))
        bump_org_revision(session)
        session.commit()
    engine.dispose()
    return nip


def _pick(page, trigger: str, index: int) -> None:
    page.locator(trigger).click()
    page.get_by_role("option").nth(index).click()


def _add_rhk(page, description: str, atasan_index: int, indikator: str, target: str) -> None:
    count = page.locator(".rhk").count()
    page.locator("#tambah-rhk").click()
    dialog = page.locator("#dialog-rhk")
    dialog.locator("#isian-description").fill(description)
    _pick(page, "#dialog-rhk #isian-atasan_rhk_id", atasan_index)
    dialog.locator("#simpan-rhk").click()
    expect(page.locator(".rhk")).to_have_count(count + 1)
    page.locator(".rhk").nth(count).locator(".tambah-indikator").click()
    dialog = page.locator("#dialog-indikator")
    dialog.locator("#isian-description").fill(indikator)
    dialog.locator("#isian-target_value").fill(target)
    dialog.locator("#isian-target_unit").fill("modul")
    dialog.locator("#simpan-indikator").click()
    expect(page.locator(".rhk").nth(count).locator(".indikator")).to_have_count(1)


def _open_own_skp(page) -> None:
    page.goto("/sasaran-pegawai")
    page.locator(".buka-skp").first.click()
    expect(page.locator("#detail-skp")).to_be_visible()


def _open_subordinate_skp(page, name: str) -> None:
    page.goto("/sasaran-pegawai")
    page.locator("#tabel-skp-bawahan tr", has_text=name).locator(".buka-skp-bawahan").click()
    expect(page.locator("#detail-skp")).to_be_visible()


def test_staff_drafts_submits_atasan_returns_then_approves_on_a_phone(browser, running_app):
    name = "Andi Uji Skp"
    nip = _new_subordinate(running_app, name=name, sequence=901)
    kasi = running_app.accounts["kepala_seksi"]
    staff_ctx, boss_ctx = phone_context(browser, running_app), phone_context(browser, running_app)
    staff, boss = staff_ctx.new_page(), boss_ctx.new_page()
    try:
        login(staff, nip, DEMO_PASSWORD)
        expect(staff).to_have_url(f"{running_app.url}/")
        staff.goto("/sasaran-pegawai")
        staff.locator(".buat-skp").first.click()
        expect(staff.locator("#status-skp")).to_have_text("Draf")
        _add_rhk(staff, "Tersedianya modul aplikasi layanan perizinan yang teruji", 0, "Jumlah modul yang diuji", "24")
        _add_rhk(staff, "Tersusunnya bahan standar integrasi aplikasi", 1, "Jumlah bahan standar yang disusun", "4")
        expect(staff.locator(".rhk-atasan")).to_have_count(2)
        screenshot(staff, "skp-draf-ponsel")
        staff.locator("#ajukan-skp").click()
        expect(staff.locator("#status-skp")).to_have_text("Diajukan")
        expect(staff.locator("#tambah-rhk")).to_have_count(0)

        login(boss, kasi["nip"], kasi["password"])
        expect(boss).to_have_url(f"{running_app.url}/")
        _open_subordinate_skp(boss, name)
        expect(boss.locator("#nama-penilai")).to_contain_text(kasi["name"].split(",")[0])
        boss.locator("#kembalikan-skp").click()
        boss.locator("#dialog-kembalikan #isian-return_note").fill(NOTE)
        boss.locator("#simpan-kembalikan").click()
        expect(boss.locator("#status-skp")).to_have_text("Draf")

        _open_own_skp(staff)
        expect(staff.locator("#catatan-kembali")).to_contain_text(NOTE)
        staff.locator(".rhk").first.locator(".ubah-rhk").click()
        staff.locator("#dialog-rhk #isian-description").fill("Tersedianya modul aplikasi layanan perizinan yang teruji (30 modul)")
        staff.locator("#simpan-rhk").click()
        expect(staff.locator(".rhk").first).to_contain_text("30 modul")
        staff.locator("#ajukan-skp").click()
        expect(staff.locator("#status-skp")).to_have_text("Diajukan")

        _open_subordinate_skp(boss, name)
        boss.locator("#setujui-skp").click()
        expect(boss.locator("#status-skp")).to_have_text("Disetujui")
        screenshot(boss, "skp-disetujui-atasan-ponsel")

        _open_own_skp(staff)
        expect(staff.locator("#status-skp")).to_have_text("Disetujui")
        expect(staff.locator("#skp-terkunci")).to_be_visible()
        for locked in ("#tambah-rhk", ".ubah-rhk", ".tambah-indikator", "#ajukan-skp", "#simpan-lampiran"):
            expect(staff.locator(locked)).to_have_count(0)
        expect(staff.locator("#revisi-skp")).to_be_visible()
    finally:
        staff_ctx.close()
        boss_ctx.close()


def test_the_atasans_team_table_follows_a_new_realisasi_live(browser, running_app):
    staf, kasi = running_app.accounts["staf"], running_app.accounts["kepala_seksi"]
    boss_ctx, staff_ctx = desktop_context(browser, running_app), phone_context(browser, running_app)
    boss, staff = boss_ctx.new_page(), staff_ctx.new_page()
    try:
        login(boss, kasi["nip"], kasi["password"])
        expect(boss).to_have_url(f"{running_app.url}/")
        boss.goto("/progres-pekerjaan")
        row = boss.locator(f'#tabel-tim tr[data-employee="{staf["employee_id"]}"]')
        cell, updated = row.locator(".persen-tim"), row.locator(".pembaruan-tim")
        expect(cell).to_have_text(re.compile(r"%$"))
        before = updated.inner_text()
        screenshot(boss, "progres-tim-desktop")

        login(staff, staf["nip"], staf["password"])
        expect(staff).to_have_url(f"{running_app.url}/", timeout=20_000)
        staff.goto("/progres-pekerjaan")
        month = local_today().month
        rows = staff.locator(".progres-rhk").nth(1).locator("tr", has_text=re.compile(r"^\s*" + ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"][month - 1]))
        rows.first.locator(".isi-realisasi").click()
        dialog = staff.locator("#dialog-realisasi")
        dialog.locator("#isian-value").fill("4")
        dialog.locator("#isian-evidence_link").fill("https://dokumen.example.id/bukti/uji.pdf")
        dialog.locator("#simpan-realisasi").click()
        expect(dialog).to_have_count(0)
        screenshot(staff, "progres-pekerjaan-ponsel")

        # No reload on the atasan's side: the live hub pushes the new row within seconds,
        # with the percent the staf now sees (demo activities may already have capped it).
        expect(updated).not_to_have_text(before, timeout=6_000)
        expect(cell).to_have_text(staff.locator("#persen-skp").inner_text())
    finally:
        boss_ctx.close()
        staff_ctx.close()
