"""Bench data: the demo organisation plus many generated employees, a month of their work, and login sessions.

``build(url, employees=20000)`` empties the database, migrates it, seeds the demo province
(300 pegawai, settings, catalogue, TPP defaults) and adds ``employees`` bench pegawai
seated in the demo's staff positions (so they have an atasan, a catalogue and an instansi).
Each gets, for the month before today, five activities per weekday (about 90 % approved)
and an attendance record per weekday: 20,000 employees make about 2.2 million activity rows.
Rows go in by COPY on PostgreSQL and by executemany on SQLite, so it takes minutes.

``mint_sessions`` writes login sessions straight into ``auth_session`` (what a successful
login writes) and returns the raw tokens, so a benchmark need not run thousands of bcrypt
logins first.

    python -m bench.datagen --url sqlite:///data/bench.db --employees 2000
"""

from __future__ import annotations

import argparse
import random
import secrets
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from datetime import time as clock

from sqlalchemy import insert, select, text, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from ekinerja.clock import local_today, utcnow
from ekinerja.db import make_engine
from ekinerja.demo.seed import HASH_ROUNDS, seed_demo
from ekinerja.migrate import downgrade_base, upgrade_head
from ekinerja.models import AuthSession, Employee, Position, PositionAssignment
from ekinerja.services.auth import hash_password, token_digest
from ekinerja.services.org import bump_org_revision

NIP_PREFIX = "88"  # no real NIP starts with a birth year 88xx
PASSWORD = "Bench2026!"
# (start, end) of the five activities of a generated working day: 420 minutes.
DAY_PLAN = ((clock(7, 30), clock(9, 0)), (clock(9, 0), clock(10, 30)), (clock(10, 30), clock(12, 0)),
            (clock(13, 0), clock(14, 30)), (clock(14, 30), clock(15, 30)))
ACTIVITY_COLUMNS = ("employee_id", "activity_date", "start_time", "end_time", "task_text", "quantity", "description",
                    "effective_minutes", "approved_minutes", "status", "decision_reason", "created_at", "updated_at")
ATTENDANCE_COLUMNS = ("employee_id", "day", "check_in", "check_out", "source", "correction_reason", "updated_at")


def bench_nip(index: int) -> str:
    return f"{NIP_PREFIX}{index:016d}"


def last_working_day(today: date | None = None) -> date:
    """Today, or the last Monday-Friday before it: the day the submission benchmarks save on."""
    day = today or local_today()
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def previous_month(today: date) -> tuple[int, int]:
    last = today.replace(day=1) - timedelta(days=1)
    return last.year, last.month


def weekdays(year: int, month: int) -> list[date]:
    day, out = date(year, month, 1), []
    while day.month == month:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


def _minutes(start: clock, end: clock) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def activity_rows(employee_ids: list[int], days: list[date], rng: random.Random) -> Iterator[tuple]:
    now = utcnow()
    for eid in employee_ids:
        for day in days:
            for start, end in DAY_PLAN:
                minutes = _minutes(start, end)
                roll = rng.random()
                status, approved = ("disetujui", minutes) if roll < 0.9 else ("diajukan", None) if roll < 0.95 else ("ditolak", None)
                yield (eid, day, start, end, "Kegiatan harian (bench)", 1, "", minutes, approved, status,
                       "Tidak sesuai" if status == "ditolak" else "", now, now)


def attendance_rows(employee_ids: list[int], days: list[date], rng: random.Random) -> Iterator[tuple]:
    now = utcnow()
    for eid in employee_ids:
        for day in days:
            if rng.random() < 0.03:
                continue  # an unexplained absence now and then
            late = rng.random() < 0.1
            yield (eid, day, clock(7, 45 if late else 20), clock(16, 5), "import", "", now)


