"""The annual evaluation starts from the year's final periodic ones; a change from a proposal needs a reason."""

from __future__ import annotations

import pytest
from sqlmodel import select

from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import AuditEntry, EvaluationProposal
from ekinerja.reports.evaluation_document import evaluation_pdf
from ekinerja.services import evaluation, report_documents, reports
from tests.integration.factories import actor_for
from tests.integration.test_evaluation import _form, evaluation_team


@pytest.fixture
def team(db):
    return evaluation_team(db)


def _final_quarter(db, atasan, skp_id: int, number: int, hasil: str, perilaku: str) -> None:
    ev = evaluation.open_evaluation(db, actor=atasan, skp_id=skp_id, kind="triwulanan", number=number)
    evaluation.finalise(db, actor=atasan, evaluation_id=ev.id, form=_form(skp_id, db, hasil, perilaku))


def _values(view) -> dict[str, str]:
    return {i.key: i.rating for i in view.rhk + view.perilaku + view.overall}


def test_the_annual_evaluation_is_proposed_from_the_final_periodic_ones(db, team):
    _org, boss, _, skps = team
    atasan = actor_for(db, boss)
    skp_id = skps[0].id
    _final_quarter(db, atasan, skp_id, 1, "sesuai", "sesuai")
    _final_quarter(db, atasan, skp_id, 2, "diatas", "sesuai")
    _final_quarter(db, atasan, skp_id, 3, "diatas", "diatas")
    # A draft quarter does not count.
    draft = evaluation.open_evaluation(db, actor=atasan, skp_id=skp_id, kind="triwulanan", number=4)
    evaluation.save_ratings(db, actor=atasan, evaluation_id=draft.id, form=_form(skp_id, db, "dibawah", "dibawah"))

    annual = evaluation.open_evaluation(db, actor=atasan, skp_id=skp_id, kind="tahunan", number=1)
    view = evaluation.evaluation_view(db, actor=atasan, evaluation_id=annual.id)
    values = _values(view)
    assert values["rating_hasil"] == "diatas"  # 2 of 3
    assert values["rating_perilaku"] == "sesuai"  # 2 of 3
    assert all(values[f"val_{v.code}"] == "sesuai" for v in BERAKHLAK)
    hasil = next(i for i in view.overall if i.key == "rating_hasil")
    assert hasil.proposed == "Di Atas Ekspektasi"
    assert hasil.basis == "Triwulan I 2025: Sesuai Ekspektasi; Triwulan II 2025: Di Atas Ekspektasi; Triwulan III 2025: Di Atas Ekspektasi"
    assert view.predikat == "Baik"  # preview from the proposed ratings
    # Audited: the proposal and what it filled in.
    entry = db.exec(select(AuditEntry).where(AuditEntry.entity == "evaluation", AuditEntry.action == "propose")).one()
    assert "rating_hasil" in entry.after["filled"]


def test_no_periodic_evaluation_leaves_the_annual_one_blank(db, team):
    _org, boss, _, skps = team
    atasan = actor_for(db, boss)
    annual = evaluation.open_evaluation(db, actor=atasan, skp_id=skps[1].id, kind="tahunan", number=1)
    view = evaluation.evaluation_view(db, actor=atasan, evaluation_id=annual.id)
    assert not any(_values(view).values())
    assert not any(i.proposed for i in view.rhk + view.perilaku + view.overall)


def test_a_changed_rating_needs_a_reason_which_is_kept_and_audited(db, team):
    _org, boss, (a, _b), skps = team
    atasan = actor_for(db, boss)
    skp_id = skps[0].id
    _final_quarter(db, atasan, skp_id, 1, "sesuai", "sesuai")
    _final_quarter(db, atasan, skp_id, 2, "sesuai", "sesuai")
    annual = evaluation.open_evaluation(db, actor=atasan, skp_id=skp_id, kind="tahunan", number=1)
    form = _form(skp_id, db, "sesuai", "sesuai") | {"rating_hasil": "diatas"}
    # A draft keeps the change without a reason; finalising asks for it, in plain words, keeping nothing typed away.
    evaluation.save_ratings(db, actor=atasan, evaluation_id=annual.id, form=form)
    with pytest.raises(ValidationFailed) as failed:
        evaluation.finalise(db, actor=atasan, evaluation_id=annual.id, form=form)
    assert failed.value.errors == {"alasan_rating_hasil": "Rating berbeda dari usulan (Sesuai Ekspektasi); tuliskan alasannya."}
    reason = "Menyelesaikan proyek SIASN di triwulan IV jauh di atas target."
    final = evaluation.finalise(db, actor=atasan, evaluation_id=annual.id, form=form | {"alasan_rating_hasil": reason, "alasan_rating_perilaku": "tidak dipakai"})
    assert final.predikat == "baik" and final.rating_hasil == "diatas"
    proposals = {p.subject: p for p in db.exec(select(EvaluationProposal).where(EvaluationProposal.evaluation_id == annual.id))}
    assert proposals["rating_hasil"].change_reason == reason
    assert proposals["rating_perilaku"].change_reason == ""  # agreed with the proposal: no reason kept
    # The employee sees the proposal, the rating and the reason.
    view = evaluation.evaluation_view(db, actor=actor_for(db, a), evaluation_id=annual.id)
    hasil = next(i for i in view.overall if i.key == "rating_hasil")
    assert (hasil.rating, hasil.proposed, hasil.reason) == ("diatas", "Sesuai Ekspektasi", reason)
    audited = db.exec(select(AuditEntry).where(AuditEntry.entity == "evaluation_proposal")).all()
    assert [e.after["change_reason"] for e in audited] == [reason]
    # The evaluation document prints the change beside the proposal.
    document = report_documents.evaluation_document(db, actor=atasan, evaluation_id=annual.id)
    assert document.changes == (("Rating Hasil Kerja", "Sesuai Ekspektasi", "Di Atas Ekspektasi", reason),)
    assert evaluation_pdf(document, stamp=reports.stamp_for(atasan, document.period)).startswith(b"%PDF")


def test_ratings_already_set_are_not_overwritten_when_more_periods_become_final(db, team):
    _org, boss, _, skps = team
    atasan = actor_for(db, boss)
    skp_id = skps[0].id
    _final_quarter(db, atasan, skp_id, 1, "sesuai", "sesuai")
    annual = evaluation.open_evaluation(db, actor=atasan, skp_id=skp_id, kind="tahunan", number=1)
    evaluation.save_ratings(db, actor=atasan, evaluation_id=annual.id, form=_form(skp_id, db, "sesuai", "sesuai") | {"rating_perilaku": ""})
    _final_quarter(db, atasan, skp_id, 2, "dibawah", "diatas")
    _final_quarter(db, atasan, skp_id, 3, "dibawah", "diatas")
    evaluation.open_evaluation(db, actor=atasan, skp_id=skp_id, kind="tahunan", number=1)
    view = evaluation.evaluation_view(db, actor=atasan, evaluation_id=annual.id)
    values = _values(view)
    assert values["rating_hasil"] == "sesuai"  # set by the evaluator: kept
    assert values["rating_perilaku"] == "diatas"  # was blank: filled from the new proposal
    hasil = next(i for i in view.overall if i.key == "rating_hasil")
    assert hasil.proposed == "Di Bawah Ekspektasi"  # the proposal follows the periods final now
