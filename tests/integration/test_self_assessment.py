"""Penilaian diri through the services: drafting, sending (complete, then locked), who reads it."""

from __future__ import annotations

from datetime import date

import pytest

from ekinerja.access import AccessDenied
from ekinerja.domain.skp_rules import RealisasiForm
from ekinerja.domain.validation import ValidationFailed
from ekinerja.services import evaluation, progress
from ekinerja.services import self_assessment as svc
from ekinerja.services import skp as skp_svc
from tests.integration.test_peer_input import final_form
from tests.integration.test_skp import YEAR, approved, chain, rhk_ids, top_chain  # noqa: F401  (chain is a fixture)


@pytest.fixture
def staf_skp(db, chain):  # noqa: F811
    kasi_skp = top_chain(db, chain)
    return approved(db, chain.staf, chain.kasi, [rhk_ids(db, kasi_skp)[0], rhk_ids(db, kasi_skp)[0]])


def test_the_employee_drafts_sends_and_the_atasan_reads_it_beside_the_ratings(db, chain, staf_skp):  # noqa: F811
    first, second = rhk_ids(db, staf_skp)
    ind = skp_svc.get_detail(db, actor=chain.staf, skp_id=staf_skp.id).rhks[0].indikators[0]
    progress.save_realisasi(db, actor=chain.staf, indikator_id=ind.id, today=date(YEAR, 12, 31),
                            form=RealisasiForm(month="1", value="3", evidence_link="https://dokumen.example.id/bukti-1"))
    db.commit()
    view = svc.own_view(db, actor=chain.staf, year=YEAR, kind="triwulanan", number=1)
    assert view.status == "belum" and view.can_edit and [r.rhk_id for r in view.rhks] == [first, second]
    assert "3 dokumen" in view.rhks[0].realisasi and view.rhks[0].evidence == "Bukti dukung di Progres Pekerjaan: 1 isian"

    # A draft may be incomplete; sending needs every RHK rated and described.
    svc.save(db, actor=chain.staf, skp_id=staf_skp.id, kind="triwulanan", number=1, form={f"self_{first}": "sesuai"}, send=False)
    db.commit()
    with pytest.raises(ValidationFailed) as failed:
        svc.save(db, actor=chain.staf, skp_id=staf_skp.id, kind="triwulanan", number=1,
                 form={f"self_{first}": "sesuai", f"note_{first}": "pendek"}, send=True)
    db.rollback()
    assert failed.value.errors == {
        f"note_{first}": "Uraikan realisasi dan bukti dukung RHK 1 (paling sedikit 20 karakter).",
        f"self_{second}": "Pilih penilaian diri untuk RHK 2.",
        f"note_{second}": "Uraikan realisasi dan bukti dukung RHK 2 (paling sedikit 20 karakter).",
    }
    assert svc.own_view(db, actor=chain.staf, year=YEAR, kind="triwulanan", number=1).rhks[0].rating == "sesuai"

    ev = evaluation.open_evaluation(db, actor=chain.kasi, skp_id=staf_skp.id, kind="triwulanan", number=1)
    db.commit()
    assert svc.for_evaluation(db, actor=chain.kasi, evaluation_id=ev.id) is None  # not sent yet: the atasan sees nothing
    form = {f"self_{first}": "diatas", f"note_{first}": "Tiga dokumen selesai lebih cepat, bukti di Progres Pekerjaan.",
            f"self_{second}": "sesuai", f"note_{second}": "Dokumen kedua sesuai jadwal, tautan bukti di bulan Januari."}
    svc.save(db, actor=chain.staf, skp_id=staf_skp.id, kind="triwulanan", number=1, form=form, send=True)
    db.commit()
    seen = svc.for_evaluation(db, actor=chain.kasi, evaluation_id=ev.id)
    assert [(r.rating, r.note) for r in seen.rhks] == [("diatas", form[f"note_{first}"]), ("sesuai", form[f"note_{second}"])]
    assert seen.status == "diajukan" and not seen.can_edit
    with pytest.raises(ValidationFailed) as failed:
        svc.save(db, actor=chain.staf, skp_id=staf_skp.id, kind="triwulanan", number=1, form=form, send=False)
    assert failed.value.errors == {"form": svc.SENT}


def test_only_the_owner_writes_and_only_owner_and_atasan_read(db, chain, staf_skp):  # noqa: F811
    ev = evaluation.open_evaluation(db, actor=chain.kasi, skp_id=staf_skp.id, kind="triwulanan", number=1)
    db.commit()
    for other in (chain.kasi, chain.peer, chain.other, chain.kabid, chain.admin):
        with pytest.raises(AccessDenied):
            svc.save(db, actor=other, skp_id=staf_skp.id, kind="triwulanan", number=1, form={}, send=False)
    for stranger in (chain.peer, chain.other, chain.kabid, chain.admin):
        with pytest.raises(AccessDenied):
            svc.for_evaluation(db, actor=stranger, evaluation_id=ev.id)
    assert svc.own_view(db, actor=chain.peer, year=YEAR, kind="triwulanan", number=1) is None  # no approved SKP


def test_a_final_evaluation_closes_the_penilaian_diri(db, chain, staf_skp):  # noqa: F811
    ev = evaluation.open_evaluation(db, actor=chain.kasi, skp_id=staf_skp.id, kind="triwulanan", number=1)
    evaluation.finalise(db, actor=chain.kasi, evaluation_id=ev.id, form=final_form(db, ev))
    db.commit()
    assert not svc.own_view(db, actor=chain.staf, year=YEAR, kind="triwulanan", number=1).can_edit
    with pytest.raises(ValidationFailed) as failed:
        svc.save(db, actor=chain.staf, skp_id=staf_skp.id, kind="triwulanan", number=1, form={}, send=False)
    assert failed.value.errors == {"form": svc.EVALUATED}