def _copy(engine: Engine, table: str, columns: tuple[str, ...], rows: Iterator[tuple]) -> int:
    """PostgreSQL COPY; SQLite executemany in chunks. Returns the row count."""
    count = 0
    if engine.dialect.name == "postgresql":
        raw = engine.raw_connection()
        try:
            with raw.driver_connection.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            raw.commit()
        finally:
            raw.close()
        return count
    statement = insert(SQLModel.metadata.tables[table])  # typed: SQLite needs times and dates converted
    chunk: list[dict] = []
    with engine.begin() as conn:
        for row in rows:
            chunk.append(dict(zip(columns, row, strict=True)))
            if len(chunk) >= 20_000:
                conn.execute(statement, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            conn.execute(statement, chunk)
            count += len(chunk)
    return count


def add_employees(engine: Engine, count: int) -> list[int]:
    """``count`` bench pegawai, seated round-robin in the demo's staff positions; their ids in order."""
    password_hash = hash_password(PASSWORD, rounds=HASH_ROUNDS)
    now = utcnow()
    with Session(engine) as session:
        positions = session.execute(select(Position.id).where(Position.kind != "struktural").order_by(Position.id)).scalars().all()
        session.execute(insert(Employee), [
            {"nip": bench_nip(i), "name": f"Pegawai Bench {i}", "status": "PNS", "password_hash": password_hash,
             "must_change_password": False, "password_changed_at": now, "active": True, "created_at": now,
             "gelar_depan": "", "gelar_belakang": "", "pangkat_golongan": "Penata Muda (III/a)"}
            for i in range(count)
        ])
        ids = session.execute(
            select(Employee.id).where(Employee.nip.like(f"{NIP_PREFIX}%")).order_by(Employee.nip)
        ).scalars().all()
        session.execute(insert(PositionAssignment), [
            {"employee_id": eid, "position_id": positions[i % len(positions)], "kind": "definitif",
             "start_date": date(2020, 1, 2), "end_date": None, "note": "", "created_at": now}
            for i, eid in enumerate(ids)
        ])
        bump_org_revision(session)
        session.commit()
    return list(ids)


def build(url: str, *, employees: int, month_data: bool = True, today: date | None = None) -> dict:
    """Empty, migrate and fill the database at ``url``; returns what was made and how long it took."""
    today = today or local_today()
    started = time.perf_counter()
    downgrade_base(url)
    upgrade_head(url)
    engine = make_engine(url)
    with Session(engine) as session:
        seed_demo(session, today=today)
        session.commit()
    ids = add_employees(engine, employees)
    year, month = previous_month(today)
    activities = attendance = 0
    if month_data:
        rng = random.Random(2026)
        days = weekdays(year, month)
        activities = _copy(engine, "daily_activity", ACTIVITY_COLUMNS, activity_rows(ids, days, rng))
        attendance = _copy(engine, "attendance_record", ATTENDANCE_COLUMNS, attendance_rows(ids, days, rng))
        with engine.connect() as conn:
            conn.execute(text("ANALYZE"))
            conn.commit()
    engine.dispose()
    return {"employees": len(ids), "activity_rows": activities, "attendance_rows": attendance,
            "year": year, "month": month, "seconds": round(time.perf_counter() - started, 1)}


def bench_employee_ids(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(select(Employee.id).where(Employee.nip.like(f"{NIP_PREFIX}%")).order_by(Employee.nip)).scalars())


def mint_sessions(engine: Engine, employee_ids: list[int]) -> list[str]:
    """One fresh login session per employee, as ``auth.login`` would store it; the raw tokens in order.
    Each employee has set their own password already: a demo account (the generated staff's atasan)
    would otherwise be sent to Ganti Kata Sandi, and an atasan's tab would never show its queue."""
    tokens = [secrets.token_urlsafe(32) for _ in employee_ids]
    now: datetime = utcnow()
    with engine.begin() as conn:
        conn.execute(update(Employee).where(Employee.id.in_(set(employee_ids)), Employee.must_change_password).values(
            must_change_password=False, password_changed_at=now))
        conn.execute(insert(AuthSession), [
            {"token_hash": token_digest(t), "employee_id": eid, "created_at": now, "last_seen_at": now, "ended_at": None}
            for t, eid in zip(tokens, employee_ids, strict=True)
        ])
    return tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--no-month", action="store_true", help="skip the month of activities and attendance")
    args = parser.parse_args()
    print(build(args.url, employees=args.employees, month_data=not args.no_month))


if __name__ == "__main__":
    main()
