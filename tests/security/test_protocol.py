"""A hostile client against the running app, over Reflex's own event protocol (no browser).

Every attack here is something a user could do with the browser's devtools or a script:
read everything the server sends, send events the UI never offers, forge payloads and
client-storage values, claim other IP addresses. Each test that mutates creates its own
employees in the app's database, so the tests do not depend on one another.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
import secrets
from datetime import timedelta
from pathlib import Path

import pytest
from passlib.context import CryptContext
from sqlalchemy import func
from sqlmodel import Session, select

from ekinerja import routes
from ekinerja.clock import utcnow
from ekinerja.models import AuthSession, Employee, LoginThrottle
from ekinerja.models.activity import DailyActivity
from ekinerja.models.audit import AuditEntry
from ekinerja.models.evidence import EvidenceFile
from ekinerja.state.admin_audit import AdminAuditState
from ekinerja.state.admin_employees import AdminEmployeesState
from ekinerja.state.app_state import AppState
from ekinerja.state.input_pimpinan import InputPimpinanState
from ekinerja.state.login import LoginState
from ekinerja.state.skp import SkpState
from tests import aio
from tests.security.reflex_client import (
    UPDATE_VARS,
    ReflexClient,
    compiled_defaults,
    compiled_state_hashes,
    event_name,
    storage_key,
    var_key,
)

pytestmark = pytest.mark.browser

STAFF_PAGES = [item.route for item in routes.MAIN_MENU] + [routes.CHANGE_PASSWORD]
ADMIN_PAGES = [item.route for item in routes.ADMIN_MENU]
NIP_RE = re.compile(r"(?<!\d)\d{18}(?!\d)")
# secrets.token_urlsafe(32): 43 URL-safe base64 characters.
TOKEN_RE = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")
HEX64_RE = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")
PASSWORD = "Serangan-Uji-2026"


# -- helpers -----------------------------------------------------------------


def make_employee(engine, *, name: str, password: str = PASSWORD, must_change_password: bool = False) -> Employee:
    """An employee of this test alone, without position: enough to log in."""
    nip = "19" + "".join(secrets.choice("0123456789") for _ in range(16))
    hashed = CryptContext(schemes=["bcrypt"], bcrypt__rounds=4).hash(password)
    with Session(engine, expire_on_commit=False) as db:
        employee = Employee(nip=nip, name=name, password_hash=hashed, must_change_password=must_change_password)
        db.add(employee)
        db.commit()
        db.refresh(employee)
        return employee


async def login(running_app, nip: str, password: str, *, headers: dict | None = None) -> tuple[ReflexClient, str]:
    """Connect, hydrate /login anonymously and submit the form, as the login page does."""
    client = ReflexClient(headers=headers)
    await client.connect(running_app.backend_url)
    await client.hydrate(routes.LOGIN, "")
    # The login form always answers: a token, or an error message.
    await client.send(event_name(LoginState, "submit"), {"form_data": {"nip": nip, "password": password}}, answered=True)
    return client, client.var(AppState, "session_token") or ""


def text_of(updates: list[dict]) -> str:
    return json.dumps(updates, default=str, ensure_ascii=False)


def delta_keys(updates: list[dict]) -> set[str]:
    return {key for u in updates for changes in (u.get("delta") or {}).values() for key in changes}


async def assert_nothing_protected(running_app, token) -> None:
    """Clients presenting ``token`` (one per page, all at once) see no one's data and are sent to the
    login page."""

    async def visit(path: str) -> None:
        client = ReflexClient()
        await client.connect(running_app.backend_url)
        try:
            updates = await client.hydrate(path, token)
            # The refusal is an event after the hydrate's answer: on a busy server it may come after a pause.
            sent_to_login = await client.wait_until(lambda: any(r.startswith(routes.LOGIN) for r in client.redirects()))
            assert sent_to_login, (path, updates)
            assert NIP_RE.findall(text_of(client.updates_since(0))) == [], path
            assert not client.var(AppState, "user_nip")
            assert not client.var(AppState, "profile_loaded")
            assert client.var(SkpState, "own_rows", []) == []
            assert client.var(AdminEmployeesState, "rows", []) == []
        finally:
            await client.close()

    pages = [routes.DASHBOARD, routes.SASARAN_PEGAWAI, routes.KEGIATAN_HARIAN, routes.TPP, routes.ADMIN_EMPLOYEES]
    await asyncio.gather(*(visit(path) for path in pages))


# -- what a signed-in staf member receives -----------------------------------


def test_staff_receives_no_secret_and_no_one_elses_nip(running_app, engine):
    staf = running_app.accounts["staf"]
    atasan = running_app.accounts["kepala_seksi"]

    async def scenario():
        # Others are signed in at the same time: their tokens live in the server's memory too.
        others = [await login(running_app, running_app.accounts[k]["nip"], running_app.accounts[k]["password"])
                  for k in ("admin", "kepala_seksi")]
        client, token = await login(running_app, staf["nip"], staf["password"])
        try:
            assert token, client.var(LoginState, "error")
            for path in STAFF_PAGES + ADMIN_PAGES:
                await client.hydrate(path, token)
                assert client.var(AppState, "user_nip") == staf["nip"], path
            # The SKP detail shows the pejabat penilai: the one other NIP the staf may see.
            await client.hydrate(routes.SASARAN_PEGAWAI, token)
            own = client.var(SkpState, "own_rows", [])
            assert own, "the staf has an SKP in the demo data"
            for row in own:
                await client.send(event_name(SkpState, "open_skp"), {"skp_id": int(row["id"])})
            header = client.var(SkpState, "header", {})
            return client.received.updates, token, header, [t for _, t in others]
        finally:
            await client.close()
            for other, _ in others:
                await other.close()

    updates, token, header, other_tokens = aio.run(scenario())
    text = text_of(updates)
    assert all(t and t not in text for t in other_tokens)

    # No password hash, no token hash, no other session token.
    assert "$2b$" not in text and "$2a$" not in text and "$2y$" not in text and "$argon2" not in text
    assert "token_hash" not in text and "password_hash" not in text
    with Session(engine) as db:
        sessions = db.exec(select(AuthSession)).all()
        staf_hashes = {s.token_hash for s in sessions if s.employee_id == staf["employee_id"]}
        by_hash = {s.token_hash: s for s in sessions}
        employees = {e.nip: e for e in db.exec(select(Employee)).all()}
    assert hashlib.sha256(token.encode()).hexdigest() in staf_hashes
    for row in sessions:
        assert row.token_hash not in text
    for candidate in set(TOKEN_RE.findall(text)) | set(HEX64_RE.findall(text)):
        owner = by_hash.get(hashlib.sha256(candidate.encode()).hexdigest())
        assert owner is None or owner.employee_id == staf["employee_id"], "another user's session token was sent"

    # NIPs: the staf's own, and the atasan shown as pejabat penilai on the SKP -- nobody else.
    assert header.get("penilai_nip") == atasan["nip"], header
    allowed = {staf["nip"], header["penilai_nip"]}
    seen = set(NIP_RE.findall(text))
    assert staf["nip"] in seen
    leaked = {nip: employees[nip].name for nip in seen - allowed if nip in employees}
    assert leaked == {}, f"NIPs of other employees reached the staf: {leaked}"

    # Backend-only vars (leading underscore) never leave the server.
    assert [k for k in delta_keys(updates) if k.startswith("_")] == []


def test_a_freshly_loaded_page_is_sent_only_what_differs_from_its_compiled_defaults(running_app):
    """A browser's first connect carries the hashes of the defaults compiled into its bundle, and the
    server leaves out what the bundle already holds: the page still gets all of its own data, and
    the same session works the same as on a reconnect, which gets the whole state."""
    from ekinerja.state.kegiatan_harian import KegiatanHarianState

    staf = running_app.accounts["staf"]
    compiled_state_hashes()  # computed here: the scenario's thread has no registry of the states

    async def opened(token: str, *, first: bool) -> tuple[ReflexClient, int]:
        client = ReflexClient()
        await client.connect(running_app.backend_url)
        await client.hydrate(routes.KEGIATAN_HARIAN, token, first=first)
        assert await client.wait_until(lambda: client.var(AppState, "profile_loaded") and client.var(KegiatanHarianState, "days"))
        return client, len(text_of(client.updates_since(0)))

    async def scenario():
        signed_in, token = await login(running_app, staf["nip"], staf["password"])
        await signed_in.close()
        fresh, fresh_bytes = await opened(token, first=True)
        reconnected, full_bytes = await opened(token, first=False)
        try:
            return fresh.state, reconnected.state, fresh_bytes, full_bytes, {
                name for u in fresh.updates_since(0) for name in (u.get("delta") or {})
            }
        finally:
            await fresh.close()
            await reconnected.close()

    fresh, reconnected, fresh_bytes, full_bytes, fresh_states = aio.run(scenario())
    defaults = compiled_defaults()  # what the bundle holds for a var the server left out
    for state_cls, names in ((AppState, ("user_nip", "user_name", "profile_loaded")),
                             (KegiatanHarianState, ("days", "month_label", "selected_day", "entries", "approved_text"))):
        state_name = state_cls.get_full_name()
        for key in map(var_key, names):
            assert fresh[state_name].get(key, defaults[state_name][key]) == reconnected[state_name][key], key
    assert fresh[AppState.get_full_name()][var_key("user_nip")] == staf["nip"]
    # Pages the tab is not on keep their compiled defaults: nothing of theirs is sent.
    assert AdminEmployeesState.get_full_name() not in fresh_states and SkpState.get_full_name() not in fresh_states
    assert fresh_bytes < full_bytes / 2, (fresh_bytes, full_bytes)


# -- forged events -------------------------------------------------------------


def _snapshot(engine, admin_id: int, peer_activity_id: int | None):
    with Session(engine) as db:
        admin = db.get(Employee, admin_id)
        activity = db.get(DailyActivity, peer_activity_id) if peer_activity_id else None
        return {
            "admin_hash": admin.password_hash,
            "admin_must_change": admin.must_change_password,
            "activity": (activity.status, activity.decided_by_id, activity.approved_minutes) if activity else None,
            "max_audit": db.exec(select(func.max(AuditEntry.id))).one() or 0,
        }


def test_forged_events_from_a_staff_member_change_nothing(running_app, engine):
    admin = running_app.accounts["admin"]
    staf = running_app.accounts["staf"]
    with Session(engine) as db:
        peer_activity = db.exec(
            select(DailyActivity).where(DailyActivity.status == "diajukan", DailyActivity.employee_id != staf["employee_id"])
        ).first()
        peer_evidence = db.exec(select(EvidenceFile).where(EvidenceFile.owner_employee_id != staf["employee_id"])).first()
    assert peer_activity is not None, "the demo data has activities waiting for validation"
    before = _snapshot(engine, admin["employee_id"], peer_activity.id)

    ip = InputPimpinanState
    app_state = AppState
    attacks: list[tuple[str, dict]] = [
        (event_name(AdminEmployeesState, "reset_password"), {"employee_id": admin["employee_id"]}),
        (event_name(AdminEmployeesState, "export_xlsx"), {}),
        (event_name(AdminEmployeesState, "load"), {}),
        (event_name(AdminAuditState, "load"), {}),
        (event_name(ip, "approve"), {"activity_id": peer_activity.id}),
        (event_name(ip, "open_decision"), {"activity_id": peer_activity.id, "mode": "reject"}),
        (event_name(ip, "save_decision"), {"form_data": {"reason": "ditolak oleh penyerang"}}),
        (event_name(ip, "toggle"), {"activity_id": str(peer_activity.id), "checked": True}),
        (event_name(ip, "confirm_bulk"), {}),
        # Handlers that do not exist, and private methods.
        (f"{app_state.get_full_name()}.does_not_exist", {}),
        ("no.such.state.handler", {}),
        (event_name(app_state, "_show_profile"), {"actor": {"employee_id": admin["employee_id"]}}),
        (event_name(ip, "_decide"), {"activity_id": peer_activity.id, "decision": "approve"}),
        (event_name(ip, "_open"), {"mode": "reject"}),
        (event_name(AdminEmployeesState, "_load"), {}),
        # setvar: display flags, the identity shown, the token, backend vars.
        (event_name(app_state, "setvar"), {"var_name": "show_admin_menu", "value": True}),
        (event_name(app_state, "setvar"), {"var_name": "show_supervisor_menu", "value": True}),
        (event_name(app_state, "setvar"), {"var_name": "user_nip", "value": admin["nip"]}),
        (event_name(app_state, "setvar"), {"var_name": "session_token", "value": "x"}),
        (event_name(app_state, "setvar"), {"var_name": "_reflex_internal_links", "value": {}}),
        (event_name(AdminEmployeesState, "setvar"), {"var_name": "rows", "value": [{"nip": admin["nip"]}]}),
        # update_vars_internal only writes client-storage vars.
        (UPDATE_VARS, {"vars": {storage_key(app_state, "show_admin_menu"): True}}),
    ]
    if peer_evidence is not None:
        attacks.append((event_name(ip, "download_evidence"), {"evidence_id": peer_evidence.id}))

    async def scenario():
        client, token = await login(running_app, staf["nip"], staf["password"])
        try:
            await client.hydrate(routes.DASHBOARD, token)
            start = len(client.received.updates)
            for name, payload in attacks:
                await client.send(name, payload, path=routes.INPUT_PIMPINAN)
            after_attacks = client.updates_since(start)
            # The server still serves this client, as the staf and nothing more.
            await client.hydrate(routes.DASHBOARD, token)
            return after_attacks, client.var(AppState, "user_nip"), client.var(AppState, "show_admin_menu")
        finally:
            await client.close()

    updates, nip_after, admin_menu_after = aio.run(scenario())
    assert nip_after == staf["nip"] and admin_menu_after is False
    text = text_of(updates)
    assert not [e for u in updates for e in (u.get("events") or []) if e.get("name") == "_download"]
    for u in updates:
        for changes in (u.get("delta") or {}).values():
            assert changes.get("show_admin_menu_rx_state_") is not True
            assert changes.get("show_supervisor_menu_rx_state_") is not True
            assert changes.get("user_nip_rx_state_") in (None, "", staf["nip"])
            assert not changes.get("rows_rx_state_") or admin["nip"] not in json.dumps(changes["rows_rx_state_"])
    assert "$2b$" not in text

    after = _snapshot(engine, admin["employee_id"], peer_activity.id)
    assert after["admin_hash"] == before["admin_hash"]
    assert after["admin_must_change"] == before["admin_must_change"]
    assert after["activity"] == before["activity"]
    with Session(engine) as db:
        new = db.exec(select(AuditEntry).where(AuditEntry.id > before["max_audit"])).all()
        decided = db.exec(select(DailyActivity).where(DailyActivity.decided_by_id == staf["employee_id"])).all()
    assert {(e.action, e.actor_id) for e in new} <= {("login", staf["employee_id"])}, [(e.action, e.entity) for e in new]
    assert decided == []


# -- tokens that must not work ---------------------------------------------------


def test_made_up_and_malformed_session_tokens_get_nothing(running_app):
    forged = [
        secrets.token_urlsafe(32),
        hashlib.sha256(b"x").hexdigest(),
        "' OR 1=1 --",
        "A" * 5000,
        {"$ne": ""},
        12345,
        ["token"],
    ]

    async def scenario():
        # A token of the wrong type counts as no token: the visitor is sent to the login page.
        await asyncio.gather(*(assert_nothing_protected(running_app, token) for token in forged))

    aio.run(scenario())


def test_an_expired_session_token_gets_nothing(running_app, engine):
    employee = make_employee(engine, name="Uji Sesi Kedaluwarsa")

    async def scenario():
        client, token = await login(running_app, employee.nip, PASSWORD)
        await client.close()
        assert token
        with Session(engine) as db:
            row = db.exec(select(AuthSession).where(AuthSession.employee_id == employee.id)).one()
            row.last_seen_at = utcnow() - timedelta(days=2)
            db.add(row)
            db.commit()
        await assert_nothing_protected(running_app, token)
        with Session(engine) as db:
            assert db.exec(select(AuthSession).where(AuthSession.employee_id == employee.id)).one().ended_at is not None

    aio.run(scenario())


def test_a_deactivated_accounts_session_token_gets_nothing(running_app, engine):
    employee = make_employee(engine, name="Uji Akun Nonaktif")

    async def scenario():
        client, token = await login(running_app, employee.nip, PASSWORD)
        assert token
        await client.close()
        with Session(engine) as db:
            row = db.get(Employee, employee.id)
            row.active = False
            db.add(row)
            db.commit()
        await assert_nothing_protected(running_app, token)

    aio.run(scenario())


# -- the slow-down per NIP does not care which address a client claims ------------------------------


def test_claimed_client_addresses_do_not_escape_the_slow_down_per_nip(running_app, engine):
    """Each attempt claims another address (believed here: the tests act as the trusted proxy), so
    no per-address budget runs out; the NIP's own count still grows and its attempts wait."""
    employee = make_employee(engine, name="Uji Perlambatan Alamat")

    async def attempt(i: int, password: str) -> tuple[str, str, str]:
        headers = {"X-Forwarded-For": f"203.0.113.{i}, 10.0.0.{i}", "X-Real-IP": f"198.51.100.{i}", "Forwarded": f"for=192.0.2.{i}"}
        client, token = await login(running_app, employee.nip, password, headers=headers)
        try:
            session = client.state.get("reflex___state____state", {}).get("rx_router_session_rx_state_", {})
            return token, client.var(LoginState, "error") or "", session.get("client_ip", "")
        finally:
            await client.close()

    async def scenario():
        return [await attempt(i, "bukan-sandinya") for i in range(1, 9)]

    results = aio.run(scenario())
    assert all(token == "" for token, _, _ in results)
    # Reflex's own idea of the address trusts no header (no trusted_proxy_hops).
    assert {ip for _, _, ip in results} == {"127.0.0.1"}
    assert any("untuk NIP ini" in error for _, error, _ in results), results
    with Session(engine) as db:
        throttle = db.get(LoginThrottle, employee.nip)
        assert throttle is not None and throttle.failed_count >= 6 and throttle.locked_until is not None
        assert db.exec(select(AuthSession).where(AuthSession.employee_id == employee.id)).all() == []


