"""Benchmark 1b, open loop: a realistic month end. N signed-in tabs stay open, saves arrive at rate R.

N tabs are opened and signed in, mixed as at month end: 80 % employees on Kegiatan Harian, 15 %
atasan on Input Pimpinan (the atasan of those employees, several tabs each where there are fewer
atasan than tabs), 5 % employees on the Dashboard. Then for ``--seconds``: saves arrive as a
Poisson stream at R per second, each from a Kegiatan Harian tab chosen at random among those not
already saving (``KegiatanHarianState.save``, attributed as in ``bench.submit``: a busy answer is
retried after a moment, as its user would); meanwhile atasan approve in bulk (select all, then
confirm) at R/50 per second. Every tab stays connected and live (the hub wakes an atasan's tab
when a subordinate saves, an employee's when the atasan decides).

Reported per event kind (page open, save, bulk approval): p50/p95/p99 latency, answered, busy
answers, errors (error toast, no answer within 60 s, "saved, then error"), the rate achieved, the
server's CPU per save over the window and until the atasan's tabs are quiet again (their refreshes
come after the users' events), the messages the atasan's tabs received in the window
per save (their queue refreshes, and the approvals' own answers), and the queue lag: from a save
sent to its entry showing in one of its atasan's queues.

    python -m bench.openloop --url postgresql+psycopg://... --redis redis://... --levels 2000:50,3000:150 \
        --apps after=.,before=/tmp/before
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from pathlib import Path

from sqlalchemy import select

from bench import common
from bench.common import ROOT, cpu_seconds, percentile, record, server_arguments, start_backend, stop, worker_pids
from bench.datagen import bench_employee_ids, mint_sessions
from bench.submit import (
    ANSWER_TIMEOUT,
    SLOTS,
    SaveTally,
    TimedClient,
    _drain,
    _form,
    clear_today,
    close_tabs,
    late_errors,
    mark_phase,
    open_tabs,
    parse_apps,
    save_once,
)
from ekinerja.clock import local_today
from ekinerja.db import make_engine
from ekinerja.models import Position, PositionAssignment
from ekinerja.routes import DASHBOARD, INPUT_PIMPINAN, KEGIATAN_HARIAN
from ekinerja.state.input_pimpinan import InputPimpinanState
from tests.security.reflex_client import event_name

SELECT_ALL = event_name(InputPimpinanState, "select_all")
CONFIRM_BULK = event_name(InputPimpinanState, "confirm_bulk")
IP_STATE = InputPimpinanState.get_full_name()
DRAIN_SECONDS = 60.0
# After the last save is answered, the refreshes it set off may still be under way (a worker refreshes
# its live tabs after its users' own events): they count, until the atasan's tabs are quiet this long.
SETTLE_QUIET_SECONDS = 2.0
SETTLE_SECONDS = 30.0
SELECT_WAIT = 15.0  # for the "select all" to come back; an empty queue never selects anything


def atasan_of(engine, employee_ids: list[int]) -> list[int]:
    """The employees holding the positions these employees' positions report to."""
    with engine.connect() as conn:
        positions = select(PositionAssignment.position_id).where(PositionAssignment.employee_id.in_(employee_ids))
        parents = select(Position.reports_to_id).where(Position.id.in_(positions), Position.reports_to_id.is_not(None))
        return list(conn.execute(
            select(PositionAssignment.employee_id).where(PositionAssignment.position_id.in_(parents),
                                                         PositionAssignment.end_date.is_(None)).distinct()
        ).scalars())


def _latencies(values: list[float]) -> dict:
    return {"n": len(values), "p50_ms": round(1000 * percentile(values, 50), 1), "p95_ms": round(1000 * percentile(values, 95), 1),
            "p99_ms": round(1000 * percentile(values, 99), 1)}


async def bulk_once(client: TimedClient, stats: dict) -> None:
    """Select every row of the queue, then confirm the approval; the confirmation is timed."""
    _drain(client.answers)
    await client.emit(SELECT_ALL, {"checked": True}, path=INPUT_PIMPINAN)
    deadline = time.monotonic() + SELECT_WAIT
    while not client.state.get(IP_STATE, {}).get("selected_rx_state_"):
        if any(a.kind == "busy" for a in _drain(client.answers)):
            stats["busy"] += 1
            return
        if time.monotonic() > deadline:
            stats["nothing_to_approve"] += 1  # nothing pending in this atasan's queue (or no answer)
            return
        await asyncio.sleep(0.02)
    sent = time.perf_counter()
    await client.emit(CONFIRM_BULK, {}, path=INPUT_PIMPINAN)
    try:
        answer = await asyncio.wait_for(client.answers.get(), ANSWER_TIMEOUT)
    except TimeoutError:
        stats["errors"] += 1
        return
    if answer.kind == "busy":
        stats["busy"] += 1
    elif answer.kind == "ok" and "disetujui" in answer.text:
        stats["latencies"].append(time.perf_counter() - sent)
    else:
        stats["errors"] += 1


