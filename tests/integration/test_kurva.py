"""Kurva distribusi per unit (SE MenPAN-RB 3/2023): the capaian set by the level above, the check over
the unit's employees when its evaluations close, and the head's Rating Hasil Kerja."""

from __future__ import annotations

import pytest
from sqlmodel import select

from ekinerja.access import AccessDenied
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import AuditEntry, Evaluation, Keberatan
from ekinerja.services import evaluation, keberatan, kurva
from tests.integration.factories import actor_for, make_employee, make_org, make_position, make_unit, nip_for
from tests.integration.test_evaluation import _approved_skp

PERIOD = {"year": 2025, "kind": "triwulanan", "number": 1}


def _form(db, skp_id: int, hasil: str, perilaku: str) -> dict[str, str]:
    rhks = evaluation.rhks_of(db, skp_id=skp_id)
    form = {f"rhk_{r.id}": hasil for r in rhks} | {f"val_{v.code}": perilaku for v in BERAKHLAK}
    return form | {"rating_hasil": hasil, "rating_perilaku": perilaku}


RATINGS = {"sangat_baik": ("diatas", "diatas"), "baik": ("sesuai", "sesuai"), "butuh_perbaikan": ("dibawah", "sesuai"), "kurang": ("sesuai", "dibawah")}


class Bidang:
    """OPD (head: Kepala Badan) > Bidang (head: Kepala Bidang) with four staff, each with an approved SKP."""

    def __init__(self, db):
        self.org = make_org(db)
        self.bidang = make_unit(db, code="SULSEL.BKD.MUTASI", level="bidang", parent=self.org.opd, name="Bidang Mutasi")
        kabid_position = make_position(db, unit=self.bidang, name="Kepala Bidang Mutasi", kind="struktural", kelas=12, reports_to=self.org.head)
        staff_position = make_position(db, unit=self.bidang, name="Analis Mutasi", reports_to=kabid_position)
        self.kaban = make_employee(db, position=self.org.head, nip=nip_for(2), name="Kepala Badan")
        self.kabid = make_employee(db, position=kabid_position, nip=nip_for(3), name="Kepala Bidang")
        self.staff = [make_employee(db, position=staff_position, nip=nip_for(10 + n), name=f"Analis {n}") for n in range(4)]
        self.skps = [_approved_skp(db, e, staff_position) for e in self.staff]
        self.kabid_skp = _approved_skp(db, self.kabid, kabid_position)
        db.commit()
        self.db = db

    def actor(self, employee):
        return actor_for(self.db, employee)

    def rate(self, *predikat: str) -> None:
        kabid = self.actor(self.kabid)
        for skp, value in zip(self.skps, predikat, strict=False):
            ev = evaluation.open_evaluation(self.db, actor=kabid, skp_id=skp.id, kind="triwulanan", number=1)
            evaluation.finalise(self.db, actor=kabid, evaluation_id=ev.id, form=_form(self.db, skp.id, *RATINGS[value]))
        self.db.commit()


@pytest.fixture
def unit(db):
    return Bidang(db)


def test_the_capaian_is_set_by_the_level_above(db, unit):
    kaban, kabid, staf = unit.actor(unit.kaban), unit.actor(unit.kabid), unit.actor(unit.staff[0])
    kurva.set_unit_predikat(db, actor=kaban, unit_id=unit.bidang.id, predikat="baik", **PERIOD)
    for who in (kabid, staf):  # the unit's own head and its staff do not set it
        with pytest.raises(AccessDenied):
            kurva.set_unit_predikat(db, actor=who, unit_id=unit.bidang.id, predikat="istimewa", **PERIOD)
    with pytest.raises(AccessDenied):  # the OPD's own head neither: its level above is the admin (for the PPK)
        kurva.set_unit_predikat(db, actor=kaban, unit_id=unit.org.opd.id, predikat="istimewa", **PERIOD)
    kurva.set_unit_predikat(db, actor=unit.org.actor, unit_id=unit.org.opd.id, predikat="istimewa", **PERIOD)
    with pytest.raises(ValidationFailed) as failed:
        kurva.set_unit_predikat(db, actor=kaban, unit_id=unit.bidang.id, predikat="luar_biasa", **PERIOD)
    assert "wajib dipilih" in failed.value.errors["predikat"]
    rows = kurva.kurva_units(db, actor=kaban, **PERIOD)
    assert [(r.name, r.capaian, r.can_set, r.can_close) for r in rows] == [
        ("Badan Kepegawaian Daerah", "istimewa", False, True),
        ("Bidang Mutasi", "baik", True, False),
    ]
    assert [r.name for r in kurva.kurva_units(db, actor=kabid, **PERIOD)] == ["Bidang Mutasi"]
    assert kurva.kurva_units(db, actor=staf, **PERIOD) == []
    entry = db.exec(select(AuditEntry).where(AuditEntry.entity == "unit_predikat")).all()
    assert len(entry) == 2


