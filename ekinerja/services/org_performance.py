"""Kinerja unit per month, its 12-month trend and the ranking of units (``domain/org_performance``).

A month is gathered with a handful of GROUP BY queries per employee (activities, approved
minutes, validation within the window, on-time attendance, predikat), then rolled up to the
units in Python: the cost follows the number of employees, never the number of activity rows.
The per-unit counts of a month are kept for a few minutes per worker, so the dashboard card and
the ranking tab do not recount the whole instansi on every visit.

Access: an admin sees every unit of their instansi; a unit head the ranking of their unit among
its peers and the measures of their own units; everyone else only their own unit's place.
"""

from __future__ import annotations

import threading
import time as clock
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, literal, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.sqltypes import UTCDateTime

from ekinerja.access import Actor, require
from ekinerja.clock import local_today, zone_name
from ekinerja.domain import org_performance as perf
from ekinerja.domain.abk import days_within, working_days_between
from ekinerja.domain.activity_rules import MAX_SEARCH_DAYS, WorkCalendar
from ekinerja.domain.dates import month_bounds, month_label
from ekinerja.domain.hierarchy import OrgSnapshot, ancestors, descendants
from ekinerja.domain.kinerja_target import expected_working_days, prorated_minutes
from ekinerja.domain.statuses import AbsenceStatus, ActivityStatus, EvaluationStatus
from ekinerja.models import (
    Absence,
    AttendanceRecord,
    DailyActivity,
    OrgUnit,
    PositionAssignment,
)
from ekinerja.models.evaluation import Evaluation
from ekinerja.services.analysis_scope import (
    LEADS_ONLY,
    UNIT_NOT_ALLOWED,
    headed_units,
    viewable_units,
)
from ekinerja.services.attendance import working_hours
from ekinerja.services.org import instansi_zone, org_revision, org_snapshot
from ekinerja.services.tpp import ruleset_for
from ekinerja.services.work_calendar import calendar_for, settings_for

TREND_MONTHS = 12
CACHE_SECONDS = 600
_cache_lock = threading.Lock()
_cache: dict[tuple, tuple[float, dict[int, perf.UnitMonth]]] = {}


# -- one month, per leaf unit ---------------------------------------------------------


def _deadline(day: date, calendar: WorkCalendar, window: int) -> date:
    """The last date an activity of ``day`` may still be decided within the window."""
    current, counted = day, 0
    for _ in range(MAX_SEARCH_DAYS):
        if counted >= window:
            break
        current += timedelta(days=1)
        counted += calendar.is_working_day(current)
    return current


@dataclass
class _Person:
    unit_id: int
    expected: int
    logged: int = 0
    approved: int = 0
    in_window: int = 0
    due: int = 0
    on_time: int = 0
    predikat: str | None = None


def _people(
    session: Session, snapshot: OrgSnapshot, instansi_units: set[int], days: list[date], first: date, last: date, excusing: frozenset[str]
) -> dict[int, _Person]:
    """Everyone holding a definitive jabatan of the instansi during the month, with their expected days
    (the days in post less those of approved absences that ``excusing`` names, as for the TPP target)."""
    spans: dict[int, list[tuple[date, date | None, int]]] = {}
    for employee_id, position_id, start, end in session.exec(
        select(PositionAssignment.employee_id, PositionAssignment.position_id, PositionAssignment.start_date, PositionAssignment.end_date)
        .where(
            PositionAssignment.kind == "definitif", PositionAssignment.start_date <= last,
            or_(col(PositionAssignment.end_date).is_(None), PositionAssignment.end_date >= first),
        )
    ):
        spans.setdefault(employee_id, []).append((start, end, position_id))
    excused: dict[int, set[date]] = {}
    for employee_id, start, end in session.exec(
        select(Absence.employee_id, Absence.start_date, Absence.end_date)
        .where(Absence.status == AbsenceStatus.DISETUJUI, Absence.start_date <= last, Absence.end_date >= first, col(Absence.kind).in_(excusing))
    ):
        lo, hi = days_within(days, date.min, start - timedelta(days=1)), days_within(days, date.min, end)
        excused.setdefault(employee_id, set()).update(days[lo:hi])
    people = {}
    for employee_id, held in spans.items():
        latest = max(held, key=lambda s: s[0])
        unit_id = snapshot.unit_of_position.get(latest[2])
        if unit_id not in instansi_units:
            continue
        windows = [(s, e) for s, e, _ in held]
        people[employee_id] = _Person(unit_id, expected_working_days(days, windows, excused.get(employee_id, set())))
    return people


