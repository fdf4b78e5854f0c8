"""The org tree under arbitrary (also looping or broken) shapes: every walk ends and agrees with the others."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain import hierarchy as h
from tests.unit.properties.support import covers

ids = st.integers(1, 12)
maps = st.dictionaries(ids, st.one_of(st.none(), ids), max_size=12)  # may loop: the walks must still end
holdings = st.lists(st.builds(h.Holding, employee_id=st.integers(1, 20), position_id=ids, kind=st.sampled_from(list(h.KIND_PRECEDENCE))), max_size=20)


def by_position(rows: list[h.Holding]) -> dict[int, list[h.Holding]]:
    found: dict[int, list[h.Holding]] = {}
    for row in rows:
        found.setdefault(row.position_id, []).append(row)
    return found


@covers(h.acting_holder, h.resolve_atasan)
@given(ids, maps, holdings)
def test_the_atasan_is_the_nearest_occupied_position_above(position, reports_to, rows):
    holders = by_position(rows)
    for holdings_of in holders.values():
        chosen = h.acting_holder(holdings_of)
        assert chosen in holdings_of and h.KIND_PRECEDENCE[chosen.kind] == min(h.KIND_PRECEDENCE[x.kind] for x in holdings_of)
    assert h.acting_holder([]) is None
    atasan = h.resolve_atasan(position, reports_to, holders)
    if atasan is not None:
        chain, current = [], reports_to.get(position)
        while current is not None and current not in chain and current != position:
            chain.append(current)
            current = reports_to.get(current)
        assert atasan.position_id in chain
        assert all(not holders.get(p) for p in chain[: chain.index(atasan.position_id)])


@covers(h.creates_cycle)
@given(st.one_of(st.none(), ids), st.one_of(st.none(), ids), maps)
def test_a_move_the_check_allows_leaves_no_loop(position, new_parent, reports_to):
    if h.creates_cycle(position, new_parent, reports_to) or position is None:
        return
    changed = {**reports_to, position: new_parent}
    seen, current = set(), position
    while current is not None:
        assert current not in seen
        seen.add(current)
        current = changed.get(current)


@covers(h.ancestors, h.descendants)
@given(ids, maps, st.sets(ids, max_size=3))
def test_ancestors_and_descendants_end_and_agree(unit, parent_of, roots):
    chain = h.ancestors(unit, parent_of)
    assert chain[0] == unit and len(chain) == len(set(chain))
    below = h.descendants(roots, parent_of)
    assert roots <= below
    for child in below - roots:
        assert parent_of.get(child) in below


@given(st.lists(st.tuples(st.integers(1, 12), st.integers(1, 20)), min_size=1, max_size=12, unique_by=(lambda x: x[0], lambda x: x[1])), st.data())
def test_a_snapshot_of_any_tree_answers_consistently(assignments, data):
    positions = [p for p, _ in assignments]
    reports_to = {p: (data.draw(st.sampled_from(positions[:i])) if i and data.draw(st.booleans()) else None) for i, p in enumerate(positions)}
    holders = {p: [h.Holding(e, p, "definitif")] for p, e in assignments}
    snapshot = h.OrgSnapshot(reports_to=reports_to, holders=holders, unit_of_position=dict.fromkeys(positions, 1), parent_of_unit={1: None})
    for _, employee in assignments:
        subordinates = snapshot.all_subordinates(employee)
        assert employee not in subordinates
        assert set(snapshot.direct_subordinates(employee)) <= set(subordinates)
        for sub in subordinates:
            assert snapshot.is_above(employee, sub)
        assert snapshot.instansi_of_unit(snapshot.unit_of_employee(employee)) == 1
        assert snapshot.instansi_of_employee(employee) == 1
    assert snapshot.instansi_of_employee(999) is None
    for position, employee in assignments:
        # The atasan of an SKP on one's own jabatan is one's atasan, never oneself.
        assert snapshot.atasan_of_post(position, employee) == snapshot.atasan_of(employee)
        assert snapshot.atasan_of_post(position, employee) is None or snapshot.atasan_of_post(position, employee).employee_id != employee


@covers(h.opd_of)
@given(ids, maps, st.dictionaries(ids, st.sampled_from(["instansi", "opd", "bidang", "seksi"]), max_size=10))
def test_a_unit_belongs_to_the_nearest_opd_or_instansi_above_it(unit, parent_of, levels):
    snapshot = h.OrgSnapshot(reports_to={}, holders={}, unit_of_position={}, parent_of_unit=parent_of)
    found = h.opd_of(snapshot, unit, levels)
    chain = h.ancestors(unit, parent_of)
    above = [u for u in chain if levels.get(u) in ("opd", "instansi")]
    assert found == (above[0] if above else None)
    assert h.opd_of(snapshot, None, levels) is None


def test_the_opd_of_a_seksi_is_the_dinas_it_sits_in():
    parent_of = {1: None, 2: 1, 3: 2, 4: 3}
    levels = {1: "instansi", 2: "opd", 3: "bidang", 4: "seksi"}
    snapshot = h.OrgSnapshot(reports_to={}, holders={}, unit_of_position={}, parent_of_unit=parent_of)
    assert [h.opd_of(snapshot, unit, levels) for unit in (4, 3, 2, 1)] == [2, 2, 2, 1]


@covers(h.unit_members)
@given(st.lists(st.tuples(st.integers(1, 12), st.integers(1, 20), st.integers(1, 3), st.sampled_from(["definitif", "plt", "plh"])), max_size=15),
       st.integers(1, 3), st.one_of(st.none(), st.integers(1, 12)))
def test_a_units_members_are_its_own_definitive_holders_but_its_head(rows, unit, head_position):
    holders: dict[int, list[h.Holding]] = {}
    unit_of_position: dict[int, int] = {}
    for position, employee, in_unit, kind in rows:
        unit_of_position.setdefault(position, in_unit)
        holders.setdefault(position, []).append(h.Holding(employee, position, kind))
    snapshot = h.OrgSnapshot(reports_to={}, holders=holders, unit_of_position=unit_of_position, parent_of_unit={1: None, 2: 1, 3: 1})
    expected = sorted({
        holding.employee_id for position, found in holders.items() for holding in found
        if unit_of_position[position] == unit and position != head_position and holding.kind == "definitif"
    })
    assert h.unit_members(snapshot, unit, head_position) == expected
