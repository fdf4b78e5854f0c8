"""Final evaluations for a browser test's own subordinate, written straight into the app's database
(so no unit closing made by another test stands in the way)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, create_engine, select

from ekinerja.clock import utcnow
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.predikat import predikat_of
from ekinerja.models import (
    Employee,
    Evaluation,
    EvaluationPerilakuRating,
    EvaluationRhkRating,
    PositionAssignment,
    Rhk,
    Skp,
)


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
