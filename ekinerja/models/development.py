"""Tindak lanjut penilaian: the items of a rencana pengembangan kompetensi after a predikat below Baik."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Text
from sqlmodel import Field

from ekinerja.clock import utcnow
from ekinerja.domain.statuses import DevelopmentStatus
from ekinerja.models.base import OfEvaluation, check_in


class DevelopmentPlanItem(OfEvaluation, table=True):
    """One pelatihan, coaching or mentoring the atasan plans for the evaluated employee, with a tenggat.

    The plan of an evaluation is the set of its items; ``employee_id`` repeats the evaluation's
    so the team table counts an employee's items without a join.
    """

    __tablename__ = "development_plan_item"
    __table_args__ = (
        CheckConstraint("kind IN ('pelatihan','coaching','mentoring','lainnya')", name="ck_development_kind"),
        check_in("status", DevelopmentStatus, name="ck_development_status"),
    )

    employee_id: int = Field(foreign_key="employee.id", index=True)
    kind: str = Field(max_length=10)
    description: str = Field(sa_column=Column(Text, nullable=False))
    due_date: date
    status: str = Field(default=DevelopmentStatus.DIRENCANAKAN, max_length=12)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))  # the atasan's
    employee_note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))  # the employee's progress
    created_by_id: int = Field(foreign_key="employee.id")
    updated_by_id: int = Field(foreign_key="employee.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
