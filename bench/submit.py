"""Benchmark 1: month-end submission by N concurrent employees, through the app and through the bare floor.

For each N, N distinct bench employees (fresh login sessions, ``bench.datagen``) open
Kegiatan Harian over real Socket.IO connections on ``/_event`` (``tests/security/reflex_client``:
hydrate with the LocalStorage session token, which runs the page's on_load and starts its
live poller, as a browser tab does). Once all are open they start together: each submits
``--per-employee`` activities for today, one after the other, through
``KegiatanHarianState.save``. Each save's answer carries the refreshed month total
(approved/pending minutes), so one save is the insert-and-read. Latency is from sending the
event to receiving its toast (the handler's end); an error is an error toast, a validation
error, a refused event or no answer within 60 s.

Then the same N employees, the same number of inserts and month-total reads, through
``bench.floor`` (bare Starlette websocket, same database, same worker count).

The load generator runs in this process (asyncio) on the same machine: its CPU time is
reported beside the server's.

    python -m bench.submit --url postgresql+psycopg://... --redis redis://... --workers 2 --sizes 100,500
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time

import aiohttp

from bench.common import (
    ROOT,
    cpu_seconds,
    percentile,
    record,
    start_backend,
    start_floor,
    stop,
    worker_pids,
)
from bench.datagen import bench_employee_ids, mint_sessions
from ekinerja.clock import local_today
from ekinerja.db import make_engine
from ekinerja.models import DailyActivity
from ekinerja.routes import KEGIATAN_HARIAN
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import NONE
from ekinerja.state.kegiatan_harian import KegiatanHarianState
from tests.security.reflex_client import ReflexClient, event_name

SAVE = event_name(KegiatanHarianState, "save")
KH_STATE = KegiatanHarianState.get_full_name()
# Three activities of a working day, entered one after the other.
SLOTS = (("08:00", "09:30"), ("09:30", "11:00"), ("11:00", "12:00"), ("13:00", "14:00"), ("14:00", "15:00"))
ANSWER_TIMEOUT = 60.0
IDLE_SECONDS = 5.0


class TimedClient(ReflexClient):
    """A tab that notices when a handler has finished: its toast arrives."""

    def __init__(self) -> None:
        super().__init__(quiet=0.3, timeout=ANSWER_TIMEOUT)
        self.toasts: asyncio.Queue[str] = asyncio.Queue()

    def _record(self, update) -> None:
        if isinstance(update, str):
            update = json.loads(update)
        super()._record(update)
        for event in update.get("events") or []:
            function = str((event.get("payload") or {}).get("function", ""))
            if "__toast" in function:
                self.toasts.put_nowait(function if '["error"]' in function else "ok")
            elif event.get("name") == "_redirect":
                self.toasts.put_nowait("redirect")


async def open_tabs(backend: str, tokens: list[str], path: str, *, batch: int = 50) -> tuple[list[TimedClient], int, float]:
    """Connect and hydrate one tab per token, ``batch`` at a time; (open tabs, failures, seconds)."""
    started = time.perf_counter()
    clients: list[TimedClient] = []
    failures = 0

    async def one(token: str) -> TimedClient | None:
        client = TimedClient()
        try:
            await client.connect(backend)
            await client.hydrate(path, token)
            deadline = time.monotonic() + ANSWER_TIMEOUT
            while not client.var(AppState, "profile_loaded"):  # the page's on_load has run: the tab shows its data
                if time.monotonic() > deadline:
                    raise TimeoutError(path)
                await asyncio.sleep(0.05)
        except Exception:  # noqa: BLE001 - any failure to open a tab is counted, not raised
            await client.close()
            return None
        return client

    for i in range(0, len(tokens), batch):
        for client in await asyncio.gather(*(one(t) for t in tokens[i : i + batch])):
            if client is None:
                failures += 1
            else:
                clients.append(client)
    return clients, failures, time.perf_counter() - started


async def close_tabs(clients: list[TimedClient]) -> None:
    for i in range(0, len(clients), 200):
        await asyncio.gather(*(c.close() for c in clients[i : i + 200]), return_exceptions=True)


def _form(day: str, slot: tuple[str, str], n: int) -> dict[str, str]:
    return {"activity_date": day, "start_time": slot[0], "end_time": slot[1], "catalog_item_id": NONE,
            "task_text": f"Menyusun laporan bulanan bagian {n + 1}", "quantity": "1", "description": "", "rhk_id": NONE}


async def reflex_saves(clients: list[TimedClient], per_employee: int) -> tuple[list[float], dict[str, int], float]:
    day = local_today().isoformat()
    latencies: list[float] = []
    errors: dict[str, int] = {}

    def error(kind: str) -> None:
        errors[kind[:200]] = errors.get(kind[:200], 0) + 1

    async def employee(client: TimedClient) -> None:
        for n in range(per_employee):
            sent = time.perf_counter()
            await client.emit(SAVE, {"form_data": _form(day, SLOTS[n], n)})
            try:
                outcome = await asyncio.wait_for(client.toasts.get(), ANSWER_TIMEOUT)
            except TimeoutError:
                error("no answer")
                return
            latencies.append(time.perf_counter() - sent)
            form_errors = client.state.get(KH_STATE, {}).get("form_errors_rx_state_")
            if outcome != "ok" or form_errors:
                error(json.dumps(form_errors, ensure_ascii=False) if form_errors else outcome)

    started = time.perf_counter()
    await asyncio.gather(*(employee(c) for c in clients))
    return latencies, errors, time.perf_counter() - started


async def floor_saves(url: str, employee_ids: list[int], per_employee: int) -> tuple[list[float], int, float, int]:
    """(latencies, errors, seconds of the timed phase, connection failures)."""
    day = local_today().isoformat()
    latencies: list[float] = []
    errors = 0
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        sockets = []
        for i in range(0, len(employee_ids), 100):
            sockets += await asyncio.gather(*(http.ws_connect(url) for _ in employee_ids[i : i + 100]), return_exceptions=True)
        failures = sum(isinstance(s, BaseException) for s in sockets)

        async def employee(ws, eid: int) -> None:
            nonlocal errors
            for n in range(per_employee):
                sent = time.perf_counter()
                try:
                    await ws.send_str(json.dumps({"employee_id": eid, "activity_date": day, "start": SLOTS[n][0] + ":00",
                                                  "end": SLOTS[n][1] + ":00", "task": "Menyusun laporan"}))
                    answer = await asyncio.wait_for(ws.receive(), ANSWER_TIMEOUT)
                    json.loads(answer.data)["month_minutes"]
                except (TimeoutError, TypeError, ValueError, KeyError, aiohttp.ClientError):
                    errors += 1
                    return
                latencies.append(time.perf_counter() - sent)

        started = time.perf_counter()
        await asyncio.gather(*(employee(ws, eid) for ws, eid in zip(sockets, employee_ids, strict=True)
                               if not isinstance(ws, BaseException)))
        seconds = time.perf_counter() - started
        await asyncio.gather(*(ws.close() for ws in sockets if not isinstance(ws, BaseException)))
    return latencies, errors, seconds, failures


def _figures(latencies: list[float], errors: int, seconds: float, expected: int) -> dict:
    missing = expected - len(latencies)
    return {
        "events": len(latencies), "errors": errors + max(0, missing - errors), "seconds": round(seconds, 2),
        "events_per_s": round(len(latencies) / seconds, 1) if seconds else 0,
        "p50_ms": round(1000 * percentile(latencies, 50), 1), "p95_ms": round(1000 * percentile(latencies, 95), 1),
        "p99_ms": round(1000 * percentile(latencies, 99), 1),
    }


async def level(app, floor, port: int, ids: list[int], tokens: list[str], per_employee: int) -> tuple[dict, dict]:
    """One N: the app's figures, then the floor's, for the same employees."""
    n = len(ids)
    clients, open_failures, open_seconds = await open_tabs(f"http://127.0.0.1:{port}", tokens, KEGIATAN_HARIAN)
    server_pids = worker_pids(app)
    # The open tabs' live pollers, before anyone submits: the cost of merely having the page open.
    cpu_idle = cpu_seconds(server_pids)
    await asyncio.sleep(IDLE_SECONDS)
    idle_pct = round(100 * (cpu_seconds(server_pids) - cpu_idle) / IDLE_SECONDS)
    cpu_server, cpu_client = cpu_seconds(server_pids), time.process_time()
    try:
        latencies, errors, seconds = await reflex_saves(clients, per_employee)
    finally:
        await close_tabs(clients)
    app_fig = _figures(latencies, sum(errors.values()) + open_failures * per_employee, seconds, n * per_employee)
    app_fig |= {"idle_server_cpu_pct": idle_pct, "error_kinds": errors, "open_tabs_s": round(open_seconds, 1), "open_failures": open_failures,
                "server_cpu_s": round(cpu_seconds(server_pids) - cpu_server, 1),
                "client_cpu_s": round(time.process_time() - cpu_client, 1)}
    floor_pids = worker_pids(floor)
    cpu_server, cpu_client = cpu_seconds(floor_pids), time.process_time()
    f_lat, f_err, f_sec, f_fail = await floor_saves(f"http://127.0.0.1:{port + 1}/ws", ids, per_employee)
    floor_fig = _figures(f_lat, f_err + f_fail * per_employee, f_sec, n * per_employee)
    floor_fig |= {"server_cpu_s": round(cpu_seconds(floor_pids) - cpu_server, 1),
                  "client_cpu_s": round(time.process_time() - cpu_client, 1)}
    return app_fig, floor_fig


def clear_today(engine, employee_ids: list[int]) -> None:
    table = DailyActivity.__table__
    with engine.begin() as conn:
        conn.execute(table.delete().where(table.c.employee_id.in_(employee_ids), table.c.activity_date == local_today()))


def run(url: str, redis: str | None, *, workers: int, sizes: list[int], per_employee: int, port: int, label: str) -> list[dict]:
    engine = make_engine(url)
    pool = bench_employee_ids(engine)
    if sum(sizes) > len(pool):
        raise SystemExit(f"need {sum(sizes)} bench employees, the database has {len(pool)}: run bench.datagen first")
    logs = ROOT / "bench" / "results"
    app = start_backend(url, redis, workers=workers, port=port, log=logs / f"submit-{label}-app.log")
    floor = start_floor(url, workers=workers, port=port + 1, log=logs / f"submit-{label}-floor.log")
    results = []
    offset = 0
    try:
        for n in sizes:
            ids, offset = pool[offset : offset + n], offset + n
            clear_today(engine, ids)  # a rerun must not collide with the previous run's entries
            tokens = mint_sessions(engine, ids)
            app_fig, floor_fig = asyncio.run(level(app, floor, port, ids, tokens, per_employee))
            result = {
                "benchmark": "submit", "setup": label, "database": engine.dialect.name, "workers": workers, "employees": n,
                "per_employee": per_employee, "app": app_fig, "floor": floor_fig,
                "ratio_p95": round(app_fig["p95_ms"] / floor_fig["p95_ms"], 1) if floor_fig["p95_ms"] else None,
                "ratio_throughput": round(floor_fig["events_per_s"] / app_fig["events_per_s"], 1) if app_fig["events_per_s"] else None,
            }
            record(result)
            results.append(result)
    finally:
        stop(app)
        stop(floor)
        engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--redis", default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sizes", default="100,500,1000,2000")
    parser.add_argument("--per-employee", type=int, default=3, choices=range(1, len(SLOTS) + 1))
    parser.add_argument("--port", type=int, default=8702)
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    label = args.label or ("pg-redis" if args.redis else "sqlite")
    run(args.url, args.redis, workers=args.workers, sizes=sizes, per_employee=args.per_employee, port=args.port, label=label)


if __name__ == "__main__":
    main()
