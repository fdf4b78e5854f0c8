"""Demo jabatan fungsional: every demo holder of a fungsional jabatan gets the jenjang its name
says as one open row of the jenjang history, the jabatan's TMT as the jenjang's, and no angka
kredit before it, so the Angka Kredit page and the BKD recap have people to show. One Ahli Muda
reached the jenjang this year: before it they were Ahli Pertama, so their year is pro-rated over
both jenjang."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from ekinerja.domain.angka_kredit import JENJANG, jenjang_in_name
from ekinerja.models import Employee, JenjangFungsional, Position, PositionAssignment


def seed_angka_kredit(session: Session, *, today: date) -> int:
    """Marks the demo's pejabat fungsional; returns how many."""
    rows = session.exec(
        select(Employee, Position.name, PositionAssignment.start_date)
        .join(PositionAssignment, PositionAssignment.employee_id == Employee.id)
        .join(Position, Position.id == PositionAssignment.position_id)
        .where(Position.kind == "fungsional", PositionAssignment.kind == "definitif", PositionAssignment.end_date.is_(None))
        .order_by(Employee.id)
    ).all()
    marked: list[JenjangFungsional] = []
    for employee, position_name, start in rows:
        jenjang = jenjang_in_name(position_name)
        if jenjang is None:
            continue
        marked.append(JenjangFungsional(employee_id=employee.id, jabatan=position_name, jenjang=jenjang, tmt=start, angka_kredit_awal=0))
    _promote_one(marked, today)
    session.add_all(marked)
    session.flush()
    return len({row.employee_id for row in marked})


def _promote_one(marked: list[JenjangFungsional], today: date) -> None:
    """The first Ahli Muda who held the jabatan before this year was promoted from Ahli Pertama in it."""
    tmt = date(today.year, 1 + (today.month - 1) // 2, 1)
    muda = next((row for row in marked if row.jenjang == "ahli_muda" and row.tmt < date(today.year, 1, 1)), None)
    if muda is None:
        return
    pertama = JENJANG["ahli_pertama"].label
    marked.append(JenjangFungsional(
        employee_id=muda.employee_id, jabatan=muda.jabatan.replace(JENJANG["ahli_muda"].label, pertama), jenjang="ahli_pertama",
        tmt=muda.tmt, end_date=tmt - timedelta(days=1), sk_nomor=f"800.1.3.3/{muda.employee_id}/BKPSDM/{muda.tmt.year}",
        sk_tanggal=muda.tmt, angka_kredit_awal=0,
    ))
    muda.tmt, muda.sk_nomor, muda.sk_tanggal = tmt, f"800.1.3.3/{muda.employee_id}/BKPSDM/{today.year}", tmt