def test_closing_checks_the_kurva_over_the_unit_with_sebagian_besar(db, unit):
    kabid = unit.actor(unit.kabid)
    with pytest.raises(ValidationFailed) as failed:  # no capaian yet
        kurva.close_unit(db, actor=kabid, unit_id=unit.bidang.id, **PERIOD)
    assert failed.value.errors == {"form": kurva.NO_CAPAIAN}
    kurva.set_unit_predikat(db, actor=unit.actor(unit.kaban), unit_id=unit.bidang.id, predikat="baik", **PERIOD)
    unit.rate("sangat_baik", "sangat_baik", "baik")
    with pytest.raises(ValidationFailed) as failed:  # one evaluation is not final
        kurva.close_unit(db, actor=kabid, unit_id=unit.bidang.id, **PERIOD)
    assert failed.value.errors == {"form": "Masih ada 1 penilaian pegawai unit ini yang belum final: Analis 3."}
    unit.skps = unit.skps[3:]
    unit.rate("butuh_perbaikan")
    # Baik 1 of 4 (within 70%) and a Butuh Perbaikan: the caps pass, but Sangat Baik (2) outnumbers Baik.
    view = kurva.unit_kurva(db, actor=kabid, unit_id=unit.bidang.id, **PERIOD)
    assert view.capaian == "Baik" and view.missing == []
    assert [(r.text, r.ok) for r in view.report.rules] == [
        ("Sebagian besar pegawai berpredikat Baik", False),
        ("Baik paling banyak 70% pegawai (2 dari 4)", True),
        ("Harus ada pegawai dengan predikat Butuh Perbaikan dan/atau Kurang/Misconduct", True),
    ]
    assert ("Sangat Baik", 2, "50%") in view.counts
    with pytest.raises(ValidationFailed) as failed:
        kurva.close_unit(db, actor=kabid, unit_id=unit.bidang.id, reason="terlalu pendek", **PERIOD)
    assert "paling sedikit 20 karakter" in failed.value.errors["reason"]
    reason = "Dua analis menuntaskan migrasi data SIASN lebih awal dari target triwulan."
    closing = kurva.close_unit(db, actor=kabid, unit_id=unit.bidang.id, reason=reason, **PERIOD)
    db.commit()
    assert (closing.fits, closing.employees, closing.predikat, closing.reason) == (False, 4, "baik", reason)
    assert closing.problems.startswith("Sebagian besar pegawai berpredikat Baik: saat ini 1 pegawai (25%); Sangat Baik lebih banyak")
    view = kurva.unit_kurva(db, actor=unit.actor(unit.kaban), unit_id=unit.bidang.id, **PERIOD)
    assert view.closed.startswith("Ditutup oleh Kepala Bidang pada ") and view.closed.endswith("(tidak sesuai kurva).")
    assert not view.can_close and not view.can_set and not view.can_reopen
    with pytest.raises(ValidationFailed):  # closed: the capaian stays as it was checked
        kurva.set_unit_predikat(db, actor=unit.actor(unit.kaban), unit_id=unit.bidang.id, predikat="istimewa", **PERIOD)
    with pytest.raises(AccessDenied):  # only the admin reopens
        kurva.reopen_unit(db, actor=kabid, unit_id=unit.bidang.id, **PERIOD)
    kurva.reopen_unit(db, actor=unit.org.actor, unit_id=unit.bidang.id, **PERIOD)
    db.commit()
    assert kurva.unit_kurva(db, actor=kabid, unit_id=unit.bidang.id, **PERIOD).can_close
    actions = [e.action for e in db.exec(select(AuditEntry).where(AuditEntry.entity == "unit_evaluation"))]
    assert actions == ["close", "reopen"]


def test_a_unit_that_fits_closes_without_a_reason_and_then_refuses_late_finalising(db, unit):
    kabid = unit.actor(unit.kabid)
    kurva.set_unit_predikat(db, actor=unit.actor(unit.kaban), unit_id=unit.bidang.id, predikat="baik", **PERIOD)
    late_skp = unit.skps.pop()
    unit.rate("baik", "baik", "butuh_perbaikan")
    # The fourth analyst's SKP is still a draft when the unit closes, so it is not counted ...
    late_skp.status = "draft"
    db.add(late_skp)
    db.commit()
    closing = kurva.close_unit(db, actor=kabid, unit_id=unit.bidang.id, **PERIOD)
    db.commit()
    assert closing.fits and closing.employees == 3 and closing.problems == "" and closing.reason == ""
    # ... and a late finalising in the closed period is refused.
    late_skp.status = "disetujui"
    db.add(late_skp)
    db.commit()
    ev = evaluation.open_evaluation(db, actor=kabid, skp_id=late_skp.id, kind="triwulanan", number=1)
    with pytest.raises(ValidationFailed) as failed:
        evaluation.finalise(db, actor=kabid, evaluation_id=ev.id, form=_form(db, late_skp.id, "sesuai", "sesuai"))
    assert failed.value.errors == {"form": evaluation.UNIT_CLOSED}


