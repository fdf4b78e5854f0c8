"""Matriks peran hasil through the service: the kasi's team, who may see it, Plt/Plh, revisions, the PDF."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ekinerja.access import AccessDenied
from ekinerja.clock import local_today
from ekinerja.domain.skp_rules import IndikatorForm, RhkForm
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import Rhk, Skp
from ekinerja.services import delegation, peran_hasil, skp_drafts, skp_workflow
from ekinerja.services import skp as svc
from tests.integration import factories
from tests.integration.test_skp import approved, chain, other_becomes_plt_of_kasi, plan, rhk_ids, top_chain  # noqa: F401  (chain is a fixture)


def _kasi_with_two_rhks(db, chain):  # noqa: F811
    kasi_first = top_chain(db, chain)  # one RHK; revision 2 (approved by the kabid) has two
    kabid_rhk = svc.atasan_rhks(db, snapshot=svc.today_snapshot(db), skp=kasi_first)[1][0].id
    revision = skp_drafts.create_revision(db, actor=chain.kasi, skp_id=kasi_first.id)
    skp_drafts.save_rhk(db, actor=chain.kasi, skp_id=revision.id, rhk_id=None, form=RhkForm(
        kind="utama", description="Tersusunnya standar integrasi aplikasi", atasan_rhk_id=str(kabid_rhk),
    ))
    detail = svc.get_detail(db, actor=chain.kasi, skp_id=revision.id)
    skp_drafts.save_indikator(db, actor=chain.kasi, rhk_id=detail.rhks[-1].id, indikator_id=None, form=IndikatorForm(
        aspek="kuantitas", description="Jumlah standar integrasi", target_value="2", target_unit="dokumen",
    ))
    skp_workflow.submit(db, actor=chain.kasi, skp_id=revision.id)
    skp_workflow.approve(db, actor=chain.kabid, skp_id=revision.id)
    db.commit()
    return revision


def test_the_kasi_sees_who_serves_what_and_what_nobody_serves(db, chain):  # noqa: F811
    kasi_skp = _kasi_with_two_rhks(db, chain)
    first, second = rhk_ids(db, kasi_skp)
    approved(db, chain.staf, chain.kasi, [first, first])
    view = peran_hasil.team_matrix(db, actor=chain.kasi, atasan_id=chain.kasi.employee_id)
    matrix = view.matrix
    assert view.atasan_skp_status == "disetujui" and view.atasan_name == chain.kasi.display_name
    assert {m.employee_id for m in matrix.members} == {chain.peer.employee_id, chain.staf.employee_id}
    staf_column = [m.employee_id for m in matrix.members].index(chain.staf.employee_id)
    assert [row.rhk.id for row in matrix.rows] == [first, second]
    assert len(matrix.rows[0].cells[staf_column]) == 2
    assert [r.id for r in matrix.unserved] == [second]
    assert [m.employee_id for m in matrix.without_skp] == [chain.peer.employee_id]
    assert matrix.unlinked == ()


def test_links_to_the_kasis_replaced_revision_still_count(db, chain):  # noqa: F811
    kasi_first = top_chain(db, chain)
    old_rhk = rhk_ids(db, kasi_first)[0]
    approved(db, chain.staf, chain.kasi, [old_rhk])
    # The kasi revises the SKP afterwards: the staf's link still names revision 1's RHK.
    revision = skp_drafts.create_revision(db, actor=chain.kasi, skp_id=kasi_first.id)
    skp_workflow.submit(db, actor=chain.kasi, skp_id=revision.id)
    skp_workflow.approve(db, actor=chain.kabid, skp_id=revision.id)
    db.commit()
    matrix = peran_hasil.team_matrix(db, actor=chain.kasi, atasan_id=chain.kasi.employee_id).matrix
    assert [row.rhk.id for row in matrix.rows] == rhk_ids(db, revision)
    assert matrix.unserved == () and matrix.unlinked == ()


def test_only_the_atasan_and_their_plh_see_the_team(db, chain):  # noqa: F811
    top_chain(db, chain)
    assert peran_hasil.teams(db, actor=chain.staf) == []
    assert [t.id for t in peran_hasil.teams(db, actor=chain.kasi)] == [chain.kasi.employee_id]
    for stranger in (chain.staf, chain.peer, chain.other, chain.kabid, chain.admin):
        with pytest.raises(AccessDenied):
            peran_hasil.team_matrix(db, actor=stranger, atasan_id=chain.kasi.employee_id)
        with pytest.raises(AccessDenied):
            peran_hasil.team_matrix_pdf(db, actor=stranger, atasan_id=chain.kasi.employee_id)
    today = local_today()
    delegation.create_delegation(
        db, actor=chain.kasi, atasan_id=chain.kasi.employee_id, delegate=str(chain.other.employee_id), kind="plh",
        start=today.isoformat(), end=(today + timedelta(days=2)).isoformat(), note="ST 800/1",
    )
    db.commit()
    teams = peran_hasil.teams(db, actor=chain.other)
    assert [t.id for t in teams] == [chain.kasi.employee_id] and chain.kasi.display_name in teams[0].label
    view = peran_hasil.team_matrix(db, actor=chain.other, atasan_id=chain.kasi.employee_id)
    assert {m.employee_id for m in view.matrix.members} == {chain.staf.employee_id, chain.peer.employee_id}


def test_a_plt_holding_the_vacant_post_sees_its_team(db, chain):  # noqa: F811
    kasi_skp = top_chain(db, chain)
    approved(db, chain.staf, chain.kasi, [rhk_ids(db, kasi_skp)[0]])
    plt = other_becomes_plt_of_kasi(db, chain)
    view = peran_hasil.team_matrix(db, actor=plt, atasan_id=plt.employee_id)
    # The team cascades from the kasi post's approved SKP, which the Plt now answers for.
    assert [row.rhk.id for row in view.matrix.rows] == rhk_ids(db, kasi_skp)
    assert view.matrix.unserved == ()


def test_the_pdf(db, chain):  # noqa: F811
    kasi_skp = top_chain(db, chain)
    approved(db, chain.staf, chain.kasi, [rhk_ids(db, kasi_skp)[0]])
    # The peer's draft still names an RHK of the kabid (planned under an earlier atasan, before a mutasi).
    peer_rhk = svc.rhks_of(db, skp_id=plan(db, chain.peer, links=[rhk_ids(db, kasi_skp)[0]]).id)[0]
    peer_rhk.atasan_rhk_id = kasi_skp_parent = svc.rhks_of(db, skp_id=svc.atasan_skp(db, snapshot=svc.today_snapshot(db), skp=kasi_skp).id)[0].id
    db.add(peer_rhk)
    db.commit()
    assert kasi_skp_parent not in rhk_ids(db, kasi_skp)
    filename, data = peran_hasil.team_matrix_pdf(db, actor=chain.kasi, atasan_id=chain.kasi.employee_id)
    assert filename.startswith(f"matriks-peran-hasil-{chain.kasi.nip}-") and filename.endswith(".pdf")
    assert data.startswith(b"%PDF") and len(data) > 2000
    view = peran_hasil.team_matrix(db, actor=chain.kasi, atasan_id=chain.kasi.employee_id)
    assert [(u.member.employee_id, u.stale) for u in view.matrix.unlinked] == [(chain.peer.employee_id, True)]


# -- A chosen year and SKP period -------------------------------------------------------------------


def _past_skp(db, employee_id: int, position, start: date, end: date, rhks: list[tuple[str, int | None]]) -> list[int]:
    """An approved SKP written as last year's would stand (its RHKs with their cascading links); the RHK ids."""
    skp = Skp(employee_id=employee_id, position_id=position.id, year=start.year, period_start=start, period_end=end, status="disetujui")
    db.add(skp)
    db.flush()
    skp.lineage_id = skp.id
    made = [Rhk(skp_id=skp.id, kind="utama", description=text, atasan_rhk_id=link, sort_order=n) for n, (text, link) in enumerate(rhks, 1)]
    db.add_all(made)
    db.commit()
    return [r.id for r in made]


