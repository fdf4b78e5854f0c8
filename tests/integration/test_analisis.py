"""ABK and unit performance on factory data: figures worked by hand, and who may see what."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO

import pandas as pd
import pytest
from sqlmodel import select

from ekinerja.access import AccessDenied
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import (
    ActivityCatalogItem,
    AttendanceRecord,
    DailyActivity,
    PositionAssignment,
)
from ekinerja.reports.excel import HEADER_ROW
from ekinerja.services import abk, analysis_scope, org_performance
from tests.integration.factories import (
    actor_for,
    make_employee,
    make_opd,
    make_org,
    make_position,
    make_unit,
    nip_for,
)

TODAY = date(2026, 4, 6)  # March 2026 is over: 22 working days (no holidays in the factory instansi)


@pytest.fixture(autouse=True)
def _today(pin_today):
    """The services' own "today" is the test's."""
    pin_today(TODAY)


MARCH_DAYS = [date(2026, 3, d) for d in range(1, 32) if date(2026, 3, d).weekday() < 5]
YEAR_DAYS = sum(1 for n in range(365) if (date(2026, 1, 1) + timedelta(days=n)).weekday() < 5)


@pytest.fixture(autouse=True)
def fresh_cache():
    org_performance.clear_cache()
    yield
    org_performance.clear_cache()


def _activity(db, employee_id, day, *, item=None, quantity=1, minutes=60, status="disetujui", decided_after_days=1, start_hour=8):
    decided = datetime.combine(day, time(9), tzinfo=UTC) + timedelta(days=decided_after_days) if status != "diajukan" else None
    db.add(DailyActivity(
        employee_id=employee_id, activity_date=day, start_time=time(start_hour), end_time=time(start_hour + 4),
        catalog_item_id=item.id if item else None, task_text="" if item else "Tugas tambahan", quantity=Decimal(quantity),
        effective_minutes=minutes, approved_minutes=minutes if status == "disetujui" else None, status=status, decided_at=decided,
    ))


@pytest.fixture
def org(db):
    """Instansi > OPD A (head, staff; Bidang A1 with its head) and OPD B (head, staff)."""
    o = make_org(db)
    opd_b = make_opd(db, instansi=o.instansi, code="SULSEL.B", name="Dinas B")
    bidang = make_unit(db, code="SULSEL.BKD.A1", level="bidang", parent=o.opd, name="Bidang A1")
    head_bidang_pos = make_position(db, unit=bidang, name="Kepala Bidang A1", kind="struktural", kelas=12, reports_to=o.head)
    other_staff = make_position(db, unit=o.opd, name="Pengadministrasi", reports_to=o.head)
    head_b_pos = make_position(db, unit=opd_b, name="Kepala Dinas B", kind="struktural", kelas=15)
    staff_b = make_position(db, unit=opd_b, name="Staf B", reports_to=head_b_pos)
    people = {
        "head_a": make_employee(db, position=o.head, nip=nip_for(2), name="Kepala A"),
        "one": make_employee(db, position=o.staff, nip=nip_for(3), name="Ani"),
        "mover": make_employee(db, position=o.staff, nip=nip_for(4), name="Mutasi"),
        "head_bidang": make_employee(db, position=head_bidang_pos, nip=nip_for(5), name="Kepala Bidang"),
        "head_b": make_employee(db, position=head_b_pos, nip=nip_for(6), name="Kepala B"),
        "staff_b": make_employee(db, position=staff_b, nip=nip_for(7), name="Budi B"),
    }
    # The mover leaves the staff jabatan on Friday 13 March and holds "Pengadministrasi" from Monday 16.
    move = db.exec(select(PositionAssignment).where(PositionAssignment.employee_id == people["mover"].id)).one()
    move.end_date = date(2026, 3, 13)
    db.add(move)
    db.add(PositionAssignment(employee_id=people["mover"].id, position_id=other_staff.id, start_date=date(2026, 3, 16)))
    item = ActivityCatalogItem(position_id=o.staff.id, name="Menyusun analisis", output_unit="dokumen", standard_minutes=60)
    db.add(item)
    db.flush()
    for day in MARCH_DAYS:
        for person in (o.admin, people["one"]):
            _activity(db, person.id, day, item=item, quantity=3, minutes=180)
    _activity(db, people["one"].id, date(2026, 3, 10), start_hour=13)  # free text: no standard minutes
    _activity(db, people["one"].id, date(2026, 3, 11), item=item, quantity=5, status="ditolak")  # rejected: not counted
    db.commit()
    return o, opd_b, bidang, people, other_staff


def test_abk_worked_by_hand(db, org):
    o, _, _, _, other_staff = org
    result = abk.analyse(db, actor=o.actor, unit_id=o.opd.id, year=2026, month=3, effective_hours="1250", today=TODAY)
    assert (result.period_days, result.year_days) == (22, YEAR_DAYS) == (22, 261)
    staff = next(line for line in result.lines if line.position_id == o.staff.id)
    # 44 employee-days x 3 x 60 = 7,920 minutes; x 261/22 = 93,960 min = 1,566 h a year; / 1,250 = 1.2528.
    assert staff.workload_hours == pytest.approx(1566.0)
    assert staff.needed == pytest.approx(1.2528)
    # The admin and Ani all month (22 + 22) and the mover until 13 March (10): 54/22.
    assert staff.holders == pytest.approx(54 / 22)
    assert staff.gap == pytest.approx(54 / 22 - 1.2528)
    assert staff.status == "lebih"
    assert staff.flags == ("1 kegiatan tanpa waktu standar (tidak dihitung).",)
    moved_to = next(line for line in result.lines if line.position_id == other_staff.id)
    assert moved_to.holders == pytest.approx(12 / 22)  # 16-31 March
    assert moved_to.status == "belum_dinilai" and any("Data terlalu sedikit" in f for f in moved_to.flags)
    assert {line.unit_name for line in result.lines} == {"Badan Kepegawaian Daerah", "Bidang A1"}
    assert [t.unit_name for t in result.totals] == ["Badan Kepegawaian Daerah", "Bidang A1"]


def test_abk_excel_has_every_line_and_a_total(db, org):
    o = org[0]
    result = abk.analyse(db, actor=o.actor, unit_id=o.opd.id, year=2026, month=3, effective_hours="1250", today=TODAY)
    filename, data = abk.excel(result, actor=o.actor)
    assert filename.endswith(".xlsx")
    frame = pd.read_excel(BytesIO(data), header=HEADER_ROW)
    assert list(frame.columns) == list(abk.EXCEL_COLUMNS)
    assert len(frame) == len(result.lines) + 1
    assert frame.iloc[-1]["Unit Kerja"] == "JUMLAH"
    assert frame.iloc[-1]["Kebutuhan Pegawai"] == pytest.approx(sum(round(line.needed, 2) for line in result.lines))


def test_abk_period_and_hours_are_validated(db, org):
    o = org[0]
    with pytest.raises(ValidationFailed) as failed:
        abk.analyse(db, actor=o.actor, unit_id=o.opd.id, year=2026, month=5, effective_hours="1250", today=TODAY)
    assert "belum berjalan" in failed.value.errors["period"]
    with pytest.raises(ValidationFailed) as failed:
        abk.analyse(db, actor=o.actor, unit_id=o.opd.id, year=2026, month=3, effective_hours="seribu", today=TODAY)
    assert "Jam kerja efektif" in failed.value.errors["effective_hours"]


def test_whole_year_counts_only_the_elapsed_days(db, org):
    o = org[0]
    result = abk.analyse(db, actor=o.actor, unit_id=o.opd.id, year=2026, month=0, effective_hours="1250", today=TODAY)
    assert result.last == date(2026, 4, 5)
    assert result.period_days == sum(1 for n in range(95) if (date(2026, 1, 1) + timedelta(days=n)).weekday() < 5)


def test_who_may_read_which_unit(db, org):
    o, opd_b, bidang, people, _ = org
    head_a, head_bidang, head_b, one = (actor_for(db, people[k]) for k in ("head_a", "head_bidang", "head_b", "one"))
    assert analysis_scope.viewable_units(db, actor=head_a) == {o.opd.id, bidang.id}
    assert analysis_scope.viewable_units(db, actor=head_bidang) == {bidang.id}
    assert analysis_scope.viewable_units(db, actor=one) == set()
    assert [label for _, label in analysis_scope.unit_options(db, actor=head_a)] == ["Badan Kepegawaian Daerah", "— Bidang A1"]
    abk.analyse(db, actor=head_bidang, unit_id=bidang.id, year=2026, month=3, effective_hours="1250", today=TODAY)
    refusals = [
        (one, o.opd.id, analysis_scope.LEADS_ONLY),  # a plain employee: not even their own unit
        (one, opd_b.id, analysis_scope.LEADS_ONLY),
        (head_b, o.opd.id, analysis_scope.UNIT_NOT_ALLOWED),  # a sibling OPD
        (head_bidang, o.opd.id, analysis_scope.UNIT_NOT_ALLOWED),  # the unit above
        (o.actor, 999_999, analysis_scope.UNIT_NOT_ALLOWED),
    ]
    for actor, unit_id, message in refusals:
        with pytest.raises(AccessDenied, match=message):
            abk.analyse(db, actor=actor, unit_id=unit_id, year=2026, month=3, effective_hours="1250", today=TODAY)
        with pytest.raises(AccessDenied):
            org_performance.trend(db, actor=actor, unit_id=unit_id, today=TODAY, months=1)


def test_admin_of_another_instansi_sees_nothing_here(db, org):
    o = org[0]
    other = make_org(db, code="JABAR", birth="19860101")
    with pytest.raises(AccessDenied):
        abk.analyse(db, actor=other.actor, unit_id=o.opd.id, year=2026, month=3, effective_hours="1250", today=TODAY)
    with pytest.raises(AccessDenied):
        org_performance.ranking(db, actor=other.actor, parent_id=o.instansi.id, year=2026, month=3, today=TODAY)


def test_ranking_of_the_opds(db, org):
    o, _, _, people, _ = org
    for day in MARCH_DAYS:
        db.add(AttendanceRecord(employee_id=people["one"].id, day=day, check_in=time(7, 20), check_out=time(16, 10)))
    db.commit()
    view = org_performance.ranking(db, actor=o.actor, parent_id=o.instansi.id, year=2026, month=3, today=TODAY)
    assert [(r.rank, r.measures.unit_name) for r in view.ranking] == [(1, "Badan Kepegawaian Daerah"), (2, "Dinas B")]
    a = view.ranking[0].measures
    # OPD A and its bidang: the admin, head A, Ani, the mover (10 + 12 days), the head of Bidang A1.
    assert a.employees == 5
    assert a.logging == 40.0  # the admin and Ani logged all 22 days
    assert a.validation == 100.0  # every activity decided the next day
    assert a.discipline == pytest.approx(100 * 22 / (22 * 5))  # only Ani's 22 days on time
    assert view.own_unit_ids >= {o.opd.id, o.instansi.id}
    b = view.ranking[1].measures
    assert (b.logging, b.capaian, b.validation) == (0.0, 0.0, None)


def test_late_validation_and_overdue_pending_lower_the_validation_share(db, org):
    o, _, _, people, _ = org
    staff_b = people["staff_b"]
    _activity(db, staff_b.id, date(2026, 3, 2), decided_after_days=1)  # Tuesday: in the 3-working-day window
    _activity(db, staff_b.id, date(2026, 3, 3), decided_after_days=8)  # a week and a day later: too late
    _activity(db, staff_b.id, date(2026, 3, 4), status="diajukan")  # still waiting, window long closed
    db.commit()
    view = org_performance.ranking(db, actor=o.actor, parent_id=o.instansi.id, year=2026, month=3, today=TODAY)
    b = next(r.measures for r in view.ranking if r.measures.unit_name == "Dinas B")
    assert b.validation == pytest.approx(100 / 3)


def test_unit_heads_rank_their_peers_and_everyone_sees_their_own_place(db, org):
    o, _, _, people, _ = org
    head_bidang, one = actor_for(db, people["head_bidang"]), actor_for(db, people["one"])
    assert [uid for uid, _ in org_performance.ranking_parents(db, actor=head_bidang)] == [o.opd.id]
    view = org_performance.ranking(db, actor=head_bidang, parent_id=o.opd.id, year=2026, month=3, today=TODAY)
    assert [r.measures.unit_name for r in view.ranking] == ["Bidang A1"]
    with pytest.raises(AccessDenied):
        org_performance.ranking(db, actor=head_bidang, parent_id=o.instansi.id, year=2026, month=3, today=TODAY)
    with pytest.raises(AccessDenied):
        org_performance.ranking(db, actor=one, parent_id=o.instansi.id, year=2026, month=3, today=TODAY)
    assert org_performance.ranking_parents(db, actor=one) == []
    place = org_performance.own_place(db, actor=one, today=date(2026, 3, 31))
    assert (place.unit_name, place.rank, place.ranked) == ("Badan Kepegawaian Daerah", 1, 2)


def test_trend_has_twelve_months_oldest_first(db, org):
    o = org[0]
    points = org_performance.trend(db, actor=o.actor, unit_id=o.opd.id, today=TODAY)
    assert [p.label for p in points][-2:] == ["Maret 2026", "April 2026"]
    assert len(points) == 12 and points[0].label == "Mei 2025"
    assert points[-2].measures.validation == 100.0
    assert points[0].measures.score is None  # nothing recorded yet: a gap, not a month of zeros


def test_an_acting_head_may_read_the_unit_while_the_appointment_runs(db, org):
    o, opd_b, _, people, _ = org
    acting = people["staff_b"]
    db.add(PositionAssignment(employee_id=acting.id, position_id=o.head.id, kind="plt", start_date=date(2020, 1, 2)))
    db.commit()
    assert o.opd.id in analysis_scope.viewable_units(db, actor=actor_for(db, acting))
    abk.analyse(db, actor=actor_for(db, acting), unit_id=o.opd.id, year=2026, month=3, effective_hours="1250", today=TODAY)
    with pytest.raises(AccessDenied):  # their own OPD B: they head nothing there
        abk.analyse(db, actor=actor_for(db, acting), unit_id=opd_b.id, year=2026, month=3, effective_hours="1250", today=TODAY)