async def level(app, port: int, *, kh_tokens: list[str], ip_tokens: list[str], dash_tokens: list[str], rate: float,
                seconds: float, services: common.ServicesMeter) -> dict:
    backend = f"http://127.0.0.1:{port}"
    opened: dict[str, list[float]] = {}
    tabs: dict[str, list[TimedClient]] = {}
    failures = 0
    started_open = time.perf_counter()
    for kind, tokens, path in (("kegiatan_harian", kh_tokens, KEGIATAN_HARIAN), ("input_pimpinan", ip_tokens, INPUT_PIMPINAN),
                               ("dashboard", dash_tokens, DASHBOARD)):
        clients, failed, _, times = await open_tabs(backend, tokens, path, batch=100)
        tabs[kind], opened[kind] = clients, times
        failures += failed
    open_seconds = time.perf_counter() - started_open
    pids = worker_pids(app)
    idle_from = cpu_seconds(pids)
    mark_phase(f"idle {len(kh_tokens) + len(ip_tokens) + len(dash_tokens)}")  # for a profiler (BENCH_PHASE_FILE)
    await asyncio.sleep(5.0)
    idle_pct = round(100 * (cpu_seconds(pids) - idle_from) / 5.0)

    day = local_today().isoformat()
    run = uuid.uuid4().hex[:8]
    tally = SaveTally()
    last_ok = {id(c): [False] for c in tabs["kegiatan_harian"]}
    slots_used = {id(c): 0 for c in tabs["kegiatan_harian"]}
    saving: set[int] = set()
    bulk = {"latencies": [], "busy": 0, "errors": 0, "nothing_to_approve": 0}
    approving: set[int] = set()
    tasks: set[asyncio.Task] = set()
    offered = 0

    # When each save was sent, and when its entry first showed in any of its atasan's queues.
    sent_at: dict[str, float] = {}
    rows_seen: dict[str, float] = {}
    for client in tabs["input_pimpinan"]:
        client.rows_seen = rows_seen

    async def one_save(index: int, client: TimedClient) -> None:
        n = slots_used[id(client)]
        slots_used[id(client)] += 1
        text = f"Kegiatan open loop [{run}-{index}-{n}]"
        sent_at[text] = time.perf_counter()
        try:
            await save_once(client, _form(day, SLOTS[n], text), tally, last_ok[id(client)])
        finally:
            saving.discard(id(client))

    async def one_bulk(client: TimedClient) -> None:
        try:
            await bulk_once(client, bulk)
        finally:
            approving.discard(id(client))

    def spawn(coro) -> None:
        task = asyncio.create_task(coro)
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    async def saves() -> None:
        nonlocal offered
        kh = tabs["kegiatan_harian"]
        due = time.monotonic()
        end = due + seconds
        while due < end:
            # Arrivals on an absolute schedule: a late wake-up sends the saves that fell due meanwhile.
            due += random.expovariate(rate)
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            offered += 1
            free = [i for i in random.sample(range(len(kh)), min(len(kh), 20))
                    if id(kh[i]) not in saving and slots_used[id(kh[i])] < len(SLOTS)]
            if not free:
                tally.error("no free tab to save from (the load generator ran out)")
                continue
            saving.add(id(kh[free[0]]))
            spawn(one_save(free[0], kh[free[0]]))

    async def approvals() -> None:
        ip = tabs["input_pimpinan"]
        end = time.monotonic() + seconds
        while ip and time.monotonic() < end:
            await asyncio.sleep(random.expovariate(max(0.5, rate / 50)))
            client = random.choice(ip)
            if id(client) not in approving:
                approving.add(id(client))
                spawn(one_bulk(client))

    def atasan_updates() -> int:
        return sum(len(client.received.updates) for client in tabs["input_pimpinan"])

    cpu_from, client_from, began, services_from = cpu_seconds(pids), time.process_time(), time.perf_counter(), services.read()
    updates_from = atasan_updates()
    await asyncio.gather(saves(), approvals())
    window = time.perf_counter() - began
    updates = atasan_updates() - updates_from  # the queue refreshes the saves set off, and the approvals' answers
    if tasks:
        await asyncio.wait(set(tasks), timeout=DRAIN_SECONDS)
    settle_from = time.perf_counter()
    while time.perf_counter() - settle_from < SETTLE_SECONDS:
        before = atasan_updates()
        await asyncio.sleep(SETTLE_QUIET_SECONDS)
        if atasan_updates() == before:
            break
    settle = time.perf_counter() - settle_from
    server_cpu, services_cpu = cpu_seconds(pids) - cpu_from, services.read()
    await late_errors(tabs["kegiatan_harian"], tally, last_ok)
    lags = [rows_seen[text] - sent for text, sent in sent_at.items() if text in rows_seen]
    for clients in tabs.values():
        await close_tabs(clients)
    return {
        "tabs": sum(len(c) for c in tabs.values()), "open_failures": failures, "open_s": round(open_seconds, 1),
        "idle_server_cpu_pct": idle_pct, "window_s": round(window, 1),
        "offered_saves_per_s": round(offered / window, 1), "saves_per_s": round(tally.saved / window, 1),
        "page_open": {kind: _latencies(times) for kind, times in opened.items()},
        "save": _latencies(tally.latencies) | {"saved": tally.saved, "busy_answers": tally.busy,
                                               "saved_then_error": tally.saved_then_error,
                                               "late_errors": tally.late_errors, "errors": tally.errors},
        "bulk_approve": _latencies(bulk["latencies"]) | {"busy_answers": bulk["busy"], "errors": bulk["errors"],
                                                         "nothing_to_approve": bulk["nothing_to_approve"]},
        "settle_s": round(settle, 1), "server_cpu_s": round(server_cpu, 1), "cpu_ms_per_save": round(1000 * server_cpu / max(1, tally.saved), 2),
        **services.per_event(services_from, services_cpu, tally.saved, event="save"),  # PostgreSQL's and Redis's, the same span
        "atasan_updates_per_save": round(updates / max(1, tally.saved), 2),
        # From a save sent to its entry in one of the atasan's queues (the page of new arrivals), until they settled.
        "queue_lag": _latencies(lags) | {"never_shown": len(sent_at) - len(lags)},
        "client_cpu_s": round(time.process_time() - client_from, 1),
    }