# -- a peer asks for the staf's bukti dukung -------------------------------------------------------


def _staf_evidence(running_app, engine) -> tuple[int, bytes]:
    """A bukti file of the staf's, attached to one of their pending entries, as the app stores it."""
    from ekinerja.models.evidence import EvidenceFile

    data = b"%PDF-1.4\n% bukti rahasia staf " + secrets.token_hex(8).encode() + b"\n%%EOF\n"
    digest = hashlib.sha256(data).hexdigest()
    stored = f"{digest}.pdf"
    path = Path(running_app.env["EKINERJA_DATA_DIR"]) / "evidence" / stored[:2] / stored
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    staf_id = running_app.accounts["staf"]["employee_id"]
    with Session(engine) as db:
        row = EvidenceFile(owner_employee_id=staf_id, stored_name=stored, original_name="bukti-staf.pdf",
                           content_type="application/pdf", size_bytes=len(data), sha256=digest)
        db.add(row)
        db.flush()
        activity = db.exec(select(DailyActivity).where(DailyActivity.employee_id == staf_id, DailyActivity.status == "diajukan")).first()
        activity.evidence_file_id = row.id
        db.add(activity)
        db.commit()
        return row.id, data


def _peer_of_staf(running_app, engine) -> Employee:
    """Someone with the same atasan as the staf, given a password of the test's."""
    from ekinerja.clock import local_today
    from ekinerja.services.org import org_snapshot

    staf_id = running_app.accounts["staf"]["employee_id"]
    with Session(engine, expire_on_commit=False) as db:
        snapshot = org_snapshot(db, on=local_today())
        atasan = snapshot.atasan_of(staf_id).employee_id
        # Not one of the demo accounts: other tests sign in with their passwords.
        demo = {account["employee_id"] for account in running_app.accounts.values()}
        peer = db.get(Employee, next(e for e in snapshot.direct_subordinates(atasan) if e != staf_id and e not in demo))
        peer.password_hash = CryptContext(schemes=["bcrypt"], bcrypt__rounds=4).hash(PASSWORD)
        peer.must_change_password = False
        db.add(peer)
        db.commit()
        return peer