def test_last_year_and_each_of_its_periods(db, chain):  # noqa: F811
    top_chain(db, chain)  # this year's plans stay out of last year's matrix
    last = local_today().year - 1
    kasi, staf = chain.kasi.employee_id, chain.staf.employee_id
    # Last year split on 1 July: the kasi's and the staf's jabatan changed then (an SKP per jabatan).
    data_post = factories.make_position(db, unit=chain.positions["unit"], name="Analis Data", reports_to=chain.positions["kasi"])
    (first_half,) = _past_skp(db, kasi, chain.positions["kasi"], date(last, 1, 1), date(last, 6, 30), [("Tersusunnya peta proses bisnis", None)])
    (second_half,) = _past_skp(db, kasi, chain.positions["other_kasi"], date(last, 7, 1), date(last, 12, 31), [("Terbangunnya gudang data", None)])
    _past_skp(db, staf, chain.positions["staf"], date(last, 1, 1), date(last, 6, 30), [("Terpetakannya proses layanan", first_half)])
    _past_skp(db, staf, data_post, date(last, 7, 1), date(last, 12, 31), [("Termuatnya data layanan", second_half)])

    assert peran_hasil.years(db, actor=chain.kasi, atasan_id=kasi)[:2] == [last + 1, last]
    assert [(p.start.month, p.end.month) for p in peran_hasil.periods(db, actor=chain.kasi, atasan_id=kasi, year=last)] == [(1, 6), (7, 12)]
    # Last year by default: its last period, seen on its last day.
    view = peran_hasil.team_matrix(db, actor=chain.kasi, atasan_id=kasi, year=last)
    assert (view.year, view.on, view.period.start) == (last, date(last, 12, 31), date(last, 7, 1))
    staf_column = [m.employee_id for m in view.matrix.members].index(staf)
    assert [row.rhk.id for row in view.matrix.rows] == [second_half]
    assert [r.description for r in view.matrix.rows[0].cells[staf_column]] == ["Termuatnya data layanan"]
    # The first half: the kasi's and the staf's plans of that period.
    view = peran_hasil.team_matrix(db, actor=chain.kasi, atasan_id=kasi, year=last, period_start=date(last, 1, 1))
    assert view.on == date(last, 6, 30) and [row.rhk.id for row in view.matrix.rows] == [first_half]
    assert [r.description for r in view.matrix.rows[0].cells[staf_column]] == ["Terpetakannya proses layanan"]
    # This year is still the default.
    assert peran_hasil.team_matrix(db, actor=chain.kasi, atasan_id=kasi).year == last + 1
    # The PDF follows the choice.
    filename, data = peran_hasil.team_matrix_pdf(db, actor=chain.kasi, atasan_id=kasi, year=last, period_start=date(last, 1, 1))
    assert filename == f"matriks-peran-hasil-{chain.kasi.nip}-{last}-06-30.pdf" and data.startswith(b"%PDF")


def test_a_year_or_period_without_the_atasans_skp_is_refused_and_strangers_see_no_years(db, chain):  # noqa: F811
    top_chain(db, chain)
    kasi = chain.kasi.employee_id
    this_year = local_today().year
    with pytest.raises(ValidationFailed):
        peran_hasil.team_matrix(db, actor=chain.kasi, atasan_id=kasi, year=this_year - 3)
    with pytest.raises(ValidationFailed):
        peran_hasil.team_matrix_pdf(db, actor=chain.kasi, atasan_id=kasi, year=this_year, period_start=date(this_year - 1, 2, 1))
    for stranger in (chain.staf, chain.peer, chain.other, chain.kabid):
        with pytest.raises(AccessDenied):
            peran_hasil.years(db, actor=stranger, atasan_id=kasi)
        with pytest.raises(AccessDenied):
            peran_hasil.periods(db, actor=stranger, atasan_id=kasi, year=this_year)
