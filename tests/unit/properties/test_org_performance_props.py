"""Kinerja unit: measures within 0-100, sums of sub-units, and a ranking that depends on nothing but the scores."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain import org_performance as o
from tests.unit.properties.support import covers, hostile_text

big = st.integers(0, 10**12)
predikat = st.dictionaries(st.sampled_from(["sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"]), st.integers(0, 10**6), max_size=5)


@st.composite
def months(draw, unit_id=None):
    """One unit's counts as the service gathers them: every part no larger than its whole (huge ones too)."""
    employees, due, expected, count = draw(big), draw(big), draw(big), draw(big)
    return o.UnitMonth(
        draw(st.integers(1, 10**9)) if unit_id is None else unit_id, draw(st.one_of(hostile_text, st.sampled_from(["Bidang A", "Bidang B"]))),
        employees=employees,
        full_loggers=draw(st.integers(0, employees)),
        capaian_sum=draw(st.floats(0, 100)) * count,
        capaian_count=count,
        validated_in_window=draw(st.integers(0, due)),
        validation_due=due,
        on_time_days=draw(st.integers(0, 2 * expected)),  # check-ins on days not expected are capped away
        expected_days=expected,
        predikat=draw(predikat),
    )


@covers(o.share)
@given(st.one_of(big, st.floats(0, 1e300)), st.one_of(big, st.floats(-1e300, 1e300), st.sampled_from([0, -1, 0.0, -0.0, 1e-300])))
def test_a_share_of_a_whole_lies_within_0_and_100_percent(part, whole):
    value = o.share(part, whole)
    if whole <= 0:
        assert value is None
    else:
        assert value >= 0 and math.isclose(o.share(whole, whole), 100.0)
        if part <= whole:
            assert 0 <= value <= 100 + 1e-9
    if whole > 0 and isinstance(part, int) and isinstance(whole, int) and isinstance(whole, int) and part <= whole:  # counts: exact, never 100.000…1
        assert 0 <= o.share(part, whole) <= 100 and o.share(whole, whole) == 100.0


@covers(o.measure)
@given(months())
def test_every_measure_and_the_score_lie_within_0_and_100(month):
    measured = o.measure(month)
    values = [measured.logging, measured.capaian, measured.validation, measured.discipline]
    assert all(v is None or 0 <= v <= 100 + 1e-9 for v in values)
    assert (measured.score is None) == all(v is None for v in values)
    if measured.score is not None:
        assert 0 <= measured.score <= 100 and measured.score == round(measured.score, o.SCORE_DECIMALS)
        present = [v for v in values if v is not None]
        assert min(present) - 0.005 <= measured.score <= max(present) + 0.005
    assert (measured.logging is None) == (month.employees == 0) and (measured.discipline is None) == (month.expected_days == 0)
    assert dict(measured.predikat) == dict(month.predikat)


@covers(o.combine)
@given(st.lists(months(), max_size=6), st.data())
def test_a_unit_counts_the_sum_of_its_parts_in_any_order(parts, data):
    whole = o.combine(7, "Dinas", parts)
    again = o.combine(7, "Dinas", data.draw(st.permutations(parts)))
    for name in ("employees", "full_loggers", "capaian_count", "validated_in_window", "validation_due", "on_time_days", "expected_days"):
        assert getattr(whole, name) == getattr(again, name) == sum(getattr(p, name) for p in parts)
    assert math.isclose(whole.capaian_sum, again.capaian_sum, rel_tol=1e-9, abs_tol=1e-9)
    assert whole.predikat == again.predikat
    assert sum(whole.predikat.values()) == sum(sum(p.predikat.values()) for p in parts)
    assert (whole.unit_id, whole.unit_name) == (7, "Dinas")
    assert o.measure(o.combine(7, "Dinas", [])).score is None
    assert all(v is None or 0 <= v <= 100 + 1e-9 for v in (o.measure(whole).logging, o.measure(whole).validation, o.measure(whole).discipline))
    if len(parts) == 1:
        single = o.measure(parts[0])
        assert o.measure(whole).score == single.score


@st.composite
def units(draw):
    """Measured units with distinct ids; few distinct scores so ties are common; names clash on purpose."""
    ids = draw(st.lists(st.integers(1, 10**6), unique=True, max_size=15))
    return [
        o.UnitMeasures(
            unit_id, draw(st.sampled_from(["Bidang A", "Bidang B", "", "😀", "x" * 10_000])), draw(st.integers(0, 10**6)),
            None, None, None, None, {}, draw(st.one_of(st.none(), st.sampled_from([0.0, 50.0, 66.67, 99.99, 100.0]), st.floats(0, 100).map(lambda v: round(v, 2)))),
        )
        for unit_id in ids
    ]


@covers(o.rank, o.place_of)
@given(units(), st.data())
def test_the_ranking_is_a_permutation_in_score_order_with_shared_ranks_for_ties(measured, data):
    ranking = o.rank(measured)
    assert sorted(r.measures.unit_id for r in ranking) == sorted(u.unit_id for u in measured)  # a permutation
    assert o.rank(data.draw(st.permutations(measured))) == ranking  # the input order does not matter
    scored = [u.score for u in measured if u.score is not None]
    for entry in ranking:
        if entry.measures.score is None:
            assert entry.rank is None
        else:
            assert entry.rank == 1 + sum(s > entry.measures.score for s in scored)  # ties share a rank: 1, 2, 2, 4
    ranks = [r.rank for r in ranking]
    assert ranks == sorted(r for r in ranks if r is not None) + [None] * ranks.count(None)  # the unranked come last
    assert [r.measures.score for r in ranking if r.rank is not None] == sorted(scored, reverse=True)
    for unit in measured:
        place, count = o.place_of(ranking, unit.unit_id)
        assert count == len(scored) and (place is None) == (unit.score is None) and (place is None or 1 <= place <= count)
    assert o.place_of(ranking, -1) == (None, len(scored))
