"""Render a results file (JSON lines from the benchmarks) as the Markdown tables docs/performance.md quotes.

    python -m bench.report bench/results/latest.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

RECAP_FACTOR = 2.0
SESSION_KB_TARGET = 50
# Issue 17: CPU per save within 2x the floor's, throughput at least 70 % of it, open-loop p95 targets
# at (N tabs, saves per second), the app's own memory per tab beyond the bare connection.
CPU_FACTOR = 2.0
THROUGHPUT_SHARE = 70
OPEN_LOOP_P95_MS = {(2000, 50): 100, (3000, 150): 150}
APP_KB_TARGET = 25
RENDER_TARGET_S = 1.0


def _app_share(r: dict) -> str:
    base = r.get("marginal_kb", r["total_per_session_kb"])
    if "bare_connection_kb" not in r:
        return "-"
    share = round(base - r["bare_connection_kb"], 1)
    return f"{share} ({_mark(share <= APP_KB_TARGET)})"


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
        out += ["### 1. Month-end submission, closed loop (3 saves per employee, each answered with the month total)", "",
                ("| code | N | saves/s | p50 / p95 / p99 ms | busy answers | saved, then error | errors | CPU ms/save "
                "| PostgreSQL / Redis CPU ms/save | floor saves/s | floor CPU ms | floor PostgreSQL CPU ms "
                "| blank events/s | blank CPU ms | CPU vs floor | throughput vs floor | load avg |"),
                "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in submits:
            a, f, b = r["app"], r["floor"], r.get("blank") or {}
            share = round(100 * a["events_per_s"] / f["events_per_s"]) if f["events_per_s"] else 0
            out.append(
                f"| {r.get('code', 'app')} | {r['employees']} | {a['events_per_s']} | {a['p50_ms']} / {a['p95_ms']} / {a['p99_ms']} "
                f"| {a.get('busy_answers', '-')} | {a.get('saved_then_error', '-')} | {a['errors']} | {a.get('cpu_ms_per_event', '-')} "
                f"| {a.get('postgres_cpu_ms_per_event', '-')} / {a.get('redis_cpu_ms_per_event', '-')} "
                f"| {f['events_per_s']} | {f.get('cpu_ms_per_event', '-')} | {f.get('postgres_cpu_ms_per_event', '-')} "
                f"| {b.get('events_per_s', '-')} | {b.get('cpu_ms_per_event', '-')} "
                f"| {r.get('ratio_cpu', '-')}x ({_mark((r.get('ratio_cpu') or 99) <= CPU_FACTOR)}) "
                f"| {share} % ({_mark(share >= THROUGHPUT_SHARE)}) | {r['loadavg']:.1f} |")
        kinds: dict[str, int] = {}
        for r in submits:
            for kind, count in r["app"].get("error_kinds", {}).items():
                # A backend exception reaches the browser as a generic toast: name it, not its JavaScript.
                label = "backend exception (toast 'An error occurred.')" if "An error occurred" in kind else kind
                kinds[label] = kinds.get(label, 0) + count
        if kinds:
            out += ["", "App errors seen, all runs: " + "; ".join(f"{k} ({v})" for k, v in kinds.items())]
        out.append("")
    opens = [r for r in results if r["benchmark"] == "openloop"]
    if opens:
        out += ["### 1b. Month end, open loop (N tabs: 80 % Kegiatan Harian, 15 % Input Pimpinan, 5 % Dashboard)", "",
                ("| code | N | R offered / saved per s | save p50 / p95 / p99 ms | busy | saved, then error | errors "
                "| bulk approvals, p50 / p95 / p99 ms | page open p95 ms (KH / IP / Dashboard) | CPU ms/save "
                "| PostgreSQL / Redis CPU ms/save | load avg | target |"),
                "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in opens:
            save, bulk, pages = r["save"], r["bulk_approve"], r["page_open"]
            errors = sum(save["errors"].values()) + bulk["errors"] + r["open_failures"]
            target = OPEN_LOOP_P95_MS.get((r["employees_tabs"], int(r["rate"])))
            verdict = "-" if target is None else _mark(save["p95_ms"] < target and errors == 0 and save["saved_then_error"] == 0)
            out.append(
                f"| {r['code']} | {r['employees_tabs']} | {r['offered_saves_per_s']} / {r['saves_per_s']} "
                f"| {save['p50_ms']} / {save['p95_ms']} / {save['p99_ms']} | {save['busy_answers']} | {save['saved_then_error']} "
                f"| {errors} | {bulk['n']}: {bulk['p50_ms']} / {bulk['p95_ms']} / {bulk['p99_ms']} "
                f"| {' / '.join(str(pages[k]['p95_ms']) for k in ('kegiatan_harian', 'input_pimpinan', 'dashboard'))} "
                f"| {r['cpu_ms_per_save']} | {r.get('postgres_cpu_ms_per_save', '-')} / {r.get('redis_cpu_ms_per_save', '-')} "
                f"| {r['loadavg']:.1f} | {verdict}{f' (p95 < {target} ms)' if target else ''} |")
        out.append("")
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
        out += [f"### 3. Memory with idle signed-in sessions ({r.get('page', '/')} open): {r.get('code', 'app')}", "",
                "| sessions | backend processes | Pss MB | Rss MB | Redis used MB | idle server CPU |", "|---|---|---|---|---|---|"]
        for s in r["steps"]:
            out.append(f"| {s['sessions']} | {s['processes']} | {s['pss_kb'] / 1024:.0f} | {s['rss_kb'] / 1024:.0f} "
                       f"| {s['redis_used_kb'] / 1024:.1f} | {s['idle_cpu_pct']} % |")
        out += ["", (f"Per session: {r['pss_per_session_kb']} KB backend Pss + {r['redis_per_session_kb']} KB Redis = "
                f"{r['total_per_session_kb']} KB (target {SESSION_KB_TARGET} KB: "
                f"{_mark(r['total_per_session_kb'] <= SESSION_KB_TARGET)}); marginal between the last two steps: "
                f"{r.get('marginal_kb', '-')} KB; a bare Socket.IO connection (no page, not signed in): "
                f"{r.get('bare_connection_kb', '-')} KB; the app's own share beyond it: {_app_share(r)} KB "
                f"(target {APP_KB_TARGET} KB). Load avg {r['loadavg']:.1f}."), ""]
    notes = [r for r in results if r["benchmark"] == "lock_notes"]
    if notes:
        out += ["### 3c. What a worker is sent for the state locks taken and released elsewhere", "",
                "| state manager | lock cycles | messages per cycle | listener CPU µs per cycle | load avg |", "|---|---|---|---|---|"]
        out += [f"| {r['manager']} | {r['cycles']} | {r['messages_per_cycle']} | {r['listener_us_per_cycle']} | {r['loadavg']:.1f} |"
                for r in notes]
        out.append("")
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
