"""Paging a select: only one page of rows ever leaves the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

MAX_PAGE_SIZE = 500  # enough for a form's option list of one unit's positions


def paginate(session: Session, *, statement: Any, page: int, page_size: int) -> tuple[list[Any], int]:
    """One page of an ordered select, and how many rows there are in all."""
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    total = session.exec(select(func.count()).select_from(statement.order_by(None).subquery())).one()
    rows = session.exec(statement.offset((max(1, page) - 1) * page_size).limit(page_size)).all()
    return list(rows), total
