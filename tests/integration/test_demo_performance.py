"""The demo's SKPs and penilaian for every pegawai (ekinerja/demo/performance_seed.py): the pages
that read them (Analisis Organisasi, Penilaian Kinerja) have something to show in every OPD."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import pytest
from sqlmodel import select

from ekinerja.clock import local_today
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.predikat import OrganisationPredikat, Predikat, distribution_problems, predikat_of
from ekinerja.models import (
    Employee,
    Evaluation,
    EvaluationPerilakuRating,
    EvaluationRhkRating,
    Indikator,
    OrgUnit,
    Rhk,
    Skp,
)
from ekinerja.services import evaluation as evaluation_service
from ekinerja.services import org_performance
from ekinerja.services.org import load_snapshot, org_snapshot
from ekinerja.services.unit_capaian import head_rule
from tests.integration.factories import actor_for

# Three triwulan have ended, whatever day the tests run on.
TODAY = date(local_today().year, 11, 16)


@pytest.fixture(autouse=True)
def _today(pin_today):
    """The services' own "today" is the test's."""
    pin_today(TODAY)


@pytest.fixture
def demo(seeded_demo):
    org_performance.clear_cache()
    return seeded_demo(TODAY)


def test_every_pegawai_has_an_approved_skp_cascading_from_the_atasan(db, demo):
    snapshot = org_snapshot(db, on=TODAY)
    holders = {h.employee_id for holdings in snapshot.holders.values() for h in holdings if h.kind == "definitif"}
    skps = {s.employee_id: s for s in db.exec(select(Skp).where(Skp.year == TODAY.year, Skp.status == "disetujui"))}
    assert set(skps) == holders
    rhks = defaultdict(list)
    for rhk in db.exec(select(Rhk)):
        rhks[rhk.skp_id].append(rhk)
    parent_skp = {rhk.id: rhk.skp_id for group in rhks.values() for rhk in group}
    indikators = Counter(db.exec(select(Indikator.rhk_id)).all())
    chain = {getattr(demo, role).employee_id for role in ("kepala_opd", "kepala_bidang", "kepala_seksi", "staf")}  # skp_seed's own plans
    for employee_id, skp in skps.items():
        assert 2 <= len(rhks[skp.id]) <= 3, employee_id
        assert all(indikators[rhk.id] >= 1 and rhk.description for rhk in rhks[skp.id])
        boss = snapshot.atasan_of(employee_id)
        if boss is not None and employee_id not in chain:  # every RHK intervenes one of the atasan's own RHKs
            assert {parent_skp[rhk.atasan_rhk_id] for rhk in rhks[skp.id]} == {skps[boss.employee_id].id}, employee_id


def test_ended_triwulan_are_rated_final_following_the_matrix(db, demo):
    finals = db.exec(select(Evaluation).where(Evaluation.status == "final")).all()
    assert {(e.period_kind, e.period_no) for e in finals} == {("triwulanan", 1), ("triwulanan", 2), ("triwulanan", 3)}
    rhk_ratings = Counter(db.exec(select(EvaluationRhkRating.evaluation_id)).all())
    perilaku_ratings = Counter(db.exec(select(EvaluationPerilakuRating.evaluation_id)).all())
    rhks = Counter(db.exec(select(Rhk.skp_id)).all())
    for e in finals:
        assert e.predikat == predikat_of(e.rating_hasil, e.rating_perilaku).value
        assert rhk_ratings[e.id] == rhks[e.skp_id] and perilaku_ratings[e.id] == len(BERAKHLAK)
    shares = {p: n / len(finals) for p, n in Counter(Predikat(e.predikat) for e in finals).items()}
    assert 0.5 <= shares[Predikat.BAIK] <= 0.75
    assert 0.1 <= shares[Predikat.SANGAT_BAIK] <= 0.3
    assert 0.05 <= shares[Predikat.BUTUH_PERBAIKAN] <= 0.2
    assert 0 < shares.get(Predikat.KURANG, 0) <= 0.03


def test_the_demo_staf_keeps_the_single_evaluation_below_baik(db, demo):
    rows = db.exec(select(Evaluation).where(Evaluation.employee_id == demo.staf.employee_id)).all()
    assert [(r.period_no, r.predikat) for r in rows] == [(3, Predikat.BUTUH_PERBAIKAN.value)]


def test_most_teams_fit_the_kurva(db, demo):
    teams = defaultdict(list)
    for e in db.exec(select(Evaluation).where(Evaluation.status == "final")):
        teams[(e.evaluator_id, e.period_no)].append(e.predikat)
    sizeable = [team for team in teams.values() if len(team) >= 3]
    fitting = [team for team in sizeable if not distribution_problems(OrganisationPredikat.BAIK, team)]
    assert sizeable and len(fitting) >= 0.6 * len(sizeable)


def test_the_ranking_of_opds_shows_their_predikat(db, demo):
    admin = actor_for(db, db.get(Employee, demo.admin.employee_id))
    instansi = db.exec(select(OrgUnit).where(OrgUnit.level == "instansi")).one()
    view = org_performance.ranking(db, actor=admin, parent_id=instansi.id, year=TODAY.year, month=9, today=TODAY)
    distributions = {r.measures.unit_name: r.measures.predikat for r in view.ranking}
    assert len(distributions) >= 6
    assert all(d and max(d, key=d.get) == Predikat.BAIK.value for d in distributions.values()), distributions
    baik_shares = {round(d[Predikat.BAIK.value] / sum(d.values()), 2) for d in distributions.values()}
    assert len(baik_shares) > 1  # the OPDs differ


def test_an_atasan_outside_the_demo_chain_sees_the_team_rated(db, demo):
    snapshot = org_snapshot(db, on=local_today())
    chain = {demo.kepala_opd.employee_id, demo.kepala_bidang.employee_id, demo.kepala_seksi.employee_id}
    boss = next(
        e for e in sorted({h.employee_id for hs in snapshot.holders.values() for h in hs})
        if e not in chain and len(snapshot.direct_subordinates(e)) >= 3 and not chain & set(snapshot.direct_subordinates(e))
    )
    rows = evaluation_service.team_evaluations(db, actor=actor_for(db, db.get(Employee, boss)), year=TODAY.year, kind="triwulanan", number=2)
    assert len(rows) >= 3 and all(r.status == "final" and r.predikat for r in rows)


def test_every_heads_rating_hasil_follows_the_capaian_of_the_unit_they_lead(db, demo):
    snapshot = load_snapshot(db, on=TODAY)
    checked = 0
    for ev in db.exec(select(Evaluation).where(Evaluation.status == "final")):
        rule = head_rule(db, snapshot=snapshot, employee_id=ev.employee_id, year=ev.year, kind=ev.period_kind, number=ev.period_no)
        if rule is not None:
            assert rule.capaian is not None and rule.rating.value == ev.rating_hasil, (rule.unit_name, ev.id)
            checked += 1
    assert checked >= 20
