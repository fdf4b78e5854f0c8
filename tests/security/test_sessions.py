"""Attacks on the session itself, over the real protocol (issue 18): a borrowed client token, a tab
left open on a live page, failed logins as a weapon, and floods of events from one connection.

The app under test trusts 127.0.0.1 as its reverse proxy (tests/browser/harness.py), so an
``X-Forwarded-For`` a test sends names the client address the per-address limits see; each test
uses addresses of its own (documentation ranges) so that the tests do not share a budget. Each
prints its figures (``-s`` shows them; docs/security.md quotes them).
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from ekinerja import routes
from ekinerja.clock import utcnow
from ekinerja.models import AuthSession
from ekinerja.models.audit import AuditEntry
from ekinerja.state.admin_employees import AdminEmployeesState
from ekinerja.state.app_state import AppState
from ekinerja.state.kegiatan_harian import KegiatanHarianState
from ekinerja.state.login import ATTEMPTS_PER_SOCKET_MINUTE, LoginState
from tests import aio
from tests.security.reflex_client import SECRETS_SEEN, ReflexClient, event_name
from tests.security.test_protocol import NIP_RE, PASSWORD, login, make_employee, text_of

pytestmark = pytest.mark.browser

WRONG = "Tebakan-Salah-7731"  # a wrong password no log line may show either
SUBMIT = event_name(LoginState, "submit")


def made_up_nip() -> str:
    return "19" + "".join(secrets.choice("0123456789") for _ in range(16))


def figure(text: str) -> None:
    print(f"\n[figure] {text}")


async def sign_in(running_app, nip: str, password: str, address: str) -> tuple[ReflexClient, str]:
    return await login(running_app, nip, password, headers={"X-Forwarded-For": address})


async def on_login_page(running_app, address: str) -> ReflexClient:
    """An anonymous visitor from ``address`` (as the trusted proxy reports it) with the login form open."""
    client = ReflexClient(headers={"X-Forwarded-For": address})
    await client.connect(running_app.backend_url)
    await client.hydrate(routes.LOGIN, "")
    return client


async def connect_as(running_app, client_token: str) -> ReflexClient:
    """Connect reusing a tab's client token, once the server has let go of its previous connection."""
    deadline = time.monotonic() + 10
    while True:
        client = ReflexClient()
        await client.connect(running_app.backend_url, client_token)
        await asyncio.sleep(0.3)
        if not any(name == "new_token" for name, _ in client.other_messages):
            return client
        await client.close()
        assert time.monotonic() < deadline, "the server never released the client token"
        await asyncio.sleep(0.5)


# -- 1. a client token read from a log --------------------------------------------------------------


def test_a_borrowed_client_token_gives_nothing_until_the_session_token_is_presented(running_app, engine):
    admin = running_app.accounts["admin"]

    async def scenario():
        victim, token = await sign_in(running_app, admin["nip"], admin["password"], "192.0.2.11")
        assert token
        await victim.hydrate(routes.ADMIN_EMPLOYEES, token)
        assert victim.var(AdminEmployeesState, "rows"), "the admin sees the employee list"
        client_token = victim.client_token
        await victim.close()

        # The thief knows only the client token (Reflex logged it): it connects under it and
        # sends the events that answered as the admin before, without presenting anything.
        thief = await connect_as(running_app, client_token)
        try:
            start = len(thief.received.updates)
            await thief.send(event_name(AppState, "load_session"), path=routes.DASHBOARD, answered=True)
            await thief.send(event_name(AdminEmployeesState, "load"), path=routes.ADMIN_EMPLOYEES, answered=True)
            await thief.send(event_name(AdminEmployeesState, "export_xlsx"), path=routes.ADMIN_EMPLOYEES, answered=True)
            await thief.send(event_name(AppState, "logout"), path=routes.DASHBOARD, answered=True)
            stolen = thief.updates_since(start)
            redirected = thief.redirects(start)
        finally:
            await thief.close()

        # The owner's tab reconnects under the same client token and presents its session token:
        # still signed in (the thief's logout ended nothing), on this connection only.
        owner = await connect_as(running_app, client_token)
        try:
            await owner.hydrate(routes.ADMIN_EMPLOYEES, token)
            return stolen, redirected, owner.var(AppState, "user_nip"), owner.var(AdminEmployeesState, "rows")
        finally:
            await owner.close()

    stolen, redirected, owner_nip, owner_rows = aio.run(scenario())
    text = text_of(stolen)
    assert redirected and all(r.startswith(routes.LOGIN) for r in redirected), redirected
    assert NIP_RE.findall(text) == [], "the thief was sent a NIP"
    assert '"_download"' not in text
    assert owner_nip == admin["nip"] and owner_rows
    figure(f"borrowed client token: 4 events as the admin, {len(redirected)} sent to the login page, 0 NIPs received")