def test_the_heads_rating_hasil_follows_the_unit_capaian(db, unit):
    kaban = unit.actor(unit.kaban)
    ev = evaluation.open_evaluation(db, actor=kaban, skp_id=unit.kabid_skp.id, kind="triwulanan", number=1)
    view = evaluation.evaluation_view(db, actor=kaban, evaluation_id=ev.id)
    assert view.rating_hasil == "" and "belum ditetapkan" in view.rating_hasil_rule
    with pytest.raises(ValidationFailed) as failed:  # no capaian yet: the head's rating cannot be final
        evaluation.finalise(db, actor=kaban, evaluation_id=ev.id, form=_form(db, unit.kabid_skp.id, "diatas", "sesuai"))
    assert "mengikuti capaian kinerja Bidang Mutasi" in failed.value.errors["rating_hasil"]
    kurva.set_unit_predikat(db, actor=kaban, unit_id=unit.bidang.id, predikat="butuh_perbaikan", **PERIOD)
    view = evaluation.evaluation_view(db, actor=kaban, evaluation_id=ev.id)
    assert view.rating_hasil == "dibawah"
    assert view.rating_hasil_rule == (
        "Rating Hasil Kerja pimpinan unit mengikuti capaian kinerja Bidang Mutasi: Butuh Perbaikan berarti "
        "Di Bawah Ekspektasi (SE MenPAN-RB 3/2023)."
    )
    # The form's "diatas" is not what decides: the unit's capaian does.
    final = evaluation.finalise(db, actor=kaban, evaluation_id=ev.id, form=_form(db, unit.kabid_skp.id, "diatas", "sesuai"))
    assert (final.rating_hasil, final.predikat) == ("dibawah", "butuh_perbaikan")
    # Staff are rated as chosen.
    staff_ev = evaluation.open_evaluation(db, actor=unit.actor(unit.kabid), skp_id=unit.skps[0].id, kind="triwulanan", number=1)
    assert evaluation.evaluation_view(db, actor=unit.actor(unit.kabid), evaluation_id=staff_ev.id).rating_hasil_rule == ""


def test_outsiders_cannot_read_or_close_a_unit(db, unit):
    other = make_org(db, code="JATENG", birth="19860101")
    for who in (other.actor, unit.actor(unit.staff[0])):
        with pytest.raises(AccessDenied):
            kurva.unit_kurva(db, actor=who, unit_id=unit.bidang.id, **PERIOD)
        with pytest.raises(AccessDenied):
            kurva.close_unit(db, actor=who, unit_id=unit.bidang.id, **PERIOD)
        with pytest.raises(AccessDenied):
            kurva.set_unit_predikat(db, actor=who, unit_id=unit.bidang.id, predikat="baik", **PERIOD)
    assert kurva.unit_kurva(db, actor=unit.actor(unit.kaban), unit_id=unit.bidang.id, **PERIOD).name == "Bidang Mutasi"


# -- An upheld keberatan in a closed unit (services/keberatan.decide) -------------------------------

KEBERATAN = "Realisasi RHK sudah sesuai target triwulan I menurut laporan yang dilampirkan."
DECISION = "Setelah meminta penjelasan pejabat penilai dan pegawai, realisasi terbukti sesuai target."


def _uphold(unit: Bidang, employee) -> Keberatan:
    """The employee objects to their final predikat; the Kepala Badan (atasan of the Kepala Bidang,
    their pejabat penilai) upholds it with ratings Baik."""
    row = keberatan.file_keberatan(unit.db, actor=unit.actor(employee), evaluation_id=_evaluation_of(unit.db, employee).id, reasons=KEBERATAN)
    decided = keberatan.decide(unit.db, actor=unit.actor(unit.kaban), keberatan_id=row.id, form={
        "decision": "dikabulkan", "decision_reason": DECISION, "rating_hasil": "sesuai", "rating_perilaku": "sesuai",
    })
    unit.db.commit()
    return decided


def _evaluation_of(db, employee) -> Evaluation:
    return db.exec(select(Evaluation).where(Evaluation.employee_id == employee.id, Evaluation.status == "final")).one()


