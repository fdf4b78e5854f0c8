"""Every page fits a phone: each role walks every route at 390x844 and 360x640 (each page is loaded
once and measured at both sizes: the layout follows the viewport through CSS media queries).

A page fails when it scrolls sideways (``scrollWidth > innerWidth``), when a dialog is wider
than the screen, when a box scrolls sideways without saying so (``data-scroll-hint``, set by
the components that show the hint), when a control sticks out past the right edge outside such
a box, or when the browser logs an error.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ekinerja import routes
from tests.browser.harness import login

pytestmark = pytest.mark.browser

VIEWPORTS = {"390x844": {"width": 390, "height": 844}, "360x640": {"width": 360, "height": 640}}
# role as the issue names it -> demo account
ROLES = {"staf": "staf", "atasan": "kepala_seksi", "kepala-opd": "kepala_opd", "admin": "admin"}
# The restricted audiences (routes.restricted_page) each demo role belongs to.
AUDIENCES = {"staf": set(), "atasan": {"supervisor"}, "kepala-opd": {"supervisor"}, "admin": {"admin"}}
REFUSAL = "Anda tidak berwenang membuka halaman"
ALL_ROUTES = [
    value
    for name, value in vars(routes).items()
    if name.isupper() and isinstance(value, str) and value.startswith("/") and value not in (routes.LOGIN, routes.CHANGE_PASSWORD)
]

# Everything measured in the page itself: what sticks out, and where.
MEASURE = """() => {
  const vw = window.innerWidth;
  const shown = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const label = el => (el.id ? '#' + el.id + ' ' : '') + (el.innerText || el.getAttribute('aria-label') || el.name || el.tagName).trim().slice(0, 40);
  const dialogs = [...document.querySelectorAll('[role=dialog], [role=alertdialog]')].filter(shown)
    .map(d => ({el: d, r: d.getBoundingClientRect()}))
    .filter(d => d.r.right > vw + 0.5 || d.r.left < -0.5)
    .map(d => label(d.el) + ' ' + Math.round(d.r.left) + '..' + Math.round(d.r.right));
  const clipped = [...document.querySelectorAll('button, a[href], input, textarea, select, [role=combobox]')]
    .filter(shown).filter(el => el.getBoundingClientRect().right > vw + 0.5)
    .filter(el => !el.closest('[data-scroll-hint]'))
    .map(el => label(el) + ' @' + Math.round(el.getBoundingClientRect().right));
  // A box that scrolls sideways must say so (a hint beside it), or the user never finds the rest.
  const silent = [...document.querySelectorAll('*')].filter(shown).filter(a => {
      const s = getComputedStyle(a);
      return (s.overflowX === 'auto' || s.overflowX === 'scroll') && a.scrollWidth > a.clientWidth + 1
        && !a.closest('[data-scroll-hint]') && a.tagName !== 'TEXTAREA';
    }).map(a => label(a).slice(0, 30) + ' ' + a.scrollWidth + '/' + a.clientWidth);
  return {silent_scrollers: silent.slice(0, 5), scroll_width: document.documentElement.scrollWidth, inner_width: vw, dialogs, clipped: clipped.slice(0, 8), clipped_count: clipped.length};
}"""


def collect_console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(f"{message.text} ({message.location.get('url', '')})") if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def sign_in(page, account: dict) -> None:
    login(page, account["nip"], account["password"])
    page.locator("#judul-halaman").wait_for()


def settle(page) -> None:
    """The page's title is up and its data loaded (no spinner left)."""
    page.locator("#judul-halaman").wait_for()
    page.wait_for_function("() => !document.querySelector('.rt-Spinner')", timeout=20_000)
    page.wait_for_timeout(400)


def overflow_problems(page) -> dict:
    """What does not fit the current page, empty when everything does."""
    measured = page.evaluate(MEASURE)
    problems = {}
    if measured["scroll_width"] > measured["inner_width"]:
        problems["page"] = f"scrollWidth {measured['scroll_width']} > {measured['inner_width']}"
    if measured["dialogs"]:
        problems["dialogs"] = measured["dialogs"]
    if measured["clipped_count"]:
        problems["clipped"] = f"{measured['clipped_count']}: {measured['clipped']}"
    if measured["silent_scrollers"]:
        problems["scrolls without a hint"] = measured["silent_scrollers"]
    return problems


