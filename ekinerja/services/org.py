"""Loading the organisation tree and answering who reports to whom."""

from __future__ import annotations

import bisect
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import insert, literal, or_, union, update
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


def load_snapshot(session: Session, *, on: date) -> OrgSnapshot:
    reports_to: dict[int, int | None] = {}
    unit_of_position: dict[int, int] = {}
    for pid, parent, unit in session.exec(select(Position.id, Position.reports_to_id, Position.unit_id)):
        reports_to[pid] = parent
        unit_of_position[pid] = unit
    parent_of_unit = dict(session.exec(select(OrgUnit.id, OrgUnit.parent_id)).all())
    holders: dict[int, list[Holding]] = {}
    active = select(PositionAssignment.employee_id, PositionAssignment.position_id, PositionAssignment.kind).where(
        PositionAssignment.start_date <= on,
        or_(PositionAssignment.end_date.is_(None), PositionAssignment.end_date >= on),
    )
    for employee_id, position_id, kind in session.exec(active):
        holders.setdefault(position_id, []).append(Holding(employee_id, position_id, kind))
    # Cached with the tree: a change of an instansi's zone bumps the org revision.
    zones = session.exec(select(WorkSettings.instansi_id, WorkSettings.timezone).where(WorkSettings.timezone.is_not(None)))
    return OrgSnapshot(reports_to, holders, unit_of_position, parent_of_unit, {i: z for i, z in zones if z})


@dataclass
class _SnapshotCache:
    """The worker's snapshots of one org revision, one per *epoch*: a snapshot depends on its date
    only through which assignments are active then, so every date between two assignment boundaries
    (a start, or the day after an end) shares one. A month's queue spans thirty-odd activity dates,
    mostly of one epoch; keyed by date, they overflowed the cache and were reloaded at every bulk
    approval (issue 17)."""

    revision: int = -1
    boundaries: tuple[date, ...] = ()  # sorted: the first day of each epoch but the first
    snapshots: dict[date, OrgSnapshot] = field(default_factory=dict)  # by the epoch's first day
    lock: threading.Lock = field(default_factory=threading.Lock)

    def clear(self) -> None:
        with self.lock:
            self.revision, self.boundaries, self.snapshots = -1, (), {}


_cache = _SnapshotCache()
_LIMIT = 64  # epochs kept; beyond it the cache starts again


def _boundaries(session: Session) -> tuple[date, ...]:
    """The days on which some assignment starts or stops being active (the day after its end)."""
    starts = select(PositionAssignment.start_date, literal(True))
    ends = select(PositionAssignment.end_date, literal(False)).where(PositionAssignment.end_date.is_not(None))
    days = session.exec(union(starts, ends)).all()
    return tuple(sorted({day if is_start else day + timedelta(days=1) for day, is_start in days}))


def org_snapshot(session: Session, *, on: date) -> OrgSnapshot:
    """The snapshot for a date, rebuilt only when the org revision has moved or its epoch is new."""
    if session.info.get(_UNCOMMITTED_ORG_CHANGE):
        return load_snapshot(session, on=on)
    revision = org_revision(session)
    with _cache.lock:
        boundaries = _cache.boundaries if _cache.revision == revision else None
    if boundaries is None:
        boundaries = _boundaries(session)  # read after the revision, so never older than it
        with _cache.lock:
            if revision != _cache.revision:
                _cache.revision, _cache.boundaries, _cache.snapshots = revision, boundaries, {}
    index = bisect.bisect_right(boundaries, on)
    epoch = boundaries[index - 1] if index else date.min
    with _cache.lock:
        cached = _cache.snapshots.get(epoch) if _cache.revision == revision else None
    if cached is not None:
        return cached
    snapshot = load_snapshot(session, on=on)
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
