"""Writing the audit trail."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, SQLModel

from ekinerja.models import AuditEntry


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
