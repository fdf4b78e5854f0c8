"""Kehadiran: importing the attendance machine's export, corrections, absences, working hours
and the month's discipline tally (TL/PSW tiers, absent without reason) per employee."""

from __future__ import annotations

import calendar as calendar_module
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from pathlib import PurePath

from sqlalchemy import Date, Integer, Time, and_, case, exists, func, literal, or_, true, union_all, update
from sqlmodel import Session, col, select

from ekinerja.access import Actor, can_view_employee, require
from ekinerja.clock import local_today, utcnow
from ekinerja.db import among
from ekinerja.domain.activity_rules import WorkCalendar
from ekinerja.domain.attendance import (
    DayRecord,
    DisciplineCounts,
    classify_day,
    count_month,
    tier_limits,
)
from ekinerja.domain.nip import normalize_nip
from ekinerja.domain.statuses import AbsenceStatus
from ekinerja.domain.tpp import ABSENCE_LABELS
from ekinerja.domain.validation import Errors, ValidationFailed, read_date, read_text
from ekinerja.models import (
    Absence,
    AttendanceRecord,
    DutyDay,
    Employee,
    Holiday,
    PositionAssignment,
    WorkingHours,
)
from ekinerja.models.attendance import ABSENCE_KINDS
from ekinerja.models.tpp import TppMonthLock
from ekinerja.services import audit
from ekinerja.services.conflicts import IMPORTED_MEANWHILE, one_outcome
from ekinerja.services.employee_import import NIP_AS_NUMBER
from ekinerja.services.evidence import store_evidence
from ekinerja.services.org import org_snapshot
from ekinerja.services.org_admin import require_admin
from ekinerja.services.spreadsheet import RowError, read_rows, row_errors
from ekinerja.services.work_calendar import instansi_of, settings_for

COLUMNS = ("nip", "tanggal", "jam_masuk", "jam_pulang")
NOT_FOUND = "Data kehadiran tidak ditemukan atau Anda tidak berwenang melihatnya."
LOCKED = "Bulan {month:02d}-{year} sudah dikunci setelah pembayaran TPP; datanya tidak dapat diubah lagi."
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MIN_REASON = 10
ABSENCE_DECIDED = "Pengajuan ini sudah diputuskan (oleh admin lain atau di jendela lain). Muat ulang halaman."
SAME_ABSENCE = "Pengajuan untuk tanggal tersebut sudah ada (formulir terkirim dua kali?). Lihat daftar pengajuan Anda."


# Working hours


def default_hours(days_per_week: int) -> dict[int, tuple[time, time]]:
    """Common Pemda jam kerja: 07:30-16:00 Mon-Thu and 07:30-16:30 Fri on a 5-day week."""
    if days_per_week == 6:
        return {**{d: (time(7, 30), time(14, 30)) for d in range(4)}, 4: (time(7, 30), time(11, 30)), 5: (time(7, 30), time(13, 0))}
    return {**{d: (time(7, 30), time(16, 0)) for d in range(4)}, 4: (time(7, 30), time(16, 30))}


def working_hours(session: Session, instansi_id: int | None) -> dict[int, tuple[time, time]]:
    """weekday -> (start, end) for the instansi's working week, saved rows over the defaults."""
    hours = default_hours(settings_for(session, instansi_id).days_per_week)
    if instansi_id is not None:
        for row in session.exec(select(WorkingHours).where(WorkingHours.instansi_id == instansi_id)):
            hours[row.weekday] = (row.start_time, row.end_time)
    return hours


def _time(errors: Errors, field: str, raw: str, *, label: str, required: bool = False) -> time | None:
    value = raw.strip()
    if not value:
        if required:
            errors[field] = f"{label} wajib diisi."
        return None
    match = re.fullmatch(r"([0-9]{1,2})[:.]([0-9]{2})(?::([0-9]{2}))?", value)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        errors[field] = f"{label} harus berformat JJ:MM, misalnya 07:30 (yang diisi: {value})."
        return None
    return time(int(match[1]), int(match[2]))