def _upload(backend_url: str, client_token: str, handler: str, data: bytes, args: dict) -> tuple[int, str]:
    """A multipart POST to Reflex's /_upload, as the browser's upload component sends it: the
    status and the body (the handler's state updates, as newline-delimited JSON)."""
    import urllib.error
    import urllib.request

    boundary = "----ekinerja" + secrets.token_hex(8)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="__reflex_event_args"\r\n\r\n{json.dumps(args)}\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="bukti.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode() + data + b"\r\n",
        f"--{boundary}--\r\n".encode(),
    ]
    request = urllib.request.Request(
        f"{backend_url}/_upload", data=b"".join(parts), method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "reflex-client-token": client_token,
                 "reflex-event-handler": handler},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def test_a_borrowed_client_token_cannot_upload_as_the_tab(running_app):
    """Uploads come over HTTP with only the client token: without the tab's session token in the
    upload itself, nothing reaches the handler (here: a bukti staged into the staf's open form)."""
    staf = running_app.accounts["staf"]
    handler = event_name(KegiatanHarianState, "upload_evidence")
    pdf = b"%PDF-1.4\n% bukti palsu " + secrets.token_hex(4).encode() + b"\n%%EOF\n"

    async def scenario():
        tab, token = await sign_in(running_app, staf["nip"], staf["password"], "192.0.2.12")
        try:
            await tab.hydrate(routes.KEGIATAN_HARIAN, token)
            forged = [
                await asyncio.to_thread(_upload, running_app.backend_url, tab.client_token, handler, pdf, args)
                for args in ({}, {"session_token": ""}, {"session_token": secrets.token_urlsafe(32)})
            ]
            # The tab's own upload, carrying its token as the page does, is taken.
            own = await asyncio.to_thread(_upload, running_app.backend_url, tab.client_token, handler, pdf, {"session_token": token})
            return forged, own
        finally:
            await tab.close()

    forged, own = aio.run(scenario())
    assert [body for _, body in forged if "evidence_name" in body or "bukti.pdf" in body] == [], forged
    assert "bukti.pdf" in own[1], own
    figure(f"3 forged uploads under a borrowed client token (HTTP {sorted({status for status, _ in forged})}): 0 reached the handler")


# -- 2. a tab closed on a live page -------------------------------------------------------------------


def test_a_tab_closed_on_a_live_page_expires_at_the_idle_limit(running_app, engine):
    """The tab's live page (Kegiatan Harian) must neither outlive the tab nor keep the session
    alive: the session is placed 10 s past one live re-check (EKINERJA_LIVE_RECHECK_SECONDS, which used
    to refresh the idle clock) before its idle limit, the tab closed, and 5 s after that limit it has
    expired."""
    employee = make_employee(engine, name="Uji Tab Ditinggal")
    idle = timedelta(minutes=int(running_app.env.get("EKINERJA_SESSION_IDLE_MINUTES", "30")))
    left = int(running_app.env["EKINERJA_LIVE_RECHECK_SECONDS"]) + 10

    async def scenario():
        client, token = await sign_in(running_app, employee.nip, PASSWORD, "192.0.2.21")
        await client.hydrate(routes.KEGIATAN_HARIAN, token)  # keeps the page live
        with Session(engine) as db:
            row = db.exec(select(AuthSession).where(AuthSession.employee_id == employee.id)).one()
            row.last_seen_at = placed = utcnow() - idle + timedelta(seconds=left)
            db.add(row)
            db.commit()
        await client.close()
        await asyncio.sleep(left + 5)
        with Session(engine) as db:
            seen = db.exec(select(AuthSession).where(AuthSession.employee_id == employee.id)).one().last_seen_at
        later = ReflexClient()
        await later.connect(running_app.backend_url)
        try:
            start = len(later.received.updates)
            await later.hydrate(routes.KEGIATAN_HARIAN, token)
            return placed, seen, later.redirects(start), later.var(AppState, "user_nip")
        finally:
            await later.close()

    placed, seen, redirected, nip = aio.run(scenario())
    assert abs((seen - placed).total_seconds()) < 1, f"something refreshed the idle clock after the tab closed: {seen - placed}"
    assert any(r.startswith(routes.LOGIN) and "sesi-berakhir" in r for r in redirected), redirected
    assert not nip
    figure(f"tab closed on a live page: last_seen_at moved {(seen - placed).total_seconds():.1f} s; expired at the idle limit")


# -- 3. failed logins are not a weapon -----------------------------------------------------------------


def _audited_failures(engine, nips: set[str]) -> int:
    with Session(engine) as db:
        rows = db.exec(select(AuditEntry.entity_id).where(AuditEntry.action == "login_failed")).all()
    return sum(1 for nip in rows if nip in nips)


