"""A Kegiatan Harian save stays cheap: its statements are counted, and what it shows afterwards
is exactly what a fresh page load shows."""

from __future__ import annotations

import gc

from sqlmodel import select

from ekinerja.clock import local_today
from ekinerja.config import get_settings
from ekinerja.db import get_engine
from ekinerja.models import ActivityCatalogItem, Employee, PositionAssignment, Rhk, Skp, TaskAssignee, TaskAssignment
from ekinerja.services import auth
from ekinerja.state.actor_cache import actors
from tests import aio
from tests.dates import ensure_entry_day
from tests.integration.test_small_state import _state_of
from tests.statements import counted_statements

# The session lookup: none (the tab's actor is cached by the worker for a few seconds, and the page
# load just resolved it; a cold lookup is 3, see test_session_lookup.py); the org and reference
# revisions (one read: the settings and the calendar come from the worker's cache while the
# reference revision stands), the day's entries, insert, audit, the month: 5 (issue 17's first
# round: 7; before issue 17: 10; before that: 24).
FREE_TEXT_SAVE_BUDGET = 5
# ... plus the catalogue, the RHKs, the open tasks, the task marked done and the open tasks again
# (issue 17's first round: 12; before issue 17: 15; before that: 25).
FULL_SAVE_BUDGET = 10

SHOWN = ("year", "month", "month_label", "selected_day", "selected_label", "days", "leading_blanks", "entries",
         "approved_text", "pending_text", "target_text", "progress", "window_text", "my_tasks", "my_feedback")


def _signed_in_staf(db):
    import ekinerja.ekinerja  # noqa: F401  (registers every state)
    from ekinerja.demo.seed import seed_demo
    from ekinerja.state.kegiatan_harian import KegiatanHarianState

    accounts = seed_demo(db, today=local_today())
    ensure_entry_day(db.connection(), employee_id=accounts.staf.employee_id, created_by=accounts.kepala_seksi.employee_id)
    token = auth.login(db, nip=accounts.staf.nip, password=accounts.staf.password).token
    db.commit()
    staf = db.exec(select(Employee).where(Employee.nip == accounts.staf.nip)).one()
    state = _state_of(KegiatanHarianState, token)
    aio.run(KegiatanHarianState.event_handlers["load"].fn(state))
    return KegiatanHarianState, state, token, staf


def _save(cls, state, **fields):
    form = {"activity_date": local_today().isoformat(), "quantity": "1", **fields}
    return aio.run(cls.event_handlers["save"].fn(state, form))


def _shown(state) -> dict:
    return {name: getattr(state, name) for name in SHOWN}


def test_a_free_text_save_and_its_refresh_stay_within_budget_and_match_a_reload(db):
    cls, state, token, _ = _signed_in_staf(db)
    with counted_statements(get_engine()) as sent:
        _save(cls, state, start_time="05:00", end_time="05:20", task_text="Menyusun notula rapat")
    assert state.form_errors == {}
    assert len(sent) <= FREE_TEXT_SAVE_BUDGET, "\n".join(sent)

    reloaded = _state_of(cls, token)
    aio.run(cls.event_handlers["load"].fn(reloaded))
    assert any(e["time"] == "05:00-05:20" for e in state.entries)
    assert _shown(state) == _shown(reloaded)


def test_a_save_leaves_no_database_session_to_the_cycle_collector(db):
    """What a unit of work built is freed when it ends: a session, its connection or a query's
    types left in a reference cycle wait for a collection of the old generation, a pause of the
    whole worker (ekinerja/collector.py)."""
    cls, state, _, _ = _signed_in_staf(db)
    actors.clear()  # the session lookup too, as a tab's first event in this worker
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        _save(cls, state, start_time="05:00", end_time="05:20", task_text="Menyusun notula rapat")
        gc.collect()
        left = sorted({type(o).__module__ + "." + type(o).__qualname__ for o in gc.garbage})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert state.form_errors == {}
    assert [name for name in left if name.startswith(("sqlalchemy.", "sqlmodel."))] == []


