"""TPP: the ruleset per instansi and year, and months frozen after payroll."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, Numeric, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ekinerja.clock import utcnow


class TppRulesetRow(SQLModel, table=True):
    """The instansi's rules for a year; money per kelas lives in ``tpp_base_amount``.

    ``rules`` holds the percentages (JSON, Decimal values as strings, never floats).
    """

    __tablename__ = "tpp_ruleset"
    __table_args__ = (UniqueConstraint("instansi_id", "year", name="uq_tpp_ruleset_year"),)

    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="org_unit.id")
    year: int
    rules: str = Field(sa_column=Column(Text, nullable=False))
    updated_by_id: int | None = Field(default=None, foreign_key="employee.id")
    updated_at: datetime = Field(default_factory=utcnow)


class TppBaseAmount(SQLModel, table=True):
    """Basis TPP per month for one kelas jabatan, in rupiah."""

    __tablename__ = "tpp_base_amount"
    __table_args__ = (
        CheckConstraint("kelas_jabatan BETWEEN 1 AND 17", name="ck_tpp_base_kelas"),
        CheckConstraint("amount >= 0", name="ck_tpp_base_amount"),
        UniqueConstraint("ruleset_id", "kelas_jabatan", name="uq_tpp_base_kelas"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ruleset_id: int = Field(foreign_key="tpp_ruleset.id", index=True)
    kelas_jabatan: int
    amount: Decimal = Field(sa_column=Column(Numeric(14, 0), nullable=False))


class TppMonthLock(SQLModel, table=True):
    """A month closed after payroll: its results are read from ``tpp_locked_result`` from then on."""

    __tablename__ = "tpp_month_lock"
    __table_args__ = (
        CheckConstraint("month BETWEEN 1 AND 12", name="ck_tpp_lock_month"),
        UniqueConstraint("instansi_id", "year", "month", name="uq_tpp_lock_month"),
    )

    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="org_unit.id")
    year: int
    month: int
    locked_by_id: int = Field(foreign_key="employee.id")
    locked_at: datetime = Field(default_factory=utcnow)


class TppLockedResult(SQLModel, table=True):
    """One employee's frozen TPP for a locked month: the total and the explained lines (JSON)."""

    __tablename__ = "tpp_locked_result"
    __table_args__ = (UniqueConstraint("lock_id", "employee_id", name="uq_tpp_locked_employee"),)

    id: int | None = Field(default=None, primary_key=True)
    lock_id: int = Field(foreign_key="tpp_month_lock.id", index=True)
    employee_id: int = Field(foreign_key="employee.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="org_unit.id")
    total: Decimal = Field(sa_column=Column(Numeric(14, 0), nullable=False))
    lines: str = Field(sa_column=Column(Text, nullable=False))
