"""Units and positions administered through the services, against a real database."""

from __future__ import annotations

import pytest
from sqlmodel import select

from ekinerja.access import AccessDenied
from ekinerja.domain.validation import PositionForm, UnitForm, ValidationFailed
from ekinerja.models import AuditEntry, OrgRevision
from ekinerja.services import org_admin
from tests.integration.factories import (
    actor_for,
    make_employee,
    make_org,
    make_position,
    make_unit,
    nip_for,
)


@pytest.fixture
def org(db):
    return make_org(db)


def unit_form(parent, **changes) -> UnitForm:
    values = {"code": "SULSEL.BKD.MUT", "name": "Bidang Mutasi", "level": "bidang", "parent_id": str(parent.id)}
    values.update(changes)
    return UnitForm(**values)


def position_form(unit, **changes) -> PositionForm:
    values = {
        "name": "Kepala Bidang Mutasi", "kind": "struktural", "eselon": "III.a", "kelas_jabatan": "11", "unit_id": str(unit.id)
    }
    values.update(changes)
    return PositionForm(**values)


def test_create_unit_writes_audit_and_bumps_revision(db, org):
    revision = db.get(OrgRevision, 1).value
    unit = org_admin.create_unit(db, actor=org.actor, form=unit_form(org.opd))
    db.commit()
    assert (unit.parent_id, unit.level, unit.name) == (org.opd.id, "bidang", "Bidang Mutasi")
    entry = db.exec(select(AuditEntry).where(AuditEntry.entity == "org_unit")).one()
    assert (entry.action, entry.actor_id, entry.before, entry.after["code"]) == (
        "create",
        org.admin.id,
        None,
        "SULSEL.BKD.MUT",
    )
    assert db.get(OrgRevision, 1).value == revision + 1


def test_units_tree_lists_own_instansi_in_order_with_depth(db, org):
    bidang = make_unit(db, code="SULSEL.BKD.B", level="bidang", parent=org.opd)
    make_unit(db, code="SULSEL.BKD.B.1", level="subbidang", parent=bidang)
    make_unit(db, code="SULSEL.BKD.A", level="bidang", parent=org.opd)
    make_org(db, code="JATENG", birth="19860101")
    rows = org_admin.list_units_tree(db, actor=org.actor)
    assert [(row.code, row.depth) for row in rows] == [
        ("SULSEL", 0),
        ("SULSEL.BKD", 1),
        ("SULSEL.BKD.A", 2),
        ("SULSEL.BKD.B", 2),
        ("SULSEL.BKD.B.1", 3),
    ]


def test_unit_level_must_fit_parent_and_code_be_unique(db, org):
    with pytest.raises(ValidationFailed) as failed:
        org_admin.create_unit(db, actor=org.actor, form=unit_form(org.instansi))
    assert failed.value.errors == {
        "parent_id": "Unit tingkat bidang harus berada langsung di bawah unit tingkat OPD, bukan instansi."
    }
    with pytest.raises(ValidationFailed) as failed:
        org_admin.create_unit(db, actor=org.actor, form=unit_form(org.opd, code=org.opd.code))
    assert failed.value.errors == {"code": "Kode unit sudah dipakai unit lain."}


def test_admin_cannot_create_an_instansi_or_use_another_instansi(db, org):
    with pytest.raises(AccessDenied):
        org_admin.create_unit(db, actor=org.actor, form=UnitForm(code="BARU", name="Instansi Baru", level="instansi"))
    other = make_org(db, code="JATENG", birth="19860101")
    with pytest.raises(ValidationFailed) as failed:
        org_admin.create_unit(db, actor=org.actor, form=unit_form(other.opd))
    assert failed.value.errors == {"parent_id": "Unit induk tidak ditemukan di instansi Anda."}
    with pytest.raises(AccessDenied):
        org_admin.update_unit(db, actor=org.actor, unit_id=other.opd.id, form=unit_form(other.instansi, level="opd"))
    # Turning an OPD into a parentless instansi would take it out of the admin's reach.
    with pytest.raises(AccessDenied):
        org_admin.update_unit(
            db, actor=org.actor, unit_id=org.opd.id, form=UnitForm(code=org.opd.code, name="Lepas", level="instansi")
        )
    renamed = org_admin.update_unit(
        db,
        actor=org.actor,
        unit_id=org.instansi.id,
        form=UnitForm(code="SULSEL", name="Pemprov Sulsel", level="instansi"),
    )
    assert (renamed.name, renamed.parent_id) == ("Pemprov Sulsel", None)


def test_non_admin_is_refused(db, org):
    staff = make_employee(db, position=org.staff, nip=nip_for(2))
    db.commit()
    with pytest.raises(AccessDenied):
        org_admin.create_unit(db, actor=actor_for(db, staff), form=unit_form(org.opd))
    with pytest.raises(AccessDenied):
        org_admin.list_positions(db, actor=actor_for(db, staff))


