"""Kegiatan harian: the activity catalogue per jabatan, daily entries and their validation,
tasks from the atasan, delegation (Plt/Plh) and the agency's work calendar."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import BigInteger, CheckConstraint, Column, Index, Numeric, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ekinerja.clock import utcnow
from ekinerja.domain.statuses import ActivityStatus, TaskStatus
from ekinerja.models.base import InstansiSettings, check_in, partial_index, partial_unique


class ActivityCatalogItem(SQLModel, table=True):
    """Uraian tugas of a jabatan (from Anjab/ABK): output unit and standard minutes per unit."""

    __tablename__ = "activity_catalog_item"
    __table_args__ = (
        CheckConstraint("standard_minutes > 0", name="ck_catalog_minutes"),
        UniqueConstraint("position_id", "name", name="uq_catalog_position_name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    position_id: int = Field(foreign_key="position.id", index=True)
    name: str = Field(max_length=300)
    output_unit: str = Field(max_length=40)  # satuan hasil: "dokumen", "laporan", "berkas", ...
    standard_minutes: int  # waktu penyelesaian per satuan hasil
    active: bool = True


class DailyActivity(SQLModel, table=True):
    """One piece of a day's work. Status moves diajukan -> disetujui | ditolak, exactly once."""

    __tablename__ = "daily_activity"
    __table_args__ = (
        check_in("status", ActivityStatus, name="ck_activity_status"),
        CheckConstraint("end_time > start_time", name="ck_activity_times"),
        CheckConstraint("quantity > 0", name="ck_activity_quantity"),
        CheckConstraint("effective_minutes >= 0", name="ck_activity_minutes"),
        CheckConstraint(
            "approved_minutes IS NULL OR (approved_minutes >= 0 AND approved_minutes <= effective_minutes)",
            name="ck_activity_approved_minutes",
        ),
        CheckConstraint("catalog_item_id IS NOT NULL OR task_text <> ''", name="ck_activity_task"),
        Index("ix_activity_employee_date", "employee_id", "activity_date"),
        Index("ix_activity_status_date", "status", "activity_date"),
        # The atasan's queue reads a team's pending entries on every subordinate's save: the few
        # waiting, not the month behind them (issue 17).
        partial_index("ix_activity_pending", "employee_id", "activity_date", where=f"status = '{ActivityStatus.DIAJUKAN}'"),
        # The integrity signals (services/integrity.py) read the approvals a team made in a month, on
        # every open of Input Pimpinan: without it, a scan of every entry ever made (issue 17).
        partial_index("ix_activity_decided", "decided_by_id", "decided_at", where=f"status = '{ActivityStatus.DISETUJUI}'"),
        # A form submitted twice cannot store the same entry twice: the database refuses the second.
        partial_unique("uq_activity_slot", "employee_id", "activity_date", "start_time", where=f"status <> '{ActivityStatus.DITOLAK}'"),
    )

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id")
    activity_date: date
    start_time: time
    end_time: time
    catalog_item_id: int | None = Field(default=None, foreign_key="activity_catalog_item.id")
    task_text: str = Field(default="", max_length=300)  # free-text task when no catalogue item fits
    quantity: Decimal = Field(sa_column=Column(Numeric(10, 2), nullable=False))
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    rhk_id: int | None = Field(default=None, foreign_key="rhk.id", index=True)
    task_assignee_id: int | None = Field(default=None, foreign_key="task_assignee.id")
    evidence_file_id: int | None = Field(default=None, foreign_key="evidence_file.id")
    # quantity x standard minutes, capped by end - start; computed when saved.
    effective_minutes: int
    # Set on approval: the full effective minutes, or fewer with a reason.
    approved_minutes: int | None = None
    status: str = Field(default=ActivityStatus.DIAJUKAN, max_length=10)
    decision_reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    decided_by_id: int | None = Field(default=None, foreign_key="employee.id")
    # When a Plt/Plh delegate decides, the atasan on whose behalf they acted.
    decided_for_id: int | None = Field(default=None, foreign_key="employee.id")
    decided_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ActivityVersion(SQLModel, table=True):
    """Per employee, a number that moves with every change to their daily activities. Kept by the
    database's triggers (migration i17_reference_0012), never written by the app: the live pages
    watch it (ekinerja.services.activity_review.change_markers)."""

    __tablename__ = "activity_version"

    employee_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    version: int = Field(sa_type=BigInteger)


