"""Loaded by every Python process that ``bench.heap`` starts (through PYTHONPATH): in each worker
process the server forks, a thread waits for the benchmark to ask for a snapshot of what
tracemalloc traces (PYTHONTRACEMALLOC) and writes it to BENCH_HEAP_DIR."""

from __future__ import annotations

import gc
import os
import threading
import time
import tracemalloc
from pathlib import Path

POLL_SECONDS = 0.5


def _answer_requests(folder: Path) -> None:
    request = folder / "request"
    answered = ""
    while True:
        time.sleep(POLL_SECONDS)
        try:
            tag = request.read_text().strip()
        except OSError:
            continue
        if tag == answered:
            continue
        answered = tag
        gc.collect()  # only what is still reachable counts
        tracemalloc.take_snapshot().dump(str(folder / f"{os.getpid()}-{tag}.snap"))


def _start() -> None:
    folder = os.environ.get("BENCH_HEAP_DIR")
    if folder and tracemalloc.is_tracing():
        threading.Thread(target=_answer_requests, args=(Path(folder),), daemon=True).start()


# Only in forked processes: the server's workers (its command-line process and supervisor are not).
os.register_at_fork(after_in_child=_start)
