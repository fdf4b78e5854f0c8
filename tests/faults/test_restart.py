"""PostgreSQL and then Redis are restarted while several clients keep saving daily activities.

Runs only where the app runs on PostgreSQL + Redis (pass 2 of scripts/test.sh); skipped otherwise.

The test does not touch the servers the rest of the session uses: it starts its own PostgreSQL
and Redis (scripts/services.sh with a private directory and ports) and its own backend
(``reflex run --backend-only``: no frontend, so it never compiles into the ``.web`` directory a
browser-test app of the same session may be serving). Clients speak Reflex's own Socket.IO
protocol (tests/security/reflex_client.py), as the browser does.

Asserted: the backend survives both outages without a restart and accepts submissions again;
during the PostgreSQL outage users get the Indonesian outage message; every acknowledged
submission is in the database exactly once, with its audit entry (written in the same
transaction); no unacknowledged submission left a row.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from passlib.context import CryptContext
from sqlmodel import Session, col, create_engine, select

from ekinerja import routes
from ekinerja.errors import UNAVAILABLE
from tests.browser.harness import ROOT, free_port, wait_for
from tests.security.reflex_client import ReflexClient, event_name

pytestmark = pytest.mark.skipif(
    not (os.environ.get("EKINERJA_REDIS_URL") and os.environ.get("EKINERJA_TEST_DATABASE_URL", "").startswith("postgresql")),
    reason="the restart test runs where the app runs on PostgreSQL + Redis (pass 2 of scripts/test.sh)",
)

CLIENTS = 3
PASSWORD = "Gangguan-Uji-2026"
SAVED = "Kegiatan disimpan"
OUTAGE_SECONDS = 4.0
RECOVERY_TIMEOUT = 40.0
SLOT_MINUTES = 4  # each submission takes its own slot of the day: 112 fit under the 450-minute daily cap
MAX_PER_CLIENT = 100


@dataclass
class PrivateApp:
    backend_url: str
    database_url: str
    env: dict[str, str]
    proc: subprocess.Popen
    nips: list[str]
    day: str

    def services(self, *args: str) -> None:
        subprocess.run([str(ROOT / "scripts" / "services.sh"), *args], env=self.env, check=True, capture_output=True)


def _people_and_day(database_url: str) -> tuple[list[str], str]:
    """CLIENTS demo staff, signed in with PASSWORD, and a day open for entries that holds none of theirs."""
    from ekinerja.clock import local_today
    from ekinerja.domain.activity_rules import entry_date_problem
    from ekinerja.models import DailyActivity, Employee
    from ekinerja.services.org import org_snapshot
    from ekinerja.services.work_calendar import calendar_for, settings_for
    from tests.integration.factories import actor_for

    engine = create_engine(database_url)
    hashed = CryptContext(schemes=["bcrypt"], bcrypt__rounds=4).hash(PASSWORD)
    with Session(engine) as db:
        snapshot = org_snapshot(db, on=local_today())
        chosen = []
        for employee in db.exec(select(Employee).order_by(Employee.id)):
            holding = snapshot.definitive_position(employee.id)
            if holding and snapshot.atasan_of(employee.id) and not snapshot.direct_subordinates(employee.id):
                chosen.append(employee)
            if len(chosen) == CLIENTS:
                break
        actor = actor_for(db, chosen[0])
        today = local_today()
        window = settings_for(db, instansi_id=actor.instansi_id).entry_window_working_days
        calendar = calendar_for(db, employee_id=actor.employee_id, instansi_id=actor.instansi_id, around=today)
        day = next(
            d for d in (today - timedelta(days=n) for n in range(10))
            if entry_date_problem(d, today=today, calendar=calendar, window=window) is None
        )
        # The demo's own entries of that day would fill the daily cap the submissions count on.
        for entry in db.exec(select(DailyActivity).where(
            col(DailyActivity.employee_id).in_([e.id for e in chosen]), DailyActivity.activity_date == day,
        )):
            db.delete(entry)
        for employee in chosen:
            employee.password_hash = hashed
            employee.must_change_password = False
            db.add(employee)
        db.commit()
        nips = [e.nip for e in chosen]
    engine.dispose()
    return nips, day.isoformat()


@pytest.fixture(scope="module")
def private_app():
    # Under /tmp and world-traversable: PostgreSQL runs as the postgres user.
    base = Path(tempfile.mkdtemp(prefix="ekinerja-faults-", dir="/tmp"))
    base.chmod(0o755)
    env = {
        **os.environ,
        "EKINERJA_SERVICES_DIR": str(base / "services"),
        "EKINERJA_PG_PORT": str(free_port()),
        "EKINERJA_REDIS_PORT": str(free_port()),
        "EKINERJA_DATA_DIR": str(base / "data"),
        "EKINERJA_BCRYPT_ROUNDS": "4",
        "REFLEX_TELEMETRY_ENABLED": "false",
    }
    env.pop("EKINERJA_TEST_DATABASE_URL", None)
    proc = None
    try:
        started = subprocess.run([str(ROOT / "scripts" / "services.sh"), "start"], env=env, check=True, capture_output=True, text=True)
        for line in started.stdout.splitlines():
            key, _, value = line.removeprefix("export ").partition("=")
            if key in ("EKINERJA_DATABASE_URL", "EKINERJA_REDIS_URL"):
                env[key] = value
        subprocess.run([sys.executable, "-m", "ekinerja.migrate", "--fresh"], cwd=ROOT, env=env, check=True, capture_output=True)
        subprocess.run([sys.executable, "-m", "ekinerja.demo.seed", "--json"], cwd=ROOT, env=env, check=True, capture_output=True)
        nips, day = _people_and_day(env["EKINERJA_DATABASE_URL"])
        port = free_port()
        log = base / "backend.log"
        with log.open("w") as out:
            proc = subprocess.Popen(
                ["reflex", "run", "--backend-only", "--backend-port", str(port)],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )
        wait_for(f"http://127.0.0.1:{port}/ping", time.monotonic() + 300, proc, log)
        yield PrivateApp(f"http://127.0.0.1:{port}", env["EKINERJA_DATABASE_URL"], env, proc, nips, day)
    finally:
        if proc is not None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        subprocess.run([str(ROOT / "scripts" / "services.sh"), "stop"], check=False, env=env, capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@dataclass
class Attempt:
    client: int
    number: int
    description: str
    phase: str
    acknowledged: bool
    outage_message: bool  # told the server could not reach its database or Redis, the entry maybe not saved
    answer: str = field(default="", repr=False)


@dataclass
class Traffic:
    phase: str = "normal"
    stop: bool = False
    attempts: list[Attempt] = field(default_factory=list)

    def acknowledged_in(self, phase: str, client: int) -> int:
        return sum(1 for a in self.attempts if a.phase == phase and a.client == client and a.acknowledged)


async def _signed_in_client(app: PrivateApp, nip: str) -> tuple[ReflexClient, str]:
    from ekinerja.state.app_state import AppState
    from ekinerja.state.login import LoginState

    client = ReflexClient(quiet=0.4, timeout=10)
    await client.connect(app.backend_url)
    await client.hydrate(routes.LOGIN, "")
    await client.emit(event_name(LoginState, "submit"), {"form_data": {"nip": nip, "password": PASSWORD}})
    deadline = time.monotonic() + 30
    while not client.var(AppState, "session_token") and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    token = client.var(AppState, "session_token")
    assert token, client.received.text()[-500:]
    await client.hydrate(routes.KEGIATAN_HARIAN, token)
    return client, token


async def _submit_until_stopped(app: PrivateApp, index: int, traffic: Traffic) -> None:
    """One employee's tab: save an entry, and after anything but a success reload the page, as a user would."""
    from ekinerja.state.kegiatan_harian import KegiatanHarianState

    save = event_name(KegiatanHarianState, "save")
    client, token = await _signed_in_client(app, app.nips[index])
    number = 0
    try:
        while not traffic.stop and number < MAX_PER_CLIENT:
            number += 1
            start_minute = (number - 1) * SLOT_MINUTES
            description = f"uji-gangguan-{index}-{number}"
            form = {
                "activity_date": app.day, "task_text": description, "quantity": "1",
                "start_time": f"{start_minute // 60:02d}:{start_minute % 60:02d}",
                "end_time": f"{(start_minute + SLOT_MINUTES) // 60:02d}:{(start_minute + SLOT_MINUTES) % 60:02d}",
                "description": description,
            }
            phase = traffic.phase
            first = len(client.received.updates)
            # A dropped connection counts as not acknowledged.
            with contextlib.suppress(Exception):
                await client.send(save, {"form_data": form}, path=routes.KEGIATAN_HARIAN, answered=True)
            answer = json.dumps(client.received.updates[first:], ensure_ascii=False, default=str)
            acknowledged = SAVED in answer
            traffic.attempts.append(Attempt(index, number, description, phase, acknowledged, UNAVAILABLE[:40] in answer, answer[-600:]))
            if not acknowledged:
                await asyncio.sleep(0.5)
                try:
                    await client.hydrate(routes.KEGIATAN_HARIAN, token)
                except Exception:  # noqa: BLE001  - reconnect as the browser's socket would
                    await client.close()
                    client = ReflexClient(quiet=0.4, timeout=10)
                    await client.connect(app.backend_url)
                    await client.hydrate(routes.KEGIATAN_HARIAN, token)
    finally:
        await client.close()


