"""A colleague asked for input on a peer's perilaku answers on a phone: a blank answer is refused in
plain words, a complete one is kept and the request leaves the list."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, create_engine

from ekinerja.clock import local_today
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.models import Employee
from ekinerja.services import evaluation, peer_input
from ekinerja.services.org import load_snapshot
from ekinerja.services.skp import current_skp
from tests.browser.harness import login, screenshot
from tests.integration.factories import actor_for

pytestmark = pytest.mark.browser


def test_a_peer_answers_a_request_for_input_on_a_phone(phone, running_app):
    accounts = running_app.accounts
    kasi, staf, evaluated = accounts["kepala_seksi"], accounts["staf"], accounts["staf_baru"]
    engine = create_engine(running_app.database_url)
    with Session(engine, expire_on_commit=False) as session:
        snapshot = load_snapshot(session, on=local_today())
        boss = actor_for(session, session.get(Employee, kasi["employee_id"]))
        skp = current_skp(session, employee_id=evaluated["employee_id"], today=local_today())
        ev = evaluation.open_evaluation(session, actor=boss, skp_id=skp.id, kind="tahunan", number=1)
        peers = [e for e in snapshot.direct_subordinates(boss.employee_id) if e not in (evaluated["employee_id"], staf["employee_id"])]
        peer_input.request_input(session, actor=boss, evaluation_id=ev.id, respondent_ids=[staf["employee_id"], *peers[:2]])
        session.commit()
    engine.dispose()

    login(phone, staf["nip"], staf["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/penilaian")
    requests = phone.locator("#permintaan-masukan")
    expect(requests).to_contain_text(evaluated["name"])
    requests.locator(".isi-masukan").first.click()
    dialog = phone.locator("#dialog-peer_answer")
    expect(dialog).to_be_visible()
    dialog.locator("#simpan-peer_answer").click()
    expect(dialog).to_contain_text("Pilih penilaian untuk Berorientasi Pelayanan.")
    expect(dialog).to_contain_text("Tuliskan alasan singkat untuk Kolaboratif (paling sedikit 10 karakter).")
    dialog.locator("#isian-reason_akuntabel").fill("Laporan bulanan selalu dikirim tepat waktu.")
    screenshot(phone, "masukan-rekan-galat-ponsel")
    for value in BERAKHLAK:
        dialog.locator(f"#isian-rating_{value.code}").click()
        phone.get_by_role("option", name="Sesuai Ekspektasi", exact=True).click()
        if value.code != "akuntabel":  # typed before the refused attempt: still there
            dialog.locator(f"#isian-reason_{value.code}").fill(f"Perilaku {value.name} terlihat dalam kerja tim sehari-hari.")
    expect(dialog.locator("#isian-reason_akuntabel")).to_have_value("Laporan bulanan selalu dikirim tepat waktu.")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    dialog.locator("#simpan-peer_answer").click()
    expect(phone.get_by_text("Terima kasih, masukan Anda tersimpan.")).to_be_visible()
    expect(dialog).to_be_hidden()
    expect(phone.locator("#permintaan-masukan")).to_have_count(0)
    screenshot(phone, "masukan-rekan-terkirim-ponsel")
