"""TPP per employee-month from the database: mutasi split, Plt add-on, locked months, access."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from sqlmodel import select

from ekinerja.access import AccessDenied
from ekinerja.domain.tpp_ruleset import default_base, default_ruleset, ruleset_form
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import AuditEntry, DailyActivity, PositionAssignment
from ekinerja.services import attendance_records, tpp
from ekinerja.services.org import bump_org_revision
from tests.integration.factories import (
    actor_for,
    make_employee,
    make_org,
    make_position,
    nip_for,
)


@pytest.fixture
def setup(db):
    org = make_org(db)
    staff = make_employee(db, position=org.staff, nip=nip_for(2), name="Staf Mutasi")
    other = make_employee(db, position=org.staff, nip=nip_for(3), name="Staf Lain")
    senior = make_position(db, unit=org.opd, name="Analis Ahli Muda", kind="fungsional", kelas=9, reports_to=org.head)
    # Mutasi on 11 March: 10 days at kelas 7, 21 at kelas 9.
    first = db.exec(select(PositionAssignment).where(PositionAssignment.employee_id == staff.id)).one()
    first.end_date = date(2025, 3, 10)
    db.add(first)
    db.add(PositionAssignment(employee_id=staff.id, position_id=senior.id, start_date=date(2025, 3, 11)))
    # Plt Kepala Badan (kelas 15) for the first 15 days of March.
    db.add(PositionAssignment(employee_id=staff.id, position_id=org.head.id, kind="plt", start_date=date(2025, 3, 1), end_date=date(2025, 3, 15)))
    bump_org_revision(db)
    db.add(
        DailyActivity(
            employee_id=staff.id, activity_date=date(2025, 3, 3), start_time=time(8, 0), end_time=time(12, 0), task_text="Uji",
            quantity=Decimal(1), effective_minutes=240, approved_minutes=240, status="disetujui",
        )
    )
    db.commit()
    return org, staff, other


def test_employee_month_splits_mutasi_and_adds_plt(db, setup):
    org, staff, _ = setup
    # The default rules: 21 days without a reason cost 63 % of the whole TPP, more than is left; the
    # 10-working-day Plt is under the 20-day minimum.
    month = tpp.employee_month(db, actor=actor_for(db, staff), employee_id=staff.id, year=2025, month=3)
    assert month.total == 0
    assert next(line.detail for line in month.lines if line.label.startswith("Tambahan Plt")) == (
        "tidak dibayar: 10 hari kerja, kurang dari minimal 20 hari kerja"
    )
    # The variant of deductions from the disiplin part and a flat Plt add-on, saved as a ruleset.
    form = ruleset_form(default_ruleset()) | {"deduction_base": "disiplin", "plt_higher": "tambahan", "plt_min_days": "0"}
    tpp.save_ruleset(db, actor=org.actor, year=2025, form=form)
    month = tpp.employee_month(db, actor=actor_for(db, staff), employee_id=staff.id, year=2025, month=3)
    labels = [line.label for line in month.lines]
    assert "Basis TPP kelas 7 (Analis Kepegawaian)" in labels
    assert "Basis TPP kelas 9 (Analis Ahli Muda)" in labels
    assert "Tambahan Plt/Plh (Plt Kepala Badan)" in labels
    base = default_base(7) * 10 / 31 + default_base(9) * 21 / 31
    kinerja = base * Decimal("0.6") * Decimal(240) / Decimal(6750)
    # No attendance at all: 21 working days without reason, 3 % each of the disiplin part; the whole
    # month (21 of 21 working days) is the target.
    disiplin = base * Decimal("0.4") * (100 - 21 * 3) / 100
    plt = default_base(15) * 15 / 31 * Decimal("0.2")
    assert month.total == (kinerja + disiplin + plt).quantize(Decimal(1))
    assert sum((line.printed for line in month.lines if line.in_total), Decimal(0)) == month.total
    assert month.approved_minutes == 240


def test_lock_freezes_the_month_against_rule_edits(db, setup):
    org, staff, other = setup
    before = tpp.employee_month(db, actor=org.actor, employee_id=staff.id, year=2025, month=3)
    tpp.lock_month(db, actor=org.actor, year=2025, month=3)
    form = ruleset_form(default_ruleset())
    form["base_7"] = "9000000"
    form["plt_addon"] = "50"
    tpp.save_ruleset(db, actor=org.actor, year=2025, form=form)
    after = tpp.employee_month(db, actor=org.actor, employee_id=staff.id, year=2025, month=3)
    assert after.locked and after.total == before.total and after.lines == before.lines
    recap = tpp.instansi_recap(db, actor=org.actor, year=2025, month=3)
    assert recap.locked and recap.total == sum(r.total for r in recap.rows)
    # ...while an unlocked month follows the new rules.
    april = tpp.employee_month(db, actor=org.actor, employee_id=other.id, year=2025, month=4)
    assert any("Rp 9.000.000" in line.detail for line in april.lines)
    with pytest.raises(ValidationFailed):
        tpp.lock_month(db, actor=org.actor, year=2025, month=3)
    with pytest.raises(ValidationFailed):  # a correction in a locked month is refused
        attendance_records.correct_record(db, actor=org.actor, employee_id=staff.id, day="2025-03-03", check_in="07:30", check_out="16:00", reason="Koreksi terlambat")
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "lock")).one()


def test_ruleset_validation_and_access(db, setup):
    org, staff, other = setup
    form = ruleset_form(default_ruleset())
    form["weight_kinerja"] = "70"
    with pytest.raises(ValidationFailed) as failed:
        tpp.save_ruleset(db, actor=org.actor, year=2025, form=form)
    assert "ruleset" in failed.value.errors
    form = ruleset_form(default_ruleset()) | {"kinerja_policy": "bertingkat", "steps": "0=0\n50=60\n90=100"}
    saved = tpp.save_ruleset(db, actor=org.actor, year=2025, form=form)
    assert len(saved.kinerja_steps) == 3
    assert tpp.ruleset_for(db, instansi_id=org.instansi.id, year=2025)[0] == saved
    with pytest.raises(AccessDenied):
        tpp.save_ruleset(db, actor=actor_for(db, staff), year=2025, form=form)
    with pytest.raises(AccessDenied):
        tpp.employee_month(db, actor=actor_for(db, staff), employee_id=other.id, year=2025, month=3)
    with pytest.raises(AccessDenied):
        tpp.lock_month(db, actor=actor_for(db, staff), year=2025, month=3)
