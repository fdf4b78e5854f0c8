"""Server-side login sessions and per-account login throttling."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from ekinerja.clock import utcnow


class AuthSession(SQLModel, table=True):
    """A login. The browser keeps only the raw token; the table keeps its SHA-256."""

    __tablename__ = "auth_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    employee_id: int = Field(foreign_key="employee.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None


class LoginThrottle(SQLModel, table=True):
    """Failed-login counter keyed by the NIP typed, whether or not such an employee exists,
    so that the lockout behaves the same for unknown NIPs and never reveals existence."""

    __tablename__ = "login_throttle"

    nip: str = Field(primary_key=True, max_length=64)
    failed_count: int = 0
    locked_until: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)
