"""The worker's memory of the atasan queues' pending entries (activity_review.PendingStore): a queue
read with it is exactly the queue read without it, after every kind of change, and it reads again
only the team members whose entries moved (issue 17)."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest
from sqlmodel import select

from ekinerja.clock import local_today
from ekinerja.config import get_settings
from ekinerja.models import DailyActivity, Employee
from ekinerja.services import activity_review as review
from tests.integration.factories import actor_for


@pytest.fixture
def team(db, monkeypatch):
    """The demo's kepala seksi (an atasan with entries waiting), a subordinate of theirs, and a record
    of the employees each store read re-reads in full."""
    from ekinerja.demo.seed import seed_demo

    accounts = seed_demo(db, today=local_today())
    db.commit()
    kasi = actor_for(db, db.exec(select(Employee).where(Employee.nip == accounts.kepala_seksi.nip)).one())
    staf = db.exec(select(Employee).where(Employee.nip == accounts.staf.nip)).one()
    reread: list[list[int]] = []
    read_in_full = review.pending_rows

    def recording(session, **kwargs):
        if kwargs.get("employee_ids"):
            reread.append(sorted(kwargs["employee_ids"]))
        return read_in_full(session, **kwargs)

    monkeypatch.setattr(review, "pending_rows", recording)
    return kasi, staf, reread


def _view(db, actor, store):
    db.commit()  # the store serves only a session that has written nothing
    return review.queue_view(
        db, actor=actor, employee_id=None, day=None, page=1, page_size=get_settings().page_size, new_after_id=0, store=store,
    )


def _same(a: review.QueueView, b: review.QueueView) -> None:
    assert (a.rows, a.total, a.overdue_rows, a.counts) == (b.rows, b.total, b.overdue_rows, b.counts)


def test_a_queue_read_with_the_store_is_the_queue_read_without_it_after_every_kind_of_change(db, team):
    kasi, staf, reread = team
    store = review.PendingStore()
    first = _view(db, kasi, store)
    _same(first, _view(db, kasi, None))
    assert first.counts and first.overdue_rows  # the demo's team has entries waiting, some overdue
    members = sorted(review.team_of(db, actor=kasi))
    assert reread == [members]  # the first read takes the whole team

    reread.clear()
    _same(_view(db, kasi, store), first)
    assert reread == []  # nothing moved: nothing read again in full

    entry = DailyActivity(employee_id=staf.id, activity_date=local_today(), start_time=time(5, 0), end_time=time(5, 30),
                          task_text="Entri baru", quantity=Decimal(1), effective_minutes=30)
    db.add(entry)
    db.commit()
    added = _view(db, kasi, store)
    _same(added, _view(db, kasi, None))
    assert "Entri baru" in [r.task for r in added.rows] and added.total == first.total + 1
    assert reread == [[staf.id]]  # only the member whose entries moved

    changes = (
        ("edited", lambda: setattr(entry, "task_text", "Entri diubah")),
        ("decided", lambda: review.decide(db, actor=kasi, activity_id=entry.id, decision="approve")),
        ("deleted", lambda: db.delete(db.exec(select(DailyActivity).where(
            DailyActivity.employee_id == staf.id, DailyActivity.status == "diajukan")).first())),
    )
    for what, change in changes:
        reread.clear()
        change()
        db.commit()
        _same(_view(db, kasi, store), _view(db, kasi, None))
        assert reread[0] == [staf.id], what
    assert "Entri diubah" not in [r.task for r in _view(db, kasi, store).rows]  # approved: out of the queue


def test_what_the_versions_do_not_see_shows_within_the_remembered_time(db, team, monkeypatch):
    """A renamed employee moves no activity version: the store shows the new name once what it read
    is older than REMEMBERED_SECONDS."""
    kasi, _staf, _reread = team
    store = review.PendingStore()
    now = [1000.0]
    monkeypatch.setattr(review, "monotonic", lambda: now[0])
    first = _view(db, kasi, store)
    named = db.get(Employee, first.counts[0].employee_id)
    named.name = "Nama Baru Sekali"
    db.commit()

    def shown(view: review.QueueView) -> bool:
        return any(c.name.startswith("Nama Baru Sekali") for c in view.counts)

    now[0] += review.REMEMBERED_SECONDS / 2
    assert not shown(_view(db, kasi, store))
    now[0] += review.REMEMBERED_SECONDS
    renamed = _view(db, kasi, store)
    assert shown(renamed)
    _same(renamed, _view(db, kasi, None))
