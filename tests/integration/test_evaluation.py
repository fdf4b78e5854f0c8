"""Penilaian kinerja: ratings give the predikat, only the atasan rates; the kurva is checked per unit (test_kurva.py)."""

from __future__ import annotations

from datetime import date

import pytest

from ekinerja.access import AccessDenied
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import Rhk, Skp
from ekinerja.services import evaluation, kurva
from tests.integration.factories import actor_for, make_employee, make_org, nip_for


def _approved_skp(db, employee, position) -> Skp:
    skp = Skp(employee_id=employee.id, position_id=position.id, year=2025, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), status="disetujui")
    db.add(skp)
    db.flush()
    skp.lineage_id = skp.id
    db.add(Rhk(skp_id=skp.id, description="Tersusunnya laporan kepegawaian"))
    db.flush()
    return skp


def _form(skp_id: int, db, hasil: str, perilaku: str) -> dict[str, str]:
    rhks = evaluation.rhks_of(db, skp_id=skp_id)
    form = {f"rhk_{r.id}": hasil for r in rhks} | {f"rhk_fb_{r.id}": "Tepat waktu" for r in rhks}
    form |= {f"val_{v.code}": perilaku for v in BERAKHLAK}
    return form | {"rating_hasil": hasil, "rating_perilaku": perilaku}


def evaluation_team(db):
    """A kepala with two staf, each with an approved SKP for 2025."""
    org = make_org(db)
    boss = make_employee(db, position=org.head, nip=nip_for(2), name="Kepala")
    a = make_employee(db, position=org.staff, nip=nip_for(3), name="Staf A")
    b = make_employee(db, position=org.staff, nip=nip_for(4), name="Staf B")
    skps = [_approved_skp(db, e, org.staff) for e in (a, b)]
    db.commit()
    return org, boss, (a, b), skps


@pytest.fixture
def team(db):
    return evaluation_team(db)


@pytest.mark.parametrize(
    ("hasil", "perilaku", "label"),
    [("diatas", "diatas", "Sangat Baik"), ("sesuai", "sesuai", "Baik"), ("dibawah", "sesuai", "Butuh Perbaikan"), ("sesuai", "dibawah", "Kurang/Misconduct")],
)
def test_ratings_give_the_predikat(db, team, hasil, perilaku, label):
    _org, boss, _, skps = team
    atasan = actor_for(db, boss)
    ev = evaluation.open_evaluation(db, actor=atasan, skp_id=skps[0].id, kind="triwulanan", number=1)
    final = evaluation.finalise(db, actor=atasan, evaluation_id=ev.id, form=_form(skps[0].id, db, hasil, perilaku))
    assert final.status == "final"
    view = evaluation.evaluation_view(db, actor=actor_for(db, db.get(type(boss), skps[0].employee_id)), evaluation_id=ev.id)
    assert view.predikat == label and not view.can_rate
    with pytest.raises(AccessDenied):  # final: no more changes
        evaluation.save_ratings(db, actor=atasan, evaluation_id=ev.id, form={})


def test_incomplete_ratings_cannot_finalise(db, team):
    _, boss, _, skps = team
    atasan = actor_for(db, boss)
    ev = evaluation.open_evaluation(db, actor=atasan, skp_id=skps[0].id, kind="triwulanan", number=1)
    with pytest.raises(ValidationFailed) as failed:
        evaluation.finalise(db, actor=atasan, evaluation_id=ev.id, form={"rating_hasil": "sesuai"})
    assert "rating_perilaku" in failed.value.errors and any(k.startswith("val_") for k in failed.value.errors)


def test_finalising_no_longer_warns_on_each_evaluation(db, team):
    """Before: the first Baik under an org "Baik" raised a kurva warning to confirm. Now the kurva waits for the unit."""
    org, boss, _, skps = team
    atasan = actor_for(db, boss)
    kurva.set_unit_predikat(db, actor=org.actor, unit_id=org.opd.id, year=2025, kind="triwulanan", number=1, predikat="baik")
    first = evaluation.open_evaluation(db, actor=atasan, skp_id=skps[0].id, kind="triwulanan", number=1)
    assert evaluation.finalise(db, actor=atasan, evaluation_id=first.id, form=_form(skps[0].id, db, "sesuai", "sesuai")).predikat == "baik"
    second = evaluation.open_evaluation(db, actor=atasan, skp_id=skps[1].id, kind="triwulanan", number=1)
    final = evaluation.finalise(db, actor=atasan, evaluation_id=second.id, form=_form(skps[1].id, db, "dibawah", "sesuai"))
    assert final.predikat == "butuh_perbaikan"
    assert evaluation.predikat_for_month(db, employee_ids=[skps[1].employee_id], year=2025, month=2) == {skps[1].employee_id: "butuh_perbaikan"}


def test_only_the_atasan_rates(db, team):
    org, boss, (a, b), skps = team
    for who in (org.actor, actor_for(db, a), actor_for(db, b)):
        with pytest.raises(AccessDenied):
            evaluation.open_evaluation(db, actor=who, skp_id=skps[0].id, kind="triwulanan", number=1)
    ev = evaluation.open_evaluation(db, actor=actor_for(db, boss), skp_id=skps[0].id, kind="triwulanan", number=1)
    with pytest.raises(AccessDenied):
        evaluation.save_ratings(db, actor=actor_for(db, b), evaluation_id=ev.id, form={"rating_hasil": "diatas"})
    with pytest.raises(AccessDenied):  # the level above sets a unit's capaian, never its own head
        kurva.set_unit_predikat(db, actor=actor_for(db, boss), unit_id=org.opd.id, year=2025, kind="triwulanan", number=1, predikat="baik")
