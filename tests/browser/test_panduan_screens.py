"""The user guide's pictures: visits every page docs/panduan/*.md shows and saves a viewport-sized
screenshot under the name the guide uses: the employee's pages at phone size, where employees use
them; the atasan's and admin's at desktop size, except the atasan rating one pegawai (the annual
proposal and the masukan rekan kerja beside it), shown at phone size as the guide's other rating
steps are. Screens that need a filled-in form or answers are filled first: the penilaian diri is
typed but not saved, and the masukan is asked of and answered by demo staf about a pegawai of
the picture's own (so the other tests' demo data stays as it was). It fails when a guide names a picture no step here
produces, so guide and app cannot drift apart. A test run writes them under test-results/ and
never touches the tracked tree; `scripts/guide_pictures.sh` runs it with EKINERJA_GUIDE_PICTURES
set to assets/panduan/ (served at /panduan/ and read by the PDF) to regenerate the guide."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ekinerja.clock import local_today
from ekinerja.domain.evaluation_period import current_period, period_label
from tests.browser.evaluations import (
    answer_peer_input,
    ask_for_peer_input,
    employee_id_of,
    final_evaluations,
    rekan_kerja,
    staf_skp_of_offered_year,
)
from tests.browser.harness import DESKTOP, ROOT, login, phone_context
from tests.browser.test_skp import _new_subordinate

pytestmark = pytest.mark.browser

GUIDES = ROOT / "docs" / "panduan"
PICTURES = Path(os.environ.get("EKINERJA_GUIDE_PICTURES") or ROOT / "test-results" / "panduan")
SETTLE_MS = 1200  # lets the page's data arrive before the picture is taken
# The pegawai the atasan rates in the annual-evaluation and masukan pictures, and the notes the staf's
# penilaian diri picture shows typed in.
RATED = "Dewi Kartika Sari"
SELF_NOTES = (
    ("Di Atas Ekspektasi", "Setiap modul yang selesai diuji didokumentasikan; berita acara uji per modul ada di Progres Pekerjaan."),
    ("Sesuai Ekspektasi", "Draf dokumen standar disusun sesuai jadwal; tautan draf dan notula pembahasan di Progres Pekerjaan."),
)


def _save(page, name: str) -> Path:
    PICTURES.mkdir(parents=True, exist_ok=True)
    path = PICTURES / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def _visit(page, route: str, name: str) -> Path:
    page.goto(route)
    expect(page.locator("#judul-halaman")).to_be_visible()
    page.wait_for_timeout(SETTLE_MS)
    return _save(page, name)


def _named_in_guides() -> set[str]:
    names = set()
    for guide in GUIDES.glob("*.md"):
        names |= set(re.findall(r"\]\(\.\./\.\./assets/panduan/([\w-]+)\.png\)", guide.read_text(encoding="utf-8")))
    return names


def _top(page, locator, above: int = 0) -> None:
    """Scroll the page so that ``locator`` (and ``above`` pixels over it) starts just below the
    sticky header with the user's name, and let it settle."""
    locator.evaluate(
        """(element, above) => {
            let header = document.querySelector('#header-nama');
            while (header && getComputedStyle(header).position !== 'sticky') header = header.parentElement;
            const below = header ? header.getBoundingClientRect().bottom : 0;
            window.scrollBy(0, element.getBoundingClientRect().top - below - above - 12);
        }""",
        above,
    )
    page.wait_for_timeout(SETTLE_MS)


def _penilaian_diri(page, running_app) -> None:
    """The staf's penilaian diri of the year, typed in (not saved: the self-assessment test sends its own)."""
    year, rhks = staf_skp_of_offered_year(running_app)
    page.goto("/penilaian")
    page.locator("#pilih-periode").click()
    page.get_by_role("option", name=f"Tahunan {year}").click()
    part = page.locator("#bagian-penilaian-diri")
    expect(part).to_contain_text(rhks[0].description)
    for rhk, (rating, note) in zip(rhks, SELF_NOTES, strict=False):
        part.locator(f"#isian-self_{rhk.id}").click()
        page.get_by_role("option", name=rating, exact=True).click()
        part.locator(f"#isian-note_{rhk.id}").fill(note)
    _top(page, part)
    _save(page, "penilaian-diri")


def _rated_pegawai(running_app) -> int:
    """A pegawai under the demo kepala seksi with three final quarters of the year the page offers, and
    masukan from her three rekan kerja: the annual evaluation has proposals and the input is shown."""
    year, _ = current_period("triwulanan", local_today())
    nip = _new_subordinate(running_app, name=RATED, sequence=951)
    kasi_id = running_app.accounts["kepala_seksi"]["employee_id"]
    ratings = [(1, "sesuai", "sesuai"), (2, "diatas", "sesuai"), (3, "diatas", "diatas")]
    final_evaluations(running_app, nip=nip, evaluator_id=kasi_id, year=year, kind="triwulanan", ratings=ratings)
    employee_id = employee_id_of(running_app, nip)
    staf_id = running_app.accounts["staf"]["employee_id"]
    others = [i for i in rekan_kerja(running_app, employee_id=employee_id) if i != staf_id]
    peers = {staf_id: "diatas", others[0]: "sesuai", others[1]: "sesuai"}
    ask_for_peer_input(running_app, evaluator="kepala_seksi", employee_id=employee_id, year=year, respondents=list(peers))
    answer_peer_input(running_app, employee_id=employee_id, answers=peers)
    return year


