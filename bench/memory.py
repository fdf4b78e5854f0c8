"""Benchmark 3: backend memory with 0, 500 and 2,000 connected, signed-in, idle sessions.

Starts the production backend (PostgreSQL + Redis, ``--workers`` granian workers), then opens
signed-in tabs on the Dashboard (or ``--page``) over real Socket.IO connections (hydrated with the session
token and the compiled defaults' hashes, as a freshly loaded page does) and leaves them idle. At each step it sums Pss (and Rss) from
/proc/<pid>/smaps_rollup over the backend's processes, reads Redis ``used_memory`` (the
tabs' state lives there) and the backend's CPU use while the tabs sit idle.
Per-session cost = (memory at the largest step - memory at 0) / sessions; the marginal cost
is that between the last two steps. Last, 500 bare Socket.IO connections (no page, not signed
in) show what the transport alone costs per connection. Both are also given by kind of mapping
(``pss_by_mapping``).

    python -m bench.memory --url postgresql+psycopg://... --redis redis://... --steps 0,500,2000 [--page /kegiatan-harian]
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import redis

from bench.common import (
    APP_DIR,
    ROOT,
    cpu_seconds,
    memory_kb,
    record,
    server_arguments,
    start_backend,
    stop,
    worker_pids,
)
from bench.datagen import bench_employee_ids, mint_sessions
from bench.submit import TimedClient, close_tabs, open_tabs, parse_apps
from ekinerja.db import make_engine
from ekinerja.routes import DASHBOARD

SETTLE_SECONDS = 10.0
BARE_CONNECTIONS = 500


MAPPING_KINDS = ("heap", "anonymous", "files")


def pss_by_mapping(pid: int) -> dict[str, int]:
    """Pss (kB) of one process by the kind of mapping: ``heap`` (the brk heap, glibc's main arena),
    ``anonymous`` (Python's arenas, the other threads' malloc arenas, native libraries' own heaps),
    ``files``: which kind of memory a tab adds, beside a bare connection."""
    kinds = dict.fromkeys(MAPPING_KINDS, 0)
    kind = None
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        fields = line.split()
        if fields and not fields[0].endswith(":"):  # a mapping's header: address range, perms, ..., name
            name = fields[5] if len(fields) > 5 else ""
            kind = "heap" if name == "[heap]" else "anonymous" if not name or name.startswith("[anon") else (
                None if name.startswith("[") else "files")
        elif fields[:1] == ["Pss:"] and kind is not None:
            kinds[kind] += int(fields[1])
    return kinds


def snapshot(app, redis_url: str | None) -> dict:
    pids = worker_pids(app)
    memory = [memory_kb(pid) for pid in pids]
    mappings = [pss_by_mapping(pid) for pid in pids]
    used = redis.Redis.from_url(redis_url).info("memory")["used_memory"] if redis_url else 0
    return {"processes": len(pids), "pss_kb": sum(m["pss"] for m in memory), "rss_kb": sum(m["rss"] for m in memory),
            "pss_by_mapping_kb": {kind: sum(m[kind] for m in mappings) for kind in MAPPING_KINDS},
            "redis_used_kb": used // 1024}


def _per_session(top: dict, base: dict, sessions: int) -> dict[str, float]:
    return {kind: round((top["pss_by_mapping_kb"][kind] - base["pss_by_mapping_kb"][kind]) / sessions, 1) for kind in MAPPING_KINDS}


async def measure(app, port: int, tokens: list[str], steps: list[int], redis_url: str | None, page: str) -> list[dict]:
    rows, clients = [], []
    for step in steps:
        more, failures, seconds, _ = await open_tabs(f"http://127.0.0.1:{port}", tokens[len(clients) : step], page)
        clients += more
        await asyncio.sleep(SETTLE_SECONDS / 2)
        pids = worker_pids(app)
        before = cpu_seconds(pids)
        await asyncio.sleep(SETTLE_SECONDS / 2)
        idle_pct = round(100 * (cpu_seconds(pids) - before) / (SETTLE_SECONDS / 2))
        rows.append({"sessions": len(clients), "open_failures": failures, "open_s": round(seconds, 1),
                     "idle_cpu_pct": idle_pct, **snapshot(app, redis_url)})
    # For comparison: connections that only open the Socket.IO websocket, with no page and no sign-in.
    bare = []
    for i in range(0, BARE_CONNECTIONS, 50):
        batch = [TimedClient() for _ in range(min(50, BARE_CONNECTIONS - i))]
        done = await asyncio.gather(*(c.connect(f"http://127.0.0.1:{port}") for c in batch), return_exceptions=True)
        bare += [c for c, d in zip(batch, done, strict=True) if not isinstance(d, BaseException)]
    await asyncio.sleep(SETTLE_SECONDS / 2)
    rows.append({"sessions": len(clients), "bare_connections": len(bare), "open_failures": BARE_CONNECTIONS - len(bare),
                 "open_s": 0, "idle_cpu_pct": 0, **snapshot(app, redis_url)})
    await close_tabs(clients + bare)
    return rows


def run(url: str, redis_url: str | None, *, workers: int, steps: list[int], port: int, app_dir: Path = APP_DIR,
        code: str = "app", page: str = DASHBOARD) -> dict:
    engine = make_engine(url)
    ids = bench_employee_ids(engine)[: max(steps)]
    tokens = mint_sessions(engine, ids)
    engine.dispose()
    app = start_backend(url, redis_url, workers=workers, port=port, log=ROOT / "bench" / "results" / f"memory-{code}.log",
                        app_dir=app_dir)
    try:
        rows = asyncio.run(measure(app, port, tokens, steps, redis_url, page))
    finally:
        stop(app)
    bare = rows.pop()
    base, top = rows[0], rows[-1]
    sessions = max(1, top["sessions"] - base["sessions"])
    result = {
        "benchmark": "memory", "code": code, "page": page, "workers": workers, "steps": rows,
        "pss_per_session_kb": round((top["pss_kb"] - base["pss_kb"]) / sessions, 1),
        "redis_per_session_kb": round((top["redis_used_kb"] - base["redis_used_kb"]) / sessions, 1),
    }
    result["total_per_session_kb"] = round(result["pss_per_session_kb"] + result["redis_per_session_kb"], 1)
    result["bare_connection_kb"] = round(
        (bare["pss_kb"] + bare["redis_used_kb"] - top["pss_kb"] - top["redis_used_kb"]) / max(1, bare["bare_connections"]), 1)
    result["bare_connection_by_mapping_kb"] = _per_session(bare, top, max(1, bare["bare_connections"]))
    if len(rows) > 2:  # the last step's extra sessions alone, past the warm-up of the first ones
        prev = rows[-2]
        added = max(1, top["sessions"] - prev["sessions"])
        result["marginal_kb"] = round((top["pss_kb"] + top["redis_used_kb"] - prev["pss_kb"] - prev["redis_used_kb"]) / added, 1)
        result["marginal_by_mapping_kb"] = _per_session(top, prev, added)
    record(result)
    return result


def main() -> None:
    parser = server_arguments(__doc__)
    parser.add_argument("--steps", default="0,500,2000")
    parser.add_argument("--port", type=int, default=8712)
    parser.add_argument("--apps", default="", help="label=checkout,... measured one after the other")
    parser.add_argument("--page", default=DASHBOARD, help="the route the tabs open (the Dashboard by default)")
    args = parser.parse_args()
    for name, path in parse_apps(args.apps).items():
        run(args.url, args.redis, workers=args.workers, steps=[int(s) for s in args.steps.split(",")], port=args.port,
            app_dir=path, code=name, page=args.page)


if __name__ == "__main__":
    main()
