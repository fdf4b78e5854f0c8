"""Kegiatan harian end to end through the services: entry rules, validation, delegation, races, access."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, select

from ekinerja.access import AccessDenied, Actor
from ekinerja.clock import local_today
from ekinerja.db import get_engine, session_scope
from ekinerja.domain.activity_rules import ActivityForm
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import (
    ActivityCatalogItem,
    AuditEntry,
    DailyActivity,
    Delegation,
    Holiday,
)
from ekinerja.services import activities
from ekinerja.services import activity_review as review
from tests.integration.factories import (
    actor_for,
    make_employee,
    make_org,
    make_position,
    nip_for,
)
from tests.statements import counted_statements

TODAY = date(2026, 11, 19)  # a Thursday


@pytest.fixture(autouse=True)
def _today(pin_today):
    """The services' own "today" is the test's."""
    pin_today(TODAY)


@dataclass
class Team:
    kasi: Actor
    staf: Actor
    peer: Actor
    other_kasi: Actor
    item_id: int
    kasi_id: int


@pytest.fixture
def team(db: Session) -> Team:
    org = make_org(db)
    kasi_pos = make_position(db, unit=org.opd, name="Kepala Seksi", kind="struktural", kelas=9, eselon="IV.a", reports_to=org.head)
    other_pos = make_position(db, unit=org.opd, name="Kepala Seksi Lain", kind="struktural", kelas=9, eselon="IV.a", reports_to=org.head)
    staf_pos = make_position(db, unit=org.opd, name="Pranata Komputer", reports_to=kasi_pos)
    make_employee(db, position=org.head, nip=nip_for(2), name="Kepala Badan")
    kasi = make_employee(db, position=kasi_pos, nip=nip_for(3), name="Kasi Satu")
    other = make_employee(db, position=other_pos, nip=nip_for(4), name="Kasi Dua")
    staf = make_employee(db, position=staf_pos, nip=nip_for(5), name="Staf Satu")
    peer = make_employee(db, position=staf_pos, nip=nip_for(6), name="Staf Dua")
    item = ActivityCatalogItem(position_id=staf_pos.id, name="Mengembangkan modul aplikasi", output_unit="modul", standard_minutes=60)
    db.add(item)
    db.commit()
    return Team(actor_for(db, kasi), actor_for(db, staf), actor_for(db, peer), actor_for(db, other), item.id, kasi.id)


def entry(team: Team, day: date = TODAY, start="08:00", end="10:00", quantity="2", **extra) -> ActivityForm:
    return ActivityForm(activity_date=day.isoformat(), start_time=start, end_time=end, catalog_item_id=str(team.item_id), quantity=quantity, **extra)


def create(team: Team, actor: Actor | None = None, **kwargs) -> int:
    with session_scope() as session:
        return activities.create_activity(session, actor=actor or team.staf, form=entry(team, **kwargs), today=TODAY).id


def errors_of(fn) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as failed, session_scope() as session:
        fn(session)
    return failed.value.errors


# entering


def test_entry_rules_report_on_their_fields(team):
    create(team)
    cases = [
        (entry(team, day=TODAY + timedelta(days=1)), "activity_date", "masa depan"),
        (entry(team, day=TODAY - timedelta(days=10)), "activity_date", "Batas pengisian"),
        (entry(team, day=date(2026, 11, 15)), "activity_date", "bukan hari kerja"),
        (entry(team, start="09:00", end="11:00"), "start_time", "bertabrakan"),
        (entry(team, start="10:00", end="18:00", quantity="8"), "end_time", "Melebihi batas"),
    ]
    for form, field, text in cases:
        errors = errors_of(lambda s, f=form: activities.create_activity(s, actor=team.staf, form=f, today=TODAY))
        assert text in errors[field]


def test_holidays_and_duty_days_shape_the_calendar(db, team):
    wednesday = TODAY - timedelta(days=1)
    db.add(Holiday(instansi_id=team.staf.instansi_id, day=wednesday, name="Libur uji"))
    db.commit()
    errors = errors_of(lambda s: activities.create_activity(s, actor=team.staf, form=entry(team, day=wednesday), today=TODAY))
    assert "bukan hari kerja" in errors["activity_date"]
    from ekinerja.services.work_calendar import add_duty_day

    with session_scope() as session:
        add_duty_day(session, actor=team.kasi, employee_id=team.staf.employee_id, day=wednesday, reason="Piket server")
    assert create(team, day=wednesday)


def test_minutes_and_the_month_summary(team):
    create(team)
    create(team, start="10:00", end="10:30", quantity="3")  # 180 minutes claimed, 30 spent
    with session_scope() as session:
        summary = activities.month_view(session, actor=team.staf, year=2026, month=11, day=None, today=TODAY)[0]
    day = next(d for d in summary.days if d.day == TODAY)
    assert (day.minutes, day.pending) == (150, 2)
    assert summary.target_minutes == 6750 and summary.pending_minutes == 150 and summary.approved_minutes == 0


def test_edit_and_delete_only_while_pending(team):
    activity_id = create(team)
    with session_scope() as session:
        activities.update_activity(session, actor=team.staf, activity_id=activity_id, form=entry(team, quantity="1"), today=TODAY)
    with session_scope() as session:
        assert session.get(DailyActivity, activity_id).effective_minutes == 60
        review.decide(session, actor=team.kasi, activity_id=activity_id, decision="approve", today=TODAY)
    errors = errors_of(lambda s: activities.update_activity(s, actor=team.staf, activity_id=activity_id, form=entry(team), today=TODAY))
    assert "sudah divalidasi" in errors["form"]
    errors = errors_of(lambda s: activities.delete_activity(s, actor=team.staf, activity_id=activity_id))
    assert "sudah divalidasi" in errors["form"]
    other = create(team, start="13:00", end="14:00", quantity="1")
    with session_scope() as session:
        activities.delete_activity(session, actor=team.staf, activity_id=other)
    with session_scope() as session:
        assert session.get(DailyActivity, other) is None


def test_nobody_edits_or_deletes_someone_elses_entry(team):
    activity_id = create(team)
    with pytest.raises(AccessDenied), session_scope() as session:
        activities.delete_activity(session, actor=team.peer, activity_id=activity_id)


def test_copy_yesterday_rechecks_every_entry(team):
    wednesday = TODAY - timedelta(days=1)
    create(team, day=wednesday)
    create(team, day=wednesday, start="13:00", end="14:00", quantity="1")
    create(team, start="13:30", end="15:00", quantity="1")  # clashes with the afternoon copy
    with session_scope() as session:
        result = activities.copy_previous_day(session, actor=team.staf, to_day=TODAY, today=TODAY)
    assert result.source == wednesday and result.copied == 1 and len(result.skipped) == 1
    assert "bertabrakan" in result.skipped[0]


# the atasan


def test_queue_approve_reject_partial_and_bulk(team):
    ids = [create(team, start=f"{h:02d}:00", end=f"{h + 1:02d}:00", quantity="1") for h in (7, 8, 9, 10, 11)]
    create(team, actor=team.peer)
    with session_scope() as session:
        rows, total = review.queue(session, actor=team.kasi, today=TODAY)
        assert total == 6 and {r.employee for r in rows} == {"Staf Satu", "Staf Dua"}
        rows, total = review.queue(session, actor=team.kasi, employee_id=team.staf.employee_id, day=TODAY, today=TODAY)
        assert total == 5
        assert review.queue(session, actor=team.other_kasi, today=TODAY)[1] == 0
    assert "Alasan penolakan" in errors_of(lambda s: review.decide(s, actor=team.kasi, activity_id=ids[0], decision="reject", today=TODAY))["reason"]
    assert "Alasan wajib" in errors_of(lambda s: review.decide(s, actor=team.kasi, activity_id=ids[1], decision="partial", approved_minutes=30, today=TODAY))["reason"]
    with session_scope() as session:
        review.decide(session, actor=team.kasi, activity_id=ids[0], decision="reject", reason="Uraian kurang jelas", today=TODAY)
        review.decide(session, actor=team.kasi, activity_id=ids[1], decision="partial", reason="Setengah selesai", approved_minutes=30, today=TODAY)
        review.decide(session, actor=team.kasi, activity_id=ids[2], decision="approve", today=TODAY)
        assert review.bulk_preview(session, actor=team.kasi, activity_ids=ids) == review.BulkPreview(2, 120)
        assert review.bulk_approve(session, actor=team.kasi, activity_ids=ids) == review.BulkPreview(2, 120)
    with session_scope() as session:
        rows = {a.id: a for a in session.exec(select(DailyActivity).where(DailyActivity.id.in_(ids)))}
        assert rows[ids[0]].status == "ditolak" and rows[ids[0]].decision_reason == "Uraian kurang jelas"
        assert (rows[ids[1]].status, rows[ids[1]].approved_minutes) == ("disetujui", 30)
        assert all(rows[i].approved_minutes == 60 and rows[i].decided_by_id == team.kasi.employee_id for i in ids[2:])
        actions = session.exec(select(AuditEntry.action).where(AuditEntry.entity == "daily_activity", AuditEntry.actor_id == team.kasi.employee_id)).all()
        assert sorted(actions) == ["approve", "approve", "approve", "approve_partial", "reject"]
        rejected = activities.rejected_to_fix(session, actor=team.staf)
    assert [r.id for r in rejected] == [ids[0]]


def test_the_queue_puts_new_arrivals_first_then_the_newest_day_one_page_at_a_time(team):
    """The queue is ordered and paged from the team's pending entries: what arrived since the page
    opened first, then the newest day, newest entry first; a decided entry leaves it."""
    wednesday = TODAY - timedelta(days=1)
    older = create(team, day=wednesday, start="07:00", end="08:00", quantity="1")
    today = create(team, start="07:00", end="08:00", quantity="1")
    peers = create(team, actor=team.peer, day=wednesday, start="08:00", end="09:00", quantity="1")
    arrived = create(team, day=wednesday, start="09:00", end="10:00", quantity="1")

    def shown(**kwargs) -> tuple[list[int], int]:
        with session_scope() as session:
            rows, total = review.queue(session, actor=team.kasi, today=TODAY, new_after_id=peers, **kwargs)
        return [r.id for r in rows], total

    assert shown() == ([arrived, today, peers, older], 4)
    assert shown(page=2, page_size=2) == ([peers, older], 4)
    assert shown(employee_id=team.peer.employee_id) == ([peers], 1)
    assert shown(day=wednesday) == ([arrived, peers, older], 3)
    assert shown(employee_id=team.other_kasi.employee_id) == ([], 0)  # not in the team: nothing
    with session_scope() as session:
        review.decide(session, actor=team.kasi, activity_id=today, decision="approve", today=TODAY)
    assert shown() == ([arrived, peers, older], 3)


def test_a_delegate_validates_and_the_audit_names_both(db, team):
    activity_id = create(team)
    db.add(Delegation(atasan_id=team.kasi.employee_id, delegate_id=team.other_kasi.employee_id, kind="plh",
                      start_date=TODAY - timedelta(days=3), end_date=TODAY + timedelta(days=3), created_by_id=team.kasi.employee_id))
    db.commit()
    with session_scope() as session:
        assert review.queue(session, actor=team.other_kasi, today=TODAY)[1] == 1
        row = review.decide(session, actor=team.other_kasi, activity_id=activity_id, decision="approve", today=TODAY)
        assert (row.decided_by_id, row.decided_for_id) == (team.other_kasi.employee_id, team.kasi.employee_id)
    with session_scope() as session:
        audit = session.exec(select(AuditEntry).where(AuditEntry.action == "approve")).one()
    assert "Kasi Dua" in audit.detail and "atas nama Kasi Satu" in audit.detail


def test_a_delegate_approves_in_bulk_and_each_entry_is_audited_with_both_names(db, team):
    ids = [create(team, start=f"{h:02d}:00", end=f"{h + 1:02d}:00", quantity="1") for h in (7, 8, 9)]
    db.add(Delegation(atasan_id=team.kasi.employee_id, delegate_id=team.other_kasi.employee_id, kind="plh",
                      start_date=TODAY - timedelta(days=3), end_date=TODAY + timedelta(days=3), created_by_id=team.kasi.employee_id))
    db.commit()
    with session_scope() as session:
        review.decide(session, actor=team.kasi, activity_id=ids[0], decision="reject", reason="Uraian kurang jelas", today=TODAY)
    with session_scope() as session:
        assert review.bulk_approve(session, actor=team.peer, activity_ids=ids) == review.BulkPreview(0, 0)  # not theirs
        # The rejected entry and an unknown id are skipped; the rest approved in full, for the atasan.
        assert review.bulk_approve(session, actor=team.other_kasi, activity_ids=[*ids, 999_999]) == review.BulkPreview(2, 120)
    with session_scope() as session:
        rows = session.exec(select(DailyActivity).where(col(DailyActivity.id).in_(ids)).order_by(DailyActivity.id)).all()
        entries = session.exec(select(AuditEntry).where(AuditEntry.action == "approve").order_by(AuditEntry.id)).all()
    assert [(r.status, r.decided_by_id, r.decided_for_id, r.approved_minutes) for r in rows] == [
        ("ditolak", team.kasi.employee_id, team.kasi.employee_id, None),
        *[("disetujui", team.other_kasi.employee_id, team.kasi.employee_id, 60)] * 2,
    ]
    assert [e.entity_id for e in entries] == [str(i) for i in ids[1:]]
    for audit_entry in entries:
        assert "Kasi Dua" in audit_entry.detail and "atas nama Kasi Satu" in audit_entry.detail
        assert (audit_entry.before["status"], audit_entry.after["status"]) == ("diajukan", "disetujui")


def test_a_bulk_approval_sends_as_many_statements_for_twelve_entries_as_for_two(team):
    """A month's queue is approved in bulk at month end: the entries are read, approved and audited
    together, not one savepoint and decision each (issue 17)."""
    few = [create(team, start=f"{h:02d}:00", end=f"{h:02d}:30", quantity="1") for h in (7, 8)]
    many = [create(team, day=TODAY - timedelta(days=1), start=f"{h:02d}:00", end=f"{h:02d}:30", quantity="1") for h in range(6, 18)]

    def approve(ids: list[int]) -> tuple[review.BulkPreview, int]:
        with counted_statements(get_engine()) as sent, session_scope() as session:
            approved = review.bulk_approve(session, actor=team.kasi, activity_ids=ids)
        return approved, len(sent)

    (two, for_two), (twelve, for_twelve) = approve(few), approve(many)
    assert (two, twelve) == (review.BulkPreview(2, 60), review.BulkPreview(12, 360))
    assert for_twelve == for_two


def test_delegation_outside_its_range_or_revoked_gives_no_power(db, team):
    activity_id = create(team)
    db.add(Delegation(atasan_id=team.kasi.employee_id, delegate_id=team.other_kasi.employee_id, kind="plt",
                      start_date=TODAY + timedelta(days=5), end_date=TODAY + timedelta(days=9), created_by_id=team.kasi.employee_id))
    db.commit()
    with pytest.raises(AccessDenied), session_scope() as session:
        review.decide(session, actor=team.other_kasi, activity_id=activity_id, decision="approve", today=TODAY)


def test_a_delegation_is_created_and_revoked_through_the_service(team):
    from ekinerja.services import delegation

    today = local_today()
    with session_scope() as session:
        errors = errors_of(lambda s: delegation.create_delegation(
            s, actor=team.kasi, atasan_id=team.kasi.employee_id, delegate=str(team.kasi.employee_id), kind="plh",
            start=today.isoformat(), end=today.isoformat(), note=""))
        assert "atasan itu sendiri" in errors["delegate_id"]
        row = delegation.create_delegation(
            session, actor=team.kasi, atasan_id=team.kasi.employee_id, delegate=str(team.staf.employee_id), kind="plh",
            start=today.isoformat(), end=(today + timedelta(days=2)).isoformat(), note="ST 800/12")
    with pytest.raises(AccessDenied), session_scope() as session:
        delegation.revoke_delegation(session, actor=team.peer, delegation_id=row.id)
    with session_scope() as session:
        delegation.revoke_delegation(session, actor=team.kasi, delegation_id=row.id)
        assert session.get(Delegation, row.id).revoked_at is not None


# access


@pytest.mark.parametrize("who", ["staf", "peer", "other_kasi"])
def test_only_the_atasan_of_record_decides(team, who):
    activity_id = create(team)
    with pytest.raises(AccessDenied), session_scope() as session:
        review.decide(session, actor=getattr(team, who), activity_id=activity_id, decision="approve", today=TODAY)
    with session_scope() as session:
        assert review.bulk_approve(session, actor=getattr(team, who), activity_ids=[activity_id]).count == 0
        assert session.get(DailyActivity, activity_id).status == "diajukan"


# races


def _race(*jobs) -> list[str]:
    """Run the jobs at once, each in its own transaction; what each ended in."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = [""] * len(jobs)

    def run(index, job):
        barrier.wait()
        try:
            with session_scope() as session:
                job(session)
            outcomes[index] = "ok"
        except ValidationFailed as failed:
            outcomes[index] = failed.errors.get("form", "error")

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_approvals_at_once_give_one_outcome(team):
    activity_id = create(team)
    outcomes = _race(
        lambda s: review.decide(s, actor=team.kasi, activity_id=activity_id, decision="approve", today=TODAY),
        lambda s: review.decide(s, actor=team.kasi, activity_id=activity_id, decision="reject", reason="x", today=TODAY),
    )
    assert max(outcomes) == "ok" and outcomes.count("ok") == 1
    with session_scope() as session:
        decisions = session.exec(select(AuditEntry).where(AuditEntry.entity == "daily_activity", AuditEntry.action != "create")).all()
    assert len(decisions) == 1


