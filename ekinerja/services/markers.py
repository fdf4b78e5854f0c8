"""Change markers for live pages: cheap per-employee fingerprints of what a page shows.

A live page (ekinerja.state.live) reloads when the fingerprints of the employees it watches
move. One worker reads them for all its open tabs in one go, so every marker is keyed by
employee id: each query groups by the employee id in its first column.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from sqlmodel import Session


def per_employee(session: Session, *queries: Any, params: dict[str, Any] | None = None) -> dict[int, tuple]:
    """Employee id -> one part per query (``None`` where a query has no row for them); a part is the
    row's other columns as the database driver returned them (comparable, hashable). ``params``: for
    queries built once and kept, their bound values."""
    connection = session.connection()
    results = [_driver_rows(connection, query, params) for query in queries]
    if len(results) == 1:
        return {row[0]: (row[1:],) for row in results[0]}
    merged: dict[int, list] = {}
    for index, rows in enumerate(results):
        for row in rows:
            merged.setdefault(row[0], [None] * len(queries))[index] = row[1:]
    return {employee_id: tuple(parts) for employee_id, parts in merged.items()}


def _driver_rows(connection: Connection, query: Any, params: dict[str, Any] | None) -> list[tuple]:
    """The rows as the DBAPI cursor returns them: plain tuples, without SQLAlchemy's ``Row`` objects and
    result processing. The hub reads thousands every second; for 8,300 markers this is 3 ms where
    ``Result.all()`` took 11 and slicing its rows 4 more (issue 17). A marker is only compared with
    other readings of the same query, so the driver's own types are as good as processed ones."""
    result = connection.execute(query, params)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()