def save_working_hours(session: Session, *, actor: Actor, form: dict[str, str]) -> None:
    """``form``: ``start_<weekday>``/``end_<weekday>`` as JJ:MM for each working weekday of the instansi."""
    instansi_id = require_admin(actor)
    days = range(settings_for(session, instansi_id).days_per_week)
    errors: Errors = {}
    cleaned = {}
    for weekday in days:
        start = _time(errors, f"start_{weekday}", form.get(f"start_{weekday}", ""), label=f"Jam masuk {WEEKDAYS[weekday]}", required=True)
        end = _time(errors, f"end_{weekday}", form.get(f"end_{weekday}", ""), label=f"Jam pulang {WEEKDAYS[weekday]}", required=True)
        if start and end and end <= start:
            errors[f"end_{weekday}"] = f"Jam pulang {WEEKDAYS[weekday]} harus setelah jam masuk."
        cleaned[weekday] = (start, end)
    if errors:
        raise ValidationFailed(errors)
    existing = {r.weekday: r for r in session.exec(select(WorkingHours).where(WorkingHours.instansi_id == instansi_id))}
    before = {d: f"{s:%H:%M}-{e:%H:%M}" for d, (s, e) in working_hours(session, instansi_id).items()}
    for weekday, (start, end) in cleaned.items():
        row = existing.get(weekday) or WorkingHours(instansi_id=instansi_id, weekday=weekday, start_time=start, end_time=end)
        row.start_time, row.end_time = start, end
        session.add(row)
    session.flush()
    after = {d: f"{s:%H:%M}-{e:%H:%M}" for d, (s, e) in working_hours(session, instansi_id).items()}
    audit.record(session, actor_id=actor.employee_id, action="update", entity="working_hours", entity_id=instansi_id, before=before, after=after)


# Locks


def month_locked(session: Session, *, instansi_id: int | None, year: int, month: int) -> bool:
    return session.exec(
        select(TppMonthLock.id).where(TppMonthLock.instansi_id == instansi_id, TppMonthLock.year == year, TppMonthLock.month == month)
    ).first() is not None


def locked_months(session: Session, *, instansi_id: int) -> set[tuple[int, int]]:
    return {(y, m) for y, m in session.exec(select(TppMonthLock.year, TppMonthLock.month).where(TppMonthLock.instansi_id == instansi_id))}


# Import


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
        check_in = _time(found, "jam_masuk", cells["jam_masuk"], label="Jam masuk")
        check_out = _time(found, "jam_pulang", cells["jam_pulang"], label="Jam pulang")
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
    audit.record(
        session,
        actor_id=actor.employee_id,
        action="import",
        entity="attendance_record",
        detail=f"{PurePath(filename).name}: {created} baru, {updated} diperbarui, {unchanged} sama, {kept} koreksi dipertahankan",
    )
    return AttendanceImportReport(len(rows), [], created, updated, unchanged, kept)


# Corrections


def _require_admin_over(session: Session, actor: Actor, employee_id: int) -> int:
    instansi_id = require_admin(actor)
    require(instansi_of(session, employee_id) == instansi_id, "Pegawai tersebut tidak ditemukan di instansi Anda.")
    return instansi_id


def correct_record(
    session: Session, *, actor: Actor, employee_id: int, day: str, check_in: str, check_out: str, reason: str
) -> AttendanceRecord:
    """An admin's correction of one day: needs a reason, is audited, and wins over later imports."""
    instansi_id = _require_admin_over(session, actor, employee_id)
    errors: Errors = {}
    parsed_day = read_date(errors, "day", day, label="Tanggal", required=True)
    start = _time(errors, "check_in", check_in, label="Jam masuk")
    end = _time(errors, "check_out", check_out, label="Jam pulang")
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
    session.add(row)
    session.flush()
    audit.record(
        session, actor_id=actor.employee_id, action="correct", entity="attendance_record", entity_id=row.id,
        before=before, after=audit.snapshot(row), detail=cleaned_reason,
    )
    return row


# Absences


def _absence_form(session: Session, *, kind: str, start: str, end: str, note: str) -> tuple[str, date, date, str]:
    errors: Errors = {}
    if kind not in ABSENCE_KINDS:
        errors["kind"] = "Jenis ketidakhadiran wajib dipilih."
    start_day = read_date(errors, "start_date", start, label="Tanggal mulai", required=True)
    end_day = read_date(errors, "end_date", end, label="Tanggal selesai", required=True)
    cleaned_note = read_text(errors, "note", note, label="Keterangan", max_len=300, required=False)
    if start_day and end_day and end_day < start_day:
        errors["end_date"] = "Tanggal selesai tidak boleh sebelum tanggal mulai."
    if start_day and end_day and (end_day - start_day).days > 366:
        errors["end_date"] = "Satu pengajuan paling lama satu tahun."
    if errors:
        raise ValidationFailed(errors)
    return kind, start_day, end_day, cleaned_note


