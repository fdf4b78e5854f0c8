"""The worker's org snapshots: one per stretch of days with the same active assignments, so a month of
activity dates costs one load, and an acting appointment counts exactly on its own days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from ekinerja.db import session_scope
from ekinerja.models import PositionAssignment
from ekinerja.services import org
from ekinerja.services.org import bump_org_revision, org_snapshot
from tests.integration.factories import make_employee, make_org, nip_for

NOVEMBER = [date(2026, 11, 1) + timedelta(days=n) for n in range(30)]
PLT_FROM, PLT_TO = date(2026, 11, 10), date(2026, 11, 20)


@pytest.fixture
def loads(monkeypatch) -> list[date | str]:
    """The dates the worker built a snapshot for, and (first) how often it read the org's tables."""
    loaded: list[date | str] = []
    build, read = org.OrgTables.snapshot, org.read_org_tables

    def counting(tables, on):
        loaded.append(on)
        return build(tables, on)

    def reading(session):
        loaded.append("tables")
        return read(session)

    monkeypatch.setattr(org.OrgTables, "snapshot", counting)
    monkeypatch.setattr(org, "read_org_tables", reading)
    return loaded


def test_a_month_of_dates_shares_the_snapshots_of_its_assignment_changes(db, loads):
    o = make_org(db)
    make_employee(db, position=o.head, nip=nip_for(2), name="Kepala")
    staf = make_employee(db, position=o.staff, nip=nip_for(3), name="Staf")
    # Kepala's post has a Plt for eleven days of November (Kepala is away; the Plt decides for them).
    plt = make_employee(db, position=o.staff, nip=nip_for(4), name="Plt")
    db.add(PositionAssignment(employee_id=plt.id, position_id=o.head.id, kind="plt", start_date=PLT_FROM, end_date=PLT_TO))
    bump_org_revision(db)
    db.commit()
    loads.clear()  # what building the org read

    def acting_on(day: date) -> bool:
        with session_scope() as session:
            return plt.id in {h.employee_id for h in org_snapshot(session, on=day).holdings_of(plt.id) if h.kind == "plt"}

    assert [day for day in NOVEMBER if acting_on(day)] == [PLT_FROM + timedelta(days=n) for n in range(11)]
    # The tables once, then three stretches: before the Plt, its eleven days, after it.
    assert loads == ["tables", NOVEMBER[0], PLT_FROM, PLT_TO + timedelta(days=1)]

    loads.clear()
    for day in NOVEMBER:
        acting_on(day)
    assert loads == []

    # An org change (here a mutasi's end date) starts again from the new assignments.
    with session_scope() as session:
        definitive = session.exec(select(PositionAssignment).where(PositionAssignment.employee_id == staf.id)).one()
        definitive.end_date = date(2026, 11, 25)
        bump_org_revision(session)
    with session_scope() as session:
        assert org_snapshot(session, on=date(2026, 11, 25)).definitive_position(staf.id) is not None
        assert org_snapshot(session, on=date(2026, 11, 26)).definitive_position(staf.id) is None
    assert loads == ["tables", date(2026, 11, 25), date(2026, 11, 26)]
