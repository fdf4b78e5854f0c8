"""What each workflow's status allows, said by the domain: every rule answers for every status of its
enum and for anything else a client could send (a hostile string never unlocks an action)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain import (
    activity_rules,
    attendance,
    development,
    dialog,
    evaluation_rules,
    keberatan,
    self_assessment,
    skp_rules,
)
from ekinerja.domain.predikat import Predikat
from ekinerja.domain.statuses import (
    AbsenceStatus,
    ActivityStatus,
    DevelopmentStatus,
    DialogStatus,
    EvaluationStatus,
    KeberatanStatus,
    SelfAssessmentStatus,
    SkpStatus,
)
from tests.unit.properties.support import any_date, covers, hostile_text


def status_of(enum) -> st.SearchStrategy:
    return st.one_of(st.sampled_from(list(enum)), hostile_text)


@covers(evaluation_rules.may_rate, evaluation_rules.is_final)
@given(status_of(EvaluationStatus))
def test_a_penilaian_is_rated_while_draft_and_stands_once_final(status):
    assert evaluation_rules.may_rate(status) == (status == "draft")
    assert evaluation_rules.is_final(status) == (status == "final")
    assert not (evaluation_rules.may_rate(status) and evaluation_rules.is_final(status))


@covers(keberatan.decidable, keberatan.upheld)
@given(status_of(KeberatanStatus))
def test_a_keberatan_is_decided_once(status):
    assert keberatan.decidable(status) == (status == "diajukan")
    assert keberatan.upheld(status) == (status == "dikabulkan")
    # The two decisions are the statuses a decided keberatan ends in, and only those.
    assert (status in keberatan.DECISIONS) == (status in ("dikabulkan", "ditolak"))
    assert not (keberatan.decidable(status) and status in keberatan.DECISIONS)


@covers(self_assessment.sent)
@given(st.one_of(st.none(), status_of(SelfAssessmentStatus)))
def test_a_sent_self_assessment_is_locked(status):
    assert self_assessment.sent(status) == (status == "diajukan")


@covers(dialog.closed)
@given(status_of(DialogStatus))
def test_a_thread_marked_done_is_closed(status):
    assert dialog.closed(status) == (status == "selesai")


@covers(attendance.absence_decidable, activity_rules.decidable)
@given(status_of(AbsenceStatus))
def test_a_request_is_decided_only_while_it_waits(status):
    assert attendance.absence_decidable(status) == activity_rules.decidable(status) == (status == "diajukan")
    # The employee edits exactly the entries the atasan may still decide.
    assert activity_rules.decidable(status) == activity_rules.editable(status)


@covers(activity_rules.counted_minutes)
@given(status_of(ActivityStatus), st.one_of(st.none(), st.integers(0, 1440)), st.integers(0, 1440))
def test_an_entry_counts_its_approved_minutes_once_approved(status, approved, effective):
    counted = activity_rules.counted_minutes(status, approved_minutes=approved, effective_minutes=effective)
    assert counted == (approved if status == "disetujui" else effective)


@covers(skp_rules.approved)
@given(status_of(SkpStatus))
def test_only_an_approved_skp_is_in_force(status):
    assert skp_rules.approved(status) == (status == "disetujui")
    assert not (skp_rules.approved(status) and skp_rules.in_progress(status))


@covers(development.overdue_item, development.plan_open)
@given(status_of(DevelopmentStatus), any_date, any_date, status_of(EvaluationStatus),
       st.one_of(st.none(), st.sampled_from([p.value for p in Predikat])))
def test_development_plan_rules(status, due, today, evaluation_status, predikat):
    overdue = development.overdue_item(status, due, today=today)
    assert overdue == (due < today and status not in ("selesai", "dibatalkan"))
    summary = development.summarise([development.PlanItemState(status, due)], today=today)
    assert summary.overdue == int(overdue)
    open_ = development.plan_open(evaluation_status, predikat)
    assert open_ == (evaluation_status == "final" and predikat in ("butuh_perbaikan", "kurang", "sangat_kurang"))
    assert not development.plan_open(evaluation_status, None)
