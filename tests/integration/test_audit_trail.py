"""The audit trail is append-only in the database itself, and every write path records an entry.

Migration 0006 puts triggers on audit_entry (SQLite and PostgreSQL): raw SQL cannot change or
delete an entry, whatever the application code does. The table-driven test runs the main write
paths of the app, one transaction each, and checks that each left an entry an admin can read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import func, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from ekinerja.clock import local_today
from ekinerja.db import get_engine, session_scope
from ekinerja.domain.activity_rules import ActivityForm
from ekinerja.domain.catalog import CatalogForm
from ekinerja.domain.validation import (
    AnnouncementForm,
    EmployeeForm,
    PositionForm,
    UnitForm,
)
from ekinerja.models import AuditEntry, DailyActivity, Employee
from ekinerja.services import (
    absences,
    activities,
    activity_review,
    announcements,
    attendance,
    attendance_records,
    audit,
    auth,
    catalog,
    employees,
    org_admin,
    skp_drafts,
    tpp,
    work_calendar,
)
from tests.integration.factories import Org, actor_for, make_employee, make_org, nip_for

TODAY = date(2026, 11, 19)  # a Thursday


@pytest.fixture(autouse=True)
def _today(pin_today):
    """The services' own "today" is the test's."""
    pin_today(TODAY)


PASSWORD = "Rahasia2026xyz"


def _entries() -> int:
    with session_scope() as session:
        return session.exec(select(func.count()).select_from(AuditEntry)).one()


def _some_entry_id() -> int:
    with session_scope() as session:
        audit.write(session, actor=None, action="create", entity="uji")
    with session_scope() as session:
        return session.exec(select(func.max(AuditEntry.id))).one()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entry SET detail = 'dipalsukan' WHERE id = :id",
        "UPDATE audit_entry SET actor_id = NULL",
        "DELETE FROM audit_entry WHERE id = :id",
        "DELETE FROM audit_entry",
    ],
)
def test_raw_sql_cannot_change_or_delete_an_entry(database, statement):
    entry_id = _some_entry_id()
    with pytest.raises(DBAPIError, match="append-only"), get_engine().begin() as connection:
        connection.execute(text(statement), {"id": entry_id})
    with session_scope() as session:
        assert session.get(AuditEntry, entry_id).detail == ""
    assert _entries() == 1


def test_inserting_entries_still_works(database):
    _some_entry_id()
    _some_entry_id()
    assert _entries() == 2


@pytest.fixture
def people(db: Session) -> tuple[Org, Employee, Employee]:
    org = make_org(db)
    boss = make_employee(db, position=org.head, nip=nip_for(2), name="Kepala Badan")
    staff = make_employee(db, position=org.staff, nip=nip_for(3), name="Staf Satu")
    staff.password_hash = auth.hash_password(PASSWORD)
    db.add(staff)
    db.commit()
    return org, boss, staff


def _activity_form(start: str = "08:00") -> ActivityForm:
    return ActivityForm(activity_date=TODAY.isoformat(), start_time=start, end_time="09:00" if start == "08:00" else "11:00", task_text="Menyusun laporan", quantity="1")


def _write_paths(org: Org, boss: Employee, staff: Employee) -> list[tuple[str, str, Callable[[Session], object]]]:
    """(expected action, entity, write) for the main write paths, in an order that builds on itself."""
    with session_scope() as session:
        staf, kepala = actor_for(session, staff), actor_for(session, boss)
    admin = org.actor
    today = local_today().isoformat()

    def first_activity(session: Session) -> int:
        return session.exec(select(DailyActivity.id).order_by(DailyActivity.id)).first()

    def last_activity(session: Session) -> int:
        return session.exec(select(DailyActivity.id).order_by(DailyActivity.id.desc())).first()

    def absence_id(session: Session) -> int:
        return attendance.pending_absences(session, actor=admin)[0].id

    return [
        ("login", "employee", lambda s: auth.login(s, nip=staff.nip, password=PASSWORD)),
        ("login_failed", "employee", lambda s: auth.login(s, nip=staff.nip, password="salah")),
        ("password_change_failed", "employee", lambda s: auth.change_password(
            s, actor=staf, current_password="salah", new_password="SandiBaru2026xyz", confirmation="SandiBaru2026xyz")),
        ("password_changed", "employee", lambda s: auth.change_password(
            s, actor=staf, current_password=PASSWORD, new_password="SandiBaru2026xyz", confirmation="SandiBaru2026xyz")),
        ("create", "daily_activity", lambda s: activities.create_activity(s, actor=staf, form=_activity_form(), today=TODAY)),
        ("create", "daily_activity", lambda s: activities.create_activity(s, actor=staf, form=_activity_form("10:00"), today=TODAY)),
        ("update", "daily_activity", lambda s: activities.update_activity(
            s, actor=staf, activity_id=first_activity(s), form=_activity_form(), today=TODAY)),
        ("delete", "daily_activity", lambda s: activities.delete_activity(s, actor=staf, activity_id=last_activity(s))),
        ("approve", "daily_activity", lambda s: activity_review.decide(
            s, actor=kepala, activity_id=first_activity(s), decision="approve", today=TODAY)),
        ("create", "absence", lambda s: absences.submit_absence(s, actor=staf, kind="izin", start=today, end=today, note="")),
        ("approve", "absence", lambda s: absences.decide_absence(s, actor=admin, absence_id=absence_id(s), approve=True)),
        ("import", "attendance_record", lambda s: attendance_records.import_attendance(
            s, actor=admin, data=f"nip;tanggal;jam_masuk;jam_pulang\n{staff.nip};2025-03-03;07:31;16:05\n".encode(),
            filename="mesin.csv", today=date(2025, 4, 1))),
        ("create", "skp", lambda s: skp_drafts.create_draft(s, actor=staf, year=local_today().year)),
        ("lock", "tpp_month_lock", lambda s: tpp.lock_month(s, actor=admin, year=2025, month=2)),
        ("create", "activity_catalog_item", lambda s: catalog.create_catalog_item(s, actor=admin, form=CatalogForm(
            position_id=str(org.staff.id), name="Menyusun laporan", output_unit="laporan", standard_minutes="60"))),
        ("create", "org_unit", lambda s: org_admin.create_unit(s, actor=admin, form=UnitForm(
            code="BID-UJI", name="Bidang Uji", level="bidang", parent_id=str(org.opd.id)))),
        ("create", "position", lambda s: org_admin.create_position(s, actor=admin, form=PositionForm(
            name="Analis Uji", kind="pelaksana", kelas_jabatan="7", unit_id=str(org.opd.id), reports_to_id=str(org.head.id)))),
        ("create", "employee", lambda s: employees.create_employee(s, actor=admin, form=EmployeeForm(
            nip=nip_for(50), name="Pegawai Baru", status="PNS", position_id=str(org.staff.id), start_date="2025-01-02"), today=TODAY)),
        ("create", "holiday", lambda s: work_calendar.add_holiday(s, actor=admin, day="2026-12-25", name="Natal", kind="libur_nasional")),
        ("create", "announcement", lambda s: announcements.create_announcement(s, actor=admin, form=AnnouncementForm(
            title="Pengumuman uji", body="Isi pengumuman uji"))),
    ]


def test_every_main_write_path_leaves_an_entry_the_admin_can_read(people):
    org, boss, staff = people
    missing = []
    for action, entity, write in _write_paths(org, boss, staff):
        before = _entries()
        with session_scope() as session:
            write(session)
        with session_scope() as session:
            newest = session.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        if _entries() <= before or (newest.action, newest.entity) != (action, entity):
            missing.append(f"{action} {entity}")
    assert missing == []
    with session_scope() as session:
        _, total = audit.list_entries(session, actor=org.actor, page_size=100)
    # Everything above happened inside the admin's instansi, so the admin reads all of it.
    assert total == _entries()
    # An entry about an employee names them, not their row number; every table has a readable name.
    with session_scope() as session:
        rows, _ = audit.list_entries(session, actor=org.actor, search="create", page_size=100)
    assert any(r.subject == f"Pegawai: Pegawai Baru ({nip_for(50)})" for r in rows)
    assert not any(r.subject.startswith(f"{r.entity} ") for r in rows)
