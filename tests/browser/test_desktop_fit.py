"""Issue 21's pages at desktop size (1280x800), each opened by the roles who use it, one login per role:
nothing scrolls sideways or sticks out (a box that scrolls says so), no select is stretched across
the whole content width, and the browser logs no error. The penilaian page is opened on the annual
period: the staf's penilaian diri (when the demo has the staf's SKP of that year), and the atasan rating a pegawai with final quarters (the annual
proposal, the dialog record and the masukan rekan kerja beside the ratings).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ekinerja import routes
from ekinerja.clock import local_today
from ekinerja.domain.evaluation_period import current_period, period_label
from tests.browser.evaluations import final_evaluations
from tests.browser.harness import desktop_context, screenshot
from tests.browser.test_phone_fit import collect_console_errors, overflow_problems, settle, sign_in
from tests.browser.test_skp import _new_subordinate

pytestmark = pytest.mark.browser

RATED = "Yusuf Uji Desktop"
WIDEST_SELECT = 560  # pixels: a select holds a name with its NIP; past that it is stretched, not sized
# role -> the pages it opens; "penilaian" is the penilaian page on the annual period.
PAGES = {
    "staf": [routes.DIALOG_KINERJA, routes.KEBERATAN, routes.ANGKA_KREDIT, "penilaian"],
    "kepala_seksi": [routes.DIALOG_KINERJA, routes.KEBERATAN, routes.MATRIKS_PERAN_HASIL, routes.ANGKA_KREDIT, "penilaian"],
    "admin": [routes.ANGKA_KREDIT, routes.ADMIN_SIASN],
}
STRETCHED = """(limit) => [...document.querySelectorAll('[role=combobox]')]
  .filter(el => el.getBoundingClientRect().width > limit)
  .map(el => (el.id || el.innerText.trim().slice(0, 30)) + ' ' + Math.round(el.getBoundingClientRect().width))"""


def _annual_penilaian(page, role: str, year: int) -> None:
    page.goto(routes.PENILAIAN)
    settle(page)
    page.locator("#pilih-periode").click()
    page.get_by_role("option", name=period_label("tahunan", 1, year)).click()
    if role == "staf":  # the penilaian diri shows when the staf has the year's SKP (from the demo, April to December)
        return
    page.locator("#tim-penilaian tr", has_text=RATED).get_by_role("button", name="Nilai").click()
    expect(page.locator(".usulan-rating").first).to_contain_text("Usulan dari penilaian periodik")
    expect(page.locator("#bagian-masukan-rekan")).to_be_visible()
    expect(page.locator("#dialog-penilaian")).to_be_visible()


def _problems(page) -> dict:
    found = overflow_problems(page)
    if stretched := page.evaluate(STRETCHED, WIDEST_SELECT):
        found["stretched selects"] = stretched
    return found


def test_issue_21_pages_fit_a_desktop(browser, running_app):
    year, _ = current_period("triwulanan", local_today())  # the year the penilaian page offers
    nip = _new_subordinate(running_app, name=RATED, sequence=961)
    # Every quarter final: the kurva test (later in the run) closes the seksi's current quarter, which
    # waits for everyone with an approved SKP of the year, this pegawai too.
    ratings = [(1, "sesuai", "sesuai"), (2, "diatas", "sesuai"), (3, "diatas", "diatas"), (4, "sesuai", "sesuai")]
    final_evaluations(running_app, nip=nip, evaluator_id=running_app.accounts["kepala_seksi"]["employee_id"], year=year, kind="triwulanan", ratings=ratings)
    failures = {}
    for role, pages in PAGES.items():
        context = desktop_context(browser, running_app)
        try:
            page = context.new_page()
            errors = collect_console_errors(page)
            sign_in(page, running_app.accounts[role])
            for route in pages:
                errors.clear()
                if route == "penilaian":
                    _annual_penilaian(page, role, year)
                else:
                    page.goto(route)
                settle(page)
                found = _problems(page)
                if errors:
                    found["console"] = errors[:3]
                if found:
                    failures[f"{role} {route}"] = found
                screenshot(page, f"desktop-{role}-{route.strip('/').replace('/', '-')}")
        finally:
            context.close()
    assert not failures, failures
