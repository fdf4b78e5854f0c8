"""Bukti dukung files: stored on disk under the data directory, never inside the database."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from ekinerja.clock import utcnow


class EvidenceFile(SQLModel, table=True):
    __tablename__ = "evidence_file"

    id: int | None = Field(default=None, primary_key=True)
    owner_employee_id: int = Field(foreign_key="employee.id", index=True)
    # Relative to <data_dir>/evidence; named by checksum, so it is never a user-chosen path.
    stored_name: str = Field(max_length=100)
    original_name: str = Field(max_length=255)
    content_type: str = Field(max_length=100)
    size_bytes: int
    sha256: str = Field(max_length=64, index=True)
    created_at: datetime = Field(default_factory=utcnow)