def run(url: str, redis: str | None, *, workers: int, levels: list[tuple[int, float]], seconds: float, port: int,
        apps: dict[str, Path]) -> list[dict]:
    engine = make_engine(url)
    pool = bench_employee_ids(engine)
    services = common.ServicesMeter(engine, redis)
    logs = ROOT / "bench" / "results"
    servers = {name: start_backend(url, redis, workers=workers, port=port + i, log=logs / f"openloop-{name}.log", app_dir=path)
               for i, (name, path) in enumerate(apps.items())}
    results = []
    try:
        for n, rate in levels:
            n_kh, n_ip = round(0.8 * n), round(0.15 * n)
            n_dash = n - n_kh - n_ip
            if n_kh + n_dash > len(pool):
                raise SystemExit(f"need {n_kh + n_dash} bench employees, the database has {len(pool)}")
            kh, dash = pool[:n_kh], pool[n_kh : n_kh + n_dash]
            atasan = atasan_of(engine, kh)
            for i, (name, app) in enumerate(servers.items()):
                clear_today(engine, kh)
                result = asyncio.run(level(
                    app, port + i, kh_tokens=mint_sessions(engine, kh),
                    ip_tokens=mint_sessions(engine, [atasan[j % len(atasan)] for j in range(n_ip)]),
                    dash_tokens=mint_sessions(engine, dash), rate=rate, seconds=seconds, services=services,
                ))
                result = {"benchmark": "openloop", "code": name, "workers": workers, "database": engine.dialect.name,
                          "employees_tabs": n, "rate": rate, "atasan": len(atasan), **result}
                record(result)
                results.append(result)
            clear_today(engine, kh)
    finally:
        for server in servers.values():
            stop(server)
        engine.dispose()
    return results


def main() -> None:
    parser = server_arguments(__doc__)
    parser.add_argument("--levels", default="2000:50,3000:150,5000:250", help="N:R,... (tabs : saves per second)")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--port", type=int, default=8722)
    parser.add_argument("--apps", default="")
    args = parser.parse_args()
    levels = [(int(n), float(r)) for n, _, r in (part.partition(":") for part in args.levels.split(",") if part)]
    run(args.url, args.redis, workers=args.workers, levels=levels, seconds=args.seconds, port=args.port,
        apps=parse_apps(args.apps))


if __name__ == "__main__":
    main()
