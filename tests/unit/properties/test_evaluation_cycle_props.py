"""The annual proposal from periodic ratings and the keberatan period, over any sequence of ratings and any day."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain import annual_rating as a
from ekinerja.domain import evaluation_period as ep
from ekinerja.domain import keberatan as k
from ekinerja.domain.predikat import Rating
from ekinerja.domain.validation import ValidationFailed
from tests.unit.properties.support import covers, hostile_text, leap_days, message_ok

ratings = st.sampled_from(list(Rating))
periodic = st.lists(st.builds(a.PeriodRating, st.text(max_size=20), ratings), max_size=12)
every_date = st.one_of(st.dates(), leap_days, st.sampled_from([date.min, date.max, date(2024, 2, 29), date(2026, 12, 31)]))
money = st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@covers(a.propose_rating)
@given(periodic)
def test_the_proposal_is_a_most_frequent_rating_the_latest_of_a_tie(periods):
    proposal = a.propose_rating(periods)
    if not periods:
        assert proposal is None
        return
    counts = Counter(p.rating for p in periods)
    assert counts[proposal.rating] == max(counts.values())
    later = [p.rating for p in periods[[p.rating for p in periods].index(proposal.rating) :]]
    tied = {r for r, n in counts.items() if n == counts[proposal.rating]}
    assert periods[max(i for i, p in enumerate(periods) if p.rating in tied)].rating is proposal.rating
    assert proposal.rating in later
    assert proposal.basis == tuple(periods)
    assert proposal.explanation.count(";") == len(periods) - 1 + sum(p.period.count(";") for p in periods)


@covers(a.propose_ratings)
@given(st.lists(st.tuples(st.text(max_size=10), st.dictionaries(st.sampled_from(["rhk_1", "rhk_2", "val_x", "rating_hasil"]), ratings)), max_size=8))
def test_each_subject_is_proposed_from_its_own_periods_in_order(periods):
    proposals = a.propose_ratings(periods)
    assert set(proposals) == {s for _, rated in periods for s in rated}
    for subject, proposal in proposals.items():
        own = [a.PeriodRating(label, rated[subject]) for label, rated in periods if subject in rated]
        assert proposal == a.propose_rating(own)


@covers(a.needs_reason)
@given(st.one_of(st.none(), ratings, st.sampled_from([r.value for r in Rating])), st.one_of(st.none(), ratings, st.sampled_from([r.value for r in Rating])))
def test_a_reason_is_needed_exactly_when_a_rating_departs_from_a_proposal(proposed, chosen):
    expected = proposed is not None and chosen is not None and Rating(proposed) is not Rating(chosen)
    assert a.needs_reason(proposed, chosen) is expected


@covers(k.filing_deadline, k.within_filing_period)
@given(every_date, st.integers(1, k.MAX_FILING_DAYS), st.integers(-400, 400))
def test_the_filing_period_runs_from_receipt_through_its_last_day(received, days, offset):
    deadline = k.filing_deadline(received, days)
    assert received <= deadline
    assert deadline == date.max or (deadline - received).days == days
    assert k.within_filing_period(received, received, days)
    assert k.within_filing_period(deadline, received, days)
    try:
        today = received + timedelta(days=offset)
    except OverflowError:
        return
    assert k.within_filing_period(today, received, days) is (received <= today <= deadline)


@covers(k.months_of_period)
@given(st.one_of(st.sampled_from(["bulanan", "triwulanan", "tahunan"]), hostile_text), st.integers(-3, 20))
def test_a_predikat_decides_only_real_months_of_its_own_period(kind, number):
    months = k.months_of_period(kind, number)
    assert all(1 <= m <= 12 for m in months)
    if kind == "bulanan" and 1 <= number <= 12:
        assert months == [number]
    elif kind == "triwulanan" and 1 <= number <= 4:
        assert months == [3 * number - 2, 3 * number - 1, 3 * number]
    elif kind not in ("bulanan", "triwulanan"):
        assert months == []


@covers(k.unsettled_difference)
@given(st.lists(st.builds(k.TppChange, st.just(2026), st.integers(1, 12), st.booleans(), money, money), max_size=12))
def test_only_locked_months_are_left_to_settle(changes):
    assert k.unsettled_difference(changes) == sum((c.after - c.before for c in changes if c.locked), Decimal(0))


@covers(ep.period_label, ep.check_period, ep.current_period)
@given(st.sampled_from(["bulanan", "triwulanan", "tahunan", "harian", ""]), st.integers(-2, 14), every_date)
def test_a_period_is_known_named_and_the_default_one_is_already_over(kind, number, today):
    known = kind in ep.PERIODS_PER_YEAR and 1 <= number <= ep.PERIODS_PER_YEAR[kind]
    if known:
        ep.check_period(kind, number)
        assert message_ok(ep.period_label(kind, number, 2026)) and ep.period_label(kind, number, 2026).endswith(" 2026")
    else:
        with pytest.raises(ValidationFailed):
            ep.check_period(kind, number)
    if kind in ep.PERIODS_PER_YEAR:
        year, current = ep.current_period(kind, today)
        ep.check_period(kind, current)
        assert year in (today.year, today.year - 1)


@pytest.mark.parametrize(("kind", "number", "label"), [
    ("bulanan", 3, "Maret 2026"), ("triwulanan", 2, "Triwulan II 2026"), ("tahunan", 1, "Tahunan 2026"),
])
def test_period_labels_read_as_the_documents_print_them(kind, number, label):
    assert ep.period_label(kind, number, 2026) == label


@pytest.mark.parametrize(("kind", "today", "expected"), [
    ("bulanan", date(2026, 3, 11), (2026, 2)), ("bulanan", date(2026, 1, 1), (2025, 12)),
    ("triwulanan", date(2026, 3, 31), (2025, 4)), ("triwulanan", date(2026, 4, 1), (2026, 1)),
    ("tahunan", date(2026, 12, 31), (2025, 1)),
])
def test_the_default_period_is_the_last_one_finished(kind, today, expected):
    assert ep.current_period(kind, today) == expected


@covers(k.tpp_changes_json, k.tpp_changes_from_json)
@given(st.lists(st.builds(k.TppChange, st.integers(2000, 2100), st.integers(1, 12), st.booleans(),
                          st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=0, max_value=10**9),
                          st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=0, max_value=10**9)), max_size=12))
def test_tpp_changes_round_trip_through_their_stored_text(changes):
    assert k.tpp_changes_from_json(k.tpp_changes_json(changes)) == changes
    assert k.tpp_changes_from_json("") == k.tpp_changes_from_json(None) == []
