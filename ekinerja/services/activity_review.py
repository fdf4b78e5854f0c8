"""The atasan's side of kegiatan harian: the queue of pending entries and the decisions on them.

A decision is one conditional UPDATE ... WHERE status = 'diajukan', so two approvers,
or an employee's edit racing an approval, end in exactly one outcome.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any, NamedTuple

from sqlalchemy import Select, func, update
from sqlmodel import Session, col, select

from ekinerja.access import AccessDenied, Actor, require
from ekinerja.clock import local_today, utcnow
from ekinerja.db import among, among_bound
from ekinerja.domain.activity_rules import acting_for, decidable, decision_problem, first_day_in_time
from ekinerja.domain.names import display_name
from ekinerja.domain.statuses import ActivityStatus
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import ActivityVersion, DailyActivity, Employee
from ekinerja.services import audit
from ekinerja.services.activities import NOT_FOUND, ActivityRow, pending_rows
from ekinerja.services.delegation import DelegationSpan, atasan_delegating_to, spans_for_delegate
from ekinerja.services.markers import per_employee
from ekinerja.services.org import org_snapshot
from ekinerja.services.paging import page_window
from ekinerja.services.work_calendar import calendar_for, settings_for

DECIDED_ELSEWHERE = "Kegiatan ini sudah diputuskan (oleh Anda di jendela lain atau oleh penilai lain), atau sudah diubah pegawai."
NOT_YOUR_SUBORDINATE = "Anda bukan atasan langsung pegawai ini pada tanggal kegiatan, dan tidak sedang menjadi Plt/Plh-nya."


def team_of(session: Session, *, actor: Actor, on: date | None = None) -> dict[int, int]:
    """Subordinate id -> the atasan the actor validates for: their own direct subordinates,
    and those of every atasan who delegated to the actor today."""
    on = on or local_today()
    snapshot = org_snapshot(session, on=on)
    team = dict.fromkeys(snapshot.direct_subordinates(actor.employee_id), actor.employee_id)
    for atasan_id in atasan_delegating_to(session, delegate_id=actor.employee_id, on=on):
        for sub in snapshot.direct_subordinates(atasan_id):
            if sub != actor.employee_id:
                team.setdefault(sub, atasan_id)
    return team


def _acting_for(session: Session, *, actor: Actor, row: DailyActivity, today: date, spans: Sequence[DelegationSpan]) -> int | None:
    """The atasan on whose behalf the actor decides ``row`` (``spans``: the actor's delegations), if any."""
    atasan = org_snapshot(session, on=row.activity_date).atasan_of(row.employee_id)
    atasan_id = atasan.employee_id if atasan else None
    # A delegation counts when it covers the activity's date or the day of the decision.
    for on in (row.activity_date, today):
        acting = acting_for(actor.employee_id, employee_id=row.employee_id, atasan_id=atasan_id, delegations=spans, on=on)
        if acting is not None:
            return acting
    return None


def _may_decide(session: Session, *, actor: Actor, row: DailyActivity, today: date) -> int:
    """The atasan on whose behalf the actor decides ``row``; AccessDenied otherwise."""
    acting = _acting_for(session, actor=actor, row=row, today=today, spans=spans_for_delegate(session, delegate_id=actor.employee_id))
    if acting is None:
        raise AccessDenied(NOT_YOUR_SUBORDINATE)
    return acting


@dataclass(frozen=True)
class PendingCount:
    """One subordinate's entries waiting for a decision."""

    employee_id: int
    name: str
    pending: int
    overdue: int


class PendingEntry(NamedTuple):
    """What ordering, paging and counting the queue needs of one pending entry."""

    id: int
    day: date
    employee_id: int
    start: time


_ACTIVITY = DailyActivity.__table__
# What a name needs (domain.names.display_name): the queue's counts name everyone with an entry waiting.
_EMPLOYEE = Employee.__table__
_NAME_COLUMNS = (_EMPLOYEE.c.id, _EMPLOYEE.c.name, _EMPLOYEE.c.gelar_depan, _EMPLOYEE.c.gelar_belakang)
_PENDING_ENTRIES = select(
    _ACTIVITY.c.id, _ACTIVITY.c.activity_date, _ACTIVITY.c.employee_id, _ACTIVITY.c.start_time, *_NAME_COLUMNS[1:],
).select_from(_ACTIVITY.join(_EMPLOYEE, _EMPLOYEE.c.id == _ACTIVITY.c.employee_id))


def _pending_entries(session: Session, ids: Sequence[int]) -> tuple[list[PendingEntry], dict[int, str]]:
    """The pending entries of ``ids`` and the names of whose they are, in one statement read with
    SQLAlchemy Core: the ORM's handling of a few hundred plain rows cost more than the query, and a
    second statement for the names as much as the join (issue 17)."""
    where = (among(session, _ACTIVITY.c.employee_id, ids), _ACTIVITY.c.status == ActivityStatus.DIAJUKAN)
    entries: list[PendingEntry] = []
    names: dict[int, str] = {}
    for row in session.connection().execute(_PENDING_ENTRIES.where(*where)):
        entries.append(PendingEntry(row[0], row[1], row[2], row[3]))
        if row[2] not in names:
            names[row[2]] = display_name(row)
    return entries, names


def _overdue_days(session: Session, *, actor: Actor, days: Iterable[date], today: date) -> set[date]:
    """Which of ``days`` lie past the entry window (the instansi's calendar): their entries wait too long."""
    settings = settings_for(session, instansi_id=actor.instansi_id)
    cal = calendar_for(session, employee_id=0, instansi_id=actor.instansi_id, around=today)
    first_in_time = first_day_in_time(today, cal, settings.entry_window_working_days)
    return {d for d in days if d < first_in_time}


@dataclass(frozen=True)
class Pending:
    """The actor's team, its pending entries and which of their days are overdue: read once for what
    the Input Pimpinan page shows together (a queue page, its overdue group, the counts per
    subordinate), which a subordinate's save makes it read again. A team's waiting entries are a
    few per person, so the queue orders, counts and pages them here and reads only the page's rows
    in full (issue 17)."""

    team: dict[int, int]
    entries: list[PendingEntry]
    names: dict[int, str]  # of the employees with an entry waiting
    late: set[date]

    def chosen(self, *, employee_ids: Collection[int], day: date | None, overdue: bool | None) -> list[PendingEntry]:
        return [
            e for e in self.entries
            if e.employee_id in employee_ids and (day is None or e.day == day) and (overdue is None or (e.day in self.late) == overdue)
        ]


def pending_of(session: Session, *, actor: Actor, today: date | None = None) -> Pending:
    today = today or local_today()
    team = team_of(session, actor=actor, on=today)
    entries, names = _pending_entries(session, list(team)) if team else ([], {})
    late = _overdue_days(session, actor=actor, days=(e.day for e in entries), today=today) if entries else set()
    return Pending(team, entries, names, late)


def _page(
    pending: Pending, *, employee_id: int | None, day: date | None, page: int, page_size: int, overdue: bool | None,
    new_after_id: int | None,
) -> tuple[list[int], int]:
    """The ids of one page of the queue, and how many entries it has in all."""
    ids = {employee_id} & pending.team.keys() if employee_id is not None else pending.team.keys()
    # Whether a day is overdue depends on the day and the instansi's calendar, not on whose entry it is.
    entries = pending.chosen(employee_ids=ids, day=day, overdue=overdue)
    if overdue:
        entries.sort(key=lambda e: (e.day, e.employee_id, e.start))
    else:
        entries.sort(key=lambda e: (new_after_id is not None and e.id > new_after_id, e.day, e.id), reverse=True)
    return [e.id for e in entries[page_window(page=page, page_size=page_size)]], len(entries)


def _rows(session: Session, pending: Pending, pages: Sequence[list[int]]) -> list[list[ActivityRow]]:
    """The pages' entries in full, read together; each marked overdue as ``pending`` counts it."""
    by_id = pending_rows(session, ids=[i for shown in pages for i in shown], late=pending.late)  # one decided since has left the queue
    return [[by_id[i] for i in shown if i in by_id] for shown in pages]


def queue(
    session: Session,
    *,
    actor: Actor,
    employee_id: int | None = None,
    day: date | None = None,
    page: int = 1,
    page_size: int = 25,
    today: date | None = None,
    overdue: bool | None = None,
    new_after_id: int | None = None,
    pending: Pending | None = None,
) -> tuple[list[ActivityRow], int]:
    """Pending entries of the actor's team, newest day first, so what arrives now is in sight.

    ``overdue``: only entries waiting past the entry window (True, oldest first: the most urgent),
    only those still in time (False), or both (None). Entries with an id above ``new_after_id``
    (submitted since the atasan opened the page) come before all others. ``pending``: the team and
    its pending entries as ``pending_of`` read them for the same request.
    """
    pending = pending or pending_of(session, actor=actor, today=today)
    shown, total = _page(pending, employee_id=employee_id, day=day, page=page, page_size=page_size, overdue=overdue,
                         new_after_id=new_after_id)
    return _rows(session, pending, [shown])[0], total


@dataclass(frozen=True)
class QueueView:
    """What Input Pimpinan shows of the queue, read together (and again at each subordinate's save)."""

    rows: list[ActivityRow]
    total: int
    overdue_rows: list[ActivityRow]  # the overdue entries, a group of their own unless a day is chosen
    counts: list[PendingCount]  # per subordinate


def queue_view(
    session: Session, *, actor: Actor, employee_id: int | None, day: date | None, page: int, page_size: int, new_after_id: int,
) -> QueueView:
    """A page of the queue and the counts per subordinate. A chosen day shows all of that day;
    otherwise the overdue entries wait in a group of their own (its first page), and the page shows
    the others. The team, its pending entries and both pages' rows are read once for all of it."""
    pending = pending_of(session, actor=actor)
    split = None if day else False
    shown, total = _page(pending, employee_id=employee_id, day=day, page=page, page_size=page_size, overdue=split,
                         new_after_id=new_after_id)
    late = (
        _page(pending, employee_id=employee_id, day=None, page=1, page_size=page_size, overdue=True, new_after_id=None)[0]
        if split is False else []
    )
    rows, overdue_rows = _rows(session, pending, [shown, late])
    return QueueView(rows, total, overdue_rows, pending_by_employee(session, actor=actor, pending=pending))


def pending_by_employee(
    session: Session, *, actor: Actor, today: date | None = None, pending: Pending | None = None,
) -> list[PendingCount]:
    """Per subordinate with entries waiting, how many and how many of them overdue: most first."""
    pending = pending or pending_of(session, actor=actor, today=today)
    if not pending.team:
        return []
    counts_of: dict[int, list[int]] = {}
    for entry in pending.entries:
        counts = counts_of.setdefault(entry.employee_id, [0, 0])
        counts[0] += 1
        counts[1] += entry.day in pending.late
    rows = [PendingCount(e, pending.names[e], n, o) for e, (n, o) in counts_of.items()]
    return sorted(rows, key=lambda r: (-r.pending, r.name))


def latest_activity_id(session: Session) -> int:
    """The newest entry's id: what the queue marks as new arrives after it."""
    return session.exec(select(func.max(DailyActivity.id))).one() or 0


def team_names(session: Session, *, actor: Actor) -> list[tuple[int, str, str]]:
    """(id, NIP, name) of everyone the actor validates for, by name."""
    team = team_of(session, actor=actor)
    if not team:
        return []
    people = session.exec(select(Employee).where(among(session, Employee.id, team)).order_by(Employee.name)).all()
    return [(p.id, p.nip, display_name(p)) for p in people]


def change_markers(session: Session, *, employee_ids: Iterable[int]) -> dict[int, tuple]:
    """Per employee, a fingerprint of their entries: it changes whenever one is added, edited,
    decided or deleted (the database's triggers bump ``activity_version``). Live pages poll it for
    every employee they watch, once a second: one primary-key lookup each."""
    ids = list(employee_ids)
    if not ids:
        return {}
    return per_employee(session, _versions_query(session.get_bind().dialect.name), params={"ids": ids})


@functools.cache
def _versions_query(dialect: str) -> Select:
    """Built once: every save reads its own employee's marker (``own_change``) and every hub round
    all of its tabs' (issue 17: building the statement cost as much as running it)."""
    return select(ActivityVersion.employee_id, ActivityVersion.version).where(among_bound(dialect, ActivityVersion.employee_id, "ids"))


DECISIONS = ("approve", "reject", "partial")
AUDIT_ACTIONS = {"approve": "approve", "reject": "reject", "partial": "approve_partial"}


def decide(
    session: Session,
    *,
    actor: Actor,
    activity_id: int,
    decision: str,
    reason: str = "",
    approved_minutes: int | None = None,
    today: date | None = None,
) -> DailyActivity:
    """Approve in full, reject with a reason, or approve fewer minutes with a reason."""
    require(decision in DECISIONS)
    today = today or local_today()
    row = session.get(DailyActivity, activity_id)
    require(row is not None, NOT_FOUND)
    acting_for_id = _may_decide(session, actor=actor, row=row, today=today)
    if not decidable(row.status):
        raise ValidationFailed({"form": DECIDED_ELSEWHERE})
    minutes = approved_minutes if decision == "partial" else None
    if decision == "partial" and minutes is None:
        raise ValidationFailed({"approved_minutes": "Isi menit yang disetujui."})
    if problem := decision_problem(reason=reason, approved_minutes=minutes, effective=row.effective_minutes, reject=decision == "reject"):
        raise ValidationFailed({"approved_minutes" if "Menit" in problem else "reason": problem})
    before = audit.snapshot(row)
    statement = _decision(
        [row.id], actor=actor, acting_for_id=acting_for_id, reason=reason,
        status=ActivityStatus.DITOLAK if decision == "reject" else ActivityStatus.DISETUJUI,
        approved_minutes=None if decision == "reject" else DailyActivity.effective_minutes if minutes is None else minutes,
    )
    if minutes is not None:
        # An edit that shrank the claim below the cut makes the cut meaningless: refuse it.
        statement = statement.where(DailyActivity.effective_minutes >= minutes)
    changed = session.exec(statement).rowcount
    if changed != 1:
        raise ValidationFailed({"form": DECIDED_ELSEWHERE})
    session.expire(row)
    row = session.get(DailyActivity, activity_id)
    detail = _decided_by(session, actor=actor, acting_for_ids={acting_for_id})[acting_for_id]
    audit.write(session, actor=actor, action=AUDIT_ACTIONS[decision], entity="daily_activity", row=row, before=before, detail=detail)
    return row


def _decision(ids: Sequence[int], *, actor: Actor, acting_for_id: int, status: ActivityStatus, reason: str, approved_minutes: Any) -> Any:
    """The UPDATE deciding the entries ``ids`` that are still pending (those decided meanwhile stay as they are)."""
    now = utcnow()
    values = {
        "status": status, "decision_reason": reason.strip()[:2000], "decided_by_id": actor.employee_id,
        "decided_for_id": acting_for_id, "decided_at": now, "updated_at": now, "approved_minutes": approved_minutes,
    }
    return (
        update(DailyActivity)
        .where(col(DailyActivity.id).in_(ids), DailyActivity.status == ActivityStatus.DIAJUKAN)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def _decided_by(session: Session, *, actor: Actor, acting_for_ids: Collection[int]) -> dict[int, str]:
    """The audit's detail for a decision made on behalf of each of ``acting_for_ids``: who decided,
    and for whom when a Plt/Plh decided for the atasan."""
    people = session.exec(select(*_NAME_COLUMNS).where(col(Employee.id).in_([actor.employee_id, *acting_for_ids]))).all()
    names = {p.id: display_name(p) for p in people}
    who = names.get(actor.employee_id, actor.nip)
    return {
        acting_for_id: who if acting_for_id == actor.employee_id else f"{who} sebagai Plt/Plh atas nama {names.get(acting_for_id, '-')}"
        for acting_for_id in acting_for_ids
    }


@dataclass(frozen=True)
class BulkPreview:
    count: int
    minutes: int


def _decidable(session: Session, *, actor: Actor, activity_ids: Sequence[int]) -> list[tuple[DailyActivity, int]]:
    """The pending items among ``activity_ids`` the actor may decide, each with the atasan decided for;
    the others are simply not part of a bulk decision."""
    today = local_today()
    rows = session.exec(
        select(DailyActivity).where(among(session, DailyActivity.id, activity_ids), DailyActivity.status == ActivityStatus.DIAJUKAN)
    ).all()
    spans = spans_for_delegate(session, delegate_id=actor.employee_id)
    chosen = [(row, _acting_for(session, actor=actor, row=row, today=today, spans=spans)) for row in rows]
    return [(row, acting) for row, acting in chosen if acting is not None]


def bulk_preview(session: Session, *, actor: Actor, activity_ids: Sequence[int]) -> BulkPreview:
    """What a bulk approval of ``activity_ids`` would approve: only pending items the actor may decide."""
    allowed = [row for row, _ in _decidable(session, actor=actor, activity_ids=activity_ids)]
    return BulkPreview(len(allowed), sum(r.effective_minutes for r in allowed))


def bulk_approve(session: Session, *, actor: Actor, activity_ids: Sequence[int]) -> BulkPreview:
    """Approve each selected item in full; items decided meanwhile or not the actor's are skipped.

    The items are read once and approved by one conditional UPDATE per atasan decided for (like
    ``decide``: only what is still pending changes), with one audit entry each, written together.
    A savepoint and a decision per item made approving a month's queue take seconds (issue 17).
    """
    chosen = _decidable(session, actor=actor, activity_ids=activity_ids)
    before = {row.id: audit.snapshot(row) for row, _ in chosen}
    decided_for: dict[int, int] = {}
    for acting_for_id in dict.fromkeys(acting for _, acting in chosen):
        ids = [row.id for row, acting in chosen if acting == acting_for_id]
        statement = _decision(
            ids, actor=actor, acting_for_id=acting_for_id, status=ActivityStatus.DISETUJUI, reason="",
            approved_minutes=DailyActivity.effective_minutes,
        )
        decided_for |= dict.fromkeys(session.execute(statement.returning(DailyActivity.id)).scalars().all(), acting_for_id)
    if not decided_for:
        return BulkPreview(0, 0)
    rows = session.exec(
        select(DailyActivity).where(among(session, DailyActivity.id, list(decided_for))).execution_options(populate_existing=True)
    ).all()
    details = _decided_by(session, actor=actor, acting_for_ids=set(decided_for.values()))
    audit.write_many(session, [
        audit.entry(session, actor=actor, action=AUDIT_ACTIONS["approve"], entity="daily_activity", row=row, before=before[row.id],
                    detail=details[decided_for[row.id]])
        for row in sorted(rows, key=lambda r: r.id)
    ])
    return BulkPreview(len(rows), sum(r.approved_minutes or 0 for r in rows))


def pending_count(session: Session, *, actor: Actor) -> tuple[int, int]:
    """(pending, overdue) entries waiting for the actor, for the dashboard."""
    counts = pending_by_employee(session, actor=actor)
    return sum(c.pending for c in counts), sum(c.overdue for c in counts)
