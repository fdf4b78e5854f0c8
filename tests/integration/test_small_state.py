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
