"""Overload is honest: an event that reaches its commit after its deadline writes nothing and says so."""

from __future__ import annotations

import time
from types import SimpleNamespace

from sqlmodel import func, select

from ekinerja.access import Rule
from ekinerja.admission import BUSY_MESSAGE
from ekinerja.db import session_scope
from ekinerja.models import OrgRevision
from ekinerja.services.auth import SessionLookup
from ekinerja.state import guard
from tests import aio
from tests.unit.test_guard import STAFF


def test_a_commit_past_the_deadline_is_rolled_back_and_answered_busy(database, monkeypatch):
    monkeypatch.setattr(guard, "lookup_session", lambda token: SessionLookup(STAFF))
    # As with Redis: the state lock would expire soon after this event's deadline.
    monkeypatch.setattr(guard, "commit_within", lambda: 0.05)
    shown = []

    @guard.guarded(Rule.SIGNED_IN)
    def save(self, actor, value: int):
        with session_scope() as session:
            session.add(OrgRevision(id=1, value=value))
            session.flush()
            time.sleep(0.1)  # the worker was slow: the deadline passes before the commit
        shown.append(value)  # never reached: the tab shows nothing it did not save
        return "tersimpan"

    answer = aio.run(save(SimpleNamespace(session_token="staf"), 41))
    assert BUSY_MESSAGE in str(answer)
    assert shown == []
    with session_scope() as session:
        assert session.exec(select(func.count()).select_from(OrgRevision)).one() == 0

    # In time, the same event commits.
    monkeypatch.setattr(guard, "commit_within", lambda: 5.0)
    assert aio.run(save(SimpleNamespace(session_token="staf"), 42)) == "tersimpan"
    with session_scope() as session:
        assert session.get(OrgRevision, 1).value == 42
