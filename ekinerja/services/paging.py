"""Paging: one page of a select (only that page leaves the database) or of rows already in hand."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

MAX_PAGE_SIZE = 500  # enough for a form's option list of one unit's positions


def page_window(*, page: int, page_size: int) -> slice:
    """Which rows page ``page`` holds (pages count from 1; the size is kept within 1..MAX_PAGE_SIZE)."""
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    first = (max(1, page) - 1) * page_size
    return slice(first, first + page_size)


def paginate(session: Session, *, statement: Any, page: int, page_size: int) -> tuple[list[Any], int]:
    """One page of an ordered select, and how many rows there are in all."""
    window = page_window(page=page, page_size=page_size)
    total = session.exec(select(func.count()).select_from(statement.order_by(None).subquery())).one()
    rows = session.exec(statement.offset(window.start).limit(window.stop - window.start)).all()
    return list(rows), total