def test_someone_elses_failed_logins_neither_end_the_session_nor_keep_the_owner_out(running_app, engine):
    from ekinerja.services import auth

    victim = make_employee(engine, name="Uji Korban Tebakan")

    async def scenario():
        owner, token = await sign_in(running_app, victim.nip, PASSWORD, "192.0.2.31")
        await owner.close()
        attacker = await on_login_page(running_app, "198.51.100.31")
        await attacker.flood(SUBMIT, [{"form_data": {"nip": victim.nip, "password": WRONG}}] * 12)
        await attacker.close()
        with Session(engine) as db:
            wait = auth.login_wait(db, nip=victim.nip)  # what the owner would be told right now
        # The owner's open session was not ended: a new connection presenting it is signed in.
        tab = ReflexClient()
        await tab.connect(running_app.backend_url)
        await tab.hydrate(routes.DASHBOARD, token)
        still_in = tab.var(AppState, "user_nip")
        await tab.close()
        # And the owner signs in anew after the short wait the form states.
        with Session(engine) as db:
            await asyncio.sleep(auth.login_wait(db, nip=victim.nip).total_seconds() + 0.2)
        again, new_token = await sign_in(running_app, victim.nip, PASSWORD, "192.0.2.32")
        await again.close()
        return still_in, wait, new_token

    still_in, wait, new_token = aio.run(scenario())
    assert still_in == victim.nip, "someone else's failed logins ended the owner's session"
    assert new_token, "the owner could not sign in after the wait"
    assert wait <= timedelta(seconds=60)
    figure(f"12 wrong passwords on a NIP in one burst: the owner's session kept; a new sign-in had to wait {wait.total_seconds():.1f} s")


def test_one_connection_cannot_try_many_nips(running_app, engine):
    nips = [made_up_nip() for _ in range(20)]

    async def scenario():
        client = await on_login_page(running_app, "198.51.100.41")
        errors = []
        for nip in nips:
            await client.send(SUBMIT, {"form_data": {"nip": nip, "password": WRONG}}, answered=True)
            errors.append(client.var(LoginState, "error"))
        await client.close()
        return errors

    errors = aio.run(scenario())
    checked = _audited_failures(engine, set(nips))
    assert checked == ATTEMPTS_PER_SOCKET_MINUTE, checked
    assert all("dari halaman ini" in e for e in errors[ATTEMPTS_PER_SOCKET_MINUTE:]), errors
    figure(f"20 unknown NIPs from one connection: {checked} checked, {20 - checked} refused unchecked")


def test_one_address_cannot_try_many_nips_over_many_connections(running_app, engine):
    """Three connections from one address, each within its own per-connection budget, as fast as
    they can: the address's 20 free failures, the one that starts its wait, then refusals."""
    address = "198.51.100.51"
    nips = [made_up_nip() for _ in range(25)]
    owner = make_employee(engine, name="Uji Pemilik Alamat Lain")

    async def burst(batch: list[str], forwarded: str) -> str:
        client = await on_login_page(running_app, forwarded)
        await client.flood(SUBMIT, [{"form_data": {"nip": nip, "password": WRONG}} for nip in batch])
        await client.close()
        return client.toasts() + json.dumps(client.var(LoginState, "error"))

    async def scenario():
        await burst(nips[:10], address)
        await burst(nips[10:20], address)
        last = await burst(nips[20:], address)
        # A client writing its own X-Forwarded-For entry does not escape: only the hop the proxy
        # appended is believed.
        spoofed = await burst([made_up_nip()], f"203.0.113.9, {address}")
        client, token = await login(running_app, owner.nip, PASSWORD, headers={"X-Forwarded-For": "198.51.100.52"})
        await client.close()
        return last, spoofed, token

    last, spoofed, elsewhere = aio.run(scenario())
    checked = _audited_failures(engine, set(nips))
    assert checked == 21, checked  # the 20 free failures and the one that starts the wait
    assert "dari alamat jaringan Anda" in last and "dari alamat jaringan Anda" in spoofed
    assert elsewhere, "a login from another address was refused"
    figure(f"25 unknown NIPs from one address over 3 connections: {checked} checked, {25 - checked} refused unchecked")


# -- 4. floods from one connection ----------------------------------------------------------------------