def test_unit_cannot_move_under_its_own_descendant(db, org):
    bidang = make_unit(db, code="SULSEL.BKD.B", level="bidang", parent=org.opd)
    sub = make_unit(db, code="SULSEL.BKD.B.1", level="subbidang", parent=bidang)
    db.commit()
    form = unit_form(sub, code=bidang.code, name=bidang.name)
    with pytest.raises(ValidationFailed) as failed:
        org_admin.update_unit(db, actor=org.actor, unit_id=bidang.id, form=form)
    assert failed.value.errors == {
        "parent_id": "Unit tidak dapat dipindahkan ke bawah dirinya sendiri atau sub-unitnya."
    }


def test_unit_with_active_positions_cannot_be_deactivated(db, org):
    form = UnitForm(code=org.opd.code, name=org.opd.name, level="opd", parent_id=str(org.instansi.id), active=False)
    with pytest.raises(ValidationFailed) as failed:
        org_admin.update_unit(db, actor=org.actor, unit_id=org.opd.id, form=form)
    assert failed.value.errors == {
        "active": "Unit masih memiliki 2 jabatan aktif; nonaktifkan atau pindahkan jabatan tersebut terlebih dahulu."
    }
    empty = make_unit(db, code="SULSEL.BKD.KOSONG", level="bidang", parent=org.opd)
    db.commit()
    updated = org_admin.update_unit(
        db, actor=org.actor, unit_id=empty.id, form=unit_form(org.opd, code=empty.code, active=False)
    )
    assert updated.active is False
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "update", AuditEntry.entity == "org_unit")).one()
    assert (entry.before["active"], entry.after["active"]) == (True, False)


def test_create_and_list_positions(db, org):
    bidang = make_unit(db, code="SULSEL.BKD.MUT", level="bidang", parent=org.opd, name="Bidang Mutasi")
    db.commit()
    position = org_admin.create_position(
        db, actor=org.actor, form=position_form(bidang, reports_to_id=str(org.head.id))
    )
    db.commit()
    rows, total = org_admin.list_positions(db, actor=org.actor, unit_id=bidang.id)
    assert total == 1
    assert (rows[0].id, rows[0].unit_name, rows[0].reports_to_name, rows[0].eselon) == (
        position.id,
        "Bidang Mutasi",
        "Kepala Badan",
        "III.a",
    )
    rows, total = org_admin.list_positions(db, actor=org.actor, search="kepala", page_size=1)
    assert total == 2 and len(rows) == 1
    rows, total = org_admin.list_positions(db, actor=org.actor)
    assert total == 3
    assert (
        db.exec(select(AuditEntry).where(AuditEntry.entity == "position")).one().after["name"] == "Kepala Bidang Mutasi"
    )


def test_position_reports_to_must_not_loop_or_leave_the_instansi(db, org):
    form = position_form(
        org.opd, name=org.head.name, eselon="II.a", kelas_jabatan="15", reports_to_id=str(org.staff.id)
    )
    with pytest.raises(ValidationFailed) as failed:
        org_admin.update_position(db, actor=org.actor, position_id=org.head.id, form=form)
    assert failed.value.errors == {
        "reports_to_id": "Jabatan atasan ini membuat rantai atasan berputar: jabatan akan menjadi atasan dirinya sendiri."
    }
    other = make_org(db, code="JATENG", birth="19860101")
    with pytest.raises(ValidationFailed) as failed:
        org_admin.create_position(db, actor=org.actor, form=position_form(org.opd, reports_to_id=str(other.head.id)))
    assert failed.value.errors == {"reports_to_id": "Jabatan atasan harus berada di instansi yang sama."}
    with pytest.raises(ValidationFailed) as failed:
        org_admin.create_position(db, actor=org.actor, form=position_form(other.opd))
    assert failed.value.errors == {"unit_id": "Unit kerja tidak ditemukan di instansi Anda."}


def test_held_position_cannot_be_deactivated(db, org):
    form = position_form(org.opd, name=org.staff.name, kind="pelaksana", eselon="", kelas_jabatan="7", active=False)
    with pytest.raises(ValidationFailed) as failed:
        org_admin.update_position(db, actor=org.actor, position_id=org.staff.id, form=form)
    assert failed.value.errors == {"active": "Jabatan masih diduduki pegawai; mutasikan pegawainya terlebih dahulu."}
    spare = make_position(db, unit=org.opd, name="Pengadministrasi")
    db.commit()
    updated = org_admin.update_position(
        db,
        actor=org.actor,
        position_id=spare.id,
        form=position_form(
            org.opd, name="Pengadministrasi Umum", kind="pelaksana", eselon="", kelas_jabatan="5", active=False
        ),
    )
    assert (updated.name, updated.active, updated.kelas_jabatan) == ("Pengadministrasi Umum", False, 5)
