"""Writing and reading the audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, insert, or_
from sqlmodel import Session, SQLModel, col, select

from ekinerja.access import Actor, Rule, permits, require
from ekinerja.clock import local_today, utcnow
from ekinerja.models import AuditEntry, Employee
from ekinerja.services.org import org_snapshot
from ekinerja.services.paging import paginate


def snapshot(row: SQLModel | None, *, exclude: frozenset[str] = frozenset({"password_hash"})) -> dict[str, Any] | None:
    """A JSON-safe copy of a row for the before/after columns; secrets never enter the log."""
    if row is None:
        return None
    return row.model_dump(mode="json", exclude=set(exclude))


_INSERT_ENTRY = insert(AuditEntry.__table__)


def write(session: Session, *, store: bool = False, **fields: Any) -> None:
    """The one audited-write call: an entry with ``fields`` as ``entry`` takes them. ``store`` adds
    the written ``row`` to the session and flushes first, so a new row has its id."""
    if store:
        session.add(fields["row"])
        session.flush()
    write_many(session, [entry(session, **fields)])


def entry(
    session: Session,
    *,
    actor: Actor | int | None,
    action: str,
    entity: str,
    row: SQLModel | None = None,
    entity_id: Any = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: str = "",
) -> dict[str, Any]:
    """One entry: ``actor`` did ``action`` to an ``entity``.

    ``actor`` is the signed-in Actor, or an employee id where there is no session yet (login) or
    None. ``row`` is the written row: its id is the entry's id and, unless ``after`` is given, its
    state now is the entry's after (a deleted row's id is passed as ``entity_id`` instead).
    """
    actor_id = actor if actor is None or isinstance(actor, int) else actor.employee_id
    if row is not None:
        entity_id = row.id
        if after is None:
            after = snapshot(row)
    instansi_id = None
    if actor_id is not None:
        org = org_snapshot(session, on=local_today())
        unit_id = org.unit_of_employee(actor_id)
        instansi_id = org.instansi_of_unit(unit_id) if unit_id else None
    return {
        "at": utcnow(), "instansi_id": instansi_id, "actor_id": actor_id, "action": action, "entity": entity,
        "entity_id": str(entity_id)[:40], "before": before, "after": after, "detail": detail[:500],
    }


def write_many(session: Session, entries: Sequence[dict[str, Any]]) -> None:
    """Entries made by ``entry``, in one statement (a bulk approval writes one per item)."""
    if entries:
        # One INSERT built once, not objects for the unit of work: every write is audited, and the
        # ORM's bookkeeping for rows nobody reads back cost more than the database's work (issue 17).
        session.execute(_INSERT_ENTRY, list(entries))


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    subject: str  # what the entry is about, as a reader names it
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


# What each audited table is called on the Jejak Audit page.
ENTITY_LABELS = {
    "employee": "Pegawai", "activity_catalog_item": "Katalog kegiatan", "daily_activity": "Kegiatan harian",
    "evaluation": "Penilaian", "position": "Jabatan", "org_unit": "Unit kerja", "holiday": "Hari libur",
    "duty_day": "Tugas piket", "development_plan_item": "Rencana pengembangan", "delegation": "Plt/Plh",
    "attendance_record": "Rekaman kehadiran", "announcement": "Pengumuman", "absence": "Ketidakhadiran",
    "working_hours": "Jam kerja", "work_settings": "Pengaturan kerja", "tpp_ruleset": "Aturan TPP",
    "tpp_month_lock": "Kunci TPP bulanan", "task_assignment": "Tugas atasan", "skp": "SKP", "rhk": "RHK",
    "rencana_aksi": "Rencana aksi", "realisasi": "Realisasi", "perilaku_expectation": "Ekspektasi perilaku",
    "organisation_predikat": "Predikat organisasi", "indikator": "Indikator", "feedback": "Umpan balik",
    "evidence_file": "Bukti dukung", "evaluation_settings": "Pengaturan penilaian",
    "dialog_thread": "Dialog kinerja", "dialog_message": "Pesan dialog kinerja", "dialog_meeting": "Pertemuan dialog kinerja",
}


MAX_ROW_ID = 2**31 - 1  # PostgreSQL INTEGER, the type of every id column


def _subjects(session: Session, entries: list[AuditEntry]) -> dict[str, str]:
    """The employees the entries are about, by id: "Nama (NIP)" reads better than a number."""
    # A failed login on an unknown NIP keeps the typed NIP as its entity id: that names no row (and
    # overflows the INTEGER key on PostgreSQL), so only ids an employee row can have are looked up.
    ids = {int(e.entity_id) for e in entries if e.entity == "employee" and str(e.entity_id).isdigit()}
    ids = {i for i in ids if i <= MAX_ROW_ID}
    people = session.exec(select(Employee).where(col(Employee.id).in_(ids))).all() if ids else []
    return {str(p.id): f"{p.name} ({p.nip})" for p in people}


def subject_of(entry: AuditEntry, employees: dict[str, str]) -> str:
    label = ENTITY_LABELS.get(entry.entity, entry.entity)
    if entry.entity == "employee" and str(entry.entity_id) in employees:
        return f"{label}: {employees[str(entry.entity_id)]}"
    return f"{label} #{entry.entity_id}" if entry.entity_id else label


def list_entries(
    session: Session, *, actor: Actor, search: str = "", page: int = 1, page_size: int = 25
) -> tuple[list[AuditRow], int]:
    """Newest first: the admin's own instansi, plus the failed logins on NIPs nobody has (no instansi,
    so every admin sees them: someone guessing NIPs concerns them all). The trail is read here and
    never edited anywhere."""
    require(permits(Rule.ADMIN, actor))
    unclaimed_login = and_(AuditEntry.instansi_id.is_(None), AuditEntry.actor_id.is_(None), AuditEntry.action == "login_failed")
    query = (
        select(AuditEntry, Employee.nip, Employee.name)
        .join(Employee, AuditEntry.actor_id == Employee.id, isouter=True)
        .where(or_(AuditEntry.instansi_id == actor.instansi_id, unclaimed_login))
        .order_by(AuditEntry.id.desc())
    )
    if term := search.strip():
        query = query.where(
            or_(
                AuditEntry.action.icontains(term, autoescape=True),
                AuditEntry.entity_id.icontains(term, autoescape=True),
                Employee.nip.icontains(term, autoescape=True),
                Employee.name.icontains(term, autoescape=True),
            )
        )
    rows, total = paginate(session, statement=query, page=page, page_size=page_size)
    employees = _subjects(session, [entry for entry, _, _ in rows])
    return [
        AuditRow(
            id=entry.id,
            at=entry.at,
            actor=f"{name} ({nip})" if nip else "-",
            action=entry.action,
            entity=entry.entity,
            entity_id=entry.entity_id,
            subject=subject_of(entry, employees),
            changes=_changes(entry.before, entry.after),
            detail=entry.detail,
        )
        for entry, nip, name in rows
    ], total
