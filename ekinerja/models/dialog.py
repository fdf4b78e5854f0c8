"""Dialog kinerja: the conversation between an employee and their atasan over one year's performance.

Umpan balik berkelanjutan (PermenPAN-RB 6/2022, Bab III: pembinaan kinerja through dialog kinerja):
either side opens a thread, both reply; the atasan records the dialog meetings held. The year is
the period of the SKP the conversation is about; a thread may be tied to an RHK, a month or an activity.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ekinerja.clock import utcnow
from ekinerja.domain.statuses import DialogStatus
from ekinerja.models.base import check_in


class DialogThread(SQLModel, table=True):
    """One topic of the employee's dialog in a year; ``terbuka`` until either side marks it ``selesai``."""

    __tablename__ = "dialog_thread"
    __table_args__ = (
        check_in("status", DialogStatus, name="ck_dialog_thread_status"),
        CheckConstraint("month IS NULL OR (month >= 1 AND month <= 12)", name="ck_dialog_thread_month"),
        Index("ix_dialog_thread_employee_year", "employee_id", "year"),
    )

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id")  # the bawahan whose performance is discussed
    year: int
    title: str = Field(max_length=150)
    rhk_id: int | None = Field(default=None, foreign_key="rhk.id")
    month: int | None = None
    activity_id: int | None = Field(default=None, foreign_key="daily_activity.id")
    value_code: str | None = Field(default=None, max_length=30)  # a BerAKHLAK value (umpan balik perilaku)
    status: str = Field(default=DialogStatus.TERBUKA, max_length=8)
    opened_by_id: int = Field(foreign_key="employee.id")
    closed_by_id: int | None = Field(default=None, foreign_key="employee.id")
    closed_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    last_message_at: datetime = Field(default_factory=utcnow)


class DialogMessage(SQLModel, table=True):
    """One message of a thread; never edited, so what each side wrote stays as written."""

    __tablename__ = "dialog_message"

    id: int | None = Field(default=None, primary_key=True)
    thread_id: int = Field(foreign_key="dialog_thread.id", index=True)
    author_id: int = Field(foreign_key="employee.id")
    # When a Plt/Plh writes, the atasan on whose behalf they act.
    acting_for_id: int | None = Field(default=None, foreign_key="employee.id")
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class DialogRead(SQLModel, table=True):
    """How far a reader has read a thread: messages after ``last_message_id`` are unread for them."""

    __tablename__ = "dialog_read"
    __table_args__ = (UniqueConstraint("thread_id", "reader_id", name="uq_dialog_read"),)

    id: int | None = Field(default=None, primary_key=True)
    thread_id: int = Field(foreign_key="dialog_thread.id")
    reader_id: int = Field(foreign_key="employee.id", index=True)
    last_message_id: int


class DialogMeeting(SQLModel, table=True):
    """A dialog kinerja meeting the atasan held with the employee: what was discussed and agreed."""

    __tablename__ = "dialog_meeting"
    __table_args__ = (
        CheckConstraint("follow_up_on IS NULL OR follow_up_on >= held_on", name="ck_dialog_meeting_follow_up"),
        Index("ix_dialog_meeting_employee_year", "employee_id", "year"),
    )

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id")
    year: int
    held_on: date
    topics: str = Field(sa_column=Column(Text, nullable=False))
    agreements: str = Field(sa_column=Column(Text, nullable=False))
    follow_up_on: date | None = None
    recorded_by_id: int = Field(foreign_key="employee.id")
    acting_for_id: int | None = Field(default=None, foreign_key="employee.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
