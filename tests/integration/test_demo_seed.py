"""The demo data generator against a real, migrated database."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from datetime import date, timedelta

import pytest
from sqlmodel import Session, func, select

from ekinerja.clock import local_today
from ekinerja.demo import seed
from ekinerja.demo.accounts import DemoAccount, DemoAccounts
from ekinerja.domain.nip import parse_nip
from ekinerja.domain.roles import ROLE_ADMIN
from ekinerja.models import (
    Announcement,
    Employee,
    EmployeeRole,
    JenjangFungsional,
    OrgUnit,
    Position,
    PositionAssignment,
)
from ekinerja.services import angka_kredit
from ekinerja.services.auth import password_context
from ekinerja.services.org import org_revision, org_snapshot


@pytest.fixture
def today():
    return local_today()


@pytest.fixture
def accounts(seeded_demo, today):
    return seeded_demo(today)


def _count(db: Session, model) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def _all_accounts(accounts: DemoAccounts) -> list[DemoAccount]:
    return [getattr(accounts, name) for name in asdict(accounts)]


def _depth(position_id: int, reports_to: dict[int, int | None]) -> int:
    depth = 0
    while (position_id := reports_to[position_id]) is not None:
        depth += 1
    return depth


def test_organisation_tree(db, accounts):
    units = db.exec(select(OrgUnit)).all()
    by_level = Counter(unit.level for unit in units)
    assert by_level["instansi"] == 1
    assert by_level["opd"] >= 6
    children = Counter(unit.parent_id for unit in units)
    for unit in units:
        if unit.level == "opd":
            assert 2 <= children[unit.id] <= 4, unit.name
        elif unit.level == "bidang":
            assert 1 <= children[unit.id] <= 3, unit.name
    instansi = next(unit for unit in units if unit.level == "instansi")
    assert (instansi.code, instansi.name) == ("PEMPROV-SULSEL", "Pemerintah Provinsi Sulawesi Selatan")


def test_positions_form_four_levels_under_the_sekda(db, accounts):
    positions = db.exec(select(Position)).all()
    reports_to = {position.id: position.reports_to_id for position in positions}
    tops = [position for position in positions if position.reports_to_id is None]
    assert [(top.name, top.eselon, top.kelas_jabatan) for top in tops] == [("Sekretaris Daerah", "I.b", 16)]
    depths = {position.id: _depth(position.id, reports_to) for position in positions}
    assert set(depths.values()) >= {0, 1, 2, 3, 4}
    assert {position.kind for position in positions} == {"struktural", "pelaksana", "fungsional"}
    for position in positions:
        if position.kind == "struktural":
            assert position.eselon, position.name
        else:
            assert position.eselon is None and 5 <= position.kelas_jabatan <= 9, position.name
            assert depths[position.id] >= 3


def test_employees_have_valid_unique_nips(db, accounts, today):
    employees = db.exec(select(Employee)).all()
    assert 280 <= len(employees) <= 340
    nips = [employee.nip for employee in employees]
    assert len(set(nips)) == len(nips)
    for employee in employees:
        nip = employee.nip
        info = parse_nip(nip, today=today, status=employee.status)
        assert info.status == employee.status, nip
        if employee.status == "PPPK":  # the NI PPPK layout: TMT year, PPPK code 2, contract count
            assert nip[12] == "2" and info.contract_count == 1 and info.tmt_month is None, nip
        birth = info.birth_date
        age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
        assert 22 <= age <= 58, nip
        assert info.tmt_year - info.birth_date.year >= 20, nip
    statuses = Counter(employee.status for employee in employees)
    assert 0.10 <= statuses["PPPK"] / len(employees) <= 0.20


def test_pppk_hold_only_staff_positions(db, accounts):
    rows = db.exec(
        select(Employee.pangkat_golongan, Position.kind)
        .join(PositionAssignment, PositionAssignment.employee_id == Employee.id)
        .join(Position, Position.id == PositionAssignment.position_id)
        .where(Employee.status == "PPPK")
    ).all()
    assert rows
    for pangkat, kind in rows:
        assert pangkat.startswith("Golongan ") and kind in ("pelaksana", "fungsional")


def test_struktural_positions_have_one_holder_except_one_vacancy(db, accounts, today):
    snapshot = org_snapshot(db, on=today)
    struktural = db.exec(select(Position).where(Position.kind == "struktural")).all()
    definitive = {
        position.id: [h for h in snapshot.holders.get(position.id, []) if h.kind == "definitif"]
        for position in struktural
    }
    vacant = [position for position in struktural if not definitive[position.id]]
    assert [position.name for position in vacant] == ["Kepala Bidang Cipta Karya"]
    assert all(len(holders) <= 1 for holders in definitive.values())


def test_everyone_but_the_sekda_has_an_atasan(db, accounts, today):
    snapshot = org_snapshot(db, on=today)
    employee_ids = db.exec(select(Employee.id)).all()
    without = [employee_id for employee_id in employee_ids if snapshot.atasan_of(employee_id) is None]
    assert len(without) == 1
    sekda = db.exec(select(Position).where(Position.name == "Sekretaris Daerah")).one()
    assert snapshot.definitive_position(without[0]).position_id == sekda.id


def test_the_demo_chain(db, accounts, today):
    snapshot = org_snapshot(db, on=today)
    kasi = snapshot.atasan_of(accounts.staf.employee_id).employee_id
    assert kasi == accounts.kepala_seksi.employee_id
    assert snapshot.atasan_of(kasi).employee_id == accounts.kepala_bidang.employee_id
    assert snapshot.atasan_of(accounts.kepala_bidang.employee_id).employee_id == accounts.kepala_opd.employee_id
    assert snapshot.direct_subordinates(accounts.kepala_bidang.employee_id)
    assert snapshot.direct_subordinates(accounts.staf.employee_id) == []
    assert snapshot.atasan_of(accounts.staf_baru.employee_id).employee_id == kasi
    assert snapshot.is_above(accounts.kepala_opd.employee_id, accounts.staf.employee_id)
    staf_position = db.get(Position, snapshot.definitive_position(accounts.staf.employee_id).position_id)
    assert staf_position.kind == "pelaksana"
    kadis = db.get(Position, snapshot.definitive_position(accounts.kepala_opd.employee_id).position_id)
    assert kadis.name == "Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian"
    admin_unit = db.get(OrgUnit, snapshot.unit_of_employee(accounts.admin.employee_id))
    assert db.get(OrgUnit, admin_unit.parent_id).name.startswith("Bidang Pengadaan")
    assert db.get(OrgUnit, db.get(OrgUnit, admin_unit.parent_id).parent_id).name == "Badan Kepegawaian Daerah"


def test_the_plt_answers_for_the_vacant_kepala_bidang(db, accounts, today):
    snapshot = org_snapshot(db, on=today)
    plt = db.exec(select(PositionAssignment).where(PositionAssignment.kind == "plt")).one()
    assert plt.end_date is None and plt.start_date <= today
    vacant = db.get(Position, plt.position_id)
    acting_position = snapshot.definitive_position(plt.employee_id).position_id
    assert db.get(Position, acting_position).name.startswith("Kepala Bidang")
    assert db.get(Position, acting_position).reports_to_id == vacant.reports_to_id
    below = db.exec(select(Position.id).where(Position.reports_to_id == vacant.id)).all()
    subordinates = [h.employee_id for position_id in below for h in snapshot.holders.get(position_id, [])]
    assert subordinates
    for employee_id in subordinates:
        assert snapshot.atasan_of(employee_id).employee_id == plt.employee_id
    assert set(subordinates) <= set(snapshot.direct_subordinates(plt.employee_id))


def test_mutasi_this_year(db, accounts, today):
    closed = db.exec(select(PositionAssignment).where(PositionAssignment.end_date.is_not(None))).all()
    assert len(closed) == 5
    for old in closed:
        assert old.kind == "definitif"
        new = db.exec(
            select(PositionAssignment).where(
                PositionAssignment.employee_id == old.employee_id, PositionAssignment.end_date.is_(None)
            )
        ).one()
        assert new.start_date == old.end_date + timedelta(days=1) <= today
        assert new.start_date.year == today.year and old.start_date <= old.end_date
        assert new.position_id != old.position_id
    open_definitive = db.exec(
        select(PositionAssignment.employee_id).where(
            PositionAssignment.kind == "definitif", PositionAssignment.end_date.is_(None)
        )
    ).all()
    assert sorted(open_definitive) == sorted(db.exec(select(Employee.id)).all())


def test_passwords_and_roles(db, accounts):
    context = password_context()
    for name in ("admin", "kepala_opd", "kepala_bidang", "staf"):
        account = getattr(accounts, name)
        employee = db.get(Employee, account.employee_id)
        assert account.password == seed.DEMO_PASSWORD == "Ekinerja2026"
        assert context.verify(seed.DEMO_PASSWORD, employee.password_hash)
        assert not employee.must_change_password
    for account in (accounts.staf_baru, accounts.staf_cadangan):
        employee = db.get(Employee, account.employee_id)
        assert account.password == account.nip[:8]
        assert context.verify(account.password, employee.password_hash)
        assert employee.must_change_password
    ordinary = db.exec(select(Employee).where(Employee.must_change_password)).first()
    assert context.verify(ordinary.nip[:8], ordinary.password_hash)
    admins = db.exec(select(EmployeeRole.employee_id).where(EmployeeRole.role == ROLE_ADMIN)).all()
    assert admins == [accounts.admin.employee_id]
    names = {account.name for account in _all_accounts(accounts)}
    assert len(names) == 7 and all(names)


def test_announcements(db, accounts):
    rows = db.exec(select(Announcement)).all()
    instansi = db.exec(select(OrgUnit).where(OrgUnit.level == "instansi")).one()
    assert Counter(row.kind for row in rows) == {"umum": 3, "koreksi_data": 1}
    assert all(row.instansi_id == instansi.id and row.created_by_id == accounts.admin.employee_id for row in rows)
    koreksi = next(row for row in rows if row.kind == "koreksi_data")
    assert koreksi.target_employee_id == accounts.staf.employee_id
    staf = db.get(Employee, accounts.staf.employee_id)
    assert "tidak sesuai" in koreksi.body and staf.pangkat_golongan in koreksi.body
    assert all(row.target_employee_id is None for row in rows if row.kind == "umum")


def test_org_revision_is_bumped(db, accounts):
    assert org_revision(db) == 1


def test_the_cli_seeds_once(database, db, capsys):
    seed.main(["--json"])
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(printed) == {"admin", "kepala_opd", "kepala_bidang", "staf", "staf_baru", "staf_cadangan", "kepala_seksi"}
    assert printed["staf"]["password"] == seed.DEMO_PASSWORD
    counts = {model: _count(db, model) for model in (OrgUnit, Position, Employee, PositionAssignment, Announcement)}
    seed.main([])
    assert "already has employees" in capsys.readouterr().out
    assert counts == {model: _count(db, model) for model in counts}
    assert seed.seed_if_empty(db, today=local_today()) is None
    assert counts[Employee] == seed.TOTAL_EMPLOYEES


def test_the_same_data_and_accounts_all_year(db, accounts, today, tmp_path):
    from ekinerja.db import make_engine
    from ekinerja.migrate import upgrade_head

    other_day = date(today.year, 12, 31) if today.month < 7 else date(today.year, 1, 1)
    url = f"sqlite:///{tmp_path / 'again.db'}"
    upgrade_head(url)
    engine = make_engine(url)
    try:
        with Session(engine) as other:
            again = seed.seed_demo(other, today=other_day)
            assert again == accounts
            nips = other.exec(select(Employee.nip).order_by(Employee.id)).all()
    finally:
        engine.dispose()
    assert nips == db.exec(select(Employee.nip).order_by(Employee.id)).all()


def test_one_ahli_muda_reached_the_jenjang_this_year(db, accounts, today):
    rows = db.exec(select(JenjangFungsional).order_by(JenjangFungsional.employee_id, JenjangFungsional.tmt)).all()
    by_employee = Counter(row.employee_id for row in rows)
    promoted = [eid for eid, count in by_employee.items() if count == 2]
    assert len(promoted) == 1 and set(by_employee.values()) == {1, 2}
    pertama, muda = [row for row in rows if row.employee_id == promoted[0]]
    assert (pertama.jenjang, muda.jenjang, muda.end_date) == ("ahli_pertama", "ahli_muda", None)
    assert pertama.end_date == muda.tmt - timedelta(days=1) and muda.tmt.year == today.year and muda.tmt <= today
    employee = db.get(Employee, promoted[0])
    statement = angka_kredit.statements(db, employees=[employee], through_year=today.year)[employee.id]
    assert statement.jenjang == "ahli_muda" and [line.year for line in statement.years] == [today.year]