def test_a_save_naming_catalogue_rhk_and_task_stays_within_budget_and_matches_a_reload(db):
    cls, state, token, staf = _signed_in_staf(db)
    today = local_today()
    position_id = db.exec(select(PositionAssignment.position_id).where(PositionAssignment.employee_id == staf.id)).first()
    item = db.exec(select(ActivityCatalogItem).where(ActivityCatalogItem.position_id == position_id, ActivityCatalogItem.active)).first()
    rhk_id = db.exec(
        select(Rhk.id).join(Skp, Rhk.skp_id == Skp.id)
        .where(Skp.employee_id == staf.id, Skp.status == "disetujui", Skp.period_start <= today, Skp.period_end >= today)
    ).first()
    task = TaskAssignment(assigned_by_id=staf.id, title="Rekap data", description="", due_date=today)
    db.add(task)
    db.flush()
    assignee = TaskAssignee(task_id=task.id, employee_id=staf.id)
    db.add(assignee)
    db.commit()
    assert item is not None and rhk_id is not None
    aio.run(cls.event_handlers["load"].fn(state))
    assert any(t["id"] == str(assignee.id) for t in state.my_tasks)

    with counted_statements(get_engine()) as sent:
        _save(cls, state, start_time="05:00", end_time="05:30", catalog_item_id=str(item.id), rhk_id=str(rhk_id),
              task_assignee_id=str(assignee.id))
    assert state.form_errors == {}
    assert len(sent) <= FULL_SAVE_BUDGET, "\n".join(sent)

    reloaded = _state_of(cls, token)
    aio.run(cls.event_handlers["load"].fn(reloaded))
    assert not any(t["id"] == str(assignee.id) for t in state.my_tasks)  # reported: no longer open
    assert _shown(state) == _shown(reloaded)


def test_a_refused_save_changes_nothing_it_shows(db):
    cls, state, _, _ = _signed_in_staf(db)
    before = _shown(state)
    _save(cls, state, start_time="05:00", end_time="04:00", task_text="Jam terbalik")
    assert "end_time" in state.form_errors
    assert _shown(state) == before


def test_an_edit_saves_in_the_same_budget_and_matches_a_reload(db):
    cls, state, token, _ = _signed_in_staf(db)
    _save(cls, state, start_time="05:00", end_time="05:20", task_text="Menyusun notula rapat")
    saved = next(e for e in state.entries if e["time"] == "05:00-05:20")
    aio.run(cls.event_handlers["open_edit"].fn(state, int(saved["id"])))
    assert state.editing_id == int(saved["id"])
    with counted_statements(get_engine()) as sent:
        _save(cls, state, start_time="05:00", end_time="05:40", task_text="Menyusun notula rapat")
    assert state.form_errors == {}
    # An update instead of an insert, and the entry read before and after it for the audit.
    assert len(sent) <= FREE_TEXT_SAVE_BUDGET + 2, "\n".join(sent)

    reloaded = _state_of(cls, token)
    aio.run(cls.event_handlers["load"].fn(reloaded))
    assert [e["time"] for e in state.entries if e["id"] == saved["id"]] == ["05:00-05:40"]
    assert _shown(state) == _shown(reloaded)


def test_the_atasan_queue_refresh_reads_the_team_and_its_pending_entries_once(db):
    """A subordinate's save wakes the atasan's Input Pimpinan, which reads a queue page, the overdue
    group and the counts per subordinate: the team's pending entries are read once for the three, with
    the names the counts show, the two pages' rows together, and each part is what it is when read on
    its own."""
    from ekinerja.demo.seed import seed_demo
    from ekinerja.services import activity_review as review
    from ekinerja.state.input_pimpinan import _queue_in
    from tests.integration.factories import actor_for

    accounts = seed_demo(db, today=local_today())
    db.commit()
    kasi = actor_for(db, db.exec(select(Employee).where(Employee.nip == accounts.kepala_seksi.nip)).one())
    with counted_statements(get_engine()) as sent:
        view = _queue_in(db, kasi, ("", "", 1, 0))
    pending = [s for s in sent if s.upper().startswith("SELECT DAILY_ACTIVITY.ID, DAILY_ACTIVITY.ACTIVITY_DATE, DAILY_ACTIVITY.EMPLOYEE_ID")]
    assert len(pending) == 1, "\n".join(sent)
    # The counts' names come with the pending entries, the rows' with the rows: no statement of its own.
    assert not [s for s in sent if s.upper().startswith("SELECT EMPLOYEE.")], "\n".join(sent)
    # The queue's page and its total come from those entries: no count, and only the shown rows in full.
    assert not [s for s in sent if "COUNT(" in s.upper()], "\n".join(sent)
    # The page's rows and the overdue group's are read in full together, in one statement.
    full = [s for s in sent if s.upper().startswith("SELECT DAILY_ACTIVITY.ID, DAILY_ACTIVITY.EMPLOYEE_ID")]
    assert len(full) == 1, "\n".join(sent)
    assert view.total and view.counts  # the demo's team has entries waiting
    # A row is marked overdue exactly when it is in the overdue group (both by the instansi's calendar).
    assert view.overdue_rows and all(r.overdue for r in view.overdue_rows) and not any(r.overdue for r in view.rows)
    size = get_settings().page_size
    assert (view.rows, view.total) == review.queue(db, actor=kasi, page_size=size, overdue=False, new_after_id=0)
    assert view.overdue_rows == review.queue(db, actor=kasi, page_size=size, overdue=True)[0]
    assert view.counts == review.pending_by_employee(db, actor=kasi)