def submit_absence(
    session: Session, *, actor: Actor, kind: str, start: str, end: str, note: str,
    evidence: tuple[bytes, str] | None = None,
) -> Absence:
    """The employee's own cuti/sakit/izin/dinas luar/tugas belajar with its evidence; an admin approves it."""
    kind, start_day, end_day, cleaned_note = _absence_form(session, kind=kind, start=start, end=end, note=note)
    overlapping = session.exec(
        select(Absence.id).where(
            Absence.employee_id == actor.employee_id, Absence.status != AbsenceStatus.DITOLAK,
            Absence.start_date <= end_day, Absence.end_date >= start_day,
        )
    ).first()
    if overlapping is not None:
        raise ValidationFailed({"start_date": SAME_ABSENCE})
    if evidence is None and kind not in ("izin",):
        raise ValidationFailed({"evidence": "Unggah bukti (surat cuti, surat keterangan dokter, surat tugas)."})
    evidence_id = store_evidence(session, actor=actor, data=evidence[0], filename=evidence[1]).id if evidence else None
    row = Absence(
        employee_id=actor.employee_id, kind=kind, start_date=start_day, end_date=end_day, note=cleaned_note,
        evidence_file_id=evidence_id, status=AbsenceStatus.DIAJUKAN, created_by_id=actor.employee_id,
    )
    with one_outcome(session, field="start_date", message=SAME_ABSENCE):
        session.add(row)
    audit.record(session, actor_id=actor.employee_id, action="create", entity="absence", entity_id=row.id, after=audit.snapshot(row))
    return row


def decide_absence(session: Session, *, actor: Actor, absence_id: int, approve: bool, reason: str = "") -> Absence:
    """Approve, or reject with a reason the employee sees (audited); a rejected absence excuses nothing."""
    row = session.get(Absence, absence_id)
    require(row is not None, NOT_FOUND)
    instansi_id = _require_admin_over(session, actor, row.employee_id)
    if not approve:
        errors: Errors = {}
        reason = read_text(errors, "reason", reason, label="Alasan penolakan", max_len=500, min_len=MIN_REASON, multiline=True)
        if errors:
            raise ValidationFailed(errors)
    require(
        not month_locked(session, instansi_id=instansi_id, year=row.start_date.year, month=row.start_date.month),
        LOCKED.format(month=row.start_date.month, year=row.start_date.year),
    )
    before = audit.snapshot(row)
    if row.status != AbsenceStatus.DIAJUKAN:
        raise ValidationFailed({"form": ABSENCE_DECIDED})
    # Conditional on the status: of two admins deciding at once, exactly one succeeds.
    decided = session.exec(
        update(Absence).where(Absence.id == row.id, Absence.status == AbsenceStatus.DIAJUKAN)
        .values(status=AbsenceStatus.DISETUJUI if approve else AbsenceStatus.DITOLAK, decision_reason="" if approve else reason)
    ).rowcount
    if decided != 1:
        raise ValidationFailed({"form": ABSENCE_DECIDED})
    session.refresh(row)
    audit.record(
        session, actor_id=actor.employee_id, action="approve" if approve else "reject", entity="absence", entity_id=absence_id,
        before=before, after=audit.snapshot(row), detail="" if approve else reason,
    )
    return row


@dataclass(frozen=True)
class AbsenceRow:
    id: int
    employee_id: int
    employee_name: str
    kind: str
    kind_label: str
    start_date: date
    end_date: date
    note: str
    status: str
    decision_reason: str
    evidence_file_id: int | None


def _absence_rows(session: Session, rows: Iterable[Absence]) -> list[AbsenceRow]:
    rows = list(rows)
    names = dict(session.exec(select(Employee.id, Employee.name).where(col(Employee.id).in_({r.employee_id for r in rows}))).all())
    return [
        AbsenceRow(r.id, r.employee_id, names.get(r.employee_id, ""), r.kind, ABSENCE_LABELS.get(r.kind, r.kind),
                   r.start_date, r.end_date, r.note, r.status, r.decision_reason, r.evidence_file_id)
        for r in rows
    ]


