"""Keberatan on phones: the employee objects to a final predikat with reasons and a bukti file, the
atasan of the pejabat penilai upholds it, and the employee's open page shows the decision live."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, create_engine, select

from ekinerja.clock import local_today
from ekinerja.domain.dates import previous_month
from ekinerja.domain.evaluation_period import current_period, period_label
from ekinerja.models import Employee, Evaluation, OrgUnit, UnitEvaluationClosing, UnitPredikat
from ekinerja.services import keberatan
from ekinerja.services.org import load_snapshot
from ekinerja.services.unit_capaian import unit_predikat
from tests.browser.evaluations import final_evaluations
from tests.browser.harness import login, phone_context, screenshot
from tests.browser.test_skp import DEMO_PASSWORD, _new_subordinate
from tests.integration.factories import actor_for

pytestmark = pytest.mark.browser

NAME = "Rudi Uji Keberatan"
REASONS = "Realisasi RHK arsip digital 120% dari target sesuai laporan triwulan, tetapi dinilai di bawah ekspektasi."
DECISION = "Pejabat penilai dan pegawai sudah dimintai penjelasan; laporan triwulan membuktikan target terlampaui."


def _final_evaluation(running_app) -> tuple[str, str, dict]:
    """A pelaksana under the demo kepala bidang whose last month's evaluation became final just now, rated
    Butuh Perbaikan; and the account of the kepala bidang's own atasan, who decides. Under the bidang, not
    the seksi: test_kurva closes the seksi's evaluations, which a pegawai without one would block."""
    nip = _new_subordinate(running_app, name=NAME, sequence=931, atasan="kepala_bidang")
    evaluator_id = running_app.accounts["kepala_bidang"]["employee_id"]
    today = local_today()
    year, month = previous_month(today)
    final_evaluations(running_app, nip=nip, evaluator_id=evaluator_id, year=year, kind="bulanan", ratings=[(month, "dibawah", "sesuai")])
    engine = create_engine(running_app.database_url)
    with Session(engine) as session:
        reviewer_id = load_snapshot(session, on=today).atasan_of(evaluator_id).employee_id
    engine.dispose()
    reviewer = next(a for a in running_app.accounts.values() if isinstance(a, dict) and a.get("employee_id") == reviewer_id)
    return nip, period_label("bulanan", month, year), reviewer


def _choose(page, select_id: str, label: str) -> None:
    page.locator(select_id).click()
    page.get_by_role("option", name=label).click()
    expect(page.get_by_role("option")).to_have_count(0)


def test_keberatan_filed_upheld_and_seen_live_on_phones(browser, running_app, tmp_path):
    nip, period, reviewer = _final_evaluation(running_app)
    contexts = [phone_context(browser, running_app) for _ in range(2)]
    staff, boss = (c.new_page() for c in contexts)
    try:
        login(staff, nip, DEMO_PASSWORD)
        expect(staff).to_have_url(f"{running_app.url}/")
        staff.goto("/keberatan")
        card = staff.locator(".kartu-dapat-diajukan", has_text=period)
        expect(card).to_contain_text("Butuh Perbaikan")
        expect(card).to_contain_text(reviewer["name"].split(",")[0])
        card.locator(".ajukan-keberatan").click()
        dialog = staff.locator("#dialog-keberatan")
        dialog.locator("#isian-reasons").fill("Tidak adil")
        dialog.locator("#simpan-keberatan").click()
        expect(dialog.get_by_text("Tuliskan alasan keberatan paling sedikit 20 karakter.")).to_be_visible()
        dialog.locator("#isian-reasons").fill(REASONS)
        bukti = tmp_path / "laporan-triwulan.pdf"
        bukti.write_bytes(b"%PDF-1.4\n% laporan triwulan\n%%EOF\n")
        dialog.locator("#bukti-keberatan input[type=file]").set_input_files(str(bukti))
        expect(dialog.locator("#bukti-keberatan-terpilih")).to_contain_text("laporan-triwulan.pdf")
        assert staff.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(staff, "keberatan-ajukan-ponsel")
        dialog.locator("#simpan-keberatan").click()
        mine = staff.locator("#keberatan-saya .kartu-keberatan", has_text=period)
        expect(mine).to_contain_text("Diajukan, menunggu keputusan")
        mine.locator(".buka-keberatan").click()
        expect(staff.locator("#status-keberatan")).to_have_text("Diajukan, menunggu keputusan")
        expect(staff.locator("#putuskan-keberatan")).to_have_count(0)

        login(boss, reviewer["nip"], reviewer["password"])
        expect(boss).to_have_url(f"{running_app.url}/")
        boss.goto("/keberatan")
        incoming = boss.locator("#keberatan-masuk .kartu-keberatan", has_text=NAME)
        incoming.locator(".buka-keberatan").click()
        expect(boss.locator("#alasan-keberatan")).to_have_text(REASONS)
        boss.locator("#putuskan-keberatan").click()
        decision = boss.locator("#dialog-putusan")
        _choose(boss, "#isian-decision", "Dikabulkan: predikat diubah")
        _choose(boss, "#isian-rating_hasil", "Sesuai Ekspektasi")
        _choose(boss, "#isian-rating_perilaku", "Sesuai Ekspektasi")
        decision.locator("#isian-decision_reason").fill(DECISION)
        screenshot(boss, "keberatan-putusan-ponsel")
        decision.locator("#simpan-putusan").click()
        expect(boss.locator("#status-keberatan")).to_have_text("Dikabulkan")
        expect(boss.locator("#rincian-keberatan")).to_contain_text("Baik")
        assert boss.evaluate("document.documentElement.scrollWidth") <= 390

        # The employee's page, left open, follows the decision without a reload.
        expect(staff.locator("#status-keberatan")).to_have_text("Dikabulkan", timeout=20_000)
        expect(staff.locator("#alasan-keputusan")).to_have_text(DECISION)
        expect(mine).to_contain_text("Butuh Perbaikan → Baik")
        assert staff.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(staff, "keberatan-dikabulkan-ponsel")
        with staff.expect_download(timeout=60_000) as download:
            staff.locator("#unduh-keputusan").click()
        assert download.value.suggested_filename.startswith("keputusan-keberatan-")
        assert download.value.path().read_bytes().startswith(b"%PDF")
    finally:
        for c in contexts:
            c.close()