class TaskAssignment(SQLModel, table=True):
    """Tugas langsung atasan, given to one or more subordinates."""

    __tablename__ = "task_assignment"

    id: int | None = Field(default=None, primary_key=True)
    assigned_by_id: int = Field(foreign_key="employee.id", index=True)
    title: str = Field(max_length=200)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    due_date: date
    rhk_id: int | None = Field(default=None, foreign_key="rhk.id")
    created_at: datetime = Field(default_factory=utcnow)


class TaskAssignee(SQLModel, table=True):
    __tablename__ = "task_assignee"
    __table_args__ = (
        check_in("status", TaskStatus, name="ck_task_assignee_status"),
        UniqueConstraint("task_id", "employee_id", name="uq_task_assignee"),
    )

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task_assignment.id", index=True)
    employee_id: int = Field(foreign_key="employee.id", index=True)
    status: str = Field(default=TaskStatus.BARU, max_length=8)
    done_at: datetime | None = None


class Delegation(SQLModel, table=True):
    """A Plt/Plh appointed to validate on an atasan's behalf for a date range."""

    __tablename__ = "delegation"
    __table_args__ = (
        CheckConstraint("kind IN ('plt','plh')", name="ck_delegation_kind"),
        CheckConstraint("end_date >= start_date", name="ck_delegation_dates"),
        CheckConstraint("atasan_id <> delegate_id", name="ck_delegation_self"),
    )

    id: int | None = Field(default=None, primary_key=True)
    atasan_id: int = Field(foreign_key="employee.id", index=True)
    delegate_id: int = Field(foreign_key="employee.id", index=True)
    kind: str = Field(default="plh", max_length=3)
    start_date: date
    end_date: date
    note: str = Field(default="", max_length=200)
    created_by_id: int = Field(foreign_key="employee.id")
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


class WorkSettings(InstansiSettings, table=True):
    """Per-instansi rules for daily activities (defaults follow common Pemda regulations)."""

    __tablename__ = "work_settings"
    __table_args__ = (CheckConstraint("days_per_week IN (5, 6)", name="ck_work_settings_days"),)

    monthly_target_minutes: int = 6750
    daily_norm_minutes: int = 300
    daily_max_minutes: int = 450
    entry_window_working_days: int = 3
    days_per_week: int = 5
    # The instansi's time zone (IANA name, e.g. Asia/Makassar); None keeps the deployment's EKINERJA_TIMEZONE.
    timezone: str | None = Field(default=None, max_length=40)
    updated_by_id: int | None = Field(default=None, foreign_key="employee.id")
    updated_at: datetime = Field(default_factory=utcnow)


class Holiday(SQLModel, table=True):
    """Libur nasional and cuti bersama: not working days."""

    __tablename__ = "holiday"
    __table_args__ = (
        CheckConstraint("kind IN ('libur_nasional','cuti_bersama','libur_daerah')", name="ck_holiday_kind"),
        UniqueConstraint("instansi_id", "day", name="uq_holiday_day"),
    )

    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="org_unit.id", index=True)
    day: date
    name: str = Field(max_length=150)
    kind: str = Field(default="libur_nasional", max_length=14)


class DutyDay(SQLModel, table=True):
    """An employee assigned to work on a non-working day (piket, lembur dinas)."""

    __tablename__ = "duty_day"
    __table_args__ = (UniqueConstraint("employee_id", "day", name="uq_duty_day"),)

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id", index=True)
    day: date
    reason: str = Field(max_length=200)
    created_by_id: int = Field(foreign_key="employee.id")
    created_at: datetime = Field(default_factory=utcnow)
