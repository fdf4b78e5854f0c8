"""Helpers shared by the tables: constraint builders and the column groups several tables share.

A column group is a non-table SQLModel a table inherits from: each table gets its own columns with
the names, types and indexes they had when written out. A group's columns come first in the table,
so a group only ever holds a table's leading columns: the column order (and so the schema, and
backup.table_checksums over rows) stays exactly what the migrations create.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from sqlalchemy import CheckConstraint, Index, text
from sqlmodel import Field, SQLModel

PERIOD_KINDS = ("bulanan", "triwulanan", "tahunan")
PERIODIC_KINDS = PERIOD_KINDS[:2]  # the kinds an instansi may run through the year; tahunan closes it


def partial_index(name: str, *columns: str, where: str, unique: bool = False) -> Index:
    """An index over the rows matching ``where`` only, on SQLite and PostgreSQL alike."""
    return Index(name, *columns, unique=unique, sqlite_where=text(where), postgresql_where=text(where))


def partial_unique(name: str, *columns: str, where: str) -> Index:
    """A unique index over the rows matching ``where`` only."""
    return partial_index(name, *columns, where=where, unique=True)


def in_list(values: Iterable[str]) -> str:
    """``('a','b')``: the SQL list of ``values`` (plain words, or an enum's members) in their order."""
    return "(" + ",".join(f"'{value.value if isinstance(value, Enum) else value}'" for value in values) + ")"


def check_in(column: str, values: Iterable[str], *, name: str, nullable: bool = False) -> CheckConstraint:
    """``column IN ('a','b')`` from an enum (or tuple) of the allowed values, so the database refuses
    exactly what the code does not know. The text matches what the migrations wrote for it."""
    allowed = f"{column} IN {in_list(values)}"
    return CheckConstraint(f"{column} IS NULL OR {allowed}" if nullable else allowed, name=name)


def period_kind_check(name: str) -> CheckConstraint:
    """An evaluation period is a month, a quarter or the year."""
    return check_in("period_kind", PERIOD_KINDS, name=name)


class OfEvaluation(SQLModel):
    """Leading columns of a row belonging to one evaluation: its ratings, proposals, peer input
    requests and development items."""

    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: int = Field(foreign_key="evaluation.id", index=True)


class OfSkp(SQLModel):
    """Leading columns of an employee's assessment of one SKP: the atasan's evaluation and the self-assessment."""

    id: int | None = Field(default=None, primary_key=True)
    skp_id: int = Field(foreign_key="skp.id", index=True)
    employee_id: int = Field(foreign_key="employee.id", index=True)


class UnitCapaian(SQLModel):
    """Leading columns of a satuan organisasi's capaian (organisation predikat) for one evaluation period."""

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="org_unit.id")
    year: int
    period_kind: str = Field(max_length=10)
    period_no: int
    predikat: str = Field(max_length=16)


class InstansiSettings(SQLModel):
    """Leading columns of an instansi's one row of settings."""

    id: int | None = Field(default=None, primary_key=True)
    instansi_id: int = Field(foreign_key="org_unit.id", unique=True)
