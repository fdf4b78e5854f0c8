"""Tanda integritas and tindak lanjut against a real database: what each viewer sees, who may write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from ekinerja.access import AccessDenied, Actor
from ekinerja.clock import local_today
from ekinerja.domain.development import ItemForm
from ekinerja.domain.integrity import (
    COPIED_MIN_DAYS,
    FAST_MIN_BATCHES,
    LARGE_BATCH_MIN,
    FlagKind,
)
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import (
    AttendanceRecord,
    AuditEntry,
    DailyActivity,
    Delegation,
    DutyDay,
    Employee,
    Evaluation,
    PositionAssignment,
    Skp,
)
from ekinerja.services import development, integrity
from ekinerja.services.org import bump_org_revision, org_snapshot
from tests.integration.factories import (
    actor_for,
    make_employee,
    make_org,
    make_position,
    nip_for,
)
from tests.unit.test_integrity import MONDAY, working_days

YEAR, MONTH = 2026, 3
COPIED = "Memantau jaringan intra pemerintah dan mencatat gangguan."


@dataclass
class Tree:
    org: object
    kepala: Employee
    seksi: Employee  # atasan of a and b
    seksi2: Employee  # atasan of c, another branch
    a: Employee
    b: Employee
    c: Employee

    def actor(self, db, who: Employee) -> Actor:
        return actor_for(db, who)


@pytest.fixture
def tree(db) -> Tree:
    org = make_org(db)
    seksi_pos = make_position(db, unit=org.opd, name="Kepala Seksi Jaringan", kind="struktural", kelas=9, eselon="IV.a", reports_to=org.head)
    seksi2_pos = make_position(db, unit=org.opd, name="Kepala Seksi Aplikasi", kind="struktural", kelas=9, eselon="IV.a", reports_to=org.head)
    staf_pos = make_position(db, unit=org.opd, name="Pranata Komputer", reports_to=seksi_pos)
    staf2_pos = make_position(db, unit=org.opd, name="Pengelola Aplikasi", reports_to=seksi2_pos)
    people = [
        make_employee(db, position=pos, nip=nip_for(n), name=name)
        for n, (pos, name) in enumerate(
            [(org.head, "Kepala"), (seksi_pos, "Kasi Jaringan"), (seksi2_pos, "Kasi Aplikasi"), (staf_pos, "Staf A"), (staf_pos, "Staf B"), (staf2_pos, "Staf C")],
            start=2,
        )
    ]
    db.commit()
    return Tree(org, *people)


def _entry(db, employee: Employee, day: date, *, start=time(8), end=time(10), description="", minutes=120, status="diajukan") -> DailyActivity:
    row = DailyActivity(
        employee_id=employee.id, activity_date=day, start_time=start, end_time=end, task_text="Memelihara jaringan",
        quantity=Decimal(1), description=description, effective_minutes=minutes, status=status,
    )
    db.add(row)
    db.flush()
    return row


def _kinds(rows) -> set[tuple[str, str]]:
    return {(r.kind, r.name) for r in rows}


def test_staff_flags_show_to_their_atasan_and_admin_with_evidence(db, tree):
    for day in working_days(COPIED_MIN_DAYS):
        _entry(db, tree.a, day, description=COPIED)
        db.add(AttendanceRecord(employee_id=tree.a.id, day=day, check_in=time(7, 20), check_out=time(16, 10)))
    _entry(db, tree.a, MONDAY, start=time(19), end=time(21))  # evening, no duty
    _entry(db, tree.b, MONDAY, start=time(7, 30), end=time(15), minutes=450)  # no attendance record at all
    db.add(AttendanceRecord(employee_id=tree.b.id, day=MONDAY, check_in=time(11), check_out=time(16)))
    db.commit()
    rows = integrity.team_flags(db, actor=tree.actor(db, tree.seksi), year=YEAR, month=MONTH)
    assert _kinds(rows) == {
        (FlagKind.COPIED_TEXT.value, "Staf A"), (FlagKind.OUT_OF_HOURS.value, "Staf A"), (FlagKind.OVER_PRESENCE.value, "Staf B"),
    }
    copied = next(r for r in rows if r.kind == FlagKind.COPIED_TEXT.value)
    assert COPIED in copied.summary and len(copied.evidence) == COPIED_MIN_DAYS
    over = next(r for r in rows if r.kind == FlagKind.OVER_PRESENCE.value)
    assert "450 menit efektif, hadir 11:00–16:00 = 300 menit" in over.evidence[0]
    admin_rows, total = integrity.instansi_flags(db, actor=tree.org.actor, year=YEAR, month=MONTH)
    assert total == 3 and _kinds(admin_rows) == _kinds(rows)
    assert integrity.instansi_flags(db, actor=tree.org.actor, year=YEAR, month=MONTH, page=2, page_size=2)[0] == admin_rows[2:]


def test_peers_other_branches_and_non_admins_see_nothing(db, tree):
    for day in working_days(COPIED_MIN_DAYS):
        _entry(db, tree.a, day, description=COPIED)
    db.commit()
    assert integrity.team_flags(db, actor=tree.actor(db, tree.seksi), year=YEAR, month=MONTH)  # the atasan does
    for viewer in (tree.b, tree.a, tree.seksi2, tree.c):
        assert integrity.team_flags(db, actor=tree.actor(db, viewer), year=YEAR, month=MONTH) == []
    with pytest.raises(AccessDenied):
        integrity.instansi_flags(db, actor=tree.actor(db, tree.kepala), year=YEAR, month=MONTH)
    other = make_org(db, code="LAIN", birth="19900101")
    assert integrity.instansi_flags(db, actor=other.actor, year=YEAR, month=MONTH) == ([], 0)


def test_a_plh_delegate_sees_the_team_flags(db, tree):
    for day in working_days(COPIED_MIN_DAYS):
        _entry(db, tree.c, day, description=COPIED)
    today = local_today()
    db.add(Delegation(atasan_id=tree.seksi2.id, delegate_id=tree.seksi.id, start_date=today, end_date=today, created_by_id=tree.seksi2.id))
    db.commit()
    kinds = _kinds(integrity.team_flags(db, actor=tree.actor(db, tree.seksi), year=YEAR, month=MONTH))
    # no attendance was recorded either: the minutes exceed the (zero) time present
    assert kinds == {(FlagKind.COPIED_TEXT.value, "Staf C"), (FlagKind.OVER_PRESENCE.value, "Staf C")}


def test_a_duty_day_and_leaving_the_month_clear_the_flags(db, tree):
    saturday = MONDAY + timedelta(days=5)
    _entry(db, tree.a, saturday, start=time(9), end=time(11))
    db.add(AttendanceRecord(employee_id=tree.a.id, day=saturday, check_in=time(8, 50), check_out=time(11, 30)))
    db.add(DutyDay(employee_id=tree.a.id, day=saturday, reason="Piket server", created_by_id=tree.seksi.id))
    db.commit()
    assert integrity.team_flags(db, actor=tree.actor(db, tree.seksi), year=YEAR, month=MONTH) == []
    assert integrity.team_flags(db, actor=tree.actor(db, tree.seksi), year=YEAR, month=MONTH + 1) == []


def _fast_batches(db, tree, *, wait_seconds: int) -> None:
    for n in range(FAST_MIN_BATCHES):
        decided = datetime(2026, 3, 3 + n, 2, 0, tzinfo=UTC)
        for i in range(LARGE_BATCH_MIN):
            row = _entry(db, tree.a, date(2026, 3, 3 + n), start=time(7, 30 + i), end=time(7, 31 + i), minutes=1, status="disetujui")
            row.created_at = decided - timedelta(seconds=wait_seconds + i)
            row.decided_at, row.decided_by_id, row.decided_for_id, row.approved_minutes = decided, tree.seksi.id, tree.seksi.id, 1
            db.add(row)
    db.commit()


def test_fast_bulk_approvals_show_to_the_atasans_atasan_and_admin_not_below(db, tree):
    _fast_batches(db, tree, wait_seconds=15)
    rows = integrity.team_flags(db, actor=tree.actor(db, tree.kepala), year=YEAR, month=MONTH)
    assert _kinds(rows) == {(FlagKind.FAST_APPROVAL.value, "Kasi Jaringan")}
    assert len(rows[0].evidence) == FAST_MIN_BATCHES and "median" in rows[0].evidence[0]
    assert (FlagKind.FAST_APPROVAL.value, "Kasi Jaringan") in _kinds(integrity.instansi_flags(db, actor=tree.org.actor, year=YEAR, month=MONTH)[0])
    for viewer in (tree.seksi, tree.a, tree.seksi2):
        assert all(r.kind != FlagKind.FAST_APPROVAL.value for r in integrity.team_flags(db, actor=tree.actor(db, viewer), year=YEAR, month=MONTH))
    # a subordinate standing in for the kepala never sees a flag about their own atasan
    today = local_today()
    db.add(Delegation(atasan_id=tree.kepala.id, delegate_id=tree.a.id, start_date=today, end_date=today, created_by_id=tree.kepala.id))
    db.commit()
    assert integrity.team_flags(db, actor=tree.actor(db, tree.a), year=YEAR, month=MONTH) == []


def test_slow_bulk_approvals_are_not_flagged(db, tree):
    _fast_batches(db, tree, wait_seconds=3 * 3600)
    assert integrity.team_flags(db, actor=tree.actor(db, tree.kepala), year=YEAR, month=MONTH) == []


# Tindak lanjut: the development plan


def _evaluation(db, tree, *, predikat: str | None, status: str = "final") -> Evaluation:
    position_id = org_snapshot(db, on=local_today()).definitive_position(tree.a.id).position_id
    skp = Skp(employee_id=tree.a.id, position_id=position_id, year=2025, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), status="disetujui")
    db.add(skp)
    db.flush()
    row = Evaluation(
        skp_id=skp.id, employee_id=tree.a.id, evaluator_id=tree.seksi.id, year=2025, period_kind="triwulanan", period_no=4,
        status=status, predikat=predikat,
    )
    db.add(row)
    db.commit()
    return row


ITEM = ItemForm(kind="pelatihan", description="Pelatihan administrasi jaringan dasar", due_date="2026-03-31", status="direncanakan")


def test_the_evaluating_atasan_records_a_plan_the_employee_reads_and_notes(db, tree):
    ev = _evaluation(db, tree, predikat="butuh_perbaikan")
    atasan = tree.actor(db, tree.seksi)
    item = development.save_item(db, actor=atasan, evaluation_id=ev.id, form=ITEM)
    development.save_item(db, actor=atasan, evaluation_id=ev.id, form=ItemForm("coaching", "Coaching mingguan oleh kasi", "2026-01-15", "selesai"))
    db.commit()
    view = development.plan_view(db, actor=tree.actor(db, tree.a), evaluation_id=ev.id, today=date(2026, 2, 1))
    assert view.needed and view.can_note and not view.can_edit
    assert [i.kind for i in view.items] == ["Coaching", "Pelatihan"]
    assert view.summary == "Rencana pengembangan: 1/2 selesai"
    development.save_progress_note(db, actor=tree.actor(db, tree.a), item_id=item.id, note="Sudah mendaftar angkatan II.")
    db.commit()
    assert development.plan_view(db, actor=atasan, evaluation_id=ev.id).items[-1].employee_note == "Sudah mendaftar angkatan II."
    assert development.plan_summaries(db, employee_ids=[tree.a.id], today=date(2026, 4, 1))[tree.a.id].text == (
        "Rencana pengembangan: 1/2 selesai, 1 lewat tenggat"
    )
    actions = set(db.exec(select(AuditEntry.action).where(AuditEntry.entity == "development_plan_item")).all())
    assert actions == {"create", "progress_note"}


def test_only_the_evaluator_writes_and_only_readers_read(db, tree):
    ev = _evaluation(db, tree, predikat="kurang")
    item = development.save_item(db, actor=tree.actor(db, tree.seksi), evaluation_id=ev.id, form=ITEM)
    db.commit()
    for writer in (tree.a, tree.b, tree.kepala, tree.seksi2):
        with pytest.raises(AccessDenied):
            development.save_item(db, actor=tree.actor(db, writer), evaluation_id=ev.id, form=ITEM, item_id=item.id)
    for reader in (tree.b, tree.seksi2, tree.c):
        with pytest.raises(AccessDenied):
            development.plan_view(db, actor=tree.actor(db, reader), evaluation_id=ev.id)
    with pytest.raises(AccessDenied):
        development.save_progress_note(db, actor=tree.actor(db, tree.seksi), item_id=item.id, note="bukan pegawainya")
    assert not development.plan_view(db, actor=tree.actor(db, tree.kepala), evaluation_id=ev.id).can_edit  # reads, above in the tree
    # A validation delegation (Input Pimpinan) is not an evaluation: it opens no plan.
    today = local_today()
    db.add(Delegation(atasan_id=tree.seksi.id, delegate_id=tree.seksi2.id, start_date=today, end_date=today, created_by_id=tree.seksi.id))
    db.commit()
    with pytest.raises(AccessDenied):
        development.plan_view(db, actor=tree.actor(db, tree.seksi2), evaluation_id=ev.id)
    # A Plh appointed to the kasi's jabatan writes the plan, as they would rate the evaluation.
    seksi_position = org_snapshot(db, on=today).definitive_position(tree.seksi.id).position_id
    db.add(PositionAssignment(employee_id=tree.seksi2.id, position_id=seksi_position, kind="plh", start_date=today, end_date=today))
    bump_org_revision(db)
    db.commit()
    assert development.plan_view(db, actor=tree.actor(db, tree.seksi2), evaluation_id=ev.id).can_edit
    with pytest.raises(AccessDenied):  # while the Plh acts, the jabatan's plans are theirs, as its SKPs are
        development.save_item(db, actor=tree.actor(db, tree.seksi), evaluation_id=ev.id, form=ITEM)


@pytest.mark.parametrize(("predikat", "status"), [("baik", "final"), ("sangat_baik", "final"), (None, "draft")])
def test_a_plan_needs_a_final_predikat_below_baik(db, tree, predikat, status):
    ev = _evaluation(db, tree, predikat=predikat, status=status)
    with pytest.raises(ValidationFailed) as failed:
        development.save_item(db, actor=tree.actor(db, tree.seksi), evaluation_id=ev.id, form=ITEM)
    assert failed.value.errors == {"form": development.NOT_BELOW_BAIK}


def test_plan_items_are_validated_in_indonesian(db, tree):
    ev = _evaluation(db, tree, predikat="sangat_kurang")
    with pytest.raises(ValidationFailed) as failed:
        development.save_item(db, actor=tree.actor(db, tree.seksi), evaluation_id=ev.id, form=ItemForm("kursus", "", "2025-12-01", "?"))
    errors = failed.value.errors
    assert set(errors) == {"kind", "description", "due_date", "status"}
    assert "setelah akhir periode yang dinilai (31-12-2025)" in errors["due_date"]


def test_the_demo_shows_flags_and_a_plan(db, pin_today, seeded_demo):
    from ekinerja.demo.insight_seed import COPIED_TEXT, insight_month

    # The plan follows the staf's last final evaluation: a day late in the year has ended triwulan.
    today = date(local_today().year, 11, 16)
    pin_today(today)
    accounts = seeded_demo(today)
    staf, kasi = db.get(Employee, accounts.staf.employee_id), db.get(Employee, accounts.kepala_seksi.employee_id)
    year, month = insight_month(today)
    mine = [r for r in integrity.team_flags(db, actor=actor_for(db, kasi), year=year, month=month) if r.employee_id == staf.id]
    kinds = {r.kind for r in mine}
    assert {FlagKind.COPIED_TEXT.value, FlagKind.OUT_OF_HOURS.value} <= kinds
    assert any(COPIED_TEXT in r.summary for r in mine)
    evaluation = db.exec(select(Evaluation).where(Evaluation.employee_id == staf.id, Evaluation.status == "final")).one()
    view = development.plan_view(db, actor=actor_for(db, staf), evaluation_id=evaluation.id, today=today)
    assert view.predikat == "Butuh Perbaikan" and view.needed and len(view.items) == 3 and view.can_note
    assert view.summary.startswith("Rencana pengembangan: 1/3 selesai")


def test_the_admin_filters_by_unit_within_their_instansi(db, tree):
    from tests.integration.factories import make_opd

    for day in working_days(COPIED_MIN_DAYS):
        _entry(db, tree.a, day, description=COPIED)
    other_opd = make_opd(db, instansi=tree.org.instansi, code="SULSEL.DISKOMINFO", name="Dinas Komunikasi")
    elsewhere = make_org(db, code="LAIN", birth="19900101")
    db.commit()
    admin = tree.org.actor
    assert integrity.instansi_flags(db, actor=admin, year=YEAR, month=MONTH, unit_id=tree.org.opd.id)[1] == 2
    assert integrity.instansi_flags(db, actor=admin, year=YEAR, month=MONTH, unit_id=other_opd.id) == ([], 0)
    assert integrity.instansi_flags(db, actor=admin, year=YEAR, month=MONTH, unit_id=elsewhere.opd.id) == ([], 0)