KURVA_NAME = "Sari Uji Kurva"


def _closed_unit_keberatan(running_app) -> tuple[str, dict]:
    """A pelaksana under the demo kepala bidang, rated Butuh Perbaikan in the last finished quarter (what the
    kurva page opens on), in a bidang whose evaluations of that quarter are closed; their keberatan is filed.
    Returns the bidang's name and the account of the kepala bidang's atasan, who decides."""
    nip = _new_subordinate(running_app, name=KURVA_NAME, sequence=932, atasan="kepala_bidang")
    kabid_id = running_app.accounts["kepala_bidang"]["employee_id"]
    year, quarter = current_period("triwulanan", local_today())
    final_evaluations(running_app, nip=nip, evaluator_id=kabid_id, year=year, kind="triwulanan", ratings=[(quarter, "dibawah", "sesuai")])
    period = {"year": year, "kind": "triwulanan", "number": quarter}
    engine = create_engine(running_app.database_url)
    with Session(engine) as session:
        snapshot = load_snapshot(session, on=local_today())
        unit_id = snapshot.unit_of_employee(kabid_id)
        if unit_predikat(session, unit_id=unit_id, **period) is None:
            session.add(UnitPredikat(unit_id=unit_id, predikat="baik", set_by_id=snapshot.atasan_of(kabid_id).employee_id,
                                     year=year, period_kind="triwulanan", period_no=quarter))
        # Closed as the kepala bidang would have (the kurva is re-checked by the decision, whatever it found then).
        session.add(UnitEvaluationClosing(unit_id=unit_id, year=year, period_kind="triwulanan", period_no=quarter, predikat="baik",
                                          employees=1, fits=True, closed_by_id=kabid_id))
        employee = session.exec(select(Employee).where(Employee.nip == nip)).one()
        ev = session.exec(select(Evaluation).where(Evaluation.employee_id == employee.id)).one()
        keberatan.file_keberatan(session, actor=actor_for(session, employee), evaluation_id=ev.id, reasons=REASONS)
        session.commit()
        unit = session.get(OrgUnit, unit_id).name
        reviewer_id = snapshot.atasan_of(kabid_id).employee_id
    engine.dispose()
    reviewer = next(a for a in running_app.accounts.values() if isinstance(a, dict) and a.get("employee_id") == reviewer_id)
    return unit, reviewer


def test_an_upheld_keberatan_in_a_closed_unit_rechecks_its_kurva_on_phones(phone, running_app):
    unit, reviewer = _closed_unit_keberatan(running_app)
    kabid = running_app.accounts["kepala_bidang"]
    login(phone, reviewer["nip"], reviewer["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/keberatan")
    phone.locator("#keberatan-masuk .kartu-keberatan", has_text=KURVA_NAME).locator(".buka-keberatan").click()
    phone.locator("#putuskan-keberatan").click()
    _choose(phone, "#isian-decision", "Dikabulkan: predikat diubah")
    _choose(phone, "#isian-rating_hasil", "Sesuai Ekspektasi")
    _choose(phone, "#isian-rating_perilaku", "Sesuai Ekspektasi")
    phone.locator("#dialog-putusan #isian-decision_reason").fill(DECISION)
    phone.locator("#dialog-putusan #simpan-putusan").click()
    expect(phone.locator("#status-keberatan")).to_have_text("Dikabulkan")
    # The deciding official reads the unit's distribution after the change against the kurva.
    note = phone.locator("#catatan-kurva-keberatan")
    expect(note).to_contain_text(f"Kurva distribusi unit {unit} yang penilaiannya sudah ditutup")
    note.scroll_into_view_if_needed()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "keberatan-kurva-ponsel")

    # The unit's pimpinan sees it where the kurva is shown; the unit stays closed.
    phone.locator("#buka-menu").click()
    phone.locator("#drawer-keluar").click()
    expect(phone).to_have_url(re.compile(r"/login"))
    login(phone, kabid["nip"], kabid["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/penilaian")
    card = phone.locator(".kartu-unit-kurva").filter(has_text=unit).first
    expect(card).to_be_visible(timeout=15_000)
    card.get_by_role("button", name="Periksa kurva").click()
    recheck = phone.locator("#bagian-kurva-unit .kurva-setelah-keberatan")
    expect(recheck).to_contain_text(f"Keberatan {KURVA_NAME} dikabulkan oleh ")
    expect(recheck).to_contain_text("predikat Butuh Perbaikan menjadi Baik")
    expect(phone.locator("#status-tutup-unit")).to_be_visible()
    recheck.scroll_into_view_if_needed()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "kurva-setelah-keberatan-ponsel")
