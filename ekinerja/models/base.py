"""Helpers shared by the tables."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import CheckConstraint, Index, text


def partial_unique(name: str, *columns: str, where: str) -> Index:
    """A unique index over the rows matching ``where`` only, on SQLite and PostgreSQL alike."""
    return Index(name, *columns, unique=True, sqlite_where=text(where), postgresql_where=text(where))


def in_list(values: Iterable[str]) -> str:
    """``('a','b')``: the SQL list of ``values`` (plain words; a status enum's members) in their order."""
    return "(" + ",".join(f"'{value}'" for value in values) + ")"


def check_in(column: str, values: Iterable[str], *, name: str, nullable: bool = False) -> CheckConstraint:
    """``column IN ('a','b')`` from an enum (or tuple) of the allowed values, so the database refuses
    exactly what the code does not know. The text matches what the migrations wrote for it."""
    allowed = f"{column} IN {in_list(values)}"
    return CheckConstraint(f"{column} IS NULL OR {allowed}" if nullable else allowed, name=name)
