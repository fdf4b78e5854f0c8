"""Each satuan organisasi's capaian for a period, who heads a unit, and the head's rating rule.

Shared by the evaluation service (the head's Rating Hasil Kerja follows the capaian of the unit
they lead, SE MenPAN-RB 3/2023) and the kurva service (the capaian sets the unit's pattern).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from ekinerja.domain.hierarchy import OrgSnapshot
from ekinerja.domain.predikat import OrganisationPredikat, Rating, head_rating_hasil
from ekinerja.models import OrgUnit, Position
from ekinerja.models.evaluation import UnitEvaluationClosing, UnitPredikat


def unit_predikat(session: Session, *, unit_id: int, year: int, kind: str, number: int) -> OrganisationPredikat | None:
    value = session.exec(
        select(UnitPredikat.predikat).where(
            UnitPredikat.unit_id == unit_id, UnitPredikat.year == year,
            UnitPredikat.period_kind == kind, UnitPredikat.period_no == number,
        )
    ).first()
    return OrganisationPredikat(value) if value else None


def unit_closing(session: Session, *, unit_id: int, year: int, kind: str, number: int) -> UnitEvaluationClosing | None:
    return session.exec(
        select(UnitEvaluationClosing).where(
            UnitEvaluationClosing.unit_id == unit_id, UnitEvaluationClosing.year == year,
            UnitEvaluationClosing.period_kind == kind, UnitEvaluationClosing.period_no == number,
        )
    ).first()


def head_positions(session: Session, *, snapshot: OrgSnapshot, unit_ids: set[int]) -> dict[int, int]:
    """unit id -> its head jabatan: the struktural jabatan of the unit reporting to one outside it."""
    if not unit_ids:
        return {}
    heads: dict[int, int] = {}
    for position_id, unit_id in session.exec(
        select(Position.id, Position.unit_id).where(
            col(Position.unit_id).in_(unit_ids), Position.kind == "struktural", Position.active,
        ).order_by(Position.id)
    ):
        above = snapshot.reports_to.get(position_id)
        if above is None or snapshot.unit_of_position.get(above) != unit_id:
            heads.setdefault(unit_id, position_id)
    return heads


def head_of_unit(session: Session, *, snapshot: OrgSnapshot, unit_id: int) -> int | None:
    """Who leads the unit now: the Plh, else the Plt, else the definitive holder of its head jabatan."""
    position_id = head_positions(session, snapshot=snapshot, unit_ids={unit_id}).get(unit_id)
    holders = snapshot.holders.get(position_id, ()) if position_id else ()
    for kind in ("plh", "plt", "definitif"):
        for holding in holders:
            if holding.kind == kind:
                return holding.employee_id
    return None




@dataclass(frozen=True)
class HeadRule:
    """The evaluated employee leads ``unit_name``: their Rating Hasil Kerja is the unit's capaian."""

    unit_id: int
    unit_name: str
    capaian: OrganisationPredikat | None  # None: not set yet by the level above
    rating: Rating | None

    @property
    def explanation(self) -> str:
        if self.capaian is None:
            return (
                f"Rating Hasil Kerja pimpinan unit mengikuti capaian kinerja {self.unit_name}, yang belum ditetapkan "
                "pimpinan di atasnya untuk periode ini (SE MenPAN-RB 3/2023)."
            )
        return (
            f"Rating Hasil Kerja pimpinan unit mengikuti capaian kinerja {self.unit_name}: {self.capaian.label} "
            f"berarti {self.rating.label} (SE MenPAN-RB 3/2023)."
        )


def head_rule(session: Session, *, snapshot: OrgSnapshot, employee_id: int, year: int, kind: str, number: int) -> HeadRule | None:
    """The rule for a unit's definitive head; None for everyone else."""
    holding = snapshot.definitive_position(employee_id)
    if holding is None:
        return None
    unit_id = snapshot.unit_of_position.get(holding.position_id)
    if unit_id is None or head_positions(session, snapshot=snapshot, unit_ids={unit_id}).get(unit_id) != holding.position_id:
        return None
    capaian = unit_predikat(session, unit_id=unit_id, year=year, kind=kind, number=number)
    name = session.get(OrgUnit, unit_id).name
    return HeadRule(unit_id, name, capaian, head_rating_hasil(capaian) if capaian else None)
