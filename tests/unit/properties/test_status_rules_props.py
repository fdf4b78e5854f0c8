"""What a workflow status allows, as the pages ask it: each rule agrees with the status enum and nothing else."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain import dialog, evaluation_rules, keberatan, self_assessment
from ekinerja.domain.statuses import DialogStatus, EvaluationStatus, KeberatanStatus, SelfAssessmentStatus
from tests.unit.properties.support import covers, hostile_text


def statuses(enum) -> st.SearchStrategy:
    return st.one_of(st.sampled_from([member.value for member in enum]), hostile_text)


@covers(evaluation_rules.may_rate, evaluation_rules.is_final)
@given(statuses(EvaluationStatus))
def test_a_penilaian_is_rated_while_draft_and_read_once_final(status):
    assert evaluation_rules.may_rate(status) == (status == "draft")
    assert evaluation_rules.is_final(status) == (status == "final")
    assert not (evaluation_rules.may_rate(status) and evaluation_rules.is_final(status))


@covers(keberatan.decidable, keberatan.upheld)
@given(statuses(KeberatanStatus))
def test_a_keberatan_is_decided_once(status):
    assert keberatan.decidable(status) == (status == "diajukan")
    assert keberatan.upheld(status) == (status == "dikabulkan")
    # A decided keberatan (one of the two decisions) is never decided again.
    if status in keberatan.DECISIONS:
        assert not keberatan.decidable(status)


@covers(self_assessment.sent)
@given(st.one_of(st.none(), statuses(SelfAssessmentStatus)))
def test_a_self_assessment_is_sent_when_diajukan(status):
    assert self_assessment.sent(status) == (status == "diajukan")


@covers(dialog.closed)
@given(statuses(DialogStatus))
def test_a_dialog_thread_is_closed_when_selesai(status):
    assert dialog.closed(status) == (status == "selesai")