def _annual_evaluation(browser, running_app) -> None:
    year = _rated_pegawai(running_app)
    context = phone_context(browser, running_app)
    page = context.new_page()
    kasi = running_app.accounts["kepala_seksi"]
    login(page, kasi["nip"], kasi["password"])
    expect(page).to_have_url(f"{running_app.url}/")
    page.goto("/penilaian")
    page.locator("#pilih-periode").click()
    page.get_by_role("option", name=period_label("tahunan", 1, year)).click()
    page.locator("#tim-penilaian tr", has_text=RATED).get_by_role("button", name="Nilai").click()
    expect(page.locator(".usulan-rating").first).to_contain_text("Usulan dari penilaian periodik")
    _top(page, page.get_by_role("heading", name="Rating per RHK"), above=80)  # with the pegawai's name
    _save(page, "penilaian-tahunan")
    expect(page.locator(".masukan-nilai").first).to_contain_text("Masukan rekan/bawahan")
    _top(page, page.get_by_role("heading", name="Perilaku kerja (BerAKHLAK)"))
    _save(page, "masukan-rekan-kerja")
    context.close()


def test_guide_pictures(phone, running_app, browser):
    taken: set[str] = set()
    accounts = running_app.accounts

    phone.goto("/login")
    expect(phone.locator("#nip")).to_be_visible()
    phone.wait_for_timeout(SETTLE_MS)
    _save(phone, "login")
    taken.add("login")

    staf = accounts["staf"]
    login(phone, staf["nip"], staf["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    for route, name in (
        ("/", "dashboard"),
        ("/kegiatan-harian", "kegiatan-harian"),
        ("/sasaran-pegawai", "sasaran-pegawai"),
        ("/progres-pekerjaan", "progres-pekerjaan"),
        ("/laporan", "laporan"),
        ("/keberatan", "keberatan"),
        ("/dialog-kinerja", "dialog-kinerja"),
    ):
        _visit(phone, route, name)
        taken.add(name)
    _penilaian_diri(phone, running_app)
    _annual_evaluation(browser, running_app)
    taken |= {"penilaian-diri", "penilaian-tahunan", "masukan-rekan-kerja"}

    boss = browser.new_context(viewport=DESKTOP, base_url=running_app.url, locale="id-ID").new_page()
    kasi = accounts["kepala_seksi"]
    login(boss, kasi["nip"], kasi["password"])
    expect(boss).to_have_url(f"{running_app.url}/")
    _visit(boss, "/input-pimpinan", "input-pimpinan")
    boss.goto("/laporan")
    expect(boss.locator("#judul-halaman")).to_be_visible()
    boss.locator("#pilih-laporan").click()
    boss.get_by_role("option", name=re.compile("Rekap capaian")).click()
    expect(boss.locator("#ringkasan-laporan")).to_contain_text("pegawai")
    boss.wait_for_timeout(SETTLE_MS)
    _save(boss, "laporan-rekap")
    taken |= {"input-pimpinan", "laporan-rekap"}
    _visit(boss, "/matriks-peran-hasil", "matriks-peran-hasil")
    taken.add("matriks-peran-hasil")
    boss.context.close()

    admin_page = browser.new_context(viewport=DESKTOP, base_url=running_app.url, locale="id-ID").new_page()
    admin = accounts["admin"]
    login(admin_page, admin["nip"], admin["password"])
    expect(admin_page).to_have_url(f"{running_app.url}/")
    _visit(admin_page, "/admin/pegawai", "admin-pegawai")
    _visit(admin_page, "/admin/unit-kerja", "admin-unit-kerja")
    taken |= {"admin-pegawai", "admin-unit-kerja"}
    admin_page.goto("/angka-kredit")
    expect(admin_page.locator("#ak-kumulatif")).to_be_visible()  # the demo's first pejabat fungsional
    admin_page.wait_for_timeout(SETTLE_MS)
    _save(admin_page, "angka-kredit")
    admin_page.locator("#catat-jenjang").click()
    expect(admin_page.locator("#dialog-jenjang")).to_be_visible()
    admin_page.wait_for_timeout(SETTLE_MS)
    _save(admin_page, "angka-kredit-catat-jenjang")
    admin_page.keyboard.press("Escape")
    expect(admin_page.locator("#dialog-jenjang")).to_be_hidden()
    _visit(admin_page, "/admin/siasn", "admin-siasn")
    taken |= {"angka-kredit", "angka-kredit-catat-jenjang", "admin-siasn"}
    admin_page.context.close()

    assert _named_in_guides() <= taken, f"pictures the guides use but nobody takes: {_named_in_guides() - taken}"


def test_unduh_panduan_page_shows_the_guide(phone, running_app):
    staf = running_app.accounts["staf"]
    login(phone, staf["nip"], staf["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/unduh-panduan")
    expect(phone.locator("#isi-panduan")).to_contain_text("Panduan Pegawai e-Kinerja")
    expect(phone.locator("#tab-panduan-atasan")).to_have_count(0)
    with phone.expect_download(timeout=60_000) as download_info:
        phone.locator("#tombol-unduh-panduan").click()
    assert download_info.value.suggested_filename == "panduan-pegawai-ekinerja.pdf"
