"""Keberatan against a final predikat: filed by the employee in time, decided by the atasan of the pejabat
penilai (or their Plt/Plh); upheld changes the predikat and the TPP of open months, never of locked ones."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from sqlmodel import select

from ekinerja.access import AccessDenied
from ekinerja.domain.keberatan import tpp_changes_from_json
from ekinerja.domain.tpp_ruleset import default_ruleset
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import AuditEntry, DailyActivity, Evaluation, Keberatan, TppLockedResult
from ekinerja.reports.keberatan_document import keberatan_pdf
from ekinerja.services import delegation, evaluation, keberatan, report_documents, reports, tpp
from ekinerja.services.org import bump_org_revision
from tests.integration.factories import actor_for, make_employee, make_org, make_position, nip_for
from tests.integration.test_evaluation import _approved_skp, _form

REASONS = "Realisasi RHK 1 sudah 110% sesuai laporan bulan Maret, tetapi dinilai di bawah ekspektasi."
DECISION = "Setelah meminta penjelasan pejabat penilai dan pegawai, realisasi terbukti melampaui target."


@pytest.fixture
def chain(db, pin_today):
    """Sekda > Kepala Badan (the evaluator) > staf, with a Q1 2025 evaluation made final on 2 April 2025."""
    pin_today(date(2025, 4, 2))
    org = make_org(db)
    top = make_position(db, unit=org.opd, name="Sekretaris Daerah", kind="struktural", kelas=16, eselon="I.b")
    org.head.reports_to_id = top.id
    db.add(org.head)
    bump_org_revision(db)
    sekda = make_employee(db, position=top, nip=nip_for(5), name="Sekda")
    kepala = make_employee(db, position=org.head, nip=nip_for(2), name="Kepala")
    staf = make_employee(db, position=org.staff, nip=nip_for(3), name="Staf Keberatan")
    other = make_employee(db, position=org.staff, nip=nip_for(4), name="Staf Lain")
    skp = _approved_skp(db, staf, org.staff)
    db.commit()
    atasan = actor_for(db, kepala)
    ev = evaluation.open_evaluation(db, actor=atasan, skp_id=skp.id, kind="triwulanan", number=1)
    ev = evaluation.finalise(db, actor=atasan, evaluation_id=ev.id, form=_form(skp.id, db, "dibawah", "sesuai"))
    db.commit()
    return org, sekda, kepala, staf, other, ev


def test_the_employee_files_within_the_period_once(db, chain, pin_today):
    _org, sekda, _kepala, staf, _other, ev = chain
    me = actor_for(db, staf)
    [filable] = keberatan.filable_evaluations(db, actor=me)
    assert (filable.evaluation_id, filable.predikat, filable.deadline, filable.reviewer) == (ev.id, "Butuh Perbaikan", date(2025, 4, 16), "Sekda")
    with pytest.raises(ValidationFailed) as failed:
        keberatan.file_keberatan(db, actor=me, evaluation_id=ev.id, reasons="tidak adil")
    assert failed.value.errors == {"reasons": "Tuliskan alasan keberatan paling sedikit 20 karakter."}
    row = keberatan.file_keberatan(db, actor=me, evaluation_id=ev.id, reasons=REASONS, evidence=(b"%PDF-1.4\n% bukti\n%%EOF\n", "laporan maret.pdf"))
    db.commit()
    assert (row.status, row.reviewer_id, row.predikat_before) == ("diajukan", sekda.id, "butuh_perbaikan")
    assert keberatan.filable_evaluations(db, actor=me) == []
    with pytest.raises(ValidationFailed):  # once per evaluation
        keberatan.file_keberatan(db, actor=me, evaluation_id=ev.id, reasons=REASONS)
    assert db.exec(select(AuditEntry).where(AuditEntry.entity == "keberatan", AuditEntry.action == "file")).one().entity_id == str(row.id)
    # The reviewer reads the bukti; the Plt/Plh path is covered below.
    assert keberatan.evidence_of(db, actor=actor_for(db, sekda), keberatan_id=row.id).filename == "laporan maret.pdf"


def test_late_or_foreign_filings_are_refused(db, chain, pin_today):
    org, _sekda, kepala, staf, other, ev = chain
    with pytest.raises(AccessDenied):  # not one's own evaluation
        keberatan.file_keberatan(db, actor=actor_for(db, other), evaluation_id=ev.id, reasons=REASONS)
    pin_today(date(2025, 4, 17))  # a day after the 14 days
    assert keberatan.filable_evaluations(db, actor=actor_for(db, staf)) == []
    with pytest.raises(ValidationFailed) as failed:
        keberatan.file_keberatan(db, actor=actor_for(db, staf), evaluation_id=ev.id, reasons=REASONS)
    assert "Batas waktu pengajuan keberatan sudah lewat (14 hari" in failed.value.errors["form"]
    # The instansi sets a longer period (a setting, PP 30/2019's 14 days by default).
    with pytest.raises(AccessDenied):
        keberatan.save_filing_days(db, actor=actor_for(db, kepala), days="30")
    with pytest.raises(ValidationFailed):
        keberatan.save_filing_days(db, actor=org.actor, days="400")
    keberatan.save_filing_days(db, actor=org.actor, days="30")
    assert keberatan.file_keberatan(db, actor=actor_for(db, staf), evaluation_id=ev.id, reasons=REASONS).deadline == date(2025, 5, 2)


def test_only_the_atasan_of_the_pejabat_penilai_or_their_plt_decides(db, chain):
    _org, sekda, kepala, staf, other, ev = chain
    row = keberatan.file_keberatan(db, actor=actor_for(db, staf), evaluation_id=ev.id, reasons=REASONS)
    db.commit()
    rejected = {"decision": "ditolak", "decision_reason": DECISION}
    for who in (staf, kepala, other):  # the employee, the evaluator itself, a peer
        with pytest.raises(AccessDenied):
            keberatan.decide(db, actor=actor_for(db, who), keberatan_id=row.id, form=rejected)
    with pytest.raises(AccessDenied):  # a stranger cannot even read it
        keberatan.keberatan_view(db, actor=actor_for(db, other), keberatan_id=row.id)
    # The Sekda appoints a Plh for today; the Plh sees the keberatan and decides.
    delegation.create_delegation(
        db, actor=actor_for(db, sekda), atasan_id=sekda.id, delegate=str(other.id), kind="plh",
        start="2025-04-02", end="2025-04-05", note="SPT 800/12",
    )
    plh = actor_for(db, other)
    assert [r.id for r in keberatan.to_decide(db, actor=plh)] == [row.id]
    with pytest.raises(ValidationFailed) as failed:
        keberatan.decide(db, actor=plh, keberatan_id=row.id, form={"decision": "ditolak", "decision_reason": "tidak"})
    assert set(failed.value.errors) == {"decision_reason"}
    decided = keberatan.decide(db, actor=plh, keberatan_id=row.id, form=rejected)
    db.commit()
    assert (decided.status, decided.decided_by_id, decided.predikat_after) == ("ditolak", other.id, None)
    assert db.get(Evaluation, ev.id).predikat == "butuh_perbaikan"  # unchanged
    view = keberatan.keberatan_view(db, actor=actor_for(db, staf), keberatan_id=row.id)
    assert (view.status_label, view.decision_reason, view.decided_by) == ("Ditolak", DECISION, "Staf Lain")
    with pytest.raises(AccessDenied):  # final
        keberatan.decide(db, actor=actor_for(db, sekda), keberatan_id=row.id, form=rejected)


def _tpp_setup(db, org, staf) -> None:
    """Rules where the predikat scales the kinerja part, and a full kinerja month in each of Q1."""
    factors = {"sangat_baik": Decimal(120), "baik": Decimal(100), "butuh_perbaikan": Decimal(80), "kurang": Decimal(60), "sangat_kurang": Decimal(50)}
    ruleset = replace(default_ruleset(), predikat_factor_percent=factors, deduction_percent={})
    tpp.store_ruleset(db, instansi_id=org.instansi.id, year=2025, ruleset=ruleset, actor_id=None)
    for month in (1, 2, 3):
        db.add(DailyActivity(
            employee_id=staf.id, activity_date=date(2025, month, 6), start_time=time(8, 0), end_time=time(16, 0), task_text="Uji",
            quantity=Decimal(1), effective_minutes=7000, approved_minutes=7000, status="disetujui",
        ))
    db.commit()


def test_upheld_changes_the_predikat_and_the_open_months_tpp_but_not_a_locked_month(db, chain, pin_today):
    org, sekda, _kepala, staf, _other, ev = chain
    _tpp_setup(db, org, staf)
    before = {m: tpp.compute_month(db, employee_id=staf.id, year=2025, month=m)[0].total for m in (1, 2, 3)}
    tpp.lock_month(db, actor=org.actor, year=2025, month=1)  # January is paid and frozen
    db.commit()
    frozen = db.exec(select(TppLockedResult.total).where(TppLockedResult.employee_id == staf.id)).one()
    assert frozen == before[1] > 0
    row = keberatan.file_keberatan(db, actor=actor_for(db, staf), evaluation_id=ev.id, reasons=REASONS)
    reviewer = actor_for(db, sekda)
    with pytest.raises(ValidationFailed) as failed:  # upheld must change the predikat
        keberatan.decide(db, actor=reviewer, keberatan_id=row.id, form={"decision": "dikabulkan", "decision_reason": DECISION, "rating_hasil": "dibawah", "rating_perilaku": "diatas"})
    assert "predikat yang sama" in failed.value.errors["form"]
    decided = keberatan.decide(
        db, actor=reviewer, keberatan_id=row.id,
        form={"decision": "dikabulkan", "decision_reason": DECISION, "rating_hasil": "sesuai", "rating_perilaku": "sesuai"},
    )
    db.commit()
    assert (decided.status, decided.predikat_before, decided.predikat_after) == ("dikabulkan", "butuh_perbaikan", "baik")
    final = db.get(Evaluation, ev.id)
    assert (final.rating_hasil, final.predikat, final.status) == ("sesuai", "baik", "final")
    # Open months follow the new predikat (80 % -> 100 % of the kinerja part); January stays as paid.
    after = {m: tpp.compute_month(db, employee_id=staf.id, year=2025, month=m)[0].total for m in (1, 2, 3)}
    assert after[2] > before[2] and after[3] > before[3]
    assert db.exec(select(TppLockedResult.total).where(TppLockedResult.employee_id == staf.id)).one() == frozen
    changes = {c.month: c for c in tpp_changes_from_json(decided.tpp_changes)}
    assert changes[1].locked and changes[1].before == frozen and changes[1].after == after[1]
    assert not changes[2].locked and (changes[2].before, changes[2].after) == (before[2], after[2])
    view = keberatan.keberatan_view(db, actor=actor_for(db, staf), keberatan_id=row.id)
    assert view.predikat_after == "Baik" and "Bulan yang sudah dikunci tidak diubah" in view.tpp_note
    assert [line.locked for line in view.tpp] == [True, False, False]
    # Audited: the filing, the evaluation's change, the decision.
    actions = {(e.entity, e.action) for e in db.exec(select(AuditEntry))}
    assert {("keberatan", "file"), ("evaluation", "keberatan"), ("keberatan", "decide")} <= actions
    # The decision document, for the employee.
    document = report_documents.keberatan_document(db, actor=actor_for(db, staf), keberatan_id=row.id)
    assert document.status == "Dikabulkan" and document.reviewer.name == "Sekda"
    assert keberatan_pdf(document, stamp=reports.stamp_for(actor_for(db, staf), document.period)).startswith(b"%PDF")


def test_the_live_marker_moves_for_the_employee_and_the_reviewer(db, chain):
    _org, sekda, _kepala, staf, _other, ev = chain
    first = keberatan.change_markers(db, employee_ids=[staf.id, sekda.id])
    assert first == {}
    row = keberatan.file_keberatan(db, actor=actor_for(db, staf), evaluation_id=ev.id, reasons=REASONS)
    filed = keberatan.change_markers(db, employee_ids=[staf.id, sekda.id])
    assert set(filed) == {staf.id, sekda.id}
    db.get(Keberatan, row.id).updated_at = datetime(2030, 1, 1, tzinfo=UTC)
    db.flush()
    assert keberatan.change_markers(db, employee_ids=[staf.id])[staf.id] != filed[staf.id]
