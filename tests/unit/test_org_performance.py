"""Unit measures and the ranking of units."""

from __future__ import annotations

import random

import pytest

from ekinerja.domain import org_performance as perf


def _month(unit_id: int, name: str, **counts) -> perf.UnitMonth:
    return perf.UnitMonth(unit_id, name, **counts)


def test_measures_worked_by_hand():
    """10 employees, 7 logged every day; capaian 90 + 100 x 9 = 990 over 10 -> 99;
    45 of 50 validated in the window -> 90; 180 of 200 expected days on time -> 90.
    Score = (70 + 99 + 90 + 90) / 4 = 87.25."""
    month = _month(
        1, "Bidang A", employees=10, full_loggers=7, capaian_sum=990.0, capaian_count=10,
        validated_in_window=45, validation_due=50, on_time_days=180, expected_days=200,
        predikat={"baik": 6, "sangat_baik": 1},
    )
    m = perf.measure(month)
    assert (m.logging, m.capaian, m.validation, m.discipline) == (70.0, 99.0, 90.0, 90.0)
    assert m.score == 87.25
    assert m.predikat == {"baik": 6, "sangat_baik": 1}


def test_a_measure_without_data_is_left_out_of_the_score():
    m = perf.measure(_month(1, "A", employees=4, full_loggers=2, capaian_sum=200.0, capaian_count=4, on_time_days=30, expected_days=40))
    assert m.validation is None
    assert m.score == pytest.approx((50 + 50 + 75) / 3, abs=0.01)


def test_a_unit_without_anything_has_no_score():
    assert perf.measure(_month(1, "Kosong")).score is None


def test_combine_adds_the_sub_units():
    parts = [
        _month(2, "Sub A", employees=3, full_loggers=1, validated_in_window=5, validation_due=10, predikat={"baik": 2}),
        _month(3, "Sub B", employees=2, full_loggers=2, validated_in_window=5, validation_due=5, predikat={"baik": 1, "kurang": 1}),
    ]
    whole = perf.combine(1, "Bidang", parts)
    assert (whole.employees, whole.full_loggers, whole.validated_in_window, whole.validation_due) == (5, 3, 10, 15)
    assert whole.predikat == {"baik": 3, "kurang": 1}


def _scored(unit_id: int, name: str, score: float | None) -> perf.UnitMeasures:
    return perf.UnitMeasures(unit_id, name, 1, None, None, None, None, {}, score)


def test_ranking_shares_ranks_on_ties_and_orders_them_by_name_then_id():
    units = [
        _scored(5, "Dinas B", 80.0), _scored(2, "Dinas A", 90.0), _scored(9, "Dinas C", 80.0),
        _scored(4, "Dinas B", 80.0), _scored(7, "Dinas D", 70.0), _scored(8, "Dinas E", None),
    ]
    ranked = perf.rank(units)
    assert [(r.rank, r.measures.unit_id) for r in ranked] == [(1, 2), (2, 4), (2, 5), (2, 9), (5, 7), (None, 8)]


def test_ranking_does_not_depend_on_the_input_order():
    units = [_scored(i, f"Unit {i % 3}", float(60 + i % 4)) for i in range(1, 13)]
    expected = [(r.rank, r.measures.unit_id) for r in perf.rank(units)]
    for seed in range(20):
        shuffled = units[:]
        random.Random(seed).shuffle(shuffled)
        assert [(r.rank, r.measures.unit_id) for r in perf.rank(shuffled)] == expected


def test_place_of_a_unit():
    ranked = perf.rank([_scored(1, "A", 90.0), _scored(2, "B", 90.0), _scored(3, "C", 50.0), _scored(4, "D", None)])
    assert perf.place_of(ranked, 2) == (1, 3)
    assert perf.place_of(ranked, 3) == (3, 3)
    assert perf.place_of(ranked, 4) == (None, 3)
    assert perf.place_of(ranked, 99) == (None, 3)


def test_on_time_days_never_exceed_the_expected_days():
    assert perf.measure(_month(1, "A", employees=1, on_time_days=25, expected_days=20)).discipline == 100.0
