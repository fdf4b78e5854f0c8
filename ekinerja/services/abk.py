"""Analisis beban kerja per jabatan of a unit (and its sub-units) over a month or a year.

Every sum is taken in SQL (GROUP BY catalogue item, jabatan or employee), so the work scales with
the number of jabatan and employees, never with the number of activity rows. The arithmetic is in
``ekinerja.domain.abk``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from ekinerja.access import Actor
from ekinerja.clock import local_today
from ekinerja.domain import abk
from ekinerja.domain.hierarchy import descendants
from ekinerja.domain.statuses import ActivityStatus
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import (
    ActivityCatalogItem,
    DailyActivity,
    OrgUnit,
    Position,
    PositionAssignment,
)
from ekinerja.reports.excel import Sheet, with_total_row, workbook_bytes
from ekinerja.services.analysis_scope import require_unit
from ekinerja.services.org import org_snapshot
from ekinerja.services.reports import stamp_for
from ekinerja.services.work_calendar import calendar_for


@dataclass(frozen=True)
class AbkResult:
    unit_name: str
    period: str
    first: date
    last: date  # the last working day counted (yesterday, in a running period)
    period_days: int
    year_days: int
    effective_hours: int
    lines: list[abk.AbkLine]
    totals: list[abk.UnitTotal]


def _catalogue_work(session: Session, position_ids: list[int], first: date, last: date) -> dict[int, float]:
    """Approved volume x standard minutes, per jabatan owning the catalogue item."""
    minutes: dict[int, float] = {}
    statement = (
        select(ActivityCatalogItem.position_id, ActivityCatalogItem.standard_minutes, func.sum(DailyActivity.quantity))
        .join(ActivityCatalogItem, ActivityCatalogItem.id == DailyActivity.catalog_item_id)
        .where(
            col(ActivityCatalogItem.position_id).in_(position_ids), DailyActivity.status == ActivityStatus.DISETUJUI,
            DailyActivity.activity_date >= first, DailyActivity.activity_date <= last,
        )
        .group_by(ActivityCatalogItem.id, ActivityCatalogItem.position_id, ActivityCatalogItem.standard_minutes)
    )
    for position_id, standard, volume in session.exec(statement):
        minutes[position_id] = minutes.get(position_id, 0.0) + float(volume or 0) * standard
    return minutes


def _logged_days(session: Session, position_ids: list[int], first: date, last: date) -> dict[int, int]:
    """Employee-days with approved catalogue work, per jabatan."""
    days: dict[int, int] = {}
    statement = (
        select(ActivityCatalogItem.position_id, func.count(func.distinct(DailyActivity.activity_date)))
        .join(ActivityCatalogItem, ActivityCatalogItem.id == DailyActivity.catalog_item_id)
        .where(
            col(ActivityCatalogItem.position_id).in_(position_ids), DailyActivity.status == ActivityStatus.DISETUJUI,
            DailyActivity.activity_date >= first, DailyActivity.activity_date <= last,
        )
        .group_by(ActivityCatalogItem.position_id, DailyActivity.employee_id)
    )
    for position_id, count in session.exec(statement):
        days[position_id] = days.get(position_id, 0) + int(count)
    return days


def _held_spans(session: Session, position_ids: list[int], first: date, last: date) -> dict[int, list[tuple[date, date | None]]]:
    spans: dict[int, list[tuple[date, date | None]]] = {}
    for position_id, start, end in session.exec(
        select(PositionAssignment.position_id, PositionAssignment.start_date, PositionAssignment.end_date).where(
            col(PositionAssignment.position_id).in_(position_ids), PositionAssignment.kind == "definitif",
            PositionAssignment.start_date <= last,
            or_(col(PositionAssignment.end_date).is_(None), PositionAssignment.end_date >= first),
        )
    ):
        spans.setdefault(position_id, []).append((start, end))
    return spans


def _free_text(session: Session, position_ids: list[int], first: date, last: date) -> dict[int, int]:
    """Approved activities without a catalogue item, per jabatan held definitively on their date."""
    held = and_(
        PositionAssignment.employee_id == DailyActivity.employee_id, PositionAssignment.kind == "definitif",
        PositionAssignment.start_date <= DailyActivity.activity_date,
        or_(col(PositionAssignment.end_date).is_(None), PositionAssignment.end_date >= DailyActivity.activity_date),
    )
    statement = (
        select(PositionAssignment.position_id, func.count())
        .select_from(DailyActivity)
        .join(PositionAssignment, held)
        .where(
            col(DailyActivity.catalog_item_id).is_(None), DailyActivity.status == ActivityStatus.DISETUJUI,
            col(PositionAssignment.position_id).in_(position_ids),
            DailyActivity.activity_date >= first, DailyActivity.activity_date <= last,
        )
        .group_by(PositionAssignment.position_id)
    )
    return {position_id: int(count) for position_id, count in session.exec(statement)}


def analyse(
    session: Session, *, actor: Actor, unit_id: int | None, year: int, month: int, effective_hours: str | int,
    today: date | None = None,
) -> AbkResult:
    """ABK of every active jabatan of the unit and its sub-units (the actor must be allowed the unit)."""
    today = today or local_today()
    hours, errors = abk.read_effective_hours(str(effective_hours))
    first, last, label = abk.period_bounds(year, month, today)
    if errors:
        raise ValidationFailed(errors)
    require_unit(session, actor=actor, unit_id=unit_id)
    snapshot = org_snapshot(session, on=today)
    scope = descendants({unit_id}, snapshot.parent_of_unit)
    units = {u.id: u for u in session.exec(select(OrgUnit).where(col(OrgUnit.id).in_(scope)))}
    positions = session.exec(
        select(Position).where(col(Position.unit_id).in_(scope), Position.active)
    ).all()
    calendar = calendar_for(session, employee_id=0, instansi_id=snapshot.instansi_of_unit(unit_id), around=first)
    period_days = abk.working_days_between(first, last, calendar)
    year_days = len(abk.working_days_between(date(first.year, 1, 1), date(first.year, 12, 31), calendar))
    ids = [p.id for p in positions]
    minutes = _catalogue_work(session, ids, first, last)
    logged = _logged_days(session, ids, first, last)
    spans = _held_spans(session, ids, first, last)
    free = _free_text(session, ids, first, last)
    lines = [
        abk.assess(
            abk.PositionWork(
                p.id, p.name, p.unit_id, units[p.unit_id].name, minutes.get(p.id, 0.0), free.get(p.id, 0),
                logged.get(p.id, 0), abk.incumbent_days(period_days, spans.get(p.id, ())),
            ),
            period_days=len(period_days), year_days=year_days, effective_hours=hours,
        )
        for p in positions
    ]
    order = {uid: (units[uid].code, uid) for uid in units}
    lines.sort(key=lambda line: (order[line.unit_id], line.name, line.position_id))
    return AbkResult(
        units[unit_id].name, label, first, last, len(period_days), year_days, hours, lines, abk.unit_totals(lines)
    )


EXCEL_COLUMNS = (
    "Unit Kerja", "Jabatan", "Beban Kerja (jam/tahun)", "Kebutuhan Pegawai", "Pemangku", "Selisih", "Keadaan", "Catatan",
)


def excel(result: AbkResult, *, actor: Actor) -> tuple[str, bytes]:
    """The ABK as a workbook for the agency's formation planning: (file name, bytes)."""
    frame = pd.DataFrame(
        [
            [
                line.unit_name, line.name, round(line.workload_hours, 2), round(line.needed, 2), round(line.holders, 2),
                round(line.gap, 2), line.status_label, " ".join(line.flags),
            ]
            for line in result.lines
        ],
        columns=list(EXCEL_COLUMNS),
    )
    summed = ["Beban Kerja (jam/tahun)", "Kebutuhan Pegawai", "Pemangku", "Selisih"]
    frame = with_total_row(frame, label_column="Unit Kerja", summed=summed)
    note = (
        f"{result.period_days} hari kerja tercatat ({result.first:%d-%m-%Y} s.d. {result.last:%d-%m-%Y}) dari "
        f"{result.year_days} hari kerja setahun; jam kerja efektif {result.effective_hours} jam/tahun per pegawai"
    )
    sheet = Sheet("ABK", f"Analisis Beban Kerja — {result.unit_name}", frame, decimals=summed)
    data = workbook_bytes([sheet], stamp=stamp_for(actor, f"{result.period} — {note}"))
    safe = "".join(c if c.isalnum() else "-" for c in result.unit_name).strip("-")[:60]
    return f"abk-{safe}-{result.first:%Y%m}.xlsx", data
