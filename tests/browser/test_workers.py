"""Several backend processes serve one agency: a submission handled by one reaches an atasan
whose page is connected to another, without a reload.

The app under test (production mode, PostgreSQL + Redis, several granian workers) is joined by
a second, independent backend instance (`reflex run --env prod --backend-only`, its own process
group and port) on the same database and Redis. The staf's phone talks to the app; the atasan's
browser is pointed at the second instance: it resolves the host name ``ekinerja-b.test`` to the
second instance's port (Chromium --host-resolver-rules), so the built frontend's event websocket
(which goes to the page's own host name) reaches that process, while the static frontend files
are fetched from the app. Stopping the second instance closes the atasan's websocket and not the
staf's: the two pages were served by different processes.

Needs production mode with Redis (pass 2 of scripts/test.sh); skipped in the dev/SQLite pass.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    browser_mode,
    free_port,
    login,
    serving,
    stop,
)
from tests.browser.test_activities import LIVE_TIMEOUT, _ensure_working_day

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        browser_mode() != "prod", reason="needs the production app on PostgreSQL + Redis (EKINERJA_BROWSER_MODE=prod)"
    ),
]

SECOND_HOST = "ekinerja-b.test"


@pytest.fixture(scope="module")
def second_backend(running_app, tmp_path_factory):
    port = free_port()
    env = {**running_app.env, "EKINERJA_WORKERS": "1", "GRANIAN_WORKERS": "1"}
    command = ["reflex", "run", "--env", "prod", "--backend-only", "--backend-host", "127.0.0.1", "--backend-port", str(port)]
    log = tmp_path_factory.mktemp("second-backend") / "reflex.log"
    with serving(command, env, log, [f"http://127.0.0.1:{port}/ping"]) as proc:
        yield port, proc


@pytest.fixture
def atasan_on_second(browser, running_app, second_backend):
    port, _ = second_backend
    app_port = urlsplit(running_app.url).port
    rules = [
        f"--host-resolver-rules=MAP {SECOND_HOST} 127.0.0.1:{port}",
        # A page from a "public" host name may not reach a loopback address otherwise.
        "--disable-features=LocalNetworkAccessChecks",
    ]
    instance = browser.browser_type.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *rules])
    context = instance.new_context(viewport=DESKTOP, base_url=f"http://{SECOND_HOST}:{app_port}", locale="id-ID")
    context.set_default_timeout(30_000)

    def from_app(route):
        # Static frontend files come from the app; only the websocket goes to the second instance.
        url = route.request.url.replace(f"http://{SECOND_HOST}:{app_port}", running_app.url, 1)
        route.fulfill(response=route.fetch(url=url))

    context.route(f"http://{SECOND_HOST}:{app_port}/**", from_app)
    page = context.new_page()
    yield page
    context.close()
    instance.close()


def _sockets(page) -> list:
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws) if "/_event" in ws.url else None)
    return sockets


def test_a_submission_on_one_backend_reaches_an_atasan_on_another(phone, atasan_on_second, running_app, second_backend):
    staf, kasi = running_app.accounts["staf"], running_app.accounts["kepala_seksi"]
    today = _ensure_working_day(running_app.database_url, staf["employee_id"], kasi["employee_id"])
    marker = f"Uji lintas worker {uuid.uuid4().hex[:8]}"
    desktop = atasan_on_second
    atasan_sockets, staf_sockets = _sockets(desktop), _sockets(phone)

    login(desktop, kasi["nip"], kasi["password"])
    expect(desktop).to_have_url(f"http://{SECOND_HOST}:{urlsplit(running_app.url).port}/")
    desktop.goto("/input-pimpinan")
    desktop.locator("input[name=day]").fill(today)
    desktop.get_by_role("button", name="Terapkan").click()

    login(phone, staf["nip"], staf["password"])
    expect(phone).to_have_url(f"{running_app.url}/")
    phone.goto("/kegiatan-harian")
    phone.locator("#tambah-kegiatan").click()
    dialog = phone.locator("#dialog-activity")
    # A slot of its own: the other browser tests enter the staf's work on the same day.
    for field, value in (("activity_date", today), ("start_time", "22:00"), ("end_time", "22:45"), ("task_text", marker)):
        dialog.locator(f"#isian-{field}").fill(value)
    dialog.locator("#isian-quantity").fill("1")
    dialog.locator("#simpan-activity").click()
    expect(dialog).to_be_hidden()
    staf_card = phone.locator(".kegiatan").filter(has_text=marker)
    expect(staf_card).to_contain_text("diajukan")

    kasi_card = desktop.locator(".antrean-kegiatan").filter(has_text=marker)
    expect(kasi_card).to_be_visible(timeout=LIVE_TIMEOUT)
    kasi_card.locator(".setujui").click()
    expect(kasi_card).to_have_count(0, timeout=LIVE_TIMEOUT)
    expect(staf_card).to_contain_text("disetujui", timeout=LIVE_TIMEOUT)

    # The proof that two processes were involved: stopping the second instance cuts only the atasan.
    assert atasan_sockets and staf_sockets
    atasan_socket, staf_socket = atasan_sockets[-1], staf_sockets[-1]
    assert not atasan_socket.is_closed() and not staf_socket.is_closed()
    _, proc = second_backend
    stop(proc)
    if not atasan_socket.is_closed():
        atasan_socket.wait_for_event("close", timeout=LIVE_TIMEOUT)
    assert not staf_socket.is_closed()
