"""Benchmark 3b: the Python heap of a worker per idle signed-in tab, by the file that allocated it.

``bench.memory`` measures what the processes hold (Pss), which moves by 10-15 KB a tab between runs
of the same code (the allocator's fragmentation, native buffers). This one counts what Python
allocated and still holds: one worker traced by tracemalloc (PYTHONTRACEMALLOC), ``--tabs`` signed-in
tabs opened on ``--page`` in two steps, and a snapshot after each (after a full collection); the
difference between them, divided by the tabs added, is grouped by the file that allocated it. The
tracing slows the worker, so tabs open slowly; the figure is the heap, not the time.

    python -m bench.heap --url postgresql+psycopg://... --redis redis://... --page /kegiatan-harian --apps "before=/path,after=/path"
"""

from __future__ import annotations

import asyncio
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.common import ROOT, record, server_arguments, start_backend, stop
from bench.datagen import bench_employee_ids, mint_sessions
from bench.submit import close_tabs, open_tabs, parse_apps
from ekinerja.db import make_engine
from ekinerja.routes import KEGIATAN_HARIAN

SITE = Path(__file__).resolve().parent / "heap_site"
SETTLE_SECONDS = 5.0
SNAPSHOT_WAIT_SECONDS = 120.0


async def _snapshot(folder: Path, tag: str) -> tracemalloc.Snapshot:
    (folder / "request").write_text(tag)
    deadline = time.monotonic() + SNAPSHOT_WAIT_SECONDS
    while time.monotonic() < deadline:
        found = list(folder.glob(f"*-{tag}.snap"))
        if found:
            await asyncio.sleep(2)  # let the dump finish writing
            return tracemalloc.Snapshot.load(str(found[0]))  # the one worker's
        await asyncio.sleep(0.5)
    raise TimeoutError(f"no snapshot {tag} within {SNAPSHOT_WAIT_SECONDS} s")


def _short(filename: str) -> str:
    """``ekinerja/...`` for the app's files (from whichever checkout), the package path for a library's."""
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1]
    if "/ekinerja/" in filename:
        return "ekinerja/" + filename.split("/ekinerja/", 1)[1]
    return filename.rsplit("/lib/", 1)[-1]


def run(url: str, redis_url: str | None, *, steps: tuple[int, int], page: str, app_dir: Path, code: str, top: int) -> dict:
    engine = make_engine(url)
    tokens = mint_sessions(engine, bench_employee_ids(engine)[: steps[1]])
    engine.dispose()
    with tempfile.TemporaryDirectory(prefix="bench-heap-") as folder:
        extra = {"PYTHONTRACEMALLOC": "1", "PYTHONPATH": f"{SITE}:{app_dir}", "BENCH_HEAP_DIR": folder}
        app = start_backend(url, redis_url, workers=1, port=8732, log=ROOT / "bench" / "results" / f"heap-{code}.log",
                            app_dir=app_dir, extra_env=extra)

        async def measure():
            first, failed_first, _, _ = await open_tabs("http://127.0.0.1:8732", tokens[: steps[0]], page)
            await asyncio.sleep(SETTLE_SECONDS)
            before = await _snapshot(Path(folder), "a")
            more, failed_more, _, _ = await open_tabs("http://127.0.0.1:8732", tokens[steps[0] :], page)
            await asyncio.sleep(SETTLE_SECONDS)
            after = await _snapshot(Path(folder), "b")
            await close_tabs(first + more)
            return before, after, len(more), failed_first + failed_more

        try:
            before, after, added, failures = asyncio.run(measure())
        finally:
            stop(app)
    by_file: dict[str, float] = {}
    for stat in after.compare_to(before, "filename"):
        name = _short(stat.traceback[0].filename)
        by_file[name] = by_file.get(name, 0) + stat.size_diff / max(1, added)
    ranked = sorted(by_file.items(), key=lambda item: -item[1])
    result = {
        "benchmark": "heap", "code": code, "page": page, "tabs_added": added, "open_failures": failures,
        "heap_per_tab_kb": round(sum(by_file.values()) / 1024, 1),
        "app_per_tab_kb": round(sum(size for name, size in by_file.items() if name.startswith("ekinerja/")) / 1024, 1),
        "by_file_bytes_per_tab": {name: round(size) for name, size in ranked[:top]},
    }
    record(result)
    return result


def main() -> None:
    parser = server_arguments(__doc__, workers=None)
    parser.add_argument("--tabs", default="300,900", help="tabs open at the first and at the second snapshot")
    parser.add_argument("--page", default=KEGIATAN_HARIAN)
    parser.add_argument("--top", type=int, default=25, help="files listed, largest first")
    parser.add_argument("--apps", default="", help="label=checkout,... measured one after the other")
    args = parser.parse_args()
    first, second = (int(n) for n in args.tabs.split(","))
    for name, path in parse_apps(args.apps).items():
        run(args.url, args.redis, steps=(first, second), page=args.page, app_dir=path, code=name, top=args.top)


if __name__ == "__main__":
    main()