async def _wait_for_acks(traffic: Traffic, phase: str, count: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(traffic.acknowledged_in(phase, c) >= count for c in range(CLIENTS)):
            return True
        await asyncio.sleep(0.2)
    return False


async def _outage(app: PrivateApp, traffic: Traffic, service: str) -> None:
    traffic.phase = f"{service}-down"
    await asyncio.to_thread(app.services, "stop", service)
    await asyncio.sleep(OUTAGE_SECONDS)
    await asyncio.to_thread(app.services, "start")
    traffic.phase = f"after-{service}"


def test_the_app_recovers_from_database_and_redis_restarts_without_losing_acknowledged_work(private_app):
    from ekinerja.models import AuditEntry, DailyActivity

    app = private_app
    traffic = Traffic()
    recovered: dict[str, bool] = {}

    async def scenario():
        clients = [asyncio.create_task(_submit_until_stopped(app, i, traffic)) for i in range(CLIENTS)]
        try:
            recovered["normal"] = await _wait_for_acks(traffic, "normal", 2, RECOVERY_TIMEOUT)
            for service in ("pg", "redis"):
                await _outage(app, traffic, service)
                recovered[service] = await _wait_for_acks(traffic, f"after-{service}", 2, RECOVERY_TIMEOUT)
        finally:
            traffic.stop = True
            errors = [r for r in await asyncio.gather(*clients, return_exceptions=True) if isinstance(r, BaseException)]
        assert errors == [], errors

    from tests import aio

    aio.run(scenario())
    assert app.proc.poll() is None, "the backend died"
    assert recovered == {"normal": True, "pg": True, "redis": True}, (recovered, [(a.phase, a.answer) for a in traffic.attempts[:3]])

    engine = create_engine(app.database_url)
    with Session(engine) as db:
        rows = db.exec(select(DailyActivity).where(DailyActivity.description.like("uji-gangguan-%"))).all()
        audited = set(db.exec(select(AuditEntry.entity_id).where(AuditEntry.entity == "daily_activity", AuditEntry.action == "create")).all())
    engine.dispose()
    stored: dict[str, list] = {}
    for row in rows:
        stored.setdefault(row.description, []).append(row)
    acknowledged = {a.description for a in traffic.attempts if a.acknowledged}
    failed = {a.description for a in traffic.attempts if not a.acknowledged}
    # Told "maybe not saved, check before sending again": the transaction may have committed just
    # before the outage hit the page refresh that follows it. Such an entry must be whole and single.
    maybe = {a.description for a in traffic.attempts if not a.acknowledged and a.outage_message}
    sent = acknowledged | failed

    assert {d: len(r) for d, r in stored.items() if len(r) != 1} == {}, "a submission was stored twice"
    assert acknowledged - stored.keys() == set(), "acknowledged submissions are missing"
    assert stored.keys() - sent == set()
    assert (failed - maybe) & stored.keys() == set(), [(a.phase, a.answer) for a in traffic.attempts if a.description in (failed - maybe) & stored.keys()]
    assert all(str(r.id) in audited and r.task_text == r.description and r.status == "diajukan" for rs in stored.values() for r in rs)
    for outage in ("pg-down", "redis-down"):
        assert any(a.outage_message for a in traffic.attempts if a.phase == outage), f"no outage message during {outage}"
    by_phase = collections.Counter(
        (a.phase, "saved" if a.acknowledged else "outage message" if a.outage_message else "other") for a in traffic.attempts
    )
    print(f"restart test outcomes by phase: {dict(by_phase)}")
    print(
        f"restart test: {len(traffic.attempts)} submissions, {len(acknowledged)} acknowledged and stored, "
        f"{len(failed)} not acknowledged ({len(maybe & stored.keys())} of them committed before the outage message), "
        "2 faults injected, rows lost: 0"
    )
