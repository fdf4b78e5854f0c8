"""Loading the organisation tree and answering who reports to whom."""

from __future__ import annotations

import bisect
import functools
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import insert, update
from sqlmodel import Session, select

from ekinerja.clock import local_today
from ekinerja.db import is_current_transaction, mark_transaction
from ekinerja.domain.hierarchy import Holding, OrgSnapshot
from ekinerja.models import OrgRevision, OrgUnit, Position, PositionAssignment, WorkSettings

_UNCOMMITTED_ORG_CHANGE = "ekinerja_uncommitted_org_change"
_REVISION_READ = "ekinerja_org_revision_read"


# Read by every event (the actor cache and the reference cache check them): built once, on the table.
_READ_REVISIONS = select(OrgRevision.__table__.c.value, OrgRevision.__table__.c.reference_value).where(OrgRevision.__table__.c.id == 1)


def _revisions(session: Session) -> tuple[int, int]:
    """The org and reference revisions, read together once per transaction (an event asks for
    them several times). A plain column read: an identity-mapped row could be a stale copy."""
    memo = session.info.get(_REVISION_READ)
    if memo is not None and is_current_transaction(session, memo[0]):
        return memo[1]
    row = session.execute(_READ_REVISIONS).first()
    values = (row[0], row[1]) if row else (0, 0)
    session.info[_REVISION_READ] = (mark_transaction(session), values)  # the read began this transaction
    return values


def org_revision(session: Session) -> int:
    return _revisions(session)[0]


def reference_revision(session: Session) -> int:
    """Moves with every change to work settings, holidays or duty days (database triggers)."""
    return _revisions(session)[1]


def forget_revisions(session: Session) -> None:
    """This transaction wrote what a revision counts: read the counters again when next asked."""
    session.info.pop(_REVISION_READ, None)


def bump_org_revision(session: Session) -> None:
    """Atomic in SQL, so two concurrent changes never publish the same revision."""
    bumped = session.exec(update(OrgRevision).where(OrgRevision.id == 1).values(value=OrgRevision.value + 1))
    if bumped.rowcount == 0:
        session.execute(insert(OrgRevision).values(id=1, value=1))  # the reference revision keeps its server default
    # This session now sees org data nobody else does until it commits: never cache from it.
    session.info[_UNCOMMITTED_ORG_CHANGE] = True
    forget_revisions(session)


@dataclass(frozen=True)
class OrgTables:
    """What org snapshots are built from, read in one go for an org revision: the tree of positions
    and units, the zones, and every assignment with its span. A snapshot depends on its date only
    through which assignments are active then, so each epoch's is built from these without another
    query: reading the active assignments again for each epoch (8,300 rows) was most of an epoch's
    load, and a month's queue spans many epochs (issue 17)."""

    reports_to: dict[int, int | None]
    unit_of_position: dict[int, int]
    parent_of_unit: dict[int, int | None]
    zone_of_instansi: dict[int, str]
    assignments: tuple[tuple[date, date | None, Holding], ...]  # (start, end or None, the holding)

    @functools.cached_property
    def boundaries(self) -> tuple[date, ...]:
        """The days on which some assignment starts or stops being active (the day after its end),
        sorted: the first day of each epoch but the first."""
        days = {start for start, _, _ in self.assignments}
        days.update(end + timedelta(days=1) for _, end, _ in self.assignments if end is not None)
        return tuple(sorted(days))

    def snapshot(self, on: date) -> OrgSnapshot:
        holders: dict[int, list[Holding]] = {}
        for start, end, holding in self.assignments:
            if start <= on and (end is None or end >= on):
                holders.setdefault(holding.position_id, []).append(holding)
        return OrgSnapshot(self.reports_to, holders, self.unit_of_position, self.parent_of_unit, self.zone_of_instansi)


def read_org_tables(session: Session) -> OrgTables:
    reports_to: dict[int, int | None] = {}
    unit_of_position: dict[int, int] = {}
    for pid, parent, unit in session.exec(select(Position.id, Position.reports_to_id, Position.unit_id)):
        reports_to[pid] = parent
        unit_of_position[pid] = unit
    parent_of_unit = dict(session.exec(select(OrgUnit.id, OrgUnit.parent_id)).all())
    spans = select(PositionAssignment.start_date, PositionAssignment.end_date, PositionAssignment.employee_id,
                   PositionAssignment.position_id, PositionAssignment.kind)
    assignments = tuple((start, end, Holding(employee_id, position_id, kind))
                        for start, end, employee_id, position_id, kind in session.connection().execute(spans))
    # Cached with the tree: a change of an instansi's zone bumps the org revision.
    zones = session.exec(select(WorkSettings.instansi_id, WorkSettings.timezone).where(WorkSettings.timezone.is_not(None)))
    return OrgTables(reports_to, unit_of_position, parent_of_unit, {i: z for i, z in zones if z}, assignments)


def load_snapshot(session: Session, *, on: date) -> OrgSnapshot:
    return read_org_tables(session).snapshot(on)


@dataclass
class _SnapshotCache:
    """The worker's snapshots of one org revision, one per *epoch*: every date between two assignment
    boundaries (a start, or the day after an end) shares one. A month's queue spans thirty-odd
    activity dates, mostly of one epoch; keyed by date, they overflowed the cache and were reloaded
    at every bulk approval (issue 17)."""

    revision: int = -1
    tables: OrgTables | None = None
    snapshots: dict[date, OrgSnapshot] = field(default_factory=dict)  # by the epoch's first day
    lock: threading.Lock = field(default_factory=threading.Lock)

    def clear(self) -> None:
        with self.lock:
            self.revision, self.tables, self.snapshots = -1, None, {}


_cache = _SnapshotCache()
_LIMIT = 64  # epochs kept; beyond it the cache starts again


def org_snapshot(session: Session, *, on: date) -> OrgSnapshot:
    """The snapshot for a date, rebuilt only when the org revision has moved or its epoch is new."""
    if session.info.get(_UNCOMMITTED_ORG_CHANGE):
        return load_snapshot(session, on=on)
    revision = org_revision(session)
    with _cache.lock:
        tables = _cache.tables if _cache.revision == revision else None
    if tables is None:
        tables = read_org_tables(session)  # read after the revision, so never older than it
        with _cache.lock:
            if revision != _cache.revision:
                _cache.revision, _cache.tables, _cache.snapshots = revision, tables, {}
    index = bisect.bisect_right(tables.boundaries, on)
    epoch = tables.boundaries[index - 1] if index else date.min
    with _cache.lock:
        cached = _cache.snapshots.get(epoch) if _cache.revision == revision else None
    if cached is not None:
        return cached
    snapshot = tables.snapshot(on)
    with _cache.lock:
        if _cache.revision == revision:
            if len(_cache.snapshots) >= _LIMIT:
                _cache.snapshots.clear()
            _cache.snapshots[epoch] = snapshot
    return snapshot


def instansi_zone(session: Session, *, instansi_id: int | None) -> str:
    """The instansi's IANA time zone ("" for the deployment default), from the cached snapshot."""
    if instansi_id is None:
        return ""
    return org_snapshot(session, on=local_today()).zone_of_instansi.get(instansi_id, "")
