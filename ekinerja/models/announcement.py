"""Pengumuman: agency-wide notices and per-employee notices about wrong master data."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Text
from sqlmodel import Field, SQLModel

from ekinerja.clock import utcnow


class Announcement(SQLModel, table=True):
    __tablename__ = "announcement"
    __table_args__ = (
        CheckConstraint("kind IN ('umum','koreksi_data')", name="ck_announcement_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="org_unit.id", index=True)
    kind: str = Field(default="umum", max_length=14)
    title: str = Field(max_length=150)
    body: str = Field(sa_type=Text)
    target_employee_id: int | None = Field(default=None, foreign_key="employee.id", index=True)
    visible_until: date | None = None
    created_by_id: int = Field(foreign_key="employee.id")
    created_at: datetime = Field(default_factory=utcnow)
    active: bool = True
