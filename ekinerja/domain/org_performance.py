"""Kinerja unit: one month's measures of a unit kerja and the ranking of units, pure.

Four measures, each a percentage, put units on one yardstick:

* pengisian: share of employees who logged work on every working day they were expected to
  (working days while holding a jabatan, minus the approved absences the TPP ruleset excuses);
* capaian: average of each employee's approved minutes against the monthly target, pro-rated to
  the days they were expected to work exactly as the TPP's (domain.kinerja_target) and capped at
  100 (logging more than the target earns no extra place);
* validasi: share of the month's activities the atasan decided within the entry window;
  activities still waiting whose window has not yet closed are not counted either way;
* disiplin: share of expected working days the employee checked in by the start of working hours.

The score is the plain mean of the measures a unit has data for. The predikat distribution is
shown beside it but not scored: the kurva distribusi already shapes it per organisation.

The ranking is deterministic: higher score first; equal scores (to two decimals) share a rank
(1, 2, 2, 4) and are listed by unit name, then id; units with no data at all come last, unranked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

SCORE_DECIMALS = 2


def share(part: float, whole: float) -> float | None:
    """``part`` of ``whole`` in percent, or None when there is nothing to measure."""
    return None if whole <= 0 else 100.0 * part / whole


@dataclass(frozen=True)
class UnitMonth:
    """The month's counts of one unit (its whole subtree), gathered by the service."""

    unit_id: int
    unit_name: str
    employees: int = 0
    full_loggers: int = 0
    capaian_sum: float = 0.0  # sum over employees of min(100, capaian %)
    capaian_count: int = 0  # employees with a target to measure against
    validated_in_window: int = 0
    validation_due: int = 0
    on_time_days: int = 0
    expected_days: int = 0
    predikat: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class UnitMeasures:
    unit_id: int
    unit_name: str
    employees: int
    logging: float | None
    capaian: float | None
    validation: float | None
    discipline: float | None
    predikat: Mapping[str, int]
    score: float | None


def measure(month: UnitMonth) -> UnitMeasures:
    logging = share(month.full_loggers, month.employees)
    capaian = month.capaian_sum / month.capaian_count if month.capaian_count else None
    validation = share(month.validated_in_window, month.validation_due)
    discipline = share(min(month.on_time_days, month.expected_days), month.expected_days)
    parts = [v for v in (logging, capaian, validation, discipline) if v is not None]
    score = round(sum(parts) / len(parts), SCORE_DECIMALS) if parts else None
    return UnitMeasures(
        month.unit_id, month.unit_name, month.employees, logging, capaian, validation, discipline, dict(month.predikat), score
    )


def combine(unit_id: int, unit_name: str, parts: Sequence[UnitMonth]) -> UnitMonth:
    """A unit's counts from those of the units it is made of (itself and its sub-units)."""
    predikat: dict[str, int] = {}
    for part in parts:
        for key, count in part.predikat.items():
            predikat[key] = predikat.get(key, 0) + count
    return UnitMonth(
        unit_id, unit_name,
        employees=sum(p.employees for p in parts),
        full_loggers=sum(p.full_loggers for p in parts),
        capaian_sum=sum(p.capaian_sum for p in parts),
        capaian_count=sum(p.capaian_count for p in parts),
        validated_in_window=sum(p.validated_in_window for p in parts),
        validation_due=sum(p.validation_due for p in parts),
        on_time_days=sum(p.on_time_days for p in parts),
        expected_days=sum(p.expected_days for p in parts),
        predikat=predikat,
    )


@dataclass(frozen=True)
class Ranked:
    rank: int | None  # None: no data to rank on
    measures: UnitMeasures


def rank(units: Sequence[UnitMeasures]) -> list[Ranked]:
    scored = sorted((u for u in units if u.score is not None), key=lambda u: (-u.score, u.unit_name, u.unit_id))
    unscored = sorted((u for u in units if u.score is None), key=lambda u: (u.unit_name, u.unit_id))
    ranked: list[Ranked] = []
    for position, unit in enumerate(scored, start=1):
        tied = ranked and ranked[-1].measures.score == unit.score
        ranked.append(Ranked(ranked[-1].rank if tied else position, unit))
    return ranked + [Ranked(None, u) for u in unscored]


def place_of(ranking: Sequence[Ranked], unit_id: int) -> tuple[int | None, int]:
    """(rank of ``unit_id`` or None, how many units were ranked)."""
    ranked = sum(1 for r in ranking if r.rank is not None)
    for entry in ranking:
        if entry.measures.unit_id == unit_id:
            return entry.rank, ranked
    return None, ranked