def test_a_stale_approval_after_another_decision_is_refused(team):
    activity_id = create(team)
    with Session(get_engine(), expire_on_commit=False) as stale:
        stale.get(DailyActivity, activity_id)  # this approver saw it pending
        with session_scope() as session:
            review.decide(session, actor=team.kasi, activity_id=activity_id, decision="reject", reason="Tidak jelas", today=TODAY)
        with pytest.raises(ValidationFailed):
            review.decide(stale, actor=team.kasi, activity_id=activity_id, decision="approve", today=TODAY)
        stale.rollback()
    with session_scope() as session:
        assert session.get(DailyActivity, activity_id).status == "ditolak"


def test_an_edit_racing_an_approval_gives_one_outcome(team):
    activity_id = create(team)
    outcomes = _race(
        lambda s: activities.update_activity(s, actor=team.staf, activity_id=activity_id, form=entry(team, quantity="1"), today=TODAY),
        lambda s: review.decide(s, actor=team.kasi, activity_id=activity_id, decision="approve", today=TODAY),
    )
    with session_scope() as session:
        row = session.get(DailyActivity, activity_id)
    assert row.status == "disetujui" and row.approved_minutes == row.effective_minutes
    if outcomes[0] == "ok":  # the edit landed first and the approval took the edited claim
        assert row.effective_minutes == 60
    else:
        assert "sudah divalidasi" in outcomes[0] and row.effective_minutes == 120


def test_the_change_markers_move_on_every_change_and_only_for_whom_it_changed(team):
    ids = [team.staf.employee_id, team.peer.employee_id]

    def markers():
        with session_scope() as session:
            return review.change_markers(session, employee_ids=ids)

    empty = markers()
    activity_id = create(team)
    created = markers()
    with session_scope() as session:
        review.decide(session, actor=team.kasi, activity_id=activity_id, decision="approve", today=TODAY)
    decided = markers()
    other = create(team, start="10:00", end="11:00")
    with session_scope() as session:
        activities.delete_activity(session, actor=team.staf, activity_id=other)
    deleted = markers()
    staf, peer = team.staf.employee_id, team.peer.employee_id
    assert len({m.get(staf) for m in (empty, created, decided, deleted)}) == 4
    assert {m.get(peer) for m in (empty, created, decided, deleted)} == {None}
