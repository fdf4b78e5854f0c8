"""The supervisor hierarchy, which follows positions (jabatan), not people.

A person's atasan is whoever holds the position their position reports to. An
acting holder (Plh, then Plt) takes precedence over the definitive holder while
the acting appointment runs; a vacant position with no acting holder passes
the duty further up the tree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

KIND_PRECEDENCE = {"plh": 0, "plt": 1, "definitif": 2}


@dataclass(frozen=True)
class Holding:
    employee_id: int
    position_id: int
    kind: str  # definitif | plt | plh


def acting_holder(holdings: Sequence[Holding]) -> Holding | None:
    """Who answers for a position on a date, given everyone holding it that date."""
    if not holdings:
        return None
    return min(holdings, key=lambda h: (KIND_PRECEDENCE[h.kind], h.employee_id))


def resolve_atasan(
    position_id: int,
    reports_to: Mapping[int, int | None],
    holders: Mapping[int, Sequence[Holding]],
) -> Holding | None:
    """The holding of the nearest occupied position above ``position_id``."""
    seen = {position_id}
    current = reports_to.get(position_id)
    while current is not None and current not in seen:
        seen.add(current)
        holder = acting_holder(holders.get(current, ()))
        if holder is not None:
            return holder
        current = reports_to.get(current)
    return None


@dataclass
class OrgSnapshot:
    """Who reports to whom on one date, precomputed for constant-time look-ups."""

    reports_to: Mapping[int, int | None]
    holders: Mapping[int, Sequence[Holding]]
    unit_of_position: Mapping[int, int]
    parent_of_unit: Mapping[int, int | None]
    # The instansi's own time zone (IANA name) where its admin has set one.
    zone_of_instansi: Mapping[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._definitive: dict[int, Holding] = {}
        self._subordinates: dict[int, list[int]] = {}
        self._atasan: dict[int, Holding | None] = {}
        self._positions_of: dict[int, list[Holding]] = {}
        self._instansi_of: dict[int, int] = {}  # memo: an instansi-wide recap asks once per employee
        for position_id, holdings in self.holders.items():
            atasan = resolve_atasan(position_id, self.reports_to, self.holders)
            for holding in holdings:
                self._positions_of.setdefault(holding.employee_id, []).append(holding)
                if holding.kind != "definitif":
                    continue
                self._definitive[holding.employee_id] = holding
                self._atasan[holding.employee_id] = atasan
                if atasan is not None and atasan.employee_id != holding.employee_id:
                    self._subordinates.setdefault(atasan.employee_id, []).append(holding.employee_id)

    def definitive_position(self, employee_id: int) -> Holding | None:
        return self._definitive.get(employee_id)

    def holdings_of(self, employee_id: int) -> list[Holding]:
        return list(self._positions_of.get(employee_id, ()))

    def atasan_of(self, employee_id: int) -> Holding | None:
        return self._atasan.get(employee_id)

    def direct_subordinates(self, employee_id: int) -> list[int]:
        return sorted(self._subordinates.get(employee_id, ()))

    def all_subordinates(self, employee_id: int) -> list[int]:
        """Everyone below ``employee_id`` in the tree, at any depth."""
        found: set[int] = set()
        frontier = [employee_id]
        while frontier:
            nxt = []
            for boss in frontier:
                for sub in self._subordinates.get(boss, ()):
                    if sub not in found and sub != employee_id:
                        found.add(sub)
                        nxt.append(sub)
            frontier = nxt
        return sorted(found)

    def is_above(self, boss_id: int, employee_id: int) -> bool:
        """Whether ``boss_id`` is anywhere up ``employee_id``'s chain of atasan."""
        seen: set[int] = set()
        current = self.atasan_of(employee_id)
        while current is not None and current.employee_id not in seen:
            if current.employee_id == boss_id:
                return True
            seen.add(current.employee_id)
            current = self.atasan_of(current.employee_id)
        return False

    def unit_of_employee(self, employee_id: int) -> int | None:
        holding = self._definitive.get(employee_id)
        return None if holding is None else self.unit_of_position.get(holding.position_id)

    def instansi_of_employee(self, employee_id: int) -> int | None:
        """The instansi of the employee's definitive jabatan; None without one."""
        unit_id = self.unit_of_employee(employee_id)
        return self.instansi_of_unit(unit_id) if unit_id else None

    def atasan_of_post(self, position_id: int, employee_id: int) -> Holding | None:
        """Whoever answers today for the jabatan above ``position_id`` as held by ``employee_id`` (an SKP's
        jabatan and owner): Plh, then Plt, then definitive; never the employee themselves."""
        holding = resolve_atasan(position_id, self.reports_to, self.holders)
        return None if holding is None or holding.employee_id == employee_id else holding

    def zone_of_unit(self, unit_id: int | None) -> str:
        """The time zone of the unit's instansi; "" means the deployment default."""
        return self.zone_of_instansi.get(self.instansi_of_unit(unit_id), "") if unit_id else ""

    def instansi_of_unit(self, unit_id: int) -> int:
        found = self._instansi_of.get(unit_id)
        if found is None:
            found = self._instansi_of[unit_id] = ancestors(unit_id, self.parent_of_unit)[-1]
        return found


def unit_members(snapshot: OrgSnapshot, unit_id: int, head_position: int | None) -> list[int]:
    """The unit's own employees (definitive jabatan in the unit itself, not its sub-units), its head
    (``head_position``) excluded: the people the unit's kurva is checked over. Sub-units have their
    own capaian and kurva; the head's rating follows the capaian instead."""
    members = {
        holding.employee_id
        for position_id, holdings in snapshot.holders.items()
        if snapshot.unit_of_position.get(position_id) == unit_id and position_id != head_position
        for holding in holdings
        if holding.kind == "definitif"
    }
    return sorted(members)


def creates_cycle(position_id: int | None, new_reports_to: int | None, reports_to: Mapping[int, int | None]) -> bool:
    """Whether pointing ``position_id`` at ``new_reports_to`` would loop the tree."""
    if new_reports_to is None:
        return False
    if position_id is not None and new_reports_to == position_id:
        return True
    seen: set[int] = set()
    current: int | None = new_reports_to
    while current is not None and current not in seen:
        if current == position_id:
            return True
        seen.add(current)
        current = reports_to.get(current)
    return current is not None  # an existing loop above is a loop too


def ancestors(unit_id: int, parent_of: Mapping[int, int | None]) -> list[int]:
    """The unit and every unit above it, nearest first."""
    chain: list[int] = []
    current: int | None = unit_id
    while current is not None and current not in chain:
        chain.append(current)
        current = parent_of.get(current)
    return chain


def opd_of(snapshot: OrgSnapshot, unit_id: int | None, levels: Mapping[int, str]) -> int | None:
    """The OPD a unit sits in (the unit itself above OPD level), given each unit's level."""
    if unit_id is None:
        return None
    return next((unit for unit in ancestors(unit_id, snapshot.parent_of_unit) if levels.get(unit) in ("opd", "instansi")), None)


def descendants(unit_ids: Iterable[int], parent_of: Mapping[int, int | None]) -> set[int]:
    """The given units and every unit below them."""
    children: dict[int, list[int]] = {}
    for child, parent in parent_of.items():
        if parent is not None:
            children.setdefault(parent, []).append(child)
    result: set[int] = set()
    stack = list(unit_ids)
    while stack:
        unit = stack.pop()
        if unit in result:
            continue
        result.add(unit)
        stack.extend(children.get(unit, ()))
    return result
