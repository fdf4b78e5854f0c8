"""Employee administration: accounts, master data, mutasi and the audit trail."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlmodel import select

from ekinerja.access import AccessDenied
from ekinerja.clock import local_today
from ekinerja.domain.roles import ROLE_ADMIN
from ekinerja.domain.validation import EmployeeForm, MoveForm, ValidationFailed
from ekinerja.models import (
    AuditEntry,
    AuthSession,
    Employee,
    EmployeeRole,
    PositionAssignment,
)
from ekinerja.services import auth, employees
from tests.integration.factories import (
    actor_for,
    make_employee,
    make_org,
    make_position,
    ni_pppk_for,
    nip_for,
)

NEW_NIP = "199001012015031001"


@pytest.fixture
def org(db):
    return make_org(db)


def new_form(position, **changes) -> EmployeeForm:
    values = {
        "nip": NEW_NIP,
        "name": "Andi Baso",
        "gelar_belakang": "S.Kom.",
        "status": "PNS",
        "pangkat_golongan": "Penata Muda (III/a)",
        "position_id": str(position.id),
        "start_date": "2024-01-02",
    }
    values.update(changes)
    return EmployeeForm(**values)


def audit_entries(db, employee_id, action):
    return db.exec(
        select(AuditEntry).where(AuditEntry.entity_id == str(employee_id), AuditEntry.action == action)
    ).all()


def test_created_employee_logs_in_with_nip_password_and_must_change_it(db, org):
    employee = employees.create_employee(db, actor=org.actor, form=new_form(org.staff))
    db.commit()
    assert employee.must_change_password
    outcome = auth.login(db, nip=NEW_NIP, password=NEW_NIP[:8])
    assert outcome.token and outcome.must_change_password
    history = employees.get_employee_detail(db, actor=org.actor, employee_id=employee.id).history
    assert [(h.position_id, h.kind, h.start_date, h.end_date) for h in history] == [
        (org.staff.id, "definitif", date(2024, 1, 2), None)
    ]
    [entry] = audit_entries(db, employee.id, "create")
    assert entry.actor_id == org.admin.id and entry.before is None
    assert entry.after["nip"] == NEW_NIP and entry.after["position_id"] == org.staff.id
    assert "password_hash" not in entry.after


def test_duplicate_nip_and_foreign_position_are_field_errors(db, org):
    other = make_org(db, code="JATENG", birth="19860101")
    with pytest.raises(ValidationFailed) as failed:
        employees.create_employee(db, actor=org.actor, form=new_form(other.staff, nip=org.admin.nip))
    assert failed.value.errors == {
        "nip": "NIP sudah terdaftar.",
        "position_id": f"Jabatan dengan id {other.staff.id} tidak ditemukan di instansi Anda.",
    }


def test_admin_of_another_instansi_and_non_admins_are_refused(db, org):
    staff = make_employee(db, position=org.staff, nip=nip_for(2), name="Staf Biasa")
    other = make_org(db, code="JATENG", birth="19860101")
    staff_actor = actor_for(db, staff)
    with pytest.raises(AccessDenied):
        employees.create_employee(db, actor=staff_actor, form=new_form(org.staff))
    for call in (
        lambda actor: employees.reset_password(db, actor=actor, employee_id=staff.id),
        lambda actor: employees.set_active(db, actor=actor, employee_id=staff.id, active=False),
        lambda actor: employees.update_employee(
            db, actor=actor, employee_id=staff.id, form=new_form(org.staff, nip=staff.nip)
        ),
        lambda actor: employees.move_employee(
            db, actor=actor, employee_id=staff.id, form=MoveForm(str(org.head.id), "2024-06-01")
        ),
        lambda actor: employees.get_employee_detail(db, actor=actor, employee_id=staff.id),
    ):
        with pytest.raises(AccessDenied):
            call(other.actor)
    with pytest.raises(AccessDenied):
        employees.reset_password(db, actor=staff_actor, employee_id=org.admin.id)
    rows, total = employees.list_employees(db, actor=other.actor)
    assert total == 1 and rows[0].id == other.admin.id


def test_list_is_instansi_wide_for_admins_and_downward_for_others(db, org):
    head = make_employee(db, position=org.head, nip=nip_for(2), name="Kepala Badan")
    make_employee(db, position=org.staff, nip=nip_for(3), name="Budi Staf")
    make_org(db, code="JATENG", birth="19860101")
    rows, total = employees.list_employees(db, actor=org.actor)
    assert total == 3
    assert next((r.full_name, r.position_name, r.unit_name) for r in rows) == (
        "Admin BKD",
        "Analis Kepegawaian",
        org.opd.name,
    )
    rows, total = employees.list_employees(db, actor=org.actor, search="budi")
    assert [r.nip for r in rows] == [nip_for(3)]
    rows, total = employees.list_employees(db, actor=org.actor, search=nip_for(2)[:10], page_size=1)
    assert total == 3 and len(rows) == 1  # every NIP here starts with the same ten digits
    rows, total = employees.list_employees(db, actor=actor_for(db, head))
    assert total == 3
    budi = make_employee(db, position=make_position(db, unit=org.opd, name="Pengemudi"), nip=nip_for(4))
    rows, total = employees.list_employees(db, actor=actor_for(db, budi))
    assert [r.id for r in rows] == [budi.id]


def test_mutasi_closes_the_old_assignment_and_keeps_history(db, org):
    staff = make_employee(db, position=org.staff, nip=nip_for(2), start=date(2020, 1, 2))
    db.commit()
    employees.move_employee(
        db,
        actor=org.actor,
        employee_id=staff.id,
        form=MoveForm(position_id=str(org.head.id), start_date="2024-07-01", note="SK 821/123"),
    )
    db.commit()
    history = employees.get_employee_detail(db, actor=org.actor, employee_id=staff.id).history
    assert [(h.position_name, h.start_date, h.end_date, h.note) for h in history] == [
        ("Kepala Badan", date(2024, 7, 1), None, "SK 821/123"),
        ("Analis Kepegawaian", date(2020, 1, 2), date(2024, 6, 30), ""),
    ]
    [entry] = audit_entries(db, staff.id, "move")
    assert entry.before["current"]["end_date"] is None
    assert entry.after["closed"]["end_date"] == "2024-06-30"
    assert entry.after["opened"]["position_id"] == org.head.id
    # A date not after the current TMT would rewrite history.
    with pytest.raises(ValidationFailed) as failed:
        employees.move_employee(
            db, actor=org.actor, employee_id=staff.id, form=MoveForm(str(org.staff.id), "2024-07-01")
        )
    assert failed.value.errors == {"start_date": "TMT mutasi harus setelah TMT jabatan saat ini (2024-07-01)."}
    with pytest.raises(ValidationFailed) as failed:
        employees.move_employee(
            db, actor=org.actor, employee_id=staff.id, form=MoveForm(str(org.head.id), "2024-08-01")
        )
    assert failed.value.errors == {"position_id": "Pegawai sudah menduduki jabatan ini."}


def test_reset_password_restores_nip_password_and_ends_sessions(db, org):
    staff = make_employee(db, position=org.staff, nip=nip_for(2))
    db.commit()
    token = auth.login(db, nip=staff.nip, password=staff.nip[:8]).token
    actor = auth.resolve_session(db, token=token).actor
    assert (
        auth.change_password(
            db,
            actor=actor,
            current_password=staff.nip[:8],
            new_password="RahasiaBaru2025",
            confirmation="RahasiaBaru2025",
        )
        == []
    )
    db.commit()
    employees.reset_password(db, actor=org.actor, employee_id=staff.id)
    db.commit()
    assert auth.resolve_session(db, token=token).actor is None
    assert (
        db.exec(select(AuthSession).where(AuthSession.employee_id == staff.id, AuthSession.ended_at.is_(None))).all()
        == []
    )
    assert auth.login(db, nip=staff.nip, password="RahasiaBaru2025").token is None
    outcome = auth.login(db, nip=staff.nip, password=staff.nip[:8])
    assert outcome.token and outcome.must_change_password
    [entry] = audit_entries(db, staff.id, "password_reset")
    assert (entry.before["must_change_password"], entry.after["must_change_password"]) == (False, True)
    assert "password_hash" not in entry.before and "password_hash" not in entry.after


def test_update_master_data_and_roles_is_audited(db, org):
    staff = make_employee(db, position=org.staff, nip=nip_for(2), name="Staf Lama")
    db.commit()
    # Status PPPK with the PNS number kept: the status is what does not fit the number.
    form = new_form(org.staff, nip=nip_for(2), name="Staf  Baru", gelar_depan="Dr.", status="PPPK", roles=(ROLE_ADMIN,))
    with pytest.raises(ValidationFailed) as failed:
        employees.update_employee(db, actor=org.actor, employee_id=staff.id, form=form)
    assert set(failed.value.errors) == {"status"} and "sesuai pola NIP PNS" in failed.value.errors["status"]
    form = replace(form, nip=ni_pppk_for(2))
    employees.update_employee(db, actor=org.actor, employee_id=staff.id, form=form)
    db.commit()
    detail = employees.get_employee_detail(db, actor=org.actor, employee_id=staff.id)
    assert (detail.full_name, detail.status, detail.roles) == ("Dr. Staf Baru, S.Kom.", "PPPK", (ROLE_ADMIN,))
    [entry] = audit_entries(db, staff.id, "update")
    assert (entry.before["name"], entry.after["name"]) == ("Staf Lama", "Staf Baru")
    assert (entry.before["roles"], entry.after["roles"]) == ([], [ROLE_ADMIN])
    assert "password_hash" not in entry.before
    employees.update_employee(db, actor=org.actor, employee_id=staff.id, form=replace(form, roles=()))
    db.commit()
    assert db.exec(select(EmployeeRole).where(EmployeeRole.employee_id == staff.id)).all() == []
    with pytest.raises(ValidationFailed) as failed:
        employees.update_employee(
            db, actor=org.actor, employee_id=staff.id, form=new_form(org.staff, nip=org.admin.nip)
        )
    assert failed.value.errors == {"nip": "NIP sudah terdaftar."}
    with pytest.raises(ValidationFailed) as failed:
        employees.update_employee(
            db, actor=org.actor, employee_id=org.admin.id, form=new_form(org.staff, nip=org.admin.nip)
        )
    assert failed.value.errors == {"roles": "Anda tidak dapat mencabut peran admin Anda sendiri."}


def test_set_active_blocks_login_and_is_audited(db, org):
    staff = make_employee(db, position=org.staff, nip=nip_for(2))
    db.commit()
    token = auth.login(db, nip=staff.nip, password=staff.nip[:8]).token
    employees.set_active(db, actor=org.actor, employee_id=staff.id, active=False)
    db.commit()
    assert auth.resolve_session(db, token=token).actor is None
    assert auth.login(db, nip=staff.nip, password=staff.nip[:8]).token is None
    employees.set_active(db, actor=org.actor, employee_id=staff.id, active=True)
    db.commit()
    assert db.get(Employee, staff.id).active
    [off] = audit_entries(db, staff.id, "deactivate")
    assert (off.before["active"], off.after["active"]) == (True, False)
    with pytest.raises(AccessDenied):
        employees.set_active(db, actor=org.actor, employee_id=org.admin.id, active=False)


def test_future_tmt_is_still_administered(db, org):
    start = (local_today() + timedelta(days=30)).isoformat()
    employee = employees.create_employee(db, actor=org.actor, form=new_form(org.staff, start_date=start))
    db.commit()
    assert (
        db.exec(select(PositionAssignment).where(PositionAssignment.employee_id == employee.id))
        .one()
        .start_date.isoformat()
        == start
    )
    rows, _ = employees.list_employees(db, actor=org.actor, search="andi")
    assert [r.id for r in rows] == [employee.id]
    employees.reset_password(db, actor=org.actor, employee_id=employee.id)


def test_correcting_the_nip_of_an_unused_account_moves_its_first_password(db, org):
    staff = make_employee(db, position=org.staff, nip=nip_for(2))
    db.commit()
    corrected = nip_for(2, birth="19870420")
    employees.update_employee(db, actor=org.actor, employee_id=staff.id, form=new_form(org.staff, nip=corrected))
    db.commit()
    assert auth.login(db, nip=corrected, password=corrected[:8]).token


def test_pppk_is_registered_with_a_real_ni_pppk_and_the_detail_reads_it(db, org):
    ni = "198507182022212013"
    employee = employees.create_employee(db, actor=org.actor, form=new_form(org.staff, nip=ni, status="PPPK"))
    db.commit()
    assert auth.login(db, nip=ni, password="19850718").token
    detail = employees.get_employee_detail(db, actor=org.actor, employee_id=employee.id)
    assert detail.nip_facts == (
        "Tanggal lahir: 18 Juli 1985 · Tahun pengangkatan PPPK: 2022 · Perjanjian kerja ke-: 1 · "
        "Jenis kelamin: Perempuan · Nomor urut: 013"
    )
    pns = employees.get_employee_detail(db, actor=org.actor, employee_id=org.admin.id)
    assert pns.nip_facts.startswith("Tanggal lahir:") and "TMT CPNS:" in pns.nip_facts
    with pytest.raises(ValidationFailed) as failed:
        employees.create_employee(db, actor=org.actor, form=new_form(org.staff, nip="199503112023211004", status="PNS"))
    assert failed.value.errors == {
        "nip": "Digit 13-14 NIP PNS harus bulan TMT CPNS 01-12, tertulis 21. "
        "Nomor ini sesuai pola NI PPPK: periksa status kepegawaian."
    }
    with pytest.raises(ValidationFailed) as failed:
        employees.create_employee(db, actor=org.actor, form=new_form(org.staff, nip="199503112023201004", status="PPPK"))
    assert failed.value.errors == {"nip": "Digit ke-14 NI PPPK (perjanjian kerja ke-) harus 1-9, tertulis 0."}