def test_a_peer_cannot_download_the_staf_evidence(running_app, engine):
    from ekinerja.state.kegiatan_harian import KegiatanHarianState
    from ekinerja.state.progress import ProgressState

    evidence_id, data = _staf_evidence(running_app, engine)
    peer = _peer_of_staf(running_app, engine)
    staf = running_app.accounts["staf"]
    downloads = [
        (routes.KEGIATAN_HARIAN, event_name(KegiatanHarianState, "download_evidence")),
        (routes.INPUT_PIMPINAN, event_name(InputPimpinanState, "download_evidence")),
        (routes.PROGRES_PEKERJAAN, event_name(ProgressState, "download_evidence")),
    ]

    async def ask(nip: str, password: str) -> list[dict]:
        client, token = await login(running_app, nip, password)
        try:
            assert token, client.var(LoginState, "error")
            start = len(client.received.updates)
            for path, name in downloads:
                await client.hydrate(path, token)
                # A download handler always answers: the file, or a refusal.
                await client.send(name, {"evidence_id": evidence_id}, path=path, answered=True)
                await client.send(name, {"evidence_id": str(evidence_id)}, path=path, answered=True)
            return client.updates_since(start)
        finally:
            await client.close()

    peer_updates = aio.run(ask(peer.nip, PASSWORD))
    owner_updates = aio.run(ask(staf["nip"], staf["password"]))

    def downloaded(updates) -> list[dict]:
        return [e for u in updates for e in (u.get("events") or []) if e.get("name") == "_download"]

    encoded = base64.b64encode(data).decode()
    peer_text = text_of(peer_updates)
    assert downloaded(peer_updates) == []
    assert encoded not in peer_text and "bukti rahasia staf" not in peer_text and "bukti-staf.pdf" not in peer_text
    assert "tidak berwenang" in peer_text  # the refusal is said, in Indonesian
    # The same requests from the owner do deliver the file: the refusal above is the access check.
    assert len(downloaded(owner_updates)) == 2 * len(downloads)
    assert encoded in text_of(downloaded(owner_updates))
    # No URL serves it either: not Reflex's public upload route, not by climbing out of it.
    assert [path for path in _public_paths(data) if data in _fetch(running_app.backend_url + path)] == []


def _public_paths(data: bytes) -> list[str]:
    stored = f"{hashlib.sha256(data).hexdigest()}.pdf"
    inside = f"evidence/{stored[:2]}/{stored}"
    return [
        f"/_upload/{stored}", f"/_upload/{inside}", f"/_upload/../{inside}", f"/_upload/%2e%2e/{inside}",
        f"/_upload/..%2f{inside}", f"/{inside}", f"/_upload/%2e%2e/%2e%2e/{inside}",
    ]


def _fetch(url: str) -> bytes:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        return error.read()
