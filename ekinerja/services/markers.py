"""Change markers for live pages: cheap per-employee fingerprints of what a page shows.

A live page (ekinerja.state.live) reloads when the fingerprints of the employees it watches
move. One worker reads them for all its open tabs in one go, so every marker is keyed by
employee id: each query groups by the employee id in its first column.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session


def per_employee(session: Session, *queries: Any) -> dict[int, tuple]:
    """Employee id -> one part per query (``None`` where a query has no row for them); a part is the
    row's other columns as the database returned them (comparable, hashable)."""
    # Plain rows, fetched at once: the hub reads thousands every second, and the ORM's result
    # machinery, row-by-row fetching and formatting each value cost more than the query (issue 17).
    connection = session.connection()
    results = [connection.execute(query).all() for query in queries]
    if len(results) == 1:
        return {row[0]: (row[1:],) for row in results[0]}
    merged: dict[int, list] = {}
    for index, rows in enumerate(results):
        for row in rows:
            merged.setdefault(row[0], [None] * len(queries))[index] = row[1:]
    return {employee_id: tuple(parts) for employee_id, parts in merged.items()}
