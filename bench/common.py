"""Shared bench plumbing: where results go, starting and stopping servers, percentiles, memory of a process tree."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import redis
from sqlalchemy import Engine

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench" / "results" / "latest.jsonl"))


def record(result: dict) -> None:
    """Print one result and append it, with the load average at that moment, to the results file."""
    result = {**result, "loadavg": os.getloadavg()[0], "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a") as out:
        out.write(json.dumps(result) + "\n")
    print(json.dumps(result), flush=True)


def server_arguments(doc: str, *, workers: int | None = 2) -> argparse.ArgumentParser:
    """The command line of a benchmark that starts the app: the database, Redis and (unless ``workers``
    is None) the worker count; the script adds its own."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--redis", default=None)
    if workers is not None:
        parser.add_argument("--workers", type=int, default=workers)
    return parser


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def start(command: list[str], *, env: dict[str, str], log: Path, cwd: Path = ROOT) -> subprocess.Popen:
    """A server in its own process group (so stop() ends it and all its workers), output to ``log``."""
    log.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(command, cwd=cwd, env={**os.environ, **env}, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_http(url: str, *, process: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(url)


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(children.get(current, []))
    return out


def memory_kb(pid: int) -> dict[str, int]:
    """Rss and Pss (kB) of one process from /proc/<pid>/smaps_rollup."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("Rss", "Pss"):
            values[key.lower()] = int(rest.split()[0])
    return values


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def app_env(database_url: str, redis_url: str | None, workers: int) -> dict[str, str]:
    """The EKINERJA_* settings of a benchmark server; long idle timeout so minted sessions outlive the run."""
    env = {"EKINERJA_DATABASE_URL": database_url, "EKINERJA_SESSION_IDLE_MINUTES": "600", "GRANIAN_WORKERS": str(workers),
           "REFLEX_TELEMETRY_ENABLED": "false", "EKINERJA_REDIS_URL": redis_url or ""}
    return env


# The checkout whose app the benchmarks start (BENCH_APP_DIR): another worktree measures the code
# before a change with the same scripts, in the same window.
APP_DIR = Path(os.environ.get("BENCH_APP_DIR", ROOT))
BLANK_DIR = ROOT / "bench" / "blank"


def start_backend(
    database_url: str, redis_url: str | None, *, workers: int, port: int, log: Path, app_dir: Path = APP_DIR,
    extra_env: dict[str, str] | None = None,
) -> subprocess.Popen:
    """The Reflex backend in production mode (granian, ``workers`` processes; one without Redis)."""
    process = start(["reflex", "run", "--env", "prod", "--backend-only", "--backend-port", str(port), "--loglevel", "warning"],
                    env={**app_env(database_url, redis_url, workers), **(extra_env or {})}, log=log, cwd=app_dir)
    wait_http(f"http://127.0.0.1:{port}/ping", process=process)
    return process


def start_blank(redis_url: str | None, *, workers: int, port: int, log: Path) -> subprocess.Popen:
    """bench/blank: a Reflex app with one counter, same workers and Redis: the framework's own floor."""
    return start_backend("", redis_url, workers=workers, port=port, log=log, app_dir=BLANK_DIR)


def start_floor(database_url: str, *, workers: int, port: int, log: Path) -> subprocess.Popen:
    process = start(["granian", "--interface", "asgi", "--workers", str(workers), "--port", str(port), "--log-level", "warning",
                     "bench.floor:app"], env=app_env(database_url, None, workers), log=log)
    wait_http(f"http://127.0.0.1:{port}/ping", process=process)
    return process


def worker_pids(process: subprocess.Popen) -> list[int]:
    """The server's processes: the supervisor and its workers."""
    return [pid for pid in descendants(process.pid) if "python" in cmdline(pid) or "granian" in cmdline(pid) or "reflex" in cmdline(pid)]


def cpu_seconds(pids: list[int], *, reaped: bool = False) -> float:
    """CPU time of these processes; ``reaped``: with that of their children that have ended."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11 : 15 if reaped else 13])
    return total / os.sysconf("SC_CLK_TCK")


class ServicesMeter:
    """The CPU that the run's PostgreSQL and Redis servers (on this machine) have used so far: a save's
    share of the machine beside the workers' own. PostgreSQL counts its postmaster and every process
    under it, those that ended meanwhile included; Redis counts what its ``INFO cpu`` says. A database
    that is not PostgreSQL (SQLite runs in the workers) counts nothing."""

    def __init__(self, engine: Engine, redis_url: str | None) -> None:
        self._postmaster: int | None = None
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                data_directory = connection.exec_driver_sql("SHOW data_directory").scalar_one()
            self._postmaster = int((Path(data_directory) / "postmaster.pid").read_text().split()[0])
        self._redis = redis.Redis.from_url(redis_url) if redis_url else None

    def read(self) -> dict[str, float]:
        seconds = {"postgres": 0.0, "redis": 0.0}
        if self._postmaster is not None:
            below = [pid for pid in descendants(self._postmaster) if pid != self._postmaster]
            seconds["postgres"] = cpu_seconds([self._postmaster], reaped=True) + cpu_seconds(below)
        if self._redis is not None:
            info = self._redis.info("cpu")
            seconds["redis"] = info["used_cpu_sys"] + info["used_cpu_user"]
        return seconds

    @staticmethod
    def per_event(before: dict[str, float], after: dict[str, float], events: int, *, event: str = "event") -> dict[str, float]:
        """{"postgres_cpu_ms_per_<event>": ..., "redis_cpu_ms_per_<event>": ...} between two readings."""
        return {f"{name}_cpu_ms_per_{event}": round(1000 * (after[name] - before[name]) / max(1, events), 2) for name in after}
