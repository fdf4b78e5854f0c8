"""Masukan rekan kerja through the services: asking, answering once, the aggregate and who sees it."""

from __future__ import annotations

import pytest

from ekinerja.access import AccessDenied
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import AuditEntry
from ekinerja.services import evaluation, peer_input
from ekinerja.services import skp as svc
from tests.integration import factories
from tests.integration.test_skp import approved, chain, rhk_ids, top_chain  # noqa: F401  (chain is a fixture)


def answer_form(rating: str, reason: str) -> dict[str, str]:
    return {f"rating_{v.code}": rating for v in BERAKHLAK} | {f"reason_{v.code}": reason for v in BERAKHLAK}


def final_form(db, ev) -> dict[str, str]:
    form = {f"rhk_{r.id}": "sesuai" for r in svc.rhks_of(db, skp_id=ev.skp_id)}
    return form | {f"val_{v.code}": "sesuai" for v in BERAKHLAK} | {"rating_hasil": "sesuai", "rating_perilaku": "sesuai"}


@pytest.fixture
def staf_evaluation(db, chain):  # noqa: F811
    kasi_skp = top_chain(db, chain)
    skp = approved(db, chain.staf, chain.kasi, [rhk_ids(db, kasi_skp)[0]])
    more = [
        factories.make_employee(db, position=chain.positions["staf"], nip=factories.nip_for(30 + n), name=f"Rekan {n}")
        for n in (1, 2)
    ]
    db.commit()
    ev = evaluation.open_evaluation(db, actor=chain.kasi, skp_id=skp.id, kind="triwulanan", number=1)
    db.commit()
    return ev, [chain.peer, *(factories.actor_for(db, e) for e in more)]


def test_the_evaluator_asks_peers_they_answer_once_and_see_the_aggregate_from_three(db, chain, staf_evaluation):  # noqa: F811
    ev, peers = staf_evaluation
    view = peer_input.input_view(db, actor=chain.kasi, evaluation_id=ev.id)
    assert view.can_request and {c.employee_id for c in view.candidates} == {p.employee_id for p in peers}
    assert {c.relation for c in view.candidates} == {"rekan"}
    with pytest.raises(ValidationFailed) as failed:
        peer_input.request_input(db, actor=chain.kasi, evaluation_id=ev.id, respondent_ids=[])
    assert failed.value.errors == {"respondents": "Pilih paling sedikit satu rekan kerja atau bawahan."}
    for not_eligible in (chain.staf, chain.other, chain.kabid):
        with pytest.raises(AccessDenied):
            peer_input.request_input(db, actor=chain.kasi, evaluation_id=ev.id, respondent_ids=[not_eligible.employee_id])
    for not_evaluator in (chain.staf, chain.peer, chain.kabid, chain.other, chain.admin):
        with pytest.raises(AccessDenied):
            peer_input.request_input(db, actor=not_evaluator, evaluation_id=ev.id, respondent_ids=[peers[0].employee_id])
    assert peer_input.request_input(db, actor=chain.kasi, evaluation_id=ev.id, respondent_ids=[p.employee_id for p in peers]) == 3
    assert peer_input.request_input(db, actor=chain.kasi, evaluation_id=ev.id, respondent_ids=[peers[0].employee_id]) == 0
    db.commit()

    assert peer_input.pending_for(db, actor=chain.staf) == []
    mine = peer_input.pending_for(db, actor=peers[0])
    assert [(p.employee_name, p.relation) for p in mine] == [(chain.staf.display_name, "rekan")]
    with pytest.raises(AccessDenied):
        peer_input.answer(db, actor=chain.other, request_id=mine[0].id, form=answer_form("sesuai", "Selalu tepat waktu dalam tugas"))
    with pytest.raises(ValidationFailed) as failed:
        peer_input.answer(db, actor=peers[0], request_id=mine[0].id, form={})
    assert len(failed.value.errors) == 14

    reasons = ("Selalu tepat waktu dalam tugas", "Membantu menyusun laporan tim", "Ramah kepada pengguna layanan")
    for person, rating, reason in zip(peers[:2], ("diatas", "sesuai"), reasons, strict=False):
        request_id = peer_input.pending_for(db, actor=person)[0].id
        peer_input.answer(db, actor=person, request_id=request_id, form=answer_form(rating, reason))
        db.commit()
    with pytest.raises(ValidationFailed) as failed:
        peer_input.answer(db, actor=peers[0], request_id=mine[0].id, form=answer_form("sesuai", "Sekali lagi mencoba"))
    assert failed.value.errors == {"form": peer_input.ANSWERED}
    two = peer_input.input_view(db, actor=chain.kasi, evaluation_id=ev.id)
    assert (two.asked, two.answered) == (3, 2) and not two.summary.shown
    assert [(r.name, r.answered) for r in two.respondents] == [(p.display_name, n < 2) for n, p in enumerate(peers)]

    peer_input.answer(db, actor=peers[2], request_id=peer_input.pending_for(db, actor=peers[2])[0].id, form=answer_form("sesuai", reasons[2]))
    db.commit()
    three = peer_input.input_view(db, actor=chain.kasi, evaluation_id=ev.id)
    assert three.summary.shown and three.summary.values[0].counts == {"diatas": 1, "sesuai": 2, "dibawah": 0}
    assert set(three.summary.values[0].reasons) == set(reasons)
    # Only that an answer came is audited, never what it said.
    audited = db.exec(AuditEntry.__table__.select().where(AuditEntry.entity == "peer_input_request", AuditEntry.action == "answer")).all()
    assert len(audited) == 3 and not any(reasons[0] in repr(tuple(row)) for row in audited)