def pending_absences(session: Session, *, actor: Actor) -> list[AbsenceRow]:
    instansi_id = require_admin(actor)
    snapshot = org_snapshot(session, on=local_today())
    rows = [
        r for r in session.exec(select(Absence).where(Absence.status == AbsenceStatus.DIAJUKAN).order_by(Absence.start_date))
        if (unit := snapshot.unit_of_employee(r.employee_id)) and snapshot.instansi_of_unit(unit) == instansi_id
    ]
    return _absence_rows(session, rows)


# Reading


def _require_view(session: Session, actor: Actor, employee_id: int) -> None:
    snapshot = org_snapshot(session, on=local_today())
    unit = snapshot.unit_of_employee(employee_id)
    require(
        can_view_employee(actor, employee_id, snapshot, employee_instansi_id=snapshot.instansi_of_unit(unit) if unit else None),
        NOT_FOUND,
    )


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar_module.monthrange(year, month)[1])


@dataclass(frozen=True)
class DayRow:
    day: date
    weekday: str
    check_in: str
    check_out: str
    status: str  # what the day counts as
    flags: str  # TL2, PSW1, ...
    corrected: str  # the correction's reason, or ""


@dataclass(frozen=True)
class MonthAttendance:
    rows: list[DayRow]
    counts: DisciplineCounts
    absences: list[AbsenceRow]


def month_attendance(session: Session, *, actor: Actor, employee_id: int, year: int, month: int) -> MonthAttendance:
    """Every record of the employee's month (the employee sees all of them) and its tally."""
    _require_view(session, actor, employee_id)
    first, last = month_bounds(year, month)
    inputs = discipline_inputs(session, employee_ids=[employee_id], year=year, month=month)
    data = inputs.get(employee_id)
    records = {
        r.day: r
        for r in session.exec(
            select(AttendanceRecord).where(AttendanceRecord.employee_id == employee_id, AttendanceRecord.day >= first, AttendanceRecord.day <= last)
        )
    }
    absences = session.exec(
        select(Absence).where(Absence.employee_id == employee_id, Absence.start_date <= last, Absence.end_date >= first).order_by(Absence.start_date)
    ).all()
    rows = []
    day = first
    while day <= last:
        record = records.get(day)
        scheduled = data.schedule.get(day) if data else None
        status, flags = "", ""
        if data and day in data.excused:
            status = ABSENCE_LABELS.get(data.absence_kind.get(day, ""), "Dikecualikan")
        elif scheduled:
            if record is None or (record.check_in is None and record.check_out is None):
                status = "Tanpa keterangan"
            else:
                tl, psw = classify_day(DayRecord(record.check_in, record.check_out), start=scheduled[0], end=scheduled[1])
                status = "Hadir"
                flags = " ".join(f for f in (f"TL{tl}" if tl else "", f"PSW{psw}" if psw else "") if f)
        elif record is not None:
            status = "Hadir (di luar hari kerja)"
        if record is not None or status:
            rows.append(
                DayRow(
                    day, WEEKDAYS[day.weekday()],
                    f"{record.check_in:%H:%M}" if record and record.check_in else "-",
                    f"{record.check_out:%H:%M}" if record and record.check_out else "-",
                    status, flags, record.correction_reason if record and record.source == "koreksi" else "",
                )
            )
        day += timedelta(days=1)
    return MonthAttendance(rows=rows, counts=data.counts if data else DisciplineCounts(), absences=_absence_rows(session, absences))


# The month's tally, for many employees at once


@dataclass(frozen=True)
class DisciplineInput:
    schedule: dict[date, tuple[time, time]]
    excused: set[date]
    absence_kind: dict[date, str]
    counts: DisciplineCounts
    until: date


def _calendars(
    session: Session, ids: list[int], first: date, last: date
) -> tuple[dict[int, int | None], dict[int | None, tuple[WorkCalendar, dict[int, tuple[time, time]]]]]:
    """(each employee's instansi, each instansi's calendar of the month without duty days and its working hours)."""
    snapshot = org_snapshot(session, on=min(last, local_today()))
    instansi_of_employee = {}
    for eid in ids:
        unit = snapshot.unit_of_employee(eid)
        instansi_of_employee[eid] = snapshot.instansi_of_unit(unit) if unit else None
    calendars = {}
    for instansi_id in set(instansi_of_employee.values()):
        holidays = frozenset(
            session.exec(select(Holiday.day).where(Holiday.instansi_id == instansi_id, Holiday.day >= first, Holiday.day <= last))
        )
        calendars[instansi_id] = (WorkCalendar(settings_for(session, instansi_id).days_per_week, holidays), working_hours(session, instansi_id))
    return instansi_of_employee, calendars


