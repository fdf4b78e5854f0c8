"""Pengumuman: notices from the BKD admin to the whole instansi or to one employee."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from ekinerja.access import Actor, require
from ekinerja.clock import local_today
from ekinerja.domain.names import display_name
from ekinerja.domain.validation import (
    AnnouncementForm,
    ValidationFailed,
    ensure_valid,
    validate_announcement,
)
from ekinerja.models import Announcement, Employee
from ekinerja.services import audit
from ekinerja.services.employees import employee_instansi_id
from ekinerja.services.org_admin import NOT_IN_INSTANSI, require_admin
from ekinerja.services.paging import paginate


@dataclass(frozen=True)
class AnnouncementRow:
    id: int
    kind: str
    title: str
    body: str
    target_employee_id: int | None
    target_name: str | None
    visible_until: date | None
    created_by_name: str
    created_at: datetime
    active: bool


def create_announcement(
    session: Session, *, actor: Actor, form: AnnouncementForm, today: date | None = None
) -> Announcement:
    instansi_id = require_admin(actor)
    data = ensure_valid(validate_announcement(form, today=today or local_today()))
    if data.target_employee_id is not None and employee_instansi_id(session, employee_id=data.target_employee_id) != instansi_id:
        raise ValidationFailed({"target_employee_id": "Pegawai tujuan tidak ditemukan di instansi Anda."})
    announcement = Announcement(
        instansi_id=instansi_id,
        kind=data.kind,
        title=data.title,
        body=data.body,
        target_employee_id=data.target_employee_id,
        visible_until=data.visible_until,
        created_by_id=actor.employee_id,
    )
    audit.write(session, actor=actor, action="create", entity="announcement", row=announcement, store=True)
    return announcement


def deactivate_announcement(session: Session, *, actor: Actor, announcement_id: int) -> Announcement:
    instansi_id = require_admin(actor)
    announcement = session.get(Announcement, announcement_id)
    require(announcement is not None and announcement.instansi_id == instansi_id, NOT_IN_INSTANSI)
    before = audit.snapshot(announcement)
    announcement.active = False
    audit.write(
        session, actor=actor, action="deactivate", entity="announcement", row=announcement, before=before, store=True,
    )
    return announcement


def list_for_admin(
    session: Session, *, actor: Actor, page: int = 1, page_size: int = 25
) -> tuple[list[AnnouncementRow], int]:
    """Every announcement of the admin's instansi, active or not, newest first."""
    instansi_id = require_admin(actor)
    target, author = aliased(Employee), aliased(Employee)
    statement = (
        select(Announcement, target, author)
        .outerjoin(target, target.id == Announcement.target_employee_id)
        .join(author, author.id == Announcement.created_by_id)
        .where(Announcement.instansi_id == instansi_id)
        .order_by(Announcement.created_at.desc(), Announcement.id.desc())
    )
    rows, total = paginate(session, statement=statement, page=page, page_size=page_size)
    return [
        AnnouncementRow(
            id=a.id,
            kind=a.kind,
            title=a.title,
            body=a.body,
            target_employee_id=a.target_employee_id,
            target_name=display_name(to) if to else None,
            visible_until=a.visible_until,
            created_by_name=display_name(by),
            created_at=a.created_at,
            active=a.active,
        )
        for a, to, by in rows
    ], total


def visible_announcements(session: Session, *, actor: Actor, today: date) -> list[Announcement]:
    """What the dashboard shows: notices for this actor first, then the instansi's, newest first."""
    if actor.instansi_id is None:
        return []
    return list(
        session.exec(
            select(Announcement)
            .where(
                Announcement.active,
                Announcement.instansi_id == actor.instansi_id,
                or_(Announcement.visible_until.is_(None), Announcement.visible_until >= today),
                or_(Announcement.target_employee_id.is_(None), Announcement.target_employee_id == actor.employee_id),
            )
            .order_by(
                Announcement.target_employee_id.is_(None),
                Announcement.created_at.desc(),
                Announcement.id.desc(),
            )
        )
    )
