"""The month end's three shared costs, in-process, for the code on this interpreter's path.

Against a database built by ``bench.datagen``, with the generated staff's atasan (as ``bench.openloop``
picks them), prints (and records, see ``bench.common.record``) one JSON line each:

* ``queue_read``: one refresh of an atasan's Input Pimpinan queue (the page, its overdue group and
  the counts per subordinate), as a subordinate's save sets it off (one of the team edits a waiting
  entry first, untimed): ms per read.
* ``bulk_approve``: each atasan in turn approving ``--bulk`` pending entries of their team at once,
  spread over the days they wait from, rolled back after each run: ms per approval.
* ``bulk_approve_after_org_change``: the same for the atasan whose entries span the most days, with
  the worker's org snapshots forgotten first, as an org change makes it: ms per approval.
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
import itertools
import os
import statistics
import time

from sqlalchemy import update
from sqlmodel import Session, select

from bench.common import record
from bench.datagen import bench_employee_ids, mint_sessions
from bench.openloop import atasan_of
from ekinerja.access import Actor
from ekinerja.db import make_engine, session_scope
from ekinerja.models import DailyActivity
from ekinerja.services import activity_review as review
from ekinerja.services import dialog, org
from ekinerja.services.auth import resolve_session
from ekinerja.state import guard, live
from ekinerja.state.input_pimpinan import _read_queue


def _median_ms(run, times: int, *, before=lambda: None) -> tuple[float, float]:
    """Median wall and CPU ms of ``run()`` over ``times`` runs, after two untimed ones; ``before()``
    runs untimed ahead of each."""
    for _ in range(2):
        before()
        run()
    wall, cpu = [], []
    for _ in range(times):
        before()
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
        # Every atasan signed in: the queue is read for the first three, and all of them approve in turn.
        deciders = [resolve_session(session, token=token).actor for token in mint_sessions(engine, atasan)]
        opened = review.latest_activity_id(session)
        teams = {a: sorted(review.team_of(session, actor=_stand_in(a))) for a in atasan}
    turn = [0]

    def a_subordinate_saves() -> None:
        """A member of the next of the first three teams edits a waiting entry: what wakes their atasan's queue."""
        turn[0] += 1
        team = teams[atasan[turn[0] % 3]]
        with engine.begin() as connection:
            waiting = select(DailyActivity.id).where(DailyActivity.employee_id.in_(team), DailyActivity.status == "diajukan")
            connection.execute(update(DailyActivity).where(DailyActivity.id == waiting.limit(1).scalar_subquery())
                               .values(description=f"diubah {turn[0]}"))

    wall, cpu = _median_ms(lambda: _read_queue(deciders[turn[0] % 3], ("", "", 1, opened)), args.times,
                           before=a_subordinate_saves)
    record({"benchmark": "queue_read", "team": len(teams[atasan[0]]), "wall_ms": wall, "cpu_ms": cpu})

    # Every atasan approves in turn, as at month end: the worker's org snapshots serve all their days.
    with Session(engine) as session:
        waiting = session.exec(
            select(DailyActivity.id, DailyActivity.activity_date, DailyActivity.employee_id)
            .where(DailyActivity.employee_id.in_(set().union(*teams.values())), DailyActivity.status == "diajukan")
            .order_by(DailyActivity.id)
        ).all()
    waiting_of: dict[int, list] = {}
    for entry_id, day, employee_id in waiting:
        waiting_of.setdefault(employee_id, []).append((entry_id, day))
    chosen = [_spread_over_days([e for member in teams[a.employee_id] for e in waiting_of.get(member, [])], args.bulk) for a in deciders]
    turns = iter(range(10**9))

    def approve() -> None:
        turn = next(turns) % len(deciders)
        with Session(engine) as session:
            review.bulk_approve(session, actor=deciders[turn], activity_ids=chosen[turn])
            session.rollback()

    wall, cpu = _median_ms(approve, max(len(deciders), args.times // 2))
    days = len({day for _, day, _ in waiting})
    record({"benchmark": "bulk_approve", "entries": args.bulk, "atasan": len(deciders), "days": days, "wall_ms": wall,
            "cpu_ms": cpu})

    # The first bulk approval after an org change (any mutasi or appointment moves the org revision):
    # the worker reads the org snapshots of the approved entries' days again.
    day_of = {entry_id: day for entry_id, day, _ in waiting}
    widest = max(range(len(deciders)), key=lambda turn: len({day_of[i] for i in chosen[turn]}))

    def approve_after_org_change() -> None:
        org._cache.clear()
        with Session(engine) as session:
            review.bulk_approve(session, actor=deciders[widest], activity_ids=chosen[widest])
            session.rollback()

    wall, cpu = _median_ms(approve_after_org_change, max(5, args.times // 5))
    record({"benchmark": "bulk_approve_after_org_change", "entries": len(chosen[widest]),
            "days": len({day_of[i] for i in chosen[widest]}), "wall_ms": wall, "cpu_ms": cpu})

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


def _spread_over_days(waiting: list, count: int) -> list[int]:
    """``count`` of the team's waiting entries, one day after another, as many days as there are: a
    month's queue approved in bulk spans its days (the org snapshot is read per activity date)."""
    by_day: dict = {}
    for entry_id, day in waiting:
        by_day.setdefault(day, []).append(entry_id)
    rounds = itertools.zip_longest(*by_day.values())
    return [entry_id for round_ in rounds for entry_id in round_ if entry_id is not None][:count]


def _stand_in(employee_id: int) -> Actor:
    """An atasan as ``team_of`` needs one (their id): the team does not depend on the session."""
    return Actor(employee_id=employee_id, session_id=0, nip="", display_name="", roles=frozenset(), must_change_password=False,
                 unit_id=None, instansi_id=None, is_supervisor=True)


if __name__ == "__main__":
    main()
