"""Change markers for live pages: cheap per-employee fingerprints of what a page shows.

A live page (ekinerja.state.live) reloads when the fingerprints of the employees it watches
move. One worker reads them for all its open tabs in one go, so every marker is keyed by
employee id: each query groups by the employee id in its first column.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session


def per_employee(session: Session, *queries: Any) -> dict[int, tuple]:
    """Employee id -> one part per query (``None`` where a query has no row for them)."""
    merged: dict[int, list] = {}
    connection = session.connection()  # plain rows: the ORM's result machinery costs more than the query (issue 17)
    for index, query in enumerate(queries):
        for employee_id, *values in connection.execute(query).all():  # fetched at once: row by row costs more
            merged.setdefault(employee_id, [None] * len(queries))[index] = tuple(map(str, values))
    return {employee_id: tuple(parts) for employee_id, parts in merged.items()}
