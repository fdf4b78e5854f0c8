"""Benchmark 1: month-end submission by N concurrent employees, through the app and through the bare floor.

For each N, N distinct bench employees (fresh login sessions, ``bench.datagen``) open
Kegiatan Harian over real Socket.IO connections on ``/_event`` (``tests/security/reflex_client``:
hydrate with the LocalStorage session token and the compiled defaults' hashes, which runs the
page's on_load and registers it with the live hub, as a freshly loaded browser tab does). Once all are open they start together: each submits
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

import asyncio
import functools
import json
import os
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bench.common import (
    APP_DIR,
    ROOT,
    ServicesMeter,
    cpu_seconds,
    percentile,
    record,
    server_arguments,
    start_backend,
    start_blank,
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
BLANK_INCREMENT = "reflex___state____state.blank___blank____counter_state.increment"
KH_STATE = KegiatanHarianState.get_full_name()
# Three activities of a working day, entered one after the other.
SLOTS = (("08:00", "09:30"), ("09:30", "11:00"), ("11:00", "12:00"), ("13:00", "14:00"), ("14:00", "15:00"))
ANSWER_TIMEOUT = 60.0
IDLE_SECONDS = 5.0
WARM_UP = 20


BUSY = "sibuk"  # the app's honest overload answer (ekinerja.admission.BUSY_MESSAGE)


@dataclass
class Answer:
    """A toast the server sent, with the save it answers: the task text of the form the update just
    before it carried back (``KegiatanHarianState.save`` stores what was typed before it writes), if any."""

    kind: str  # "ok", "busy", "error" or "redirect"
    text: str
    marker: str = ""


class TimedClient(ReflexClient):
    """A tab that notices when a handler has finished: its toast arrives."""

    def __init__(self) -> None:
        super().__init__(quiet=0.3, timeout=ANSWER_TIMEOUT)
        self.answers: asyncio.Queue[Answer] = asyncio.Queue()
        self.typed = ""  # the task text of the form the last delta carried back, until a toast answers it
        # An atasan's tab in bench.openloop: when each task text first showed in its queue's rows.
        self.rows_seen: dict[str, float] | None = None

    def _record(self, update) -> None:
        if isinstance(update, str):
            update = json.loads(update)
        super()._record(update)
        for changes in (update.get("delta") or {}).values():
            typed = changes.get("form_values_rx_state_")
            if isinstance(typed, dict):
                self.typed = str(typed.get("task_text", ""))
            if self.rows_seen is not None:
                arrived = time.perf_counter()
                for row in changes.get("rows_rx_state_") or ():
                    self.rows_seen.setdefault(str(row.get("task", "")), arrived)
        # An event's delta and its toast come as two messages, in that order: the toast answers the
        # form the delta just before it carried back, and nothing after it does.
        for event in update.get("events") or []:
            function = str((event.get("payload") or {}).get("function", ""))
            if "__toast" in function:
                kind = "busy" if BUSY in function else "error" if '["error"]' in function else "ok"
                self.answers.put_nowait(Answer(kind, function, self.typed))
                self.typed = ""
            elif event.get("name") == "_redirect":
                self.answers.put_nowait(Answer("redirect", "", self.typed))
                self.typed = ""


async def open_tabs(backend: str, tokens: list[str], path: str, *, batch: int = 50) -> tuple[list[TimedClient], int, float, list[float]]:
    """Connect and hydrate one tab per token, ``batch`` at a time; (open tabs, failures, seconds, each
    tab's open time). A page answered "busy" is reloaded after a moment, as its user would."""
    started = time.perf_counter()
    clients: list[TimedClient] = []
    failures = 0
    opened: list[float] = []

    async def one(token: str) -> TimedClient | None:
        client = TimedClient()
        begun = time.perf_counter()
        try:
            await client.connect(backend)
            await client.hydrate(path, token, first=True)
            deadline = time.monotonic() + ANSWER_TIMEOUT
            while not client.var(AppState, "profile_loaded"):  # the page's on_load has run: the tab shows its data
                if time.monotonic() > deadline:
                    raise TimeoutError(path)
                if any(a.kind == "busy" for a in _drain(client.answers)):
                    await asyncio.sleep(random.uniform(0.5, 1.5))
                    await client.hydrate(path, token, first=True)
                await asyncio.sleep(0.05)
        except Exception:  # noqa: BLE001 - any failure to open a tab is counted, not raised
            await client.close()
            return None
        _drain(client.answers)
        opened.append(time.perf_counter() - begun)
        return client

    for i in range(0, len(tokens), batch):
        for client in await asyncio.gather(*(one(t) for t in tokens[i : i + batch])):
            if client is None:
                failures += 1
            else:
                clients.append(client)
    return clients, failures, time.perf_counter() - started, opened


def _drain(queue: asyncio.Queue) -> list:
    out = []
    while not queue.empty():
        out.append(queue.get_nowait())
    return out


async def close_tabs(clients: list[TimedClient]) -> None:
    for i in range(0, len(clients), 200):
        await asyncio.gather(*(c.close() for c in clients[i : i + 200]), return_exceptions=True)


def _form(day: str, slot: tuple[str, str], marker: str) -> dict[str, str]:
    return {"activity_date": day, "start_time": slot[0], "end_time": slot[1], "catalog_item_id": NONE,
            "task_text": marker, "quantity": "1", "description": "", "rhk_id": NONE}


@dataclass
class SaveTally:
    """What the saves of one run came to. An answer is attributed to the save whose form it carries
    back; a busy answer (which carries nothing) to the save in flight, which is sent again after a
    moment (about 1 s, then twice as long each time up to 16 s), as its user would; an error toast
    carrying no form arrives only when a save's event failed after the handler answered (its state
    write-back): it is counted against the save answered before it, as "saved, then error"."""

    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    busy: int = 0
    saved_then_error: int = 0
    late_errors: dict[str, int] = field(default_factory=dict)  # what those errors said
    saved: int = 0

    def error(self, kind: str) -> None:
        self.errors[kind[:200]] = self.errors.get(kind[:200], 0) + 1

    def late_error(self, text: str) -> None:
        self.saved_then_error += 1
        self.late_errors[text[-400:]] = self.late_errors.get(text[-400:], 0) + 1


async def save_once(client: TimedClient, form: dict[str, str], tally: SaveTally, last_ok: list[bool]) -> bool:
    """Send one save until it is answered (busy answers retried); False when it never was."""
    marker = form["task_text"]
    _settle_earlier(client, tally, last_ok)
    sent = time.perf_counter()
    deadline = time.monotonic() + ANSWER_TIMEOUT
    retries = 0
    await client.emit(SAVE, {"form_data": form})
    while True:
        try:
            answer = await asyncio.wait_for(client.answers.get(), max(0.01, deadline - time.monotonic()))
        except TimeoutError:
            tally.error("no answer")
            return False
        if answer.kind == "busy":
            tally.busy += 1
            # As its user would: try again after a moment, waiting a little longer each time.
            await asyncio.sleep(random.uniform(0.5, 1.5) * min(2 ** retries, 16))
            retries += 1
            await client.emit(SAVE, {"form_data": form})
            continue
        if answer.marker != marker:
            _count_if_late(answer, tally, last_ok)
            continue
        tally.latencies.append(time.perf_counter() - sent)
        form_errors = client.state.get(KH_STATE, {}).get("form_errors_rx_state_")
        if answer.kind != "ok" or form_errors:
            tally.error(json.dumps(form_errors, ensure_ascii=False) if form_errors else answer.text)
            last_ok[0] = False
            return True
        tally.saved += 1
        last_ok[0] = True
        return True


def _settle_earlier(client: TimedClient, tally: SaveTally, last_ok: list[bool]) -> None:
    """Answers that came before a save was sent belong to what the tab did earlier: an error after the
    last save's success is that save's late error; anything else (a busy answer to the page's
    opening, say) answers no save and must not be taken for the next save's answer."""
    for answer in _drain(client.answers):
        _count_if_late(answer, tally, last_ok)


def _count_if_late(answer: Answer, tally: SaveTally, last_ok: list[bool]) -> None:
    """An answer that is not the save's own: an error after the last save's success is that save's late error."""
    if answer.kind == "error" and last_ok[0]:
        tally.late_error(answer.text)
        last_ok[0] = False


async def late_errors(clients: list[TimedClient], tally: SaveTally, last_ok: dict[int, list[bool]]) -> None:
    """After the last saves: errors that followed a save's success."""
    await asyncio.sleep(2.0)
    for client in clients:
        _settle_earlier(client, tally, last_ok[id(client)])


async def reflex_saves(clients: list[TimedClient], per_employee: int) -> tuple[SaveTally, float]:
    day = local_today().isoformat()
    tally = SaveTally()
    last_ok = {id(c): [False] for c in clients}
    run = uuid.uuid4().hex[:8]

    async def employee(index: int, client: TimedClient) -> None:
        for n in range(per_employee):
            form = _form(day, SLOTS[n], f"Menyusun laporan bulanan bagian {n + 1} [{run}-{index}-{n}]")
            if not await save_once(client, form, tally, last_ok[id(client)]):
                return

    started = time.perf_counter()
    await asyncio.gather(*(employee(i, c) for i, c in enumerate(clients)))
    seconds = time.perf_counter() - started
    await late_errors(clients, tally, last_ok)
    return tally, seconds


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


async def blank_events(url: str, pids: list[int], n: int, per_client: int) -> tuple[list[float], int, float, int, float]:
    """The blank Reflex app: ``n`` tabs each press its counter ``per_client`` times, one after the other."""
    clients: list[TimedClient] = []
    failures = 0

    async def one() -> TimedClient | None:
        client = TimedClient()
        try:
            await client.connect(url)
            await client.hydrate("/")
        except Exception:  # noqa: BLE001
            await client.close()
            return None
        _drain(client.answers)
        return client

    for i in range(0, n, 50):
        for client in await asyncio.gather(*(one() for _ in range(min(50, n - i)))):
            if client is None:
                failures += 1
            else:
                clients.append(client)
    latencies: list[float] = []
    errors = 0

    async def presses(client: TimedClient) -> None:
        nonlocal errors
        for _ in range(per_client):
            sent = time.perf_counter()
            await client.emit(BLANK_INCREMENT, {})
            try:
                answer = await asyncio.wait_for(client.answers.get(), ANSWER_TIMEOUT)
            except TimeoutError:
                errors += 1
                return
            latencies.append(time.perf_counter() - sent)
            if answer.kind != "ok":
                errors += 1

    started, cpu = time.perf_counter(), cpu_seconds(pids)
    await asyncio.gather(*(presses(c) for c in clients))
    seconds, cpu = time.perf_counter() - started, cpu_seconds(pids) - cpu
    await close_tabs(clients)
    return latencies, errors, seconds, failures, cpu


def _figures(latencies: list[float], errors: int, seconds: float, expected: int) -> dict:
    missing = expected - len(latencies)
    return {
        "events": len(latencies), "errors": errors + max(0, missing - errors), "seconds": round(seconds, 2),
        "events_per_s": round(len(latencies) / seconds, 1) if seconds else 0,
        "p50_ms": round(1000 * percentile(latencies, 50), 1), "p95_ms": round(1000 * percentile(latencies, 95), 1),
        "p99_ms": round(1000 * percentile(latencies, 99), 1),
    }


async def level(
    app, floor, blank, port: int, ids: list[int], tokens: list[str], per_employee: int, *, floor_port: int, blank_port: int,
    clear: Callable[[], None], services: ServicesMeter,
) -> tuple[dict, dict, dict]:
    """One N: the app's figures, then the floor's and the blank Reflex app's, for the same load."""
    n = len(ids)
    clients, open_failures, open_seconds, _ = await open_tabs(f"http://127.0.0.1:{port}", tokens, KEGIATAN_HARIAN)
    server_pids = worker_pids(app)
    # The open tabs' live pages, before anyone submits: the cost of merely having the page open.
    cpu_idle = cpu_seconds(server_pids)
    await asyncio.sleep(IDLE_SECONDS)
    idle_pct = round(100 * (cpu_seconds(server_pids) - cpu_idle) / IDLE_SECONDS)
    cpu_server, cpu_client, cpu_services = cpu_seconds(server_pids), time.process_time(), services.read()
    mark_phase(f"saves {n}")  # a profiler attached to a worker can wait for this (BENCH_PHASE_FILE)
    try:
        tally, seconds = await reflex_saves(clients, per_employee)
    finally:
        server_cpu, services_cpu = cpu_seconds(server_pids) - cpu_server, services.read()
        mark_phase("done")
        await close_tabs(clients)
    app_fig = _figures(tally.latencies, sum(tally.errors.values()) + open_failures * per_employee, seconds, n * per_employee)
    app_fig |= {"idle_server_cpu_pct": idle_pct, "error_kinds": tally.errors, "open_tabs_s": round(open_seconds, 1),
                "open_failures": open_failures, "busy_answers": tally.busy, "saved_then_error": tally.saved_then_error, "late_errors": tally.late_errors,
                "saved": tally.saved, "server_cpu_s": round(server_cpu, 1),
                "cpu_ms_per_event": round(1000 * server_cpu / max(1, tally.saved), 2),
                **services.per_event(cpu_services, services_cpu, tally.saved),
                "client_cpu_s": round(time.process_time() - cpu_client, 1)}
    clear()  # the floor writes the same slots
    floor_pids = worker_pids(floor)
    cpu_server, cpu_client, cpu_services = cpu_seconds(floor_pids), time.process_time(), services.read()
    f_lat, f_err, f_sec, f_fail = await floor_saves(f"http://127.0.0.1:{floor_port}/ws", ids, per_employee)
    floor_cpu, services_cpu = cpu_seconds(floor_pids) - cpu_server, services.read()
    floor_fig = _figures(f_lat, f_err + f_fail * per_employee, f_sec, n * per_employee)
    floor_fig |= {"server_cpu_s": round(floor_cpu, 1), "cpu_ms_per_event": round(1000 * floor_cpu / max(1, len(f_lat)), 2),
                  **services.per_event(cpu_services, services_cpu, len(f_lat)),
                  "client_cpu_s": round(time.process_time() - cpu_client, 1)}
    blank_fig = {}
    if blank is not None:
        b_lat, b_err, b_sec, b_fail, blank_cpu = await blank_events(f"http://127.0.0.1:{blank_port}", worker_pids(blank), n, per_employee)
        blank_fig = _figures(b_lat, b_err + b_fail * per_employee, b_sec, n * per_employee)
        blank_fig |= {"server_cpu_s": round(blank_cpu, 1), "cpu_ms_per_event": round(1000 * blank_cpu / max(1, len(b_lat)), 2)}
    return app_fig, floor_fig, blank_fig


def mark_phase(phase: str) -> None:
    """Write the benchmark's phase to BENCH_PHASE_FILE, when set."""
    if os.environ.get("BENCH_PHASE_FILE"):
        Path(os.environ["BENCH_PHASE_FILE"]).write_text(phase)


def clear_today(engine, employee_ids: list[int]) -> None:
    table = DailyActivity.__table__
    with engine.begin() as conn:
        conn.execute(table.delete().where(table.c.employee_id.in_(employee_ids), table.c.activity_date == local_today()))


def run(url: str, redis: str | None, *, workers: int, sizes: list[int], per_employee: int, port: int, label: str,
        apps: dict[str, Path], blank: bool = True) -> list[dict]:
    """For each N, each app in ``apps`` (label -> checkout: the code before and after a change), then
    the floor and the blank Reflex app, one after the other in the same window."""
    engine = make_engine(url)
    pool = bench_employee_ids(engine)
    if max(sizes) > len(pool):
        raise SystemExit(f"need {max(sizes)} bench employees, the database has {len(pool)}: run bench.datagen first")
    logs = ROOT / "bench" / "results"
    servers = {name: start_backend(url, redis, workers=workers, port=port + 3 + i, log=logs / f"submit-{label}-{name}.log",
                                   app_dir=path)
               for i, (name, path) in enumerate(apps.items())}
    floor = start_floor(url, workers=workers, port=port + 1, log=logs / f"submit-{label}-floor.log")
    blank_app = start_blank(redis, workers=workers, port=port + 2, log=logs / f"submit-{label}-blank.log") if blank else None
    services = ServicesMeter(engine, redis)
    results = []
    try:
        warm = pool[-WARM_UP:]  # each server's first events build its caches and connections: not measured
        for i, app in enumerate(servers.values()):
            clear_today(engine, warm)
            asyncio.run(level(app, floor, blank_app if i == 0 else None, port + 3 + i, warm, mint_sessions(engine, warm), 1,
                              floor_port=port + 1, blank_port=port + 2, clear=functools.partial(clear_today, engine, warm),
                              services=services))
        clear_today(engine, warm)
        for n in sizes:
            ids = pool[:n]
            for i, (name, app) in enumerate(servers.items()):
                clear_today(engine, ids)  # each app starts from the same day, empty
                tokens = mint_sessions(engine, ids)
                app_fig, floor_fig, blank_fig = asyncio.run(level(
                    app, floor, blank_app if i == 0 else None, port + 3 + i, ids, tokens, per_employee, floor_port=port + 1,
                    blank_port=port + 2, clear=functools.partial(clear_today, engine, ids), services=services,
                ))
                result = {
                    "benchmark": "submit", "setup": label, "code": name, "database": engine.dialect.name, "workers": workers,
                    "employees": n, "per_employee": per_employee, "app": app_fig, "floor": floor_fig, "blank": blank_fig,
                    "ratio_p95": round(app_fig["p95_ms"] / floor_fig["p95_ms"], 1) if floor_fig["p95_ms"] else None,
                    "ratio_throughput": round(floor_fig["events_per_s"] / app_fig["events_per_s"], 1) if app_fig["events_per_s"] else None,
                    "ratio_cpu": round(app_fig["cpu_ms_per_event"] / floor_fig["cpu_ms_per_event"], 1) if floor_fig["cpu_ms_per_event"] else None,
                }
                record(result)
                results.append(result)
            clear_today(engine, ids)
    finally:
        for server in [*servers.values(), floor, blank_app]:
            if server is not None:
                stop(server)
        engine.dispose()
    return results


def parse_apps(text: str) -> dict[str, Path]:
    """``after=/path,before=/other`` -> {label: checkout}; empty: this checkout as "app"."""
    if not text:
        return {"app": APP_DIR}
    return {name: Path(path) for name, _, path in (part.partition("=") for part in text.split(",") if part)}


def main() -> None:
    parser = server_arguments(__doc__)
    parser.add_argument("--sizes", default="100,500,2000")
    parser.add_argument("--per-employee", type=int, default=3, choices=range(1, len(SLOTS) + 1))
    parser.add_argument("--port", type=int, default=8702)
    parser.add_argument("--label", default="")
    parser.add_argument("--apps", default="", help="label=checkout,... to compare (default: this checkout)")
    parser.add_argument("--no-blank", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    label = args.label or ("pg-redis" if args.redis else "sqlite")
    run(args.url, args.redis, workers=args.workers, sizes=sizes, per_employee=args.per_employee, port=args.port, label=label,
        apps=parse_apps(args.apps), blank=not args.no_blank)


if __name__ == "__main__":
    main()
