"""Where a save's CPU goes inside the handler: ``KegiatanHarianState.save`` called in-process, profiled.

Opens Kegiatan Harian for ``--employees`` bench employees (their page load is not measured), then
saves one activity for each through the guarded handler, as an event would (session lookup,
admission, validation, insert, audit, the month read back), under cProfile. Prints the handler's
CPU ms per save and the functions it spends it in, grouped (SQLAlchemy, the database driver,
ekinerja, Reflex). What is left of the CPU per save that ``bench.submit`` measures is Reflex's
own per-event work (state lock, load, delta, pickle, store) and the transport.

    python -m bench.profile_save --url postgresql+psycopg://... --employees 200
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import time

import reflex as rx

from bench.datagen import bench_employee_ids, mint_sessions
from bench.submit import _form, clear_today
from ekinerja.admission import Admission
from ekinerja.clock import local_today
from ekinerja.db import make_engine

GROUPS = (("sqlalchemy", "SQLAlchemy"), ("psycopg", "database driver"), ("sqlite3", "database driver"),
          ("/ekinerja/", "ekinerja"), ("reflex", "Reflex"), ("pydantic", "Reflex"))


def state_of(cls, token: str):
    from ekinerja.state.app_state import AppState

    root = rx.State(_reflex_internal_init=True)
    root.get_substate(AppState.get_full_name().split(".")[1:]).session_token = token
    return root.get_substate(cls.get_full_name().split(".")[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--employees", type=int, default=200)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    os.environ["EKINERJA_DATABASE_URL"] = args.url
    import ekinerja.ekinerja  # noqa: F401  (registers every state)
    from ekinerja.state.kegiatan_harian import KegiatanHarianState

    # The handler runs on the admitted threads, which cProfile does not see: run it inline instead.
    async def inline(self, fn, *fn_args, deadline=None):
        return fn(*fn_args)

    Admission.run = inline
    engine = make_engine(args.url)
    ids = bench_employee_ids(engine)[-args.employees :]
    clear_today(engine, ids)
    tokens = mint_sessions(engine, ids)
    load, save = KegiatanHarianState.event_handlers["load"].fn, KegiatanHarianState.event_handlers["save"].fn
    states = [state_of(KegiatanHarianState, token) for token in tokens]

    async def run_all() -> float:
        for state in states:
            await load(state)
        day = local_today().isoformat()
        profile = cProfile.Profile(time.process_time)  # CPU, not time spent waiting for the database
        started = time.process_time()
        if not os.environ.get("PROFILE_OFF"):
            profile.enable()
        for n, state in enumerate(states):
            await save(state, _form(day, ("08:00", "09:00"), f"Profil {n}"))
        profile.disable()
        if os.environ.get("PROFILE_DUMP"):
            profile.dump_stats(os.environ["PROFILE_DUMP"])
        spent = time.process_time() - started
        if os.environ.get("PROFILE_OFF"):
            print(f"handler CPU per save, unprofiled: {1000 * spent / len(states):.2f} ms ({len(states)} saves)")
            return spent
        stats = pstats.Stats(profile)
        by_group: dict[str, float] = {}
        for (filename, _, _), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
            group = next((name for key, name in GROUPS if key in filename), "other (stdlib, threads)")
            by_group[group] = by_group.get(group, 0.0) + own
        total = sum(by_group.values()) or 1.0
        print(f"handler CPU per save: {1000 * spent / len(states):.2f} ms (process time, {len(states)} saves)")
        for name, own in sorted(by_group.items(), key=lambda item: -item[1]):
            print(f"  {name:28s} {100 * own / total:5.1f} %")
        stats.sort_stats(os.environ.get("PROFILE_SORT", "tottime")).print_stats(os.environ.get("PROFILE_FILTER", ""), args.top)
        return spent

    asyncio.run(run_all())
    errors = [s.form_errors for s in states if s.form_errors]
    print(f"form errors: {len(errors)}", errors[:2])
    clear_today(engine, ids)
    engine.dispose()


if __name__ == "__main__":
    main()
