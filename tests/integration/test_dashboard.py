"""Dashboard figures: the atasan's team of the month, live marker, and the admin's instansi completion."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest

from ekinerja.access import AccessDenied
from ekinerja.clock import local_today
from ekinerja.domain.evaluation_period import current_period
from ekinerja.models import DailyActivity
from ekinerja.models.evaluation import Evaluation
from ekinerja.models.skp import Skp
from ekinerja.services import dashboard
from tests.integration.factories import actor_for, make_employee, make_org, nip_for


def _activity(db, employee_id: int, day, *, status: str = "diajukan", minutes: int = 60, hour: int = 8) -> DailyActivity:
    row = DailyActivity(
        employee_id=employee_id, activity_date=day, start_time=time(hour), end_time=time(hour + 1), task_text="Uji",
        quantity=Decimal(1), effective_minutes=minutes, status=status, approved_minutes=minutes if status == "disetujui" else None,
    )
    db.add(row)
    db.flush()
    return row


@pytest.fixture
def team(db):
    org = make_org(db)
    head = make_employee(db, position=org.head, nip=nip_for(2), name="Kepala Badan")
    one = make_employee(db, position=org.staff, nip=nip_for(3), name="Ani Staf")
    two = make_employee(db, position=org.staff, nip=nip_for(4), name="Budi Staf")
    other = make_org(db, code="JABAR", birth="19860101")
    outsider = make_employee(db, position=other.staff, nip=nip_for(5, birth="19860101"), name="Orang Lain")
    db.commit()
    return org, head, one, two, other, outsider


def test_atasan_sees_only_the_team_with_minutes_pending_and_predikat(db, team):
    _, head, one, _two, _, outsider = team
    today = local_today()
    _activity(db, one.id, today.replace(day=1), status="disetujui", minutes=675, hour=13)  # also on the 1st
    _activity(db, one.id, today)
    _activity(db, one.id, today, hour=10)  # the database keeps one live entry per start time
    _activity(db, outsider.id, today)
    db.commit()
    rows = dashboard.team_overview(db, actor=actor_for(db, head), today=today)
    names = [r.name for r in rows]
    assert "Ani Staf" in names and "Budi Staf" in names and "Orang Lain" not in names
    ani = next(r for r in rows if r.name == "Ani Staf")
    assert (ani.approved_minutes, ani.pending, ani.percent) == (675, 2, round(67500 / ani.target_minutes))
    assert {r.predikat_status for r in rows} == {"Belum dinilai"}
    # A staff member with no subordinates has no team.
    assert dashboard.team_overview(db, actor=actor_for(db, one), today=today) == []


def test_team_markers_move_for_whom_changed_and_an_evaluation_shows_as_draft(db, team):
    org, head, one, two, _, _ = team
    today = local_today()
    ids = dashboard.team_members(db, actor=actor_for(db, head), today=today)
    before = dashboard.team_markers(db, employee_ids=ids, since=today.replace(day=1))
    _activity(db, two.id, today)
    db.commit()
    after = dashboard.team_markers(db, employee_ids=ids, since=today.replace(day=1))
    assert after.get(two.id) != before.get(two.id) and after.get(one.id) == before.get(one.id)
    skp = Skp(employee_id=one.id, position_id=org.staff.id, atasan_employee_id=head.id, year=today.year,
              period_start=today.replace(month=1, day=1), period_end=today.replace(month=12, day=31), status="disetujui")
    db.add(skp)
    db.flush()
    year, number = current_period("triwulanan", today)
    db.add(Evaluation(skp_id=skp.id, employee_id=one.id, evaluator_id=head.id, year=year, period_kind="triwulanan", period_no=number))
    db.commit()
    evaluated = dashboard.team_markers(db, employee_ids=ids, since=today.replace(day=1))
    assert evaluated.get(one.id) != after.get(one.id) and evaluated.get(two.id) == after.get(two.id)
    rows = {r.name: r.predikat_status for r in dashboard.team_overview(db, actor=actor_for(db, head), today=today)}
    assert (rows["Ani Staf"], rows["Budi Staf"]) == ("Draf", "Belum dinilai")


def test_admin_completion_lists_who_has_not_logged_and_overdue_pending(db, team):
    org, _head, one, two, other, _ = team
    today = local_today()
    _activity(db, one.id, today - timedelta(days=1))
    _activity(db, two.id, today - timedelta(days=40))  # pending far beyond the window
    db.commit()
    rows = dashboard.instansi_completion(db, actor=org.actor, today=today)
    assert len(rows) == 1
    row = rows[0]
    assert row.employees == 4  # admin, head, Ani, Budi; nobody from the other instansi
    assert "Budi Staf" in row.not_logged_names and "Orang Lain" not in row.not_logged_names
    assert row.overdue_pending >= 1
    other_rows = dashboard.instansi_completion(db, actor=other.actor, today=today)
    assert all("Budi Staf" not in r.not_logged_names for r in other_rows)


def test_staff_and_atasan_cannot_call_the_admin_aggregate(db, team):
    _, head, one, *_ = team
    for employee in (head, one):
        with pytest.raises(AccessDenied):
            dashboard.instansi_completion(db, actor=actor_for(db, employee), today=local_today())


def test_rejecting_an_absence_needs_a_reason_that_is_audited(db, team):
    from sqlmodel import select

    from ekinerja.domain.validation import ValidationFailed
    from ekinerja.models import AuditEntry
    from ekinerja.services import absences, attendance

    _, _, one, *_ = team
    today = f"{local_today():%Y-%m-%d}"
    absence = absences.submit_absence(db, actor=actor_for(db, one), kind="izin", start=today, end=today, note="Urusan keluarga")
    db.commit()
    org = team[0]
    with pytest.raises(ValidationFailed) as failed:
        absences.decide_absence(db, actor=org.actor, absence_id=absence.id, approve=False, reason="singkat")
    assert "reason" in failed.value.errors
    absences.decide_absence(db, actor=org.actor, absence_id=absence.id, approve=False, reason="Tidak ada surat pendukung")
    db.commit()
    entry = db.exec(select(AuditEntry).where(AuditEntry.entity == "absence", AuditEntry.action == "reject")).one()
    assert entry.detail == "Tidak ada surat pendukung"
    # The employee keeps seeing the request, now rejected with its reason; it excuses nothing.
    rows = attendance.month_attendance(db, actor=actor_for(db, one), employee_id=one.id, year=local_today().year, month=local_today().month).absences
    assert [(r.status, r.decision_reason) for r in rows] == [("ditolak", "Tidak ada surat pendukung")]
    # A second decision is refused with a message: the first one stands.
    with pytest.raises(ValidationFailed, match="sudah diputuskan"):
        absences.decide_absence(db, actor=org.actor, absence_id=absence.id, approve=True)
