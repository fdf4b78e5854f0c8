"""Backend state stays small: a queue that can grow at month end keeps one page in the state."""

from __future__ import annotations

from datetime import timedelta

import reflex as rx
from sqlmodel import select

from ekinerja.clock import local_today
from ekinerja.config import get_settings
from ekinerja.models import Employee
from ekinerja.models.attendance import Absence
from ekinerja.services import auth
from tests import aio


def _state_of(cls, token: str):
    from ekinerja.state.app_state import AppState

    root = rx.State(_reflex_internal_init=True)
    root.get_substate(AppState.get_full_name().split(".")[1:]).session_token = token
    return root.get_substate(cls.get_full_name().split(".")[1:])


def test_the_admins_absence_queue_holds_the_oldest_page_and_the_count(db):
    import ekinerja.ekinerja  # noqa: F401  (registers every state)
    from ekinerja.demo.seed import seed_demo
    from ekinerja.state.kehadiran import KehadiranState

    accounts = seed_demo(db, today=local_today())
    staf = db.exec(select(Employee).where(Employee.nip == accounts.staf.nip)).one()
    start = local_today() - timedelta(days=400)  # older than anything the demo data holds
    waiting = get_settings().page_size + 7
    for offset in range(waiting):
        day = start + timedelta(days=offset)
        db.add(Absence(employee_id=staf.id, kind="cuti_tahunan", start_date=day, end_date=day, status="diajukan", created_by_id=staf.id))
    db.commit()
    token = auth.login(db, nip=accounts.admin.nip, password=accounts.admin.password).token
    db.commit()

    state = _state_of(KehadiranState, token)
    aio.run(KehadiranState.event_handlers["load"].fn(state))

    assert state.pending_total >= waiting
    assert len(state.pending) == get_settings().page_size
    assert state.pending[0]["dates"].startswith(f"{start:%d-%m-%Y}")


def test_input_pimpinan_carries_the_team_only_for_the_dialogs_that_choose_from_it(db):
    """Every refresh of an atasan's queue (each subordinate's save wakes it) stores and sends the
    tab's state: the team's two lists for the task, feedback, piket and Plt/Plh dialogs are read
    when one of them opens, not with the page."""
    import ekinerja.ekinerja  # noqa: F401  (registers every state)
    from ekinerja.demo.seed import seed_demo
    from ekinerja.models import TaskAssignee
    from ekinerja.state.input_pimpinan import InputPimpinanState

    accounts = seed_demo(db, today=local_today())
    db.commit()
    staf = db.exec(select(Employee).where(Employee.nip == accounts.staf.nip)).one()
    token = auth.login(db, nip=accounts.kepala_seksi.nip, password=accounts.kepala_seksi.password).token
    db.commit()
    state = _state_of(InputPimpinanState, token)
    handlers = InputPimpinanState.event_handlers

    aio.run(handlers["load"].fn(state))
    assert state.pending_counts and state.team_options == [] and state.duty_people == []

    for opener, listed in (("open_duty", "duty_people"), ("open_delegation", "team_options"), ("open_feedback", "team_options"),
                           ("open_task", "team_options")):
        aio.run(handlers[opener].fn(state))
        key = staf.nip if listed == "duty_people" else str(staf.id)
        assert key in [o["id"] for o in getattr(state, listed)], opener
    assert state.form_open == "task"

    form = {"title": "Rekap presensi", "description": "", "due_date": local_today().isoformat(), f"assignee_{staf.id}": "on"}
    aio.run(handlers["save_task"].fn(state, form))
    assert state.form_errors == {} and state.form_open == ""
    assert db.exec(select(TaskAssignee).where(TaskAssignee.employee_id == staf.id)).all()


def test_a_queue_refresh_sends_only_what_the_new_entry_changed(db):
    """A subordinate's save wakes the atasan's queue: the refresh re-reads the whole page, and only
    the vars whose value moved are marked for sending (Reflex sends every var assigned)."""
    from datetime import time
    from decimal import Decimal

    import ekinerja.ekinerja  # noqa: F401  (registers every state)
    from ekinerja.demo.seed import seed_demo
    from ekinerja.models.activity import DailyActivity
    from ekinerja.state.input_pimpinan import InputPimpinanState, _read_queue
    from tests.integration.factories import actor_for

    accounts = seed_demo(db, today=local_today())
    db.commit()
    kasi = db.exec(select(Employee).where(Employee.nip == accounts.kepala_seksi.nip)).one()
    staf = db.exec(select(Employee).where(Employee.nip == accounts.staf.nip)).one()
    token = auth.login(db, nip=kasi.nip, password=accounts.kepala_seksi.password).token
    db.commit()
    state = _state_of(InputPimpinanState, token)
    aio.run(InputPimpinanState.event_handlers["load"].fn(state))
    actor = actor_for(db, kasi)
    shown = {name: getattr(state, name) for name in ("rows", "overdue_rows", "pending_counts", "total", "overdue_count")}

    state._clean()
    state._show_queue(_read_queue(actor, state._shown_queue()))
    assert state.dirty_vars == set()  # nothing moved: nothing to send

    db.add(DailyActivity(employee_id=staf.id, activity_date=local_today(), start_time=time(5, 0), end_time=time(5, 30),
                         task_text="Entri baru", quantity=Decimal(1), effective_minutes=30))
    db.commit()
    state._show_queue(_read_queue(actor, state._shown_queue()))
    assert {"rows", "total", "pending_counts", "pending_total"} <= state.dirty_vars
    assert "overdue_rows" not in state.dirty_vars and state.overdue_rows == shown["overdue_rows"]
    assert state.overdue_count == shown["overdue_count"] and state.total == shown["total"] + 1
    assert [r["task"] for r in state.rows if r["new"]] == ["Entri baru"]