def discipline_inputs(
    session: Session, *, employee_ids: list[int], year: int, month: int, until: date | None = None
) -> dict[int, DisciplineInput]:
    """The month's tally per employee, with a handful of queries whatever the number of employees.

    Only days before ``until`` (default today) count, and only days the employee held a
    definitive position: a day not yet over is never an absence.
    """
    first, last = month_bounds(year, month)
    until = until or local_today()
    stop = min(last, until - timedelta(days=1))
    ids = list(employee_ids)
    if not ids:
        return {}
    instansi_of_employee, calendars = _calendars(session, ids, first, last)
    records: dict[int, dict[date, DayRecord]] = {}
    # Plain columns, not ORM objects: an instansi-wide month is hundreds of thousands of rows.
    for eid, day, check_in, check_out in session.exec(
        select(AttendanceRecord.employee_id, AttendanceRecord.day, AttendanceRecord.check_in, AttendanceRecord.check_out)
        .where(among(session, AttendanceRecord.employee_id, ids), AttendanceRecord.day >= first, AttendanceRecord.day <= last)
    ):
        records.setdefault(eid, {})[day] = DayRecord(check_in, check_out)
    duty: dict[int, set[date]] = {}
    for eid, day in session.exec(select(DutyDay.employee_id, DutyDay.day).where(among(session, DutyDay.employee_id, ids), DutyDay.day >= first, DutyDay.day <= last)):
        duty.setdefault(eid, set()).add(day)
    absence_kind: dict[int, dict[date, str]] = {}
    for a in session.exec(
        select(Absence).where(among(session, Absence.employee_id, ids), Absence.status == AbsenceStatus.DISETUJUI, Absence.start_date <= last, Absence.end_date >= first)
    ):
        day = max(a.start_date, first)
        while day <= min(a.end_date, last):
            absence_kind.setdefault(a.employee_id, {})[day] = a.kind
            day += timedelta(days=1)
    spans: dict[int, list[tuple[date, date]]] = {}
    for eid, start, end in session.exec(
        select(PositionAssignment.employee_id, PositionAssignment.start_date, PositionAssignment.end_date).where(
            among(session, PositionAssignment.employee_id, ids), PositionAssignment.kind == "definitif",
            PositionAssignment.start_date <= last, or_(PositionAssignment.end_date.is_(None), PositionAssignment.end_date >= first),
        )
    ):
        spans.setdefault(eid, []).append((start, end or last))
    result = {}
    for eid in ids:
        base, hours = calendars[instansi_of_employee[eid]]
        cal = replace(base, duty_days=frozenset(duty.get(eid, ())))
        schedule = {}
        day = first
        while day <= stop:
            if cal.is_working_day(day) and any(s <= day <= e for s, e in spans.get(eid, ())):
                schedule[day] = hours.get(day.weekday(), hours[0])
            day += timedelta(days=1)
        kinds = {d: k for d, k in absence_kind.get(eid, {}).items() if d in schedule}
        counts = count_month(records.get(eid, {}), schedule=schedule, excused=set(kinds), absence_kind=kinds)
        result[eid] = DisciplineInput(schedule, set(kinds), kinds, counts, until)
    return result


def discipline_counts(session: Session, *, employee_ids: list[int], year: int, month: int) -> dict[int, DisciplineCounts]:
    """The month's tally per employee as ``discipline_inputs`` counts it (days before today), tallied by
    the database: two queries per instansi, returning a row per employee instead of one per day."""
    first, last = month_bounds(year, month)
    stop = min(last, local_today() - timedelta(days=1))
    ids = list(employee_ids)
    result = {eid: DisciplineCounts() for eid in ids}
    if not ids or stop < first:
        return result
    instansi_of_employee, calendars = _calendars(session, ids, first, last)
    duty_days = set(session.exec(select(DutyDay.day).distinct().where(DutyDay.day >= first, DutyDay.day <= stop)))
    for instansi_id, (calendar, hours) in calendars.items():
        members = [eid for eid in ids if instansi_of_employee[eid] == instansi_id]
        attended, excused = _tally(session, members, calendar, hours, duty_days, first, stop)
        for eid, days, present, *tiers in session.exec(attended):
            counts = result[eid]
            counts.days_present, counts.absent_without_reason = present, days - present
            counts.tl = dict(zip((1, 2, 3, 4), tiers[:4], strict=True))
            counts.psw = dict(zip((1, 2, 3, 4), tiers[4:], strict=True))
        for eid, kind, days in session.exec(excused):
            result[eid].absences[kind] = days
    return result


