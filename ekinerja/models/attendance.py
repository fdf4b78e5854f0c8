"""Kehadiran: what the attendance machine recorded, absences with their evidence, working hours."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ekinerja.clock import utcnow
from ekinerja.domain.statuses import AbsenceStatus
from ekinerja.models.base import check_in, partial_unique

ABSENCE_KINDS = (
    "cuti_tahunan",
    "cuti_besar",
    "cuti_sakit",
    "cuti_melahirkan",
    "cuti_alasan_penting",
    "cuti_luar_tanggungan",
    "sakit",
    "izin",
    "dinas_luar",
    "tugas_belajar",
)


class AttendanceRecord(SQLModel, table=True):
    """One employee-day as the machine saw it, or as an admin corrected it (with a reason)."""

    __tablename__ = "attendance_record"
    __table_args__ = (
        CheckConstraint("source IN ('import','koreksi')", name="ck_attendance_source"),
        UniqueConstraint("employee_id", "day", name="uq_attendance_day"),
        Index("ix_attendance_day", "day"),
    )

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id")
    day: date
    check_in: time | None = None
    check_out: time | None = None
    source: str = Field(default="import", max_length=8)
    corrected_by_id: int | None = Field(default=None, foreign_key="employee.id")
    correction_reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    updated_at: datetime = Field(default_factory=utcnow)


class Absence(SQLModel, table=True):
    """Cuti, sakit, izin, dinas luar or tugas belajar over a date range, with its evidence."""

    __tablename__ = "absence"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="ck_absence_dates"),
        CheckConstraint(
            "kind IN ('" + "','".join(ABSENCE_KINDS) + "')",
            name="ck_absence_kind",
        ),
        check_in("status", AbsenceStatus, name="ck_absence_status"),
        Index("ix_absence_employee_start", "employee_id", "start_date"),
        partial_unique("uq_absence_start", "employee_id", "start_date", where=f"status <> '{AbsenceStatus.DITOLAK}'"),
    )

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id")
    kind: str = Field(max_length=20)
    start_date: date
    end_date: date
    note: str = Field(default="", max_length=300)
    evidence_file_id: int | None = Field(default=None, foreign_key="evidence_file.id")
    # diajukan -> disetujui | ditolak; a rejection keeps its reason so the employee sees why.
    status: str = Field(default=AbsenceStatus.DISETUJUI, max_length=10)
    decision_reason: str = Field(default="", max_length=500)
    created_by_id: int = Field(foreign_key="employee.id")
    created_at: datetime = Field(default_factory=utcnow)


class WorkingHours(SQLModel, table=True):
    """Jam kerja of an instansi for one weekday (0 = Monday); weekdays without a row use the defaults."""

    __tablename__ = "working_hours"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="ck_working_hours_weekday"),
        CheckConstraint("end_time > start_time", name="ck_working_hours_times"),
        UniqueConstraint("instansi_id", "weekday", name="uq_working_hours_day"),
    )

    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="org_unit.id", index=True)
    weekday: int
    start_time: time
    end_time: time