def _count_activities(
    session: Session, people: dict[int, _Person], days: list[date], calendar, window: int, first: date, last: date, today: date,
    zone: ZoneInfo,
) -> None:
    in_month = and_(DailyActivity.activity_date >= first, DailyActivity.activity_date <= last)
    for employee_id, logged in session.exec(
        select(DailyActivity.employee_id, func.count(func.distinct(DailyActivity.activity_date)))
        .where(in_month, col(DailyActivity.activity_date).in_(days))
        .group_by(DailyActivity.employee_id)
    ):
        if employee_id in people:
            people[employee_id].logged = int(logged)
    for employee_id, minutes in session.exec(
        select(DailyActivity.employee_id, func.sum(DailyActivity.approved_minutes))
        .where(in_month, DailyActivity.status == ActivityStatus.DISETUJUI)
        .group_by(DailyActivity.employee_id)
    ):
        if employee_id in people:
            people[employee_id].approved = int(minutes or 0)
    deadlines: dict[date, datetime] = {}
    closed: list[date] = []
    day = first
    while day <= last:
        limit = _deadline(day, calendar, window)
        deadlines[day] = datetime.combine(limit + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
        if limit < today:
            closed.append(day)
        day += timedelta(days=1)
    by_date = case(
        *[(DailyActivity.activity_date == d, literal(moment, UTCDateTime())) for d, moment in deadlines.items()],
        else_=literal(datetime(1970, 1, 1, tzinfo=UTC), UTCDateTime()),
    )
    decided = DailyActivity.status != ActivityStatus.DIAJUKAN
    for employee_id, in_window, due in session.exec(
        select(
            DailyActivity.employee_id,
            func.sum(case((and_(decided, DailyActivity.decided_at < by_date), 1), else_=0)),
            func.sum(case((or_(decided, col(DailyActivity.activity_date).in_(closed)), 1), else_=0)),
        )
        .where(in_month)
        .group_by(DailyActivity.employee_id)
    ):
        if employee_id in people:
            people[employee_id].in_window, people[employee_id].due = int(in_window or 0), int(due or 0)


def _count_attendance(session: Session, people: dict[int, _Person], days: list[date], hours: dict) -> None:
    by_start: dict[time, list[date]] = {}
    for day in days:
        by_start.setdefault(hours.get(day.weekday(), hours[0])[0], []).append(day)
    for start, group in by_start.items():
        for employee_id, count in session.exec(
            select(AttendanceRecord.employee_id, func.count())
            .where(col(AttendanceRecord.day).in_(group), col(AttendanceRecord.check_in).is_not(None), AttendanceRecord.check_in <= start)
            .group_by(AttendanceRecord.employee_id)
        ):
            if employee_id in people:
                people[employee_id].on_time += int(count)


def _count_predikat(session: Session, people: dict[int, _Person], year: int, month: int) -> None:
    """The final predikat of the periodic evaluation covering the month (monthly over quarterly)."""
    for kind, number in (("triwulanan", (month - 1) // 3 + 1), ("bulanan", month)):
        for employee_id, predikat in session.exec(
            select(Evaluation.employee_id, Evaluation.predikat).where(
                Evaluation.year == year, Evaluation.period_kind == kind, Evaluation.period_no == number, Evaluation.status == EvaluationStatus.FINAL,
            )
        ):
            if employee_id in people and predikat:
                people[employee_id].predikat = predikat


def _leaf_months(session: Session, *, instansi_id: int, year: int, month: int, today: date) -> dict[int, perf.UnitMonth]:
    first, last = month_bounds(year, month)
    last = min(last, today - timedelta(days=1))
    snapshot = org_snapshot(session, on=max(first, min(last, today)))
    instansi_units = descendants({instansi_id}, snapshot.parent_of_unit)
    names = dict(session.exec(select(OrgUnit.id, OrgUnit.name).where(col(OrgUnit.id).in_(instansi_units))).all())
    if last < first:
        return {}
    calendar = calendar_for(session, employee_id=0, instansi_id=instansi_id, around=first)
    days = working_days_between(first, last, calendar)
    settings = settings_for(session, instansi_id=instansi_id)
    month_days = len(working_days_between(*month_bounds(year, month), calendar))
    excusing = ruleset_for(session, instansi_id=instansi_id, year=year)[0].target_excused_absences
    people = _people(session, snapshot, instansi_units, days, first, last, excusing)
    zone = ZoneInfo(zone_name(instansi_zone(session, instansi_id=instansi_id)))  # the entry window closes at the instansi's midnight
    _count_activities(session, people, days, calendar, settings.entry_window_working_days, first, last, today, zone)
    _count_attendance(session, people, days, working_hours(session, instansi_id=instansi_id))
    _count_predikat(session, people, year, month)
    if not any(p.logged or p.due or p.on_time for p in people.values()):
        return {}  # nothing recorded in the whole instansi: the system was not in use yet, not a month of zeros
    totals: dict[int, dict] = {}
    for person in people.values():
        t = totals.setdefault(person.unit_id, {"employees": 0, "full": 0, "cap": 0.0, "capn": 0, "in": 0, "due": 0, "on": 0, "exp": 0, "pred": {}})
        t["employees"] += 1
        t["full"] += person.logged >= person.expected
        target = prorated_minutes(settings.monthly_target_minutes, person.expected, month_days)
        if target:
            t["cap"] += min(100.0, 100.0 * person.approved / target)
            t["capn"] += 1
        t["in"] += person.in_window
        t["due"] += person.due
        t["on"] += min(person.on_time, person.expected)
        t["exp"] += person.expected
        if person.predikat:
            t["pred"][person.predikat] = t["pred"].get(person.predikat, 0) + 1
    return {
        unit_id: perf.UnitMonth(
            unit_id, names.get(unit_id, "-"), t["employees"], t["full"], t["cap"], t["capn"], t["in"], t["due"], t["on"], t["exp"], t["pred"]
        )
        for unit_id, t in totals.items()
    }


def leaf_months(session: Session, *, instansi_id: int, year: int, month: int, today: date) -> dict[int, perf.UnitMonth]:
    """The month's counts per unit (each unit alone, not its sub-units), cached for a few minutes."""
    key = (instansi_id, year, month, today, org_revision(session))
    now = clock.monotonic()
    with _cache_lock:
        hit = _cache.get(key)
    if hit and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    found = _leaf_months(session, instansi_id=instansi_id, year=year, month=month, today=today)
    with _cache_lock:
        if len(_cache) > 64:
            _cache.clear()
        _cache[key] = (now, found)
    return found


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def _subtree_month(unit_id: int, name: str, leaves: dict[int, perf.UnitMonth], parent_of) -> perf.UnitMonth:
    below = descendants({unit_id}, parent_of)
    return perf.combine(unit_id, name, [m for uid, m in leaves.items() if uid in below])


# -- access ---------------------------------------------------------------------------


def _instansi(actor: Actor) -> int:
    require(actor.instansi_id is not None, LEADS_ONLY)
    return actor.instansi_id


def ranking_parents(session: Session, *, actor: Actor) -> list[tuple[int, str]]:
    """Units whose sub-units the actor may rank: an admin any unit with sub-units of the instansi,
    a unit head the unit above their own (their peers) and their own units with sub-units."""
    snapshot = org_snapshot(session, on=local_today())
    parents_with_children = {p for p in snapshot.parent_of_unit.values() if p is not None}
    allowed = _rankable(session, actor, snapshot) & parents_with_children
    units = session.exec(select(OrgUnit).where(col(OrgUnit.id).in_(allowed)).order_by(OrgUnit.code)).all() if allowed else []
    return [(u.id, u.name) for u in units]


def _rankable(session: Session, actor: Actor, snapshot: OrgSnapshot) -> set[int]:
    viewable = viewable_units(session, actor=actor)
    heads = headed_units(session, snapshot=snapshot, employee_id=actor.employee_id)
    return viewable | {snapshot.parent_of_unit.get(u) for u in heads} - {None}


# -- what the page shows -----------------------------------------------------------------


@dataclass(frozen=True)
class RankingView:
    parent_name: str
    period: str
    ranking: list[perf.Ranked]
    own_unit_ids: frozenset[int]


def ranking(session: Session, *, actor: Actor, parent_id: int | None, year: int, month: int, today: date | None = None) -> RankingView:
    """The sub-units of ``parent_id`` for the month, measured and ranked."""
    today = today or local_today()
    instansi_id = _instansi(actor)
    snapshot = org_snapshot(session, on=today)
    require(parent_id is not None and parent_id in _rankable(session, actor, snapshot), UNIT_NOT_ALLOWED)
    leaves = leaf_months(session, instansi_id=instansi_id, year=year, month=month, today=today)
    children = session.exec(select(OrgUnit).where(OrgUnit.parent_id == parent_id, OrgUnit.active)).all()
    measured = [perf.measure(_subtree_month(u.id, u.name, leaves, snapshot.parent_of_unit)) for u in children]
    own = set(ancestors(actor.unit_id, snapshot.parent_of_unit)) if actor.unit_id else set()
    parent = session.get(OrgUnit, parent_id)
    return RankingView(parent.name if parent else "-", month_label(year, month), perf.rank(measured), frozenset(own))


@dataclass(frozen=True)
class TrendPoint:
    label: str
    measures: perf.UnitMeasures


def trend(session: Session, *, actor: Actor, unit_id: int | None, today: date | None = None, months: int = TREND_MONTHS) -> list[TrendPoint]:
    """The unit's measures over the last ``months`` months, oldest first (the running month last)."""
    today = today or local_today()
    instansi_id = _instansi(actor)
    require(unit_id is not None and unit_id in viewable_units(session, actor=actor), UNIT_NOT_ALLOWED)
    snapshot = org_snapshot(session, on=today)
    name = session.get(OrgUnit, unit_id).name
    points = []
    year, month = today.year, today.month
    for _ in range(months):
        leaves = leaf_months(session, instansi_id=instansi_id, year=year, month=month, today=today)
        points.append(TrendPoint(month_label(year, month), perf.measure(_subtree_month(unit_id, name, leaves, snapshot.parent_of_unit))))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return points[::-1]


@dataclass(frozen=True)
class OwnPlace:
    unit_name: str
    rank: int | None
    ranked: int
    period: str


def own_place(session: Session, *, actor: Actor, today: date | None = None) -> OwnPlace | None:
    """This month's place of the actor's perangkat daerah among those of the instansi (anyone signed in)."""
    today = today or local_today()
    if actor.unit_id is None or actor.instansi_id is None:
        return None
    snapshot = org_snapshot(session, on=today)
    chain = ancestors(actor.unit_id, snapshot.parent_of_unit)  # own unit ... instansi
    if len(chain) < 2:
        return None
    competing = chain[-2]  # the unit directly below the instansi
    leaves = leaf_months(session, instansi_id=actor.instansi_id, year=today.year, month=today.month, today=today)
    peers = session.exec(select(OrgUnit).where(OrgUnit.parent_id == actor.instansi_id, OrgUnit.active)).all()
    ranked = perf.rank([perf.measure(_subtree_month(u.id, u.name, leaves, snapshot.parent_of_unit)) for u in peers])
    place, count = perf.place_of(ranked, competing)
    name = next((u.name for u in peers if u.id == competing), "-")
    return OwnPlace(name, place, count, month_label(today.year, today.month))