def _tally(
    session: Session, ids: list[int], calendar: WorkCalendar, hours: dict[int, tuple[time, time]], duty_days: set[date], first: date, stop: date,
):
    """(per employee: scheduled days not excused, days present, TL 1-4 and PSW 1-4 counts;
    per employee and absence kind: scheduled days excused).

    A scheduled day is a day of the month up to ``stop`` in a definitive position that is a working
    day of the instansi or one of the employee's duty days; tiers compare against ``tier_limits``.
    """
    days = []
    day = first
    while day <= stop:
        if calendar.is_working_day(day) or day in duty_days:
            late, early = tier_limits(*hours.get(day.weekday(), hours[0]))
            days.append(select(
                literal(day, Date).label("day"), literal(1 if calendar.is_working_day(day) else 0, Integer).label("working"),
                *(literal(t, Time).label(f"late{k}") for k, t in enumerate(late)),
                *(literal(t, Time).label(f"early{k}") for k, t in enumerate(early)),
            ))
        day += timedelta(days=1)
    cal = union_all(*days).subquery("cal")
    held = exists().where(
        PositionAssignment.employee_id == Employee.id, PositionAssignment.kind == "definitif",
        PositionAssignment.start_date <= cal.c.day, or_(PositionAssignment.end_date.is_(None), PositionAssignment.end_date >= cal.c.day),
    )
    on_duty = exists().where(DutyDay.employee_id == Employee.id, DutyDay.day == cal.c.day)
    covers = and_(
        Absence.employee_id == Employee.id, Absence.status == AbsenceStatus.DISETUJUI, Absence.start_date <= cal.c.day, Absence.end_date >= cal.c.day,
        Absence.start_date <= stop, Absence.end_date >= first,
    )

    def scheduled(*columns):
        return (
            select(Employee.id, *columns).select_from(Employee).join(cal, true())
            .where(among(session, Employee.id, ids), held, or_(cal.c.working == 1, on_duty))
        )

    check_in, check_out = AttendanceRecord.check_in, AttendanceRecord.check_out
    present = or_(check_in.is_not(None), check_out.is_not(None))
    late_tier = case((check_in.is_(None), 4), *((check_in <= cal.c[f"late{k}"], k) for k in range(4)), else_=4)
    early_tier = case((check_out.is_(None), 4), *((check_out >= cal.c[f"early{k}"], k) for k in range(4)), else_=4)
    attended = (
        scheduled(
            func.count(), func.sum(case((present, 1), else_=0)),
            *(func.sum(case((and_(present, late_tier == tier), 1), else_=0)) for tier in (1, 2, 3, 4)),
            *(func.sum(case((and_(present, early_tier == tier), 1), else_=0)) for tier in (1, 2, 3, 4)),
        )
        .outerjoin(AttendanceRecord, and_(
            # The explicit range keeps the join to the month's rows, however many years the table holds.
            AttendanceRecord.employee_id == Employee.id, AttendanceRecord.day == cal.c.day, AttendanceRecord.day.between(first, stop),
        ))
        .where(~exists().where(covers))
        .group_by(Employee.id)
    )
    excused = scheduled(Absence.kind, func.count()).join(Absence, covers).group_by(Employee.id, Absence.kind)
    return attended, excused


def month_counts(session: Session, *, actor: Actor, employee_id: int, year: int, month: int) -> DisciplineCounts:
    _require_view(session, actor, employee_id)
    return discipline_inputs(session, employee_ids=[employee_id], year=year, month=month)[employee_id].counts


def import_template_xlsx() -> bytes:
    """The attendance import's header row and one example row (NIP as text)."""
    import pandas as pd

    from ekinerja.services.spreadsheet import xlsx_bytes

    example = {"nip": "199203142019032007", "tanggal": "2025-01-31", "jam_masuk": "07:28", "jam_pulang": "16:05"}
    return xlsx_bytes(pd.DataFrame([example], columns=list(COLUMNS)), sheet="Kehadiran")


def employee_id_by_nip(session: Session, nip: str) -> int | None:
    return session.exec(select(Employee.id).where(Employee.nip == normalize_nip(nip))).first()
