"""Record the machine the figures come from: cores, memory, CPU model, load average, software versions."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from pathlib import Path

from bench.common import record


def _first_line(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.splitlines()[0].strip()
    except (OSError, IndexError):
        return "?"


def describe() -> dict:
    from importlib.metadata import version

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")))
    return {
        "benchmark": "machine", "cores": os.cpu_count(), "ram_gb": round(mem_kb / 1024 / 1024, 1), "cpu": cpu,
        "kernel": platform.release(), "python": platform.python_version(), "reflex": version("reflex"),
        "granian": version("granian"), "sqlalchemy": version("sqlalchemy"), "sqlite": sqlite3.sqlite_version,
        "postgresql": _first_line(["psql", "--version"]), "redis": _first_line(["redis-server", "--version"]),
        "uptime": _first_line(["uptime"]),
    }


if __name__ == "__main__":
    record(describe())
