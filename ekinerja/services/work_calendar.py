"""The agency's work rules and calendar: settings, holidays and duty days per instansi."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from sqlalchemy import event, literal, union_all
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, select

from ekinerja.access import Actor, require
from ekinerja.clock import local_today, utcnow
from ekinerja.db import is_current_transaction, mark_transaction
from ekinerja.domain.activity_rules import WorkCalendar
from ekinerja.domain.names import display_name
from ekinerja.domain.validation import (
    Errors,
    ValidationFailed,
    read_date,
    read_text,
)
from ekinerja.domain.work_settings import SettingsForm, validate_settings
from ekinerja.models import DutyDay, Employee, Holiday, WorkSettings
from ekinerja.services import audit
from ekinerja.services.org import bump_org_revision, forget_revisions, org_snapshot, reference_revision
from ekinerja.services.org_admin import require_admin

HOLIDAY_KINDS = ("libur_nasional", "cuti_bersama", "libur_daerah")
# A calendar covers the window before a date and the month after it; a year is plenty either side.
CALENDAR_SPAN = timedelta(days=400)
_T = TypeVar("_T")


def calendar_span(around: date) -> tuple[date, date]:
    """The days a calendar read for ``around`` covers: any day of a month shares one read (and one
    cached calendar), and the span still leaves most of a year either side."""
    anchor = around.replace(day=1)
    return anchor - CALENDAR_SPAN, anchor + CALENDAR_SPAN


def instansi_of(session: Session, *, employee_id: int, on: date | None = None) -> int | None:
    snapshot = org_snapshot(session, on=on or local_today())
    unit_id = snapshot.unit_of_employee(employee_id)
    return snapshot.instansi_of_unit(unit_id) if unit_id else None


_REFERENCE_WRITTEN = "ekinerja_reference_written"


@event.listens_for(OrmSession, "after_flush")
def _note_reference_write(session: OrmSession, _context) -> None:
    """A transaction that wrote settings, holidays or duty days reads its own writes, never the cache."""
    if any(isinstance(row, (WorkSettings, Holiday, DutyDay)) for row in (*session.new, *session.dirty, *session.deleted)):
        session.info[_REFERENCE_WRITTEN] = mark_transaction(session)
        forget_revisions(session)


class _ReferenceCache:
    """What a worker has read of the settings and calendars, valid while the reference revision
    (bumped by database triggers on every change to them, from any worker) stays where it was: the
    month-end hot path then reads neither per event (issue 17). Entries are immutable and shared by
    the worker's threads."""

    def __init__(self, limit: int) -> None:
        self._lock = threading.Lock()
        self._limit = limit
        self._revision = -1
        self._entries: dict[tuple, object] = {}

    def get(self, session: Session, key: tuple, load: Callable[[], _T]) -> _T:
        revision = reference_revision(session)  # begins the transaction, if none has begun
        if is_current_transaction(session, session.info.get(_REFERENCE_WRITTEN)):
            return load()
        with self._lock:
            if revision != self._revision:
                self._entries.clear()
                self._revision = revision
            found = self._entries.get(key)
        if found is not None:
            return found  # type: ignore[return-value]
        value = load()  # read after the revision, so never older than what it is filed under
        with self._lock:
            if revision == self._revision:
                if len(self._entries) >= self._limit:
                    self._entries.clear()
                self._entries[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._revision = -1


# One entry per instansi and one calendar per employee and month asked about: a month end of a large
# agency fits; beyond the limit the cache starts again.
reference_cache = _ReferenceCache(limit=20_000)


def settings_for(session: Session, *, instansi_id: int | None) -> WorkSettings:
    """The instansi's settings, or the defaults when an admin has not saved any yet. A detached copy
    shared by the worker: read it, never change or add it (``save_settings`` edits the row)."""

    def load() -> WorkSettings:
        row = session.exec(select(WorkSettings).where(WorkSettings.instansi_id == instansi_id)).first() if instansi_id is not None else None
        return WorkSettings(**row.model_dump()) if row is not None else WorkSettings(instansi_id=instansi_id or 0)

    return reference_cache.get(session, ("settings", instansi_id), load)


def calendar_for(
    session: Session, *, employee_id: int, instansi_id: int | None, around: date, settings: WorkSettings | None = None
) -> WorkCalendar:
    """The employee's working days in ``calendar_span(around)`` (pass ``settings`` when already read)."""
    days_per_week = (settings or settings_for(session, instansi_id=instansi_id)).days_per_week
    lo, hi = calendar_span(around)

    def load() -> WorkCalendar:
        holidays = select(Holiday.day, literal(True)).where(Holiday.instansi_id == instansi_id, Holiday.day >= lo, Holiday.day <= hi)
        duty = select(DutyDay.day, literal(False)).where(DutyDay.employee_id == employee_id, DutyDay.day >= lo, DutyDay.day <= hi)
        days = session.exec(union_all(holidays, duty)).all()  # one round trip for both
        read_holidays = frozenset(day for day, is_holiday in days if is_holiday)
        return WorkCalendar(
            days_per_week=days_per_week,
            # One set of the instansi's holidays for all its employees' calendars: a month end keeps
            # thousands of calendars, each a copy of the same few dozen dates (issue 17: memory).
            holidays=reference_cache.get(session, ("holidays", instansi_id, lo), lambda: read_holidays),
            duty_days=frozenset(day for day, is_holiday in days if not is_holiday),
        )

    return reference_cache.get(session, ("calendar", instansi_id, employee_id, lo, days_per_week), load)


@dataclass(frozen=True)
class WorkRules:
    """The instansi's settings and one employee's calendar around a date: read once, used by the
    whole event (an entry's validation, then the month it lands in)."""

    settings: WorkSettings
    calendar: WorkCalendar
    around: date

    def covers(self, first: date, last: date) -> bool:
        lo, hi = calendar_span(self.around)
        return lo <= first and last <= hi


def work_rules(session: Session, *, employee_id: int, instansi_id: int | None, around: date) -> WorkRules:
    settings = settings_for(session, instansi_id=instansi_id)
    calendar = calendar_for(session, employee_id=employee_id, instansi_id=instansi_id, around=around, settings=settings)
    return WorkRules(settings, calendar, around)


# Admin: settings


def save_settings(session: Session, *, actor: Actor, form: SettingsForm) -> WorkSettings:
    instansi_id = require_admin(actor)
    values, errors = validate_settings(form)
    if errors:
        raise ValidationFailed(errors)
    row = session.exec(select(WorkSettings).where(WorkSettings.instansi_id == instansi_id)).first()
    before = audit.snapshot(row)
    row = row or WorkSettings(instansi_id=instansi_id)
    if values["timezone"] != row.timezone:
        bump_org_revision(session)  # the zone travels with the cached org snapshot (and so each Actor)
    for field, value in values.items():
        setattr(row, field, value)
    row.updated_by_id = actor.employee_id
    row.updated_at = utcnow()
    audit.write(session, actor=actor, action="update", entity="work_settings", row=row, before=before, store=True)
    return row


# Admin: holidays


def list_holidays(session: Session, *, actor: Actor, year: int) -> list[Holiday]:
    instansi_id = require_admin(actor)
    return list(
        session.exec(
            select(Holiday)
            .where(Holiday.instansi_id == instansi_id, Holiday.day >= date(year, 1, 1), Holiday.day <= date(year, 12, 31))
            .order_by(Holiday.day)
        )
    )


def add_holiday(session: Session, *, actor: Actor, day: str, name: str, kind: str) -> Holiday:
    instansi_id = require_admin(actor)
    errors: Errors = {}
    parsed = read_date(errors, "day", day, label="Tanggal", required=True)
    cleaned_name = read_text(errors, "name", name, label="Nama hari libur", max_len=150)
    if kind not in HOLIDAY_KINDS:
        errors["kind"] = "Jenis hari libur wajib dipilih."
    if parsed and "day" not in errors and session.exec(
        select(Holiday.id).where(Holiday.instansi_id == instansi_id, Holiday.day == parsed)
    ).first():
        errors["day"] = f"{parsed:%d-%m-%Y} sudah tercatat sebagai hari libur."
    if errors:
        raise ValidationFailed(errors)
    row = Holiday(instansi_id=instansi_id, day=parsed, name=cleaned_name, kind=kind)
    audit.write(session, actor=actor, action="create", entity="holiday", row=row, store=True)
    return row


def delete_holiday(session: Session, *, actor: Actor, holiday_id: int) -> None:
    instansi_id = require_admin(actor)
    row = session.get(Holiday, holiday_id)
    require(row is not None and row.instansi_id == instansi_id, "Hari libur tidak ditemukan.")
    audit.write(session, actor=actor, action="delete", entity="holiday", entity_id=row.id, before=audit.snapshot(row))
    session.delete(row)
    session.flush()


def add_duty_day(session: Session, *, actor: Actor, employee_id: int, day: date, reason: str) -> DutyDay:
    """Piket/dinas on a non-working day: the atasan of record or an admin of the instansi marks it."""
    snapshot = org_snapshot(session, on=day)
    atasan = snapshot.atasan_of(employee_id)
    is_admin_here = actor.is_admin and instansi_of(session, employee_id=employee_id, on=day) == actor.instansi_id
    require(is_admin_here or (atasan is not None and atasan.employee_id == actor.employee_id))
    row = DutyDay(employee_id=employee_id, day=day, reason=reason[:200] or "Piket", created_by_id=actor.employee_id)
    audit.write(session, actor=actor, action="create", entity="duty_day", row=row, store=True)
    return row


# Duty days, as the admin page and the atasan mark them


DUTY_NOT_FOUND = "Penanda tugas piket tidak ditemukan."


@dataclass(frozen=True)
class DutyRow:
    id: int
    day: date
    nip: str
    name: str
    reason: str


def employee_by_nip(session: Session, *, nip: str) -> Employee | None:
    """The employee a typed NIP names (spaces ignored), if any."""
    value = "".join(nip.split())
    return session.exec(select(Employee).where(Employee.nip == value)).first() if value else None


def _may_mark_duty(session: Session, actor: Actor, employee_id: int, day: date) -> bool:
    """An admin for anyone of their instansi; an atasan for their direct subordinates."""
    if actor.is_admin and instansi_of(session, employee_id=employee_id, on=day) == actor.instansi_id:
        return True
    atasan = org_snapshot(session, on=day).atasan_of(employee_id)
    return atasan is not None and atasan.employee_id == actor.employee_id


def _is_agency_working_day(session: Session, instansi_id: int | None, day: date) -> bool:
    """Whether ``day`` is a working day of the instansi, duty days left aside."""
    holiday = session.exec(select(Holiday.id).where(Holiday.instansi_id == instansi_id, Holiday.day == day)).first()
    return WorkCalendar(days_per_week=settings_for(session, instansi_id=instansi_id).days_per_week).is_working_day(day) and holiday is None


def mark_duty_day(session: Session, *, actor: Actor, nip: str, day: str, reason: str) -> DutyDay:
    """The form's side of ``add_duty_day``: the employee by NIP, each problem on its field."""
    errors: Errors = {}
    parsed = read_date(errors, "day", day, label="Tanggal tugas", required=True)
    cleaned_reason = read_text(errors, "reason", reason, label="Alasan (mis. piket, nomor surat tugas)", max_len=200)
    employee = employee_by_nip(session, nip=nip)
    if employee is None or not employee.active or (parsed and not _may_mark_duty(session, actor, employee.id, parsed)):
        errors["nip"] = (
            "Pegawai dengan NIP ini tidak ditemukan di instansi Anda."
            if actor.is_admin
            else "Pegawai dengan NIP ini bukan bawahan langsung Anda."
        )
    elif parsed:
        if _is_agency_working_day(session, instansi_of(session, employee_id=employee.id, on=parsed), parsed):
            errors["day"] = f"{parsed:%d-%m-%Y} sudah hari kerja; tugas piket hanya dicatat untuk hari libur."
        elif session.exec(select(DutyDay.id).where(DutyDay.employee_id == employee.id, DutyDay.day == parsed)).first():
            errors["day"] = f"Pegawai ini sudah tercatat bertugas pada {parsed:%d-%m-%Y}."
    if errors:
        raise ValidationFailed(errors)
    return add_duty_day(session, actor=actor, employee_id=employee.id, day=parsed, reason=cleaned_reason)


def list_duty_days(session: Session, *, actor: Actor, year: int) -> list[DutyRow]:
    """The year's duty days the actor may see: the admin's whole instansi, an atasan's direct subordinates."""
    rows = session.exec(
        select(DutyDay, Employee)
        .join(Employee, Employee.id == DutyDay.employee_id)
        .where(DutyDay.day >= date(year, 1, 1), DutyDay.day <= date(year, 12, 31))
        .order_by(DutyDay.day.desc(), Employee.name)
    ).all()
    return [
        DutyRow(id=duty.id, day=duty.day, nip=person.nip, name=display_name(person), reason=duty.reason)
        for duty, person in rows
        if _may_mark_duty(session, actor, duty.employee_id, duty.day)
    ]


def delete_duty_day(session: Session, *, actor: Actor, duty_id: int) -> None:
    row = session.get(DutyDay, duty_id)
    require(row is not None and _may_mark_duty(session, actor, row.employee_id, row.day), DUTY_NOT_FOUND)
    audit.write(session, actor=actor, action="delete", entity="duty_day", entity_id=row.id, before=audit.snapshot(row))
    session.delete(row)
    session.flush()
