"""Append-only audit trail: who did what, when, with the record before and after."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from ekinerja.clock import utcnow


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    # Which agency's admins may read the entry: the actor's instansi when it was written.
    instansi_id: int | None = Field(default=None, foreign_key="org_unit.id", index=True)
    actor_id: int | None = Field(default=None, foreign_key="employee.id", index=True)
    action: str = Field(max_length=40)
    entity: str = Field(max_length=40)
    entity_id: str = Field(default="", max_length=40)
    before: dict | None = Field(default=None, sa_column=Column(JSON))
    after: dict | None = Field(default=None, sa_column=Column(JSON))
    detail: str = Field(default="", max_length=500)