def test_the_employee_sees_the_aggregate_only_when_final_and_never_names(db, chain, staf_evaluation):  # noqa: F811
    ev, peers = staf_evaluation
    peer_input.request_input(db, actor=chain.kasi, evaluation_id=ev.id, respondent_ids=[p.employee_id for p in peers])
    for person in peers:
        peer_input.answer(db, actor=person, request_id=peer_input.pending_for(db, actor=person)[0].id,
                          form=answer_form("diatas", "Menjadi teladan dalam pelayanan"))
    db.commit()
    own = peer_input.input_view(db, actor=chain.staf, evaluation_id=ev.id)
    assert own.summary is None and own.respondents == [] and own.candidates == [] and not own.can_request
    for stranger in (chain.peer, chain.other):
        with pytest.raises(AccessDenied):
            peer_input.input_view(db, actor=stranger, evaluation_id=ev.id)

    evaluation.finalise(db, actor=chain.kasi, evaluation_id=ev.id, form=final_form(db, ev))
    db.commit()
    own = peer_input.input_view(db, actor=chain.staf, evaluation_id=ev.id)
    assert own.summary.shown and own.summary.values[0].counts["diatas"] == 3
    assert not any(p.display_name in repr(own) for p in peers)
    # Final: no more asking, nothing pending to answer.
    with pytest.raises(ValidationFailed) as failed:
        peer_input.request_input(db, actor=chain.kasi, evaluation_id=ev.id, respondent_ids=[peers[0].employee_id])
    assert failed.value.errors == {"form": peer_input.CLOSED}
    assert not peer_input.input_view(db, actor=chain.kasi, evaluation_id=ev.id).can_request


def test_an_unanswered_request_closes_with_the_evaluation(db, chain, staf_evaluation):  # noqa: F811
    ev, peers = staf_evaluation
    peer_input.request_input(db, actor=chain.kasi, evaluation_id=ev.id, respondent_ids=[peers[0].employee_id])
    db.commit()
    request_id = peer_input.pending_for(db, actor=peers[0])[0].id
    evaluation.finalise(db, actor=chain.kasi, evaluation_id=ev.id, form=final_form(db, ev))
    db.commit()
    assert peer_input.pending_for(db, actor=peers[0]) == []
    with pytest.raises(ValidationFailed) as failed:
        peer_input.answer(db, actor=peers[0], request_id=request_id, form=answer_form("sesuai", "Terlambat mengisi masukan"))
    assert failed.value.errors == {"form": peer_input.CLOSED}


def test_a_kasi_is_rated_with_input_from_bawahan_and_rekan(db, chain):  # noqa: F811
    kasi_skp = top_chain(db, chain)
    ev = evaluation.open_evaluation(db, actor=chain.kabid, skp_id=kasi_skp.id, kind="triwulanan", number=1)
    db.commit()
    view = peer_input.input_view(db, actor=chain.kabid, evaluation_id=ev.id)
    assert {(c.employee_id, c.relation) for c in view.candidates} == {
        (chain.staf.employee_id, "bawahan"), (chain.peer.employee_id, "bawahan"), (chain.other.employee_id, "rekan"),
    }
