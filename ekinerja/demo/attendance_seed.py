"""Demo kehadiran, TPP rules and penilaian: attendance for every OPD over the days its activities
cover (three months for the demo OPD, Diskominfo; since the first of last month for the others).

Deterministic (fixed random seed) and fast (bulk inserts). Each OPD is late at its own rate
(Diskominfo least), so discipline tells the units apart. Mostly on time, some TL/PSW,
a few absences with cuti/sakit (approved, so they cost nothing), an occasional day
absent without reason; the instansi's working hours and TPP ruleset for the year; a
finalised evaluation of the demo staf and a colleague for the previous quarter.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, select

from ekinerja.clock import utcnow
from ekinerja.demo.activity_seed import DEMO_OPD_CODE, HISTORY_DAYS, _chain, opd_habits
from ekinerja.domain.activity_rules import WorkCalendar
from ekinerja.domain.attendance import default_hours
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.predikat import Rating, predikat_of
from ekinerja.domain.statuses import AbsenceStatus, EvaluationStatus, SkpStatus
from ekinerja.domain.tpp_ruleset import default_ruleset
from ekinerja.models import (
    Absence,
    AttendanceRecord,
    Evaluation,
    EvaluationPerilakuRating,
    EvaluationRhkRating,
    Holiday,
    OrgUnit,
    Rhk,
    Skp,
    WorkingHours,
)
from ekinerja.services.org import load_snapshot
from ekinerja.services.tpp import store_ruleset

SEED = 7305
ABSENCE_KINDS = ("cuti_tahunan", "sakit", "cuti_sakit", "izin", "dinas_luar")


def seed_attendance(session: Session, *, accounts: Any, today: date) -> None:
    """``accounts`` is the seed's DemoAccounts."""
    rng = random.Random(SEED)
    instansi = session.exec(select(OrgUnit).where(OrgUnit.level == "instansi")).first()
    opd = session.exec(select(OrgUnit).where(OrgUnit.code == DEMO_OPD_CODE)).first()
    if instansi is None or opd is None:
        return
    hours = default_hours(5)
    session.execute(insert(WorkingHours), [{"instansi_id": instansi.id, "weekday": d, "start_time": s, "end_time": e} for d, (s, e) in hours.items()])
    for year in {today.year, (today - timedelta(days=HISTORY_DAYS)).year}:
        store_ruleset(session, instansi_id=instansi.id, year=year, ruleset=default_ruleset(), actor_id=accounts.admin.employee_id)
    holidays = frozenset(session.exec(select(Holiday.day).where(Holiday.instansi_id == instansi.id)))
    calendar = WorkCalendar(5, holidays)
    snapshot = load_snapshot(session, on=today)
    opds = {
        unit.id: (opd_habits(unit.code, index, today).start, 0.08 if unit.code == DEMO_OPD_CODE else 0.1 + 0.04 * (index % 4))
        for index, unit in enumerate(session.exec(select(OrgUnit).where(OrgUnit.level == "opd").order_by(OrgUnit.code)))
    }
    employees = {}
    for eid in _holders(snapshot):
        holding = snapshot.definitive_position(eid)
        chain = _chain(snapshot.unit_of_position[holding.position_id], snapshot.parent_of_unit) if holding else []
        found = next((opds[u] for u in chain if u in opds), None)
        if found:
            employees[eid] = found
    records: list[dict[str, Any]] = []
    absences: list[dict[str, Any]] = []
    for employee_id in sorted(employees):
        start, late_rate = employees[employee_id]
        day = start
        while day < today:
            if not calendar.is_working_day(day):
                day += timedelta(days=1)
                continue
            roll = rng.random()
            if roll < 0.015:  # a short absence with evidence on file, approved
                length = rng.randint(1, 3)
                absences.append({
                    "employee_id": employee_id, "kind": rng.choice(ABSENCE_KINDS), "start_date": day,
                    "end_date": min(day + timedelta(days=length - 1), today - timedelta(days=1)), "note": "Data demo",
                    "evidence_file_id": None, "status": AbsenceStatus.DISETUJUI, "created_by_id": accounts.admin.employee_id, "created_at": utcnow(),
                })
                day += timedelta(days=length)
                continue
            if roll > 0.004:  # otherwise: no record at all, absent without reason
                records.append(_record(rng, employee_id, day, hours[day.weekday()], late_rate))
            day += timedelta(days=1)
    if records:
        session.execute(insert(AttendanceRecord), records)
    if absences:
        session.execute(insert(Absence), absences)
    _evaluations(session, snapshot, accounts=accounts, today=today)
    session.flush()


def _holders(snapshot) -> set[int]:
    return {h.employee_id for holdings in snapshot.holders.values() for h in holdings if h.kind == "definitif"}


def _record(rng: random.Random, employee_id: int, day: date, hours: tuple[time, time], late_rate: float) -> dict[str, Any]:
    start, end = (datetime.combine(day, t) for t in hours)
    late = rng.random()
    check_in = start - timedelta(minutes=rng.randint(1, 30)) if late > late_rate else start + timedelta(minutes=rng.choice((5, 20, 45, 75, 120)))
    early = rng.random()
    check_out = end + timedelta(minutes=rng.randint(0, 50)) if early > 0.05 else end - timedelta(minutes=rng.choice((10, 40, 70, 100)))
    return {
        "employee_id": employee_id, "day": day, "check_in": check_in.time(), "check_out": check_out.time(), "source": "import",
        "corrected_by_id": None, "correction_reason": "", "updated_at": utcnow(),
    }


def _evaluations(session: Session, snapshot, *, accounts: Any, today: date) -> None:
    """The kepala seksi's finalised evaluations of the previous quarter for the team's approved SKPs."""
    quarter = (today.month - 1) // 3
    year, quarter = (today.year, quarter) if quarter else (today.year - 1, 4)
    boss = accounts.kepala_seksi.employee_id
    team = snapshot.direct_subordinates(boss)
    skps = session.exec(select(Skp).where(Skp.employee_id.in_(team), Skp.year == year, Skp.status == SkpStatus.DISETUJUI).order_by(Skp.employee_id)).all()
    for skp, (hasil, perilaku) in zip(skps[:2], ((Rating.SESUAI, Rating.SESUAI), (Rating.DI_ATAS, Rating.SESUAI)), strict=False):
        evaluation = Evaluation(
            skp_id=skp.id, employee_id=skp.employee_id, evaluator_id=boss, year=year, period_kind="triwulanan", period_no=quarter,
            status=EvaluationStatus.FINAL, rating_hasil=hasil.value, rating_perilaku=perilaku.value, predikat=predikat_of(hasil, perilaku).value, finalised_at=utcnow(),
        )
        session.add(evaluation)
        session.flush()
        rate_items(session, evaluation, hasil, perilaku, feedback="Capaian sesuai rencana aksi.")


def rate_items(session: Session, evaluation: Evaluation, hasil: Rating, perilaku: Rating, *, feedback: str) -> None:
    """Every RHK of the evaluated SKP rated ``hasil`` (with ``feedback``), every BerAKHLAK value ``perilaku``."""
    for rhk_id in session.exec(select(Rhk.id).where(Rhk.skp_id == evaluation.skp_id)):
        session.add(EvaluationRhkRating(evaluation_id=evaluation.id, rhk_id=rhk_id, rating=hasil.value, feedback=feedback))
    for value in BERAKHLAK:
        session.add(EvaluationPerilakuRating(evaluation_id=evaluation.id, value_code=value.code, rating=perilaku.value, feedback=""))
