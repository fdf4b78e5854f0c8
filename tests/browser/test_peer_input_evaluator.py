"""The evaluator's side of masukan rekan kerja on a phone: the atasan chooses the employee's peers to
ask (asking nobody is refused in plain words), sees who has answered, and sees the input beside each
perilaku rating only once three have answered: counted per rating, the reasons without names."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ekinerja.clock import local_today
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.evaluation_period import current_period, period_label
from ekinerja.domain.peer_input import MIN_ANSWERS
from tests.browser.evaluations import answer_peer_input, employee_id_of, final_evaluations, rekan_kerja
from tests.browser.harness import login, screenshot
from tests.browser.test_skp import _new_subordinate

pytestmark = pytest.mark.browser

NAME = "Rina Uji Masukan"


def _open_evaluation(page, year: int) -> None:
    page.goto("/penilaian")
    page.locator("#pilih-periode").click()
    page.get_by_role("option", name=period_label("tahunan", 1, year)).click()
    page.locator("#tim-penilaian tr", has_text=NAME).get_by_role("button", name="Nilai").click()
    expect(page.locator("#bagian-masukan-rekan")).to_be_visible()


def _reopen(page) -> None:
    """Close the evaluation and open it again, as the atasan does to see answers that came in meanwhile."""
    page.get_by_role("button", name="Tutup").click()
    expect(page.locator("#bagian-masukan-rekan")).to_have_count(0)
    page.locator("#tim-penilaian tr", has_text=NAME).get_by_role("button", name="Nilai").click()
    expect(page.locator("#bagian-masukan-rekan")).to_be_visible()


def test_the_atasan_asks_peers_and_sees_their_input_without_names_on_a_phone(phone, running_app):
    accounts = running_app.accounts
    year, _ = current_period("triwulanan", local_today())  # the year the page offers
    nip = _new_subordinate(running_app, name=NAME, sequence=941)
    kasi = accounts["kepala_seksi"]
    final_evaluations(running_app, nip=nip, evaluator_id=kasi["employee_id"], year=year, kind="triwulanan", ratings=[])  # her SKP only
    employee_id = employee_id_of(running_app, nip)
    # Three of her rekan kerja: the demo staf, the new staf and the first other demo pelaksana of the seksi.
    rekan = rekan_kerja(running_app, employee_id=employee_id)
    staf_id, baru_id = accounts["staf"]["employee_id"], accounts["staf_baru"]["employee_id"]
    other_id = next(i for i in rekan if i not in (staf_id, baru_id))
    names = [rekan[staf_id], rekan[baru_id], rekan[other_id]]

    login(phone, kasi["nip"], kasi["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    _open_evaluation(phone, year)
    part = phone.locator("#bagian-masukan-rekan")
    expect(part.locator("#kemajuan-masukan")).to_have_text("0 dari 0 orang yang diminta sudah mengisi.")
    part.locator("#minta-masukan").click()
    expect(part).to_contain_text("Pilih paling sedikit satu rekan kerja atau bawahan.")
    for name in names:
        part.get_by_role("checkbox", name=name).click()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "masukan-rekan-pilih-ponsel")
    part.locator("#minta-masukan").click()
    expect(part.locator("#kemajuan-masukan")).to_have_text("0 dari 3 orang yang diminta sudah mengisi.")
    expect(part.get_by_text("belum mengisi", exact=True)).to_have_count(3)
    for name in names:  # asked once: listed as waiting, no longer offered
        expect(part).to_contain_text(name)
        expect(part.get_by_role("checkbox", name=name)).to_have_count(0)

    # Two answers are not yet shown: one of them could be told from the other.
    answer_peer_input(running_app, employee_id=employee_id, answers={staf_id: "diatas", baru_id: "sesuai"})
    _reopen(phone)
    expect(part.locator("#kemajuan-masukan")).to_have_text("2 dari 3 orang yang diminta sudah mengisi.")
    expect(part).to_contain_text(f"paling sedikit {MIN_ANSWERS}")
    expect(phone.locator(".masukan-nilai")).to_have_count(0)

    answer_peer_input(running_app, employee_id=employee_id, answers={other_id: "sesuai"})
    _reopen(phone)
    expect(part.locator("#kemajuan-masukan")).to_have_text("3 dari 3 orang yang diminta sudah mengisi.")
    expect(part.get_by_text("sudah mengisi", exact=True)).to_have_count(3)
    beside = phone.locator(".masukan-nilai")
    expect(beside).to_have_count(len(BERAKHLAK))  # one under each perilaku rating
    first = beside.first
    expect(first).to_contain_text("Masukan rekan/bawahan: Di Atas Ekspektasi 1, Sesuai Ekspektasi 2")
    expect(first).to_contain_text("Berorientasi Pelayanan: menjadi teladan bagi tim")
    expect(first).to_contain_text("Berorientasi Pelayanan: terlihat konsisten")
    for box in beside.all():
        text = box.inner_text()
        assert not any(name in text or name.split(",")[0] in text for name in names), text
    first.scroll_into_view_if_needed()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "masukan-rekan-ringkasan-ponsel")