def test_an_upheld_keberatan_that_breaks_a_closed_units_kurva_is_reported_and_flagged(db, unit):
    kabid, kaban = unit.actor(unit.kabid), unit.actor(unit.kaban)
    kurva.set_unit_predikat(db, actor=kaban, unit_id=unit.bidang.id, predikat="baik", **PERIOD)
    unit.rate("baik", "baik", "sangat_baik", "butuh_perbaikan")
    closing = kurva.close_unit(db, actor=kabid, unit_id=unit.bidang.id, **PERIOD)
    db.commit()
    assert closing.fits
    # The analyst rated Butuh Perbaikan wins the keberatan: 3 Baik of 4 and no Butuh Perbaikan left.
    decided = _uphold(unit, unit.staff[3])
    assert decided.predikat_after == "baik"  # the decision is final: the kurva does not block it
    assert (decided.kurva_unit_id, decided.kurva_fits) == (unit.bidang.id, False)
    assert "menjadi TIDAK SESUAI kurva karena keputusan ini" in decided.kurva_note
    # The unit stays closed; its closing now says where it stands.
    db.refresh(closing)
    assert kurva.unit_closing(db, unit_id=unit.bidang.id, **PERIOD) is not None
    assert (closing.fits, closing.employees) == (False, 4) and "Baik paling banyak 70% pegawai (2 dari 4)" in closing.problems
    # The unit's pimpinan (and the level above) see it where the kurva is shown.
    for who in (kabid, kaban):
        view = kurva.unit_kurva(db, actor=who, unit_id=unit.bidang.id, **PERIOD)
        assert view.closed.endswith("(tidak sesuai kurva).")
        [(text, breach)] = view.rechecks
        assert breach and text.startswith("Keberatan Analis 3 dikabulkan oleh Kepala Badan pada ")
        assert "predikat Butuh Perbaikan menjadi Baik." in text and "TIDAK SESUAI" in text
    row = next(r for r in kurva.kurva_units(db, actor=kabid, **PERIOD) if r.unit_id == unit.bidang.id)
    assert row.closed and row.fits is False
    # The deciding official sees it with the decision; the employee does not see the unit's distribution.
    official = keberatan.keberatan_view(db, actor=kaban, keberatan_id=decided.id)
    assert official.kurva_breach and official.kurva_note == decided.kurva_note
    own = keberatan.keberatan_view(db, actor=unit.actor(unit.staff[3]), keberatan_id=decided.id)
    assert (own.kurva_note, own.kurva_breach) == ("", False)
    # Audited: the decision (with what it found) and the closing's re-check.
    [recheck] = db.exec(select(AuditEntry).where(AuditEntry.entity == "unit_evaluation", AuditEntry.action == "recheck")).all()
    assert recheck.entity_id == str(closing.id) and recheck.actor_id == unit.kaban.id
    assert f"keberatan #{decided.id} dikabulkan: tidak sesuai (4 pegawai)" in recheck.detail


def test_an_open_unit_is_reported_and_its_closing_later_asks_the_reason(db, unit):
    kabid, kaban = unit.actor(unit.kabid), unit.actor(unit.kaban)
    kurva.set_unit_predikat(db, actor=kaban, unit_id=unit.bidang.id, predikat="baik", **PERIOD)
    unit.rate("baik", "baik", "sangat_baik", "butuh_perbaikan")
    decided = _uphold(unit, unit.staff[3])
    assert decided.kurva_fits is False and "yang penilaiannya belum ditutup" in decided.kurva_note
    assert not db.exec(select(AuditEntry).where(AuditEntry.action == "recheck")).all()
    with pytest.raises(ValidationFailed) as failed:  # closing it now needs the reason, as for any breach
        kurva.close_unit(db, actor=kabid, unit_id=unit.bidang.id, **PERIOD)
    assert "reason" in failed.value.errors


def test_a_rejected_keberatan_or_a_unit_without_capaian_is_not_checked(db, unit):
    unit.rate("baik", "baik", "sangat_baik", "butuh_perbaikan")
    decided = _uphold(unit, unit.staff[3])  # no capaian set for the unit: no kurva to check against
    assert (decided.kurva_unit_id, decided.kurva_fits, decided.kurva_note) == (None, None, "")
    row = keberatan.file_keberatan(db, actor=unit.actor(unit.staff[2]), evaluation_id=_evaluation_of(db, unit.staff[2]).id, reasons=KEBERATAN)
    rejected = keberatan.decide(db, actor=unit.actor(unit.kaban), keberatan_id=row.id, form={"decision": "ditolak", "decision_reason": DECISION})
    assert (rejected.kurva_unit_id, rejected.kurva_note) == (None, "")
