"""Final evaluations for a browser test's own subordinate, written straight into the app's database
(so no unit closing made by another test stands in the way); masukan rekan kerja answered by demo
accounts; the staf's approved SKP of the year the penilaian page offers."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, create_engine, select

from ekinerja.clock import local_today, utcnow
from ekinerja.demo.skp_seed import PLANS, approved_skp, plan_skps
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.evaluation_period import current_period
from ekinerja.domain.names import display_name
from ekinerja.domain.predikat import predikat_of
from ekinerja.models import (
    Employee,
    Evaluation,
    EvaluationPerilakuRating,
    EvaluationRhkRating,
    PeerInputRequest,
    PositionAssignment,
    Rhk,
    Skp,
)
from ekinerja.services import evaluation, peer_input, self_assessment
from ekinerja.services.org import load_snapshot
from ekinerja.services.skp import rhks_of
from tests.integration.factories import actor_for

# A plausible short reason per rating, for every BerAKHLAK value.
PEER_REASONS = {
    "diatas": "{name}: menjadi teladan bagi tim, terutama saat tenggat laporan.",
    "sesuai": "{name}: terlihat konsisten dalam pekerjaan sehari-hari.",
    "dibawah": "{name}: masih perlu ditingkatkan saat beban kerja tinggi.",
}


def final_evaluations(running_app, *, nip: str, evaluator_id: int, year: int, kind: str, ratings: list[tuple[int, str, str]]) -> None:
    """An approved SKP of ``year`` with one RHK for the employee, and a final evaluation per
    (period number, rating hasil kerja, rating perilaku kerja); each BerAKHLAK value rated as perilaku."""
    engine = create_engine(running_app.database_url)
    with Session(engine) as session:
        employee = session.exec(select(Employee).where(Employee.nip == nip)).one()
        post = session.exec(select(PositionAssignment).where(PositionAssignment.employee_id == employee.id)).one()
        skp = Skp(employee_id=employee.id, position_id=post.position_id, year=year, period_start=date(year, 1, 1), period_end=date(year, 12, 31), status="disetujui")
        session.add(skp)
        session.flush()
        skp.lineage_id = skp.id
        rhk = Rhk(skp_id=skp.id, description="Terkelolanya arsip kepegawaian digital")
        session.add(rhk)
        session.flush()
        for number, hasil, perilaku in ratings:
            ev = Evaluation(
                skp_id=skp.id, employee_id=employee.id, evaluator_id=evaluator_id, year=year, period_kind=kind, period_no=number,
                status="final", rating_hasil=hasil, rating_perilaku=perilaku, predikat=predikat_of(hasil, perilaku).value, finalised_at=utcnow(),
            )
            session.add(ev)
            session.flush()
            session.add(EvaluationRhkRating(evaluation_id=ev.id, rhk_id=rhk.id, rating=hasil))
            session.add_all([EvaluationPerilakuRating(evaluation_id=ev.id, value_code=v.code, rating=perilaku) for v in BERAKHLAK])
        session.commit()
    engine.dispose()


def employee_id_of(running_app, nip: str) -> int:
    engine = create_engine(running_app.database_url)
    with Session(engine) as session:
        found = session.exec(select(Employee.id).where(Employee.nip == nip)).one()
    engine.dispose()
    return found


def rekan_kerja(running_app, *, employee_id: int) -> dict[int, str]:
    """The employee's rekan kerja (the others under the same atasan) by id, with the name the app shows;
    the demo's own first (pegawai added by tests have later ids)."""
    engine = create_engine(running_app.database_url)
    with Session(engine) as session:
        snapshot = load_snapshot(session, on=local_today())
        ids = sorted(set(snapshot.direct_subordinates(snapshot.atasan_of(employee_id).employee_id)) - {employee_id})
        found = {e.id: display_name(e) for e in session.exec(select(Employee).where(col(Employee.id).in_(ids)))}
    engine.dispose()
    return {i: found[i] for i in ids}


def ask_for_peer_input(running_app, *, evaluator: str, employee_id: int, year: int, respondents: list[int]) -> None:
    """The demo ``evaluator`` opens the employee's annual evaluation of ``year`` and asks ``respondents``."""
    engine = create_engine(running_app.database_url)
    with Session(engine) as session:
        boss = actor_for(session, session.get(Employee, running_app.accounts[evaluator]["employee_id"]))
        skp = session.exec(select(Skp).where(Skp.employee_id == employee_id, Skp.year == year, Skp.status == "disetujui")).one()
        ev = evaluation.open_evaluation(session, actor=boss, skp_id=skp.id, kind="tahunan", number=1)
        peer_input.request_input(session, actor=boss, evaluation_id=ev.id, respondent_ids=respondents)
        session.commit()
    engine.dispose()


def answer_peer_input(running_app, *, employee_id: int, answers: dict[int, str]) -> None:
    """Each respondent in ``answers`` (id: rating) answers its open request about the employee, every value alike."""
    engine = create_engine(running_app.database_url)
    with Session(engine) as session:
        for respondent_id, rating in answers.items():
            request = session.exec(
                select(PeerInputRequest)
                .join(Evaluation, PeerInputRequest.evaluation_id == Evaluation.id)
                .where(PeerInputRequest.respondent_id == respondent_id, Evaluation.employee_id == employee_id, PeerInputRequest.answered_at.is_(None))
            ).one()
            form = {}
            for value in BERAKHLAK:
                form[f"rating_{value.code}"] = rating
                form[f"reason_{value.code}"] = PEER_REASONS[rating].format(name=value.name)
            respondent = actor_for(session, session.get(Employee, respondent_id))
            peer_input.answer(session, actor=respondent, request_id=request.id, form=form)
        session.commit()
    engine.dispose()


def staf_skp_of_offered_year(running_app) -> tuple[int, list[Rhk]]:
    """The year the staf's penilaian page offers and the RHKs of the staf's approved SKP of it. Early in
    the year that is last year, which the demo has no SKP for: then one is made from the demo's plan."""
    staf = running_app.accounts["staf"]
    engine = create_engine(running_app.database_url)
    with Session(engine, expire_on_commit=False) as session:
        actor = actor_for(session, session.get(Employee, staf["employee_id"]))
        year, _ = current_period(evaluation.periodic_kind(session, instansi_id=actor.instansi_id), local_today())
        skp = self_assessment.own_skp(session, actor=actor, year=year)
        if skp is None:
            snapshot = load_snapshot(session, on=local_today())
            skp = approved_skp(snapshot, employee_id=actor.employee_id, today=date(year, 12, 31), start=date(year, 1, 1))
            session.add(skp)
            session.flush()
            skp.lineage_id = skp.id
            plan_skps(session, [(skp, PLANS["staf"], [])], date(year, 12, 31))
            session.commit()
        rhks = rhks_of(session, skp_id=skp.id)
    engine.dispose()
    return year, rhks
