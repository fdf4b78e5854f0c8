"""Demo jabatan fungsional: every demo holder of a fungsional jabatan gets the jenjang its name
says as one open row of the jenjang history, the jabatan's TMT as the jenjang's, and no angka
kredit before it, so the Angka Kredit page and the BKD recap have people to show."""

from __future__ import annotations

from sqlmodel import Session, select

from ekinerja.domain.angka_kredit import jenjang_in_name
from ekinerja.models import Employee, JenjangFungsional, Position, PositionAssignment


def seed_angka_kredit(session: Session) -> int:
    """Marks the demo's pejabat fungsional; returns how many."""
    rows = session.exec(
        select(Employee, Position.name, PositionAssignment.start_date)
        .join(PositionAssignment, PositionAssignment.employee_id == Employee.id)
        .join(Position, Position.id == PositionAssignment.position_id)
        .where(Position.kind == "fungsional", PositionAssignment.kind == "definitif", PositionAssignment.end_date.is_(None))
    ).all()
    marked = 0
    for employee, position_name, start in rows:
        jenjang = jenjang_in_name(position_name)
        if jenjang is None:
            continue
        session.add(JenjangFungsional(employee_id=employee.id, jabatan=position_name, jenjang=jenjang, tmt=start, angka_kredit_awal=0))
        marked += 1
    session.flush()
    return marked
