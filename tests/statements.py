"""Counting the SQL statements a piece of code sends, so a test can hold a hot path to a budget."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine


@contextmanager
def counted_statements(engine: Engine) -> Iterator[list[str]]:
    """Every statement ``engine`` executes inside the block (first line of each), in order."""
    sent: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _executemany) -> None:
        sent.append(statement.strip().split("\n")[0])

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", count)
