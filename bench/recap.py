"""Benchmark 2: the instansi-wide TPP recap of a month, against the bare SQL aggregate over the same rows.

Times ``services.tpp.instansi_recap`` (what the TPP page shows the admin) and
``recap_with_lines`` (the Excel/PDF export: every employee's explained lines) for the month
``bench.datagen`` filled, as the demo admin. The first call is reported apart ("cold": it loads
the org snapshot, which the app caches per worker); the others are the median of ``--repeat``.
The floor is the bare SQL aggregate a hand-written report would run: approved minutes per
employee, and attendance days and late days per employee, in the month.

    python -m bench.recap --url postgresql+psycopg://... [--build 20000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from sqlalchemy import text
from sqlmodel import Session

from bench.common import record
from bench.datagen import build, mint_sessions, previous_month
from ekinerja.clock import local_today
from ekinerja.db import make_engine
from ekinerja.services import tpp
from ekinerja.services.attendance import month_bounds
from ekinerja.services.auth import resolve_session

ADMIN_NIP = "198106142017071353"

BARE_SQL = (
    ("SELECT employee_id, SUM(approved_minutes) FROM daily_activity "
    "WHERE status = 'disetujui' AND activity_date BETWEEN :first AND :last GROUP BY employee_id"),
    ("SELECT employee_id, COUNT(*), SUM(CASE WHEN check_in > :late THEN 1 ELSE 0 END) FROM attendance_record "
    "WHERE day BETWEEN :first AND :last GROUP BY employee_id"),
)


def _timed(fn, repeat: int) -> tuple[float, float, object]:
    """(first call seconds, median of the next ``repeat`` calls, last result)."""
    started = time.perf_counter()
    result = fn()
    cold = time.perf_counter() - started
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - started)
    return cold, statistics.median(runs), result


def run(url: str, *, repeat: int = 3) -> dict:
    engine = make_engine(url)
    year, month = previous_month(local_today())
    first, last = month_bounds(year, month)
    params = {"first": first, "last": last, "late": "07:30:00"}
    with engine.connect() as conn:
        admin_id = conn.execute(text("SELECT id FROM employee WHERE nip = :nip"), {"nip": ADMIN_NIP}).scalar_one()
        rows = conn.execute(
            text("SELECT COUNT(*) FROM daily_activity WHERE activity_date BETWEEN :first AND :last"), params
        ).scalar_one()
    token = mint_sessions(engine, [admin_id])[0]
    with Session(engine) as session:
        actor = resolve_session(session, token=token).actor
        session.commit()

    def recap():
        with Session(engine) as session:
            return tpp.instansi_recap(session, actor=actor, year=year, month=month)

    def with_lines():
        with Session(engine) as session:
            return tpp.recap_with_lines(session, actor=actor, year=year, month=month)

    def bare():
        with engine.connect() as conn:
            return [conn.execute(text(sql), params).all() for sql in BARE_SQL]

    bare_cold, bare_warm, bare_rows = _timed(bare, repeat)
    recap_cold, recap_warm, result = _timed(recap, repeat)
    lines_cold, lines_warm, _ = _timed(with_lines, repeat)
    engine.dispose()
    return {
        "benchmark": "recap", "database": engine.dialect.name, "year": year, "month": month,
        "employees": len(result.rows), "activity_rows": rows, "bare_groups": len(bare_rows[0]),
        "bare_cold_s": round(bare_cold, 3), "bare_s": round(bare_warm, 3),
        "recap_cold_s": round(recap_cold, 3), "recap_s": round(recap_warm, 3),
        "recap_with_lines_cold_s": round(lines_cold, 3), "recap_with_lines_s": round(lines_warm, 3),
        "ratio": round(recap_warm / bare_warm, 1), "ratio_with_lines": round(lines_warm / bare_warm, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--build", type=int, default=0, help="first generate this many employees with a month of data")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.build:
        made = build(args.url, employees=args.build)
        print(json.dumps({"datagen": made}))
    result = run(args.url, repeat=args.repeat)
    if args.build:
        result["datagen_s"] = made["seconds"]
    record(result)


if __name__ == "__main__":
    main()
