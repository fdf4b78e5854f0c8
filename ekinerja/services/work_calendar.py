"""The agency's work rules and calendar: settings, holidays and duty days per instansi."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from ekinerja.access import Actor, require
from ekinerja.domain.activity_rules import WorkCalendar
from ekinerja.domain.validation import Errors, ValidationFailed, _date, _text, to_int
from ekinerja.models import DutyDay, Holiday, WorkSettings
from ekinerja.models.base import local_today, utcnow
from ekinerja.services import audit
from ekinerja.services.org import org_snapshot
from ekinerja.services.org_admin import require_admin

HOLIDAY_KINDS = ("libur_nasional", "cuti_bersama", "libur_daerah")
# A calendar covers the window before a date and the month after it; a year is plenty either side.
CALENDAR_SPAN = timedelta(days=400)


def instansi_of(session: Session, employee_id: int, *, on: date | None = None) -> int | None:
    snapshot = org_snapshot(session, on=on or local_today())
    unit_id = snapshot.unit_of_employee(employee_id)
    return snapshot.instansi_of_unit(unit_id) if unit_id else None


def settings_for(session: Session, instansi_id: int | None) -> WorkSettings:
    """The instansi's settings, or the defaults when an admin has not saved any yet."""
    if instansi_id is not None:
        row = session.exec(select(WorkSettings).where(WorkSettings.instansi_id == instansi_id)).first()
        if row is not None:
            return row
    return WorkSettings(instansi_id=instansi_id or 0)


def calendar_for(session: Session, *, employee_id: int, instansi_id: int | None, around: date) -> WorkCalendar:
    lo, hi = around - CALENDAR_SPAN, around + CALENDAR_SPAN
    holidays = session.exec(
        select(Holiday.day).where(Holiday.instansi_id == instansi_id, Holiday.day >= lo, Holiday.day <= hi)
    ).all()
    duty = session.exec(
        select(DutyDay.day).where(DutyDay.employee_id == employee_id, DutyDay.day >= lo, DutyDay.day <= hi)
    ).all()
    return WorkCalendar(
        days_per_week=settings_for(session, instansi_id).days_per_week,
        holidays=frozenset(holidays),
        duty_days=frozenset(duty),
    )


# Admin: settings


@dataclass(frozen=True)
class SettingsForm:
    monthly_target_minutes: str = ""
    daily_norm_minutes: str = ""
    daily_max_minutes: str = ""
    entry_window_working_days: str = ""
    days_per_week: str = ""


# field -> (label, lowest, highest)
SETTINGS_BOUNDS = {
    "monthly_target_minutes": ("Target menit efektif per bulan", 60, 20_000),
    "daily_norm_minutes": ("Norma menit per hari", 30, 720),
    "daily_max_minutes": ("Batas menit per hari", 30, 1_080),
    "entry_window_working_days": ("Batas pengisian (hari kerja ke belakang)", 0, 30),
    "days_per_week": ("Hari kerja per minggu", 5, 6),
}


def validate_settings(form: SettingsForm) -> tuple[dict[str, int] | None, Errors]:
    errors: Errors = {}
    values: dict[str, int] = {}
    for field, (label, lo, hi) in SETTINGS_BOUNDS.items():
        number = to_int(getattr(form, field))
        if number is None or not lo <= number <= hi:
            errors[field] = f"{label} harus bilangan bulat {lo}-{hi}."
        else:
            values[field] = number
    if not errors and values["daily_max_minutes"] < values["daily_norm_minutes"]:
        errors["daily_max_minutes"] = "Batas menit per hari tidak boleh lebih kecil dari norma harian."
    return (None, errors) if errors else (values, errors)


def save_settings(session: Session, *, actor: Actor, form: SettingsForm) -> WorkSettings:
    instansi_id = require_admin(actor)
    values, errors = validate_settings(form)
    if errors:
        raise ValidationFailed(errors)
    row = session.exec(select(WorkSettings).where(WorkSettings.instansi_id == instansi_id)).first()
    before = audit.snapshot(row)
    row = row or WorkSettings(instansi_id=instansi_id)
    for field, value in values.items():
        setattr(row, field, value)
    row.updated_by_id = actor.employee_id
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    audit.record(
        session, actor_id=actor.employee_id, action="update", entity="work_settings", entity_id=row.id,
        before=before, after=audit.snapshot(row),
    )
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
    parsed = _date(errors, "day", day, label="Tanggal", required=True)
    cleaned_name = _text(errors, "name", name, label="Nama hari libur", max_len=150)
    if kind not in HOLIDAY_KINDS:
        errors["kind"] = "Jenis hari libur wajib dipilih."
    if parsed and "day" not in errors and session.exec(
        select(Holiday.id).where(Holiday.instansi_id == instansi_id, Holiday.day == parsed)
    ).first():
        errors["day"] = f"{parsed:%d-%m-%Y} sudah tercatat sebagai hari libur."
    if errors:
        raise ValidationFailed(errors)
    row = Holiday(instansi_id=instansi_id, day=parsed, name=cleaned_name, kind=kind)
    session.add(row)
    session.flush()
    audit.record(session, actor_id=actor.employee_id, action="create", entity="holiday", entity_id=row.id, after=audit.snapshot(row))
    return row


def delete_holiday(session: Session, *, actor: Actor, holiday_id: int) -> None:
    instansi_id = require_admin(actor)
    row = session.get(Holiday, holiday_id)
    require(row is not None and row.instansi_id == instansi_id, "Hari libur tidak ditemukan.")
    audit.record(session, actor_id=actor.employee_id, action="delete", entity="holiday", entity_id=row.id, before=audit.snapshot(row))
    session.delete(row)
    session.flush()


def add_duty_day(session: Session, *, actor: Actor, employee_id: int, day: date, reason: str) -> DutyDay:
    """Piket/dinas on a non-working day: the atasan of record or an admin of the instansi marks it."""
    snapshot = org_snapshot(session, on=day)
    atasan = snapshot.atasan_of(employee_id)
    is_admin_here = actor.is_admin and instansi_of(session, employee_id, on=day) == actor.instansi_id
    require(is_admin_here or (atasan is not None and atasan.employee_id == actor.employee_id))
    row = DutyDay(employee_id=employee_id, day=day, reason=reason[:200] or "Piket", created_by_id=actor.employee_id)
    session.add(row)
    session.flush()
    audit.record(session, actor_id=actor.employee_id, action="create", entity="duty_day", entity_id=row.id, after=audit.snapshot(row))
    return row
