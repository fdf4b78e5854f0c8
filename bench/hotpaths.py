"""The month end's three shared costs, in-process, for the code on this interpreter's path.

Against a database built by ``bench.datagen``, with the generated staff's atasan (as ``bench.openloop``
picks them), prints (and records, see ``bench.common.record``) one JSON line each:

* ``queue_read``: one refresh of an atasan's Input Pimpinan queue (the page, its overdue group and
  the counts per subordinate), as a subordinate's save sets it off: ms per read.
* ``bulk_approve``: approving ``--bulk`` pending entries of one team at once, rolled back after each
  run: ms per approval.
* ``hub_round``: one round of a worker's live hub for 800 Kegiatan Harian tabs and 150 Input
  Pimpinan tabs (each with the menu's badge): ms wall and CPU per round.
* ``session_lookup``: resolving a session an event presents, as a tab's event does when the
  worker's actor cache does not answer it: ms per lookup.
* ``session_check``: the hub's session check (every few seconds) for the 950 sessions of those
  tabs: ms per check.

To compare two versions, run it from each one's tree on the same database, one after the other:

    python -m bench.hotpaths --url postgresql+psycopg://... [--bulk 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time

from sqlmodel import Session, select

from bench.common import record
from bench.datagen import bench_employee_ids, mint_sessions
from bench.openloop import atasan_of
from ekinerja.access import Actor
from ekinerja.db import make_engine, session_scope
from ekinerja.models import DailyActivity
from ekinerja.services import activity_review as review
from ekinerja.services import dialog
from ekinerja.services.auth import resolve_session
from ekinerja.state import guard, live
from ekinerja.state.input_pimpinan import _read_queue


def _median_ms(run, times: int) -> tuple[float, float]:
    """Median wall and CPU ms of ``run()`` over ``times`` runs, after two untimed ones."""
    for _ in range(2):
        run()
    wall, cpu = [], []
    for _ in range(times):
        started, used = time.perf_counter(), time.process_time()
        run()
        wall.append(1000 * (time.perf_counter() - started))
        cpu.append(1000 * (time.process_time() - used))
    return round(statistics.median(wall), 1), round(statistics.median(cpu), 1)


def _hub_round(watchers: list[live.Watcher]):
    """One hub round as ``live.Hub.run`` makes it (without its sleep and session check)."""
    previous: dict = {}

    def run() -> None:
        nonlocal previous
        readings, _ = live.read_markers(watchers, check_sessions=False)
        if hasattr(live, "observe_moved"):
            live.observe_moved(watchers, readings, previous)
        else:  # versions before issue 17's sixth round compared every tab each round
            for watcher in watchers:
                watcher.observe(readings[watcher.marker])
        previous = readings

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--bulk", type=int, default=50)
    parser.add_argument("--times", type=int, default=20)
    args = parser.parse_args()
    os.environ["EKINERJA_DATABASE_URL"] = args.url  # the app's own sessions (session_scope) too
    engine = make_engine(args.url)
    staff = bench_employee_ids(engine)[:1600]
    atasan = atasan_of(engine, staff)
    with session_scope() as session:
        actors = [resolve_session(session, token=token).actor for token in mint_sessions(engine, atasan[:3])]
        opened = review.latest_activity_id(session)
        teams = {a: sorted(review.team_of(session, actor=_stand_in(a))) for a in atasan}
    reads = iter(range(10**9))
    wall, cpu = _median_ms(lambda: _read_queue(actors[next(reads) % 3], ("", "", 1, opened)), args.times)
    record({"benchmark": "queue_read", "team": len(teams[atasan[0]]), "wall_ms": wall, "cpu_ms": cpu})

    with Session(engine) as session:
        pending = session.exec(
            select(DailyActivity.id).where(DailyActivity.employee_id.in_(teams[actors[0].employee_id]), DailyActivity.status == "diajukan")
            .limit(args.bulk)
        ).all()

    def approve() -> None:
        with Session(engine) as session:
            review.bulk_approve(session, actor=actors[0], activity_ids=pending)
            session.rollback()

    wall, cpu = _median_ms(approve, max(5, args.times // 2))
    record({"benchmark": "bulk_approve", "entries": len(pending), "wall_ms": wall, "cpu_ms": cpu})

    entries, badge = live.Marker.of(review.change_markers), live.Marker.of(dialog.unread_marker)

    async def watchers() -> list[live.Watcher]:  # a Watcher's wake event wants a running loop
        found = []
        for employee_id in staff[:800]:
            found += [live.Watcher(entries, frozenset([employee_id]), 1), live.Watcher(badge, frozenset([employee_id]), 1)]
        for index in range(150):
            head = atasan[index % len(atasan)]
            found += [live.Watcher(entries, frozenset(teams[head]), 1), live.Watcher(badge, frozenset([*teams[head], head]), 1)]
        return found

    tabs = asyncio.run(watchers())
    wall, cpu = _median_ms(_hub_round(tabs), args.times)
    employees = len(set().union(*(w.employee_ids for w in tabs)))
    record({"benchmark": "hub_round", "tabs": len(tabs) // 2, "employees": employees, "wall_ms": wall, "cpu_ms": cpu})

    tokens = mint_sessions(engine, staff[:950])
    lookups = iter(range(10**9))
    wall, cpu = _median_ms(lambda: guard._resolve(tokens[next(lookups) % len(tokens)]), args.times * 5)
    record({"benchmark": "session_lookup", "wall_ms": wall, "cpu_ms": cpu})
    with session_scope() as session:
        session_ids = {resolve_session(session, token=token).actor.session_id for token in tokens}

    def check() -> None:
        with session_scope() as session:
            if hasattr(live, "_check_sessions"):
                live._check_sessions(session, session_ids)
            else:  # versions before issue 17's seventh round only asked which sessions were alive
                live.live_sessions(session, session_ids=session_ids)

    wall, cpu = _median_ms(check, args.times)
    record({"benchmark": "session_check", "sessions": len(session_ids), "wall_ms": wall, "cpu_ms": cpu})
    engine.dispose()


def _stand_in(employee_id: int) -> Actor:
    """An atasan as ``team_of`` needs one (their id): the team does not depend on the session."""
    return Actor(employee_id=employee_id, session_id=0, nip="", display_name="", roles=frozenset(), must_change_password=False,
                 unit_id=None, instansi_id=None, is_supervisor=True)


if __name__ == "__main__":
    main()