# Buttons that open a form dialog without changing anything by themselves.
DIALOG_OPENERS = r"^(Tambah|Ubah|Beri tugas|Umpan balik|Tunjuk|Tugaskan|Impor|Isi|Mutasi|Perbaiki|Ajukan koreksi|Catat|Koreksi)"
LONGEST_TEXT = "Pelaksanaan koordinasi dan sinkronisasi data kepegawaian lintas perangkat daerah " * 3


def _fill_longest(page, dialog) -> None:
    """The longest text in every field, the longest option in every select: the widest the dialog gets."""
    for field in dialog.locator("input:not([type]), input[type=text], input[type=search], textarea").all():
        if field.is_visible() and field.is_editable():
            field.fill(LONGEST_TEXT)
    for trigger in dialog.get_by_role("combobox").all():
        if not trigger.is_visible():
            continue
        trigger.click()
        options = page.get_by_role("option")
        try:
            options.first.wait_for(timeout=3_000)
        except PlaywrightTimeout:  # a select without options: nothing to choose
            page.keyboard.press("Escape")
            continue
        longest = max(options.all_inner_texts(), key=len)
        try:
            page.get_by_role("option", name=longest, exact=True).first.click(timeout=5_000)
        except PlaywrightTimeout:  # the list changed under us (options loaded on a choice): leave it
            page.keyboard.press("Escape")


def dialog_problems(page) -> dict:
    """Open each kind of form dialog the page offers, fill it to the brim, and measure."""
    problems = {}
    opener = page.get_by_role("button", name=re.compile(DIALOG_OPENERS))
    labels = list(dict.fromkeys(t.strip() for t in opener.all_inner_texts()))
    for label in labels[:6]:
        button = page.get_by_role("button", name=label, exact=True).first
        if not button.is_visible() or not button.is_enabled():
            continue
        button.click()
        dialog = page.locator("[role=dialog]").first
        try:
            dialog.wait_for(timeout=3_000)
        except PlaywrightTimeout:  # this button opened no dialog after all
            continue
        _fill_longest(page, dialog)
        found = overflow_problems(page)
        if found:
            problems[f"dialog {label}"] = found
        # A select popover that opened late (after its Escape) would swallow the click on Batal: close it first.
        listbox = page.get_by_role("listbox")
        if listbox.count() and listbox.first.is_visible():
            page.keyboard.press("Escape")
            listbox.first.wait_for(state="hidden")
        cancel = dialog.get_by_role("button", name=re.compile("^(Batal|Tutup)$"))
        if cancel.count():
            cancel.first.click()
        else:
            page.keyboard.press("Escape")
        dialog.wait_for(state="hidden")  # the close is a server event: the context's default timeout (30 s)
    return problems


def check_route(page, route: str, errors: list[str], role: str) -> dict:
    """What is wrong with ``route`` for ``role`` at each phone size: overflow, console errors, or, on a
    page of another role, anything but being sent back to the Dashboard with one message."""
    errors.clear()
    page.set_viewport_size(next(iter(VIEWPORTS.values())))
    page.goto(route)
    item = routes.restricted_page(route)
    refused = item is not None and item.audience not in AUDIENCES[role]
    problems = {}
    if refused:
        page.wait_for_function("() => location.pathname === '/'", timeout=20_000)
        page.get_by_text(REFUSAL).first.wait_for()
        page.wait_for_timeout(600)  # time for a second message, were there one
        if (messages := page.locator("[data-sonner-toast]").count()) != 1:
            problems["refusal"] = f"{messages} messages"
    settle(page)
    if refused and page.locator("#judul-halaman").inner_text() != "Dashboard":
        problems["refusal"] = f"stayed on {page.url}"
    for size, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.wait_for_timeout(200)  # the layout settles at the new width
        found = overflow_problems(page)
        if not refused:
            found.update(dialog_problems(page))
        if found:
            problems[size] = found
    if errors:
        problems["console"] = errors[:3]
    return problems


@pytest.mark.parametrize("role", list(ROLES))
def test_every_route_fits_the_phone(role, browser, running_app):
    context = browser.new_context(
        viewport=next(iter(VIEWPORTS.values())), base_url=running_app.url, locale="id-ID", is_mobile=True, has_touch=True
    )
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        errors = collect_console_errors(page)
        sign_in(page, running_app.accounts[ROLES[role]])
        failures = {route: found for route in ALL_ROUTES if (found := check_route(page, route, errors, role))}
    finally:
        context.close()
    assert not failures, f"{role}: {failures}"
