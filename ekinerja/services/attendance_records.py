"""Kehadiran records, written by the instansi's admin: working hours, importing the attendance
machine's export, and corrections of a day's record with a reason."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from pathlib import PurePath

from sqlmodel import Session, col, select

from ekinerja.access import Actor
from ekinerja.clock import local_today, utcnow
from ekinerja.domain.nip import normalize_nip
from ekinerja.domain.validation import Errors, ValidationFailed, read_date, read_text, read_time
from ekinerja.models import (
    AttendanceRecord,
    Employee,
    WorkingHours,
)
from ekinerja.services import audit
from ekinerja.services.attendance import (
    WEEKDAYS,
    locked_months,
    month_locked,
    require_admin_over,
    working_hours,
)
from ekinerja.services.conflicts import IMPORTED_MEANWHILE, one_outcome
from ekinerja.services.employee_import import NIP_AS_NUMBER
from ekinerja.services.org import org_snapshot
from ekinerja.services.org_admin import require_admin
from ekinerja.services.spreadsheet import RowError, read_rows, row_errors
from ekinerja.services.work_calendar import settings_for

COLUMNS = ("nip", "tanggal", "jam_masuk", "jam_pulang")
LOCKED = "Bulan {month:02d}-{year} sudah dikunci setelah pembayaran TPP; datanya tidak dapat diubah lagi."
MIN_REASON = 10


def save_working_hours(session: Session, *, actor: Actor, form: dict[str, str]) -> None:
    """``form``: ``start_<weekday>``/``end_<weekday>`` as JJ:MM for each working weekday of the instansi."""
    instansi_id = require_admin(actor)
    days = range(settings_for(session, instansi_id=instansi_id).days_per_week)
    errors: Errors = {}
    cleaned = {}
    for weekday in days:
        start = read_time(errors, f"start_{weekday}", form.get(f"start_{weekday}", ""), label=f"Jam masuk {WEEKDAYS[weekday]}", required=True)
        end = read_time(errors, f"end_{weekday}", form.get(f"end_{weekday}", ""), label=f"Jam pulang {WEEKDAYS[weekday]}", required=True)
        if start and end and end <= start:
            errors[f"end_{weekday}"] = f"Jam pulang {WEEKDAYS[weekday]} harus setelah jam masuk."
        cleaned[weekday] = (start, end)
    if errors:
        raise ValidationFailed(errors)
    existing = {r.weekday: r for r in session.exec(select(WorkingHours).where(WorkingHours.instansi_id == instansi_id))}
    before = {d: f"{s:%H:%M}-{e:%H:%M}" for d, (s, e) in working_hours(session, instansi_id=instansi_id).items()}
    for weekday, (start, end) in cleaned.items():
        row = existing.get(weekday) or WorkingHours(instansi_id=instansi_id, weekday=weekday, start_time=start, end_time=end)
        row.start_time, row.end_time = start, end
        session.add(row)
    session.flush()
    after = {d: f"{s:%H:%M}-{e:%H:%M}" for d, (s, e) in working_hours(session, instansi_id=instansi_id).items()}
    audit.write(
        session, actor=actor, action="update", entity="working_hours", entity_id=instansi_id, before=before,
        after=after,
    )


@dataclass(frozen=True)
class AttendanceImportReport:
    total_rows: int
    errors: list[RowError]
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_corrections: int = 0  # rows an admin corrected earlier: the correction wins over a re-import


def _read_sheet(data: bytes, filename: str):
    return read_rows(
        data, filename, columns=COLUMNS, text_only=("nip",), date_columns=("tanggal",),
        no_rows_message="File tidak berisi baris data kehadiran.",
    )


def _parse_day(errors: Errors, raw: str) -> date | None:
    value = raw.strip()
    match = re.fullmatch(r"([0-9]{1,2})[/-]([0-9]{1,2})[/-]([0-9]{4})", value)
    if match:  # 31/01/2025 or 31-01-2025, as Indonesian exports write it
        value = f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"
    return read_date(errors, "tanggal", value, label="Tanggal", required=True)


def import_attendance(session: Session, *, actor: Actor, data: bytes, filename: str, today: date | None = None) -> AttendanceImportReport:
    """Upsert every row on (employee, day), or nothing when any row has a problem.

    Re-importing the same file changes nothing; a day an admin corrected keeps its correction.
    """
    instansi_id = require_admin(actor)
    today = today or local_today()
    rows = _read_sheet(data, filename)
    nips = {normalize_nip(row.cells["nip"]) for row in rows}
    employee_of = dict(session.exec(select(Employee.nip, Employee.id).where(col(Employee.nip).in_(nips))).all())
    snapshot = org_snapshot(session, on=today)
    locked = locked_months(session, instansi_id=instansi_id)
    errors: list[RowError] = []
    parsed: dict[tuple[int, date], tuple[time | None, time | None]] = {}
    first_row: dict[tuple[int, date], int] = {}
    for sheet_row in rows:
        number, cells, as_number = sheet_row.number, sheet_row.cells, "nip" in sheet_row.numbers
        found: Errors = {}
        nip = normalize_nip(cells["nip"])
        employee_id = employee_of.get(nip)
        if as_number:
            found["nip"] = NIP_AS_NUMBER
        elif not nip:
            found["nip"] = "NIP wajib diisi."
        elif employee_id is None:
            found["nip"] = f"NIP {nip} tidak terdaftar."
        else:
            unit = snapshot.unit_of_employee(employee_id)
            if unit is None or snapshot.instansi_of_unit(unit) != instansi_id:
                found["nip"] = f"NIP {nip} bukan pegawai instansi Anda."
        day = _parse_day(found, cells["tanggal"])
        check_in = read_time(found, "jam_masuk", cells["jam_masuk"], label="Jam masuk", required=False)
        check_out = read_time(found, "jam_pulang", cells["jam_pulang"], label="Jam pulang", required=False)
        if not cells["jam_masuk"] and not cells["jam_pulang"]:
            found["jam_masuk"] = "Jam masuk atau jam pulang wajib diisi."
        if check_in and check_out and check_out <= check_in:
            found["jam_pulang"] = "Jam pulang harus setelah jam masuk."
        if day and "tanggal" not in found:
            if day > today:
                found["tanggal"] = "Tanggal tidak boleh di masa depan."
            elif (day.year, day.month) in locked:
                found["tanggal"] = LOCKED.format(month=day.month, year=day.year)
        if employee_id is not None and day is not None and not found:
            key = (employee_id, day)
            if key in first_row:
                found["tanggal"] = f"NIP dan tanggal yang sama sudah ada di baris {first_row[key]}."
            else:
                first_row[key] = number
                parsed[key] = (check_in, check_out)
        errors.extend(row_errors(number, found, COLUMNS))
    if errors:
        return AttendanceImportReport(total_rows=len(rows), errors=errors)
    existing = {
        (r.employee_id, r.day): r
        for r in session.exec(
            select(AttendanceRecord).where(
                col(AttendanceRecord.employee_id).in_({e for e, _ in parsed}),
                AttendanceRecord.day >= min(d for _, d in parsed),
                AttendanceRecord.day <= max(d for _, d in parsed),
            )
        )
    }
    created = updated = unchanged = kept = 0
    with one_outcome(session, field="file", message=IMPORTED_MEANWHILE):
        for (employee_id, day), (check_in, check_out) in parsed.items():
            row = existing.get((employee_id, day))
            if row is None:
                session.add(AttendanceRecord(employee_id=employee_id, day=day, check_in=check_in, check_out=check_out))
                created += 1
            elif row.source == "koreksi":
                kept += 1
            elif (row.check_in, row.check_out) == (check_in, check_out):
                unchanged += 1
            else:
                row.check_in, row.check_out, row.updated_at = check_in, check_out, utcnow()
                session.add(row)
                updated += 1
    audit.write(
        session, actor=actor, action="import", entity="attendance_record",
        detail=f"{PurePath(filename).name}: {created} baru, {updated} diperbarui, {unchanged} sama, {kept} koreksi dipertahankan",
    )
    return AttendanceImportReport(len(rows), [], created, updated, unchanged, kept)


def correct_record(
    session: Session, *, actor: Actor, employee_id: int, day: str, check_in: str, check_out: str, reason: str
) -> AttendanceRecord:
    """An admin's correction of one day: needs a reason, is audited, and wins over later imports."""
    instansi_id = require_admin_over(session, actor=actor, employee_id=employee_id)
    errors: Errors = {}
    parsed_day = read_date(errors, "day", day, label="Tanggal", required=True)
    start = read_time(errors, "check_in", check_in, label="Jam masuk", required=False)
    end = read_time(errors, "check_out", check_out, label="Jam pulang", required=False)
    cleaned_reason = read_text(errors, "reason", reason, label="Alasan koreksi", max_len=500, min_len=MIN_REASON, multiline=True)
    if start and end and end <= start:
        errors["check_out"] = "Jam pulang harus setelah jam masuk."
    if parsed_day and "day" not in errors:
        if parsed_day > local_today():
            errors["day"] = "Tanggal tidak boleh di masa depan."
        elif month_locked(session, instansi_id=instansi_id, year=parsed_day.year, month=parsed_day.month):
            errors["day"] = LOCKED.format(month=parsed_day.month, year=parsed_day.year)
    if errors:
        raise ValidationFailed(errors)
    row = session.exec(
        select(AttendanceRecord).where(AttendanceRecord.employee_id == employee_id, AttendanceRecord.day == parsed_day)
    ).first()
    before = audit.snapshot(row)
    row = row or AttendanceRecord(employee_id=employee_id, day=parsed_day)
    row.check_in, row.check_out = start, end
    row.source, row.corrected_by_id, row.correction_reason, row.updated_at = "koreksi", actor.employee_id, cleaned_reason, utcnow()
    audit.write(
        session, actor=actor, action="correct", entity="attendance_record", row=row, before=before,
        detail=cleaned_reason, store=True,
    )
    return row


def import_template_xlsx() -> bytes:
    """The attendance import's header row and one example row (NIP as text)."""
    import pandas as pd

    from ekinerja.services.spreadsheet import xlsx_bytes

    example = {"nip": "199203142019032007", "tanggal": "2025-01-31", "jam_masuk": "07:28", "jam_pulang": "16:05"}
    return xlsx_bytes(pd.DataFrame([example], columns=list(COLUMNS)), sheet="Kehadiran")
