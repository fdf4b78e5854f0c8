"""Helpers shared by the tables."""

from __future__ import annotations

from sqlalchemy import Index, text


def partial_unique(name: str, *columns: str, where: str) -> Index:
    """A unique index over the rows matching ``where`` only, on SQLite and PostgreSQL alike."""
    return Index(name, *columns, unique=True, sqlite_where=text(where), postgresql_where=text(where))
