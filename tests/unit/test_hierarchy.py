from ekinerja.domain.hierarchy import (
    Holding,
    OrgSnapshot,
    ancestors,
    creates_cycle,
    descendants,
    resolve_atasan,
)

# Positions: 1 Kepala Dinas <- 2 Kabid <- 3 Kasi <- 4 staff; 5 Kabid (vacant) <- 6 Kasi <- 7 staff
REPORTS_TO = {1: None, 2: 1, 3: 2, 4: 3, 5: 1, 6: 5, 7: 6}
UNIT_OF = {1: 10, 2: 11, 3: 12, 4: 12, 5: 13, 6: 14, 7: 14}
PARENT_OF_UNIT = {10: 100, 11: 10, 12: 11, 13: 10, 14: 13, 100: None}


def holders(*holdings: Holding) -> dict[int, list[Holding]]:
    result: dict[int, list[Holding]] = {}
    for h in holdings:
        result.setdefault(h.position_id, []).append(h)
    return result


BASE = [
    Holding(100, 1, "definitif"),
    Holding(200, 2, "definitif"),
    Holding(300, 3, "definitif"),
    Holding(400, 4, "definitif"),
    Holding(401, 4, "definitif"),
    Holding(600, 6, "definitif"),
    Holding(700, 7, "definitif"),
]


def snapshot(*extra: Holding) -> OrgSnapshot:
    return OrgSnapshot(REPORTS_TO, holders(*BASE, *extra), UNIT_OF, PARENT_OF_UNIT)


def test_atasan_follows_the_position():
    snap = snapshot()
    assert snap.atasan_of(400).employee_id == 300
    assert snap.atasan_of(300).employee_id == 200
    assert snap.atasan_of(100) is None
    assert snap.direct_subordinates(300) == [400, 401]
    assert snap.all_subordinates(100) == [200, 300, 400, 401, 600, 700]


def test_vacant_position_passes_duty_up():
    snap = snapshot()
    assert snap.atasan_of(600).employee_id == 100
    assert 600 in snap.direct_subordinates(100)


def test_acting_holder_takes_the_vacant_position():
    snap = snapshot(Holding(200, 5, "plt"))
    assert snap.atasan_of(600) == Holding(200, 5, "plt")
    assert snap.direct_subordinates(200) == [300, 600]
    assert snap.is_above(200, 700)
    assert not snap.is_above(300, 700)


def test_plh_takes_precedence_over_the_definitive_holder():
    snap = snapshot(Holding(201, 2, "plh"))
    assert snap.atasan_of(300).employee_id == 201
    assert snap.direct_subordinates(200) == []


def test_peers_are_not_above_each_other():
    snap = snapshot()
    assert not snap.is_above(400, 401)
    assert not snap.is_above(401, 400)
    assert not snap.is_above(400, 400)


def test_resolve_atasan_survives_a_loop():
    loop = {1: 2, 2: 1}
    assert resolve_atasan(1, loop, {}) is None


def test_creates_cycle():
    assert creates_cycle(2, 4, REPORTS_TO)  # 4 is below 2
    assert creates_cycle(2, 2, REPORTS_TO)
    assert not creates_cycle(4, 2, REPORTS_TO)
    assert not creates_cycle(None, 3, REPORTS_TO)
    assert not creates_cycle(3, None, REPORTS_TO)


def test_unit_tree_helpers():
    assert ancestors(14, PARENT_OF_UNIT) == [14, 13, 10, 100]
    assert descendants([13], PARENT_OF_UNIT) == {13, 14}
    assert snapshot().instansi_of_unit(14) == 100
    assert snapshot().unit_of_employee(700) == 14