def test_a_flood_of_events_from_one_connection_is_cut_with_a_notice(running_app, engine):
    """2,000 select_day back to back. The server reads a connection's events only as it gets to
    them (the rest wait in the connection's buffer), and never holds more than
    EKINERJA_MAX_QUEUED_EVENTS of them: those arriving beyond it are dropped and the tab told."""
    staf = running_app.accounts["staf"]
    sent = 2000
    first = date(2026, 1, 1)
    days = [{"iso": (first + timedelta(days=i % 28)).isoformat()} for i in range(sent)]

    async def scenario():
        client, token = await sign_in(running_app, staf["nip"], staf["password"], "192.0.2.61")
        try:
            await client.hydrate(routes.KEGIATAN_HARIAN, token)
            start = len(client.received.updates)
            began = time.monotonic()
            emitted = await client.flood(event_name(KegiatanHarianState, "select_day"), days)
            drained = time.monotonic() - began - client.quiet
            updates = client.updates_since(start)
            notices = client.toasts(start).count("Terlalu banyak permintaan sekaligus")
            # The connection still works afterwards.
            await client.send(event_name(KegiatanHarianState, "select_day"), {"iso": "2026-02-14"}, answered=True)
            return updates, notices, emitted, drained, client.var(KegiatanHarianState, "selected_day")
        finally:
            await client.close()

    updates, notices, emitted, drained, selected = aio.run(scenario())
    processed = sum(1 for u in updates for changes in (u.get("delta") or {}).values() if "selected_day_rx_state_" in changes)
    assert processed < sent and notices >= 1, (processed, notices)
    assert selected == "2026-02-14"
    figure(f"{sent} select_day sent in {emitted:.2f} s on one connection: {processed} processed, {sent - processed} dropped, "
           f"{notices} notice(s), done after {drained:.1f} s")


def test_a_disconnected_connections_queued_logins_are_discarded(running_app, engine):
    nips = [made_up_nip() for _ in range(2000)]

    async def scenario():
        client = await on_login_page(running_app, "198.51.100.71")
        began = time.monotonic()
        for nip in nips:
            await client.emit(SUBMIT, {"form_data": {"nip": nip, "password": WRONG}})
        emitted = time.monotonic() - began
        await client.close()
        await asyncio.sleep(3)
        # Another visitor is served at once: nothing is still grinding through the flood.
        other = ReflexClient()
        await other.connect(running_app.backend_url)
        began = time.monotonic()
        await other.hydrate(routes.LOGIN, "")
        answered = time.monotonic() - began - other.quiet
        await other.close()
        return emitted, answered

    emitted, answered = aio.run(scenario())
    checked = _audited_failures(engine, set(nips))
    assert checked <= ATTEMPTS_PER_SOCKET_MINUTE, checked
    figure(f"2000 logins in {emitted:.2f} s then disconnect: {checked} checked; the next visitor answered in {max(answered, 0):.2f} s")


# -- 5. no token, socket id or password in the log ------------------------------------------------------


def test_no_token_socket_id_or_password_reaches_the_log(running_app, desktop):
    """Runs last in this module: scans the app's whole log so far (every protocol test of this
    session, the browser tests before it and a browser session here) for every client token,
    Socket.IO session id and session token seen, and the passwords typed."""
    from tests.browser.harness import login as browser_login

    staf = running_app.accounts["staf"]
    browser_login(desktop, staf["nip"], staf["password"])
    desktop.wait_for_url(re.compile(r"^(?!.*/login).*$"))
    desktop.goto(routes.KEGIATAN_HARIAN)
    desktop.wait_for_load_state("networkidle")
    browser_secrets = desktop.evaluate(
        "() => [sessionStorage.getItem('token'), localStorage.getItem('ekinerja_session')]"
    )
    assert all(browser_secrets), browser_secrets
    desktop.close()

    # Make Reflex log a client token: a tab that goes away while its events still answer.
    async def leave_mid_event():
        client, token = await login(running_app, staf["nip"], staf["password"])
        await client.hydrate(routes.KEGIATAN_HARIAN, token)
        for day in range(1, 6):
            await client.emit(event_name(KegiatanHarianState, "select_day"), {"iso": f"2026-03-{day:02d}"})
        await client.close()
        await asyncio.sleep(2)

    aio.run(leave_mid_event())
    log = (Path(running_app.env["EKINERJA_DATA_DIR"]) / "reflex.log").read_text(errors="replace")
    secrets_used = {s for s in SECRETS_SEEN | set(browser_secrets) if len(s) >= 16}
    secrets_used |= {PASSWORD, WRONG, staf["password"]}
    found = sorted({s[:8] + "..." for s in secrets_used if s in log})
    assert found == [], f"the log holds {len(found)} secrets: {found}"
    redacted = [line for line in log.splitlines() if "disconnected client" in line]
    assert all("<token>" in line for line in redacted), redacted[:3]
    figure(f"log scanned: {len(log.splitlines())} lines, {len(secrets_used)} secrets looked for, 0 found; "
           f"{len(redacted)} 'disconnected client' lines, all redacted")
