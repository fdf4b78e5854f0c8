"""Render a results file (JSON lines from the benchmarks) as the Markdown tables docs/performance.md quotes.

    python -m bench.report bench/results/latest.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

P95_TARGET_MS = 200
FLOOR_FACTOR = 2.0
RECAP_FACTOR = 2.0
SESSION_KB_TARGET = 50
RENDER_TARGET_S = 1.0


def _mark(ok: bool) -> str:
    return "met" if ok else "MISSED"


def render(results: list[dict]) -> str:
    out: list[str] = []
    machines = [r for r in results if r["benchmark"] == "machine"]
    if machines:
        m = machines[0]
        out += ["### Machine", "",
                (f"{m['cores']} cores ({m['cpu']}), {m['ram_gb']} GB RAM, Linux {m['kernel']}; Python {m['python']}, "
                f"Reflex {m['reflex']}, Granian {m['granian']}, SQLAlchemy {m['sqlalchemy']}, SQLite {m['sqlite']}, "
                f"{m['postgresql']}, {m['redis'].split(' sha=')[0]}."), "",
                *(f"- `uptime` at {r['at']}: {r['uptime'].split('load average:')[-1].strip()} (1/5/15 min load)" for r in machines), ""]
    submits = [r for r in results if r["benchmark"] == "submit"]
    if submits:
        out += ["### 1. Month-end submission (3 saves per employee, each answered with the month total)", "",
                ("| setup | N | app events/s | app p50 / p95 / p99 ms | app errors | floor events/s | floor p50 / p95 / p99 ms "
                "| floor errors | p95 ratio | throughput ratio | tabs' idle server CPU | load avg | target |"),
                "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in submits:
            a, f = r["app"], r["floor"]
            ok = a["p95_ms"] < P95_TARGET_MS and a["errors"] == 0 and (r["ratio_p95"] or 99) <= FLOOR_FACTOR
            out.append(
                f"| {r['setup']} ({r['workers']} w) | {r['employees']} | {a['events_per_s']} | {a['p50_ms']} / {a['p95_ms']} / {a['p99_ms']} "
                f"| {a['errors']} | {f['events_per_s']} | {f['p50_ms']} / {f['p95_ms']} / {f['p99_ms']} | {f['errors']} "
                f"| {r['ratio_p95']}x | {r['ratio_throughput']}x | {a.get('idle_server_cpu_pct', '?')} % | {r['loadavg']:.1f} | {_mark(ok)} |")
        kinds: dict[str, int] = {}
        for r in submits:
            for kind, count in r["app"].get("error_kinds", {}).items():
                # A backend exception reaches the browser as a generic toast: name it, not its JavaScript.
                label = "backend exception (toast 'An error occurred.')" if "An error occurred" in kind else kind
                kinds[label] = kinds.get(label, 0) + count
        if kinds:
            out += ["", "App errors seen, all runs: " + "; ".join(f"{k} ({v})" for k, v in kinds.items())]
        out += ["", "Server/client CPU seconds during the timed phase: " + "; ".join(
            f"{r['setup']} N={r['employees']}: app {r['app']['server_cpu_s']}/{r['app']['client_cpu_s']}, "
            f"floor {r['floor']['server_cpu_s']}/{r['floor']['client_cpu_s']}" for r in submits), ""]
    recaps = [r for r in results if r["benchmark"] == "recap"]
    if recaps:
        out += ["### 2. Monthly TPP recap", "",
                ("| database | employees | activity rows in month | data generation s | bare SQL s | recap s (cold) | ratio "
                "| recap with lines s (cold) | ratio | load avg | target |"),
                "|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in recaps:
            out.append(
                f"| {r['database']} | {r['employees']} | {r['activity_rows']:,} | {r.get('datagen_s', '-')} | {r['bare_s']} "
                f"| {r['recap_s']} ({r['recap_cold_s']}) | {r['ratio']}x | {r['recap_with_lines_s']} ({r['recap_with_lines_cold_s']}) "
                f"| {r['ratio_with_lines']}x | {r['loadavg']:.1f} | {_mark(r['ratio'] <= RECAP_FACTOR)} |")
        out.append("")
    for r in (r for r in results if r["benchmark"] == "memory"):
        out += ["### 3. Memory with idle signed-in sessions (Dashboard open)", "",
                "| sessions | backend processes | Pss MB | Rss MB | Redis used MB | idle server CPU |", "|---|---|---|---|---|---|"]
        for s in r["steps"]:
            out.append(f"| {s['sessions']} | {s['processes']} | {s['pss_kb'] / 1024:.0f} | {s['rss_kb'] / 1024:.0f} "
                       f"| {s['redis_used_kb'] / 1024:.1f} | {s['idle_cpu_pct']} % |")
        out += ["", (f"Per session: {r['pss_per_session_kb']} KB backend Pss + {r['redis_per_session_kb']} KB Redis = "
                f"{r['total_per_session_kb']} KB (target {SESSION_KB_TARGET} KB: "
                f"{_mark(r['total_per_session_kb'] <= SESSION_KB_TARGET)}); marginal between the last two steps: "
                f"{r.get('marginal_kb', '-')} KB; a bare Socket.IO connection (no page, not signed in): "
                f"{r.get('bare_connection_kb', '-')} KB. Load avg {r['loadavg']:.1f}."), ""]
    for r in (r for r in results if r["benchmark"] == "pageload"):
        out += ["### 4. Dashboard in headless Chromium, production build", "",
                "| first load after start s | cold (new browser context) s | cold FCP s | warm median s | warm FCP s | load avg | target |",
                "|---|---|---|---|---|---|---|",
                (f"| {r['first_after_start_s']} | {r['cold_s']} | {r['cold_fcp_s']} | {r['warm_s']} | {r['warm_fcp_s']} "
                f"| {r['loadavg']:.1f} | cold {_mark(r['cold_s'] < RENDER_TARGET_S)}, warm {_mark(r['warm_s'] < RENDER_TARGET_S)} |"), ""]
    return "\n".join(out)


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/results/latest.jsonl")
    print(render([json.loads(line) for line in path.read_text().splitlines() if line.strip()]))


if __name__ == "__main__":
    main()
