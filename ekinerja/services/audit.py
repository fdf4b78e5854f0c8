"""Writing and reading the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, SQLModel, select

from ekinerja.access import Actor, require
from ekinerja.models import AuditEntry, Employee


def snapshot(row: SQLModel | None, *, exclude: frozenset[str] = frozenset({"password_hash"})) -> dict[str, Any] | None:
    """A JSON-safe copy of a row for the before/after columns; secrets never enter the log."""
    if row is None:
        return None
    return row.model_dump(mode="json", exclude=set(exclude))


def record(
    session: Session,
    *,
    actor_id: int | None,
    action: str,
    entity: str,
    entity_id: Any = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: str = "",
) -> None:
    session.add(
        AuditEntry(
            actor_id=actor_id,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            before=before,
            after=after,
            detail=detail[:500],
        )
    )


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    changes: str
    detail: str


def _changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """``field: old -> new`` for every field that differs, the way a reviewer reads it."""
    before, after = before or {}, after or {}
    parts = []
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            parts.append(f"{key}: {before.get(key, '-')} -> {after.get(key, '-')}")
    return "; ".join(parts)


def list_entries(
    session: Session, *, actor: Actor, search: str = "", page: int = 1, page_size: int = 25
) -> tuple[list[AuditRow], int]:
    """Newest first. Admin only; the trail is read here and never edited anywhere."""
    require(actor.is_admin)
    query = select(AuditEntry, Employee.nip, Employee.name).join(Employee, AuditEntry.actor_id == Employee.id, isouter=True)
    if search:
        pattern = f"%{search.strip()}%"
        query = query.where(
            or_(AuditEntry.action.ilike(pattern), AuditEntry.entity_id.ilike(pattern), Employee.nip.ilike(pattern), Employee.name.ilike(pattern))
        )
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(AuditEntry.id.desc()).offset((max(page, 1) - 1) * page_size).limit(page_size)).all()
    return [
        AuditRow(
            id=entry.id,
            at=entry.at,
            actor=f"{name} ({nip})" if nip else "-",
            action=entry.action,
            entity=entry.entity,
            entity_id=entry.entity_id,
            changes=_changes(entry.before, entry.after),
            detail=entry.detail,
        )
        for entry, nip, name in rows
    ], total
