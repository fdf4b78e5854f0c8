"""Analisis beban kerja under odd calendars, mid-period mutasi, huge workloads and hostile form input."""

from __future__ import annotations

import math
from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from ekinerja.domain import abk
from ekinerja.domain.activity_rules import WorkCalendar
from ekinerja.domain.dates import month_label
from ekinerja.domain.validation import ValidationFailed
from tests.unit.properties.support import (
    covers,
    errors_ok,
    field_text,
    leap_days,
    message_ok,
    recent_date,
)

period_starts = st.one_of(recent_date, leap_days, leap_days.map(lambda d: d - timedelta(days=1)))
calendars = st.builds(
    WorkCalendar,
    days_per_week=st.sampled_from([5, 6]),
    holidays=st.frozensets(st.one_of(recent_date, leap_days), max_size=20),
    duty_days=st.frozensets(st.one_of(recent_date, leap_days), max_size=5),
)
minutes = st.one_of(st.floats(min_value=0, max_value=1e15), st.integers(0, 10**30), st.sampled_from([0, 0.0, 1e-9]))
hours = st.integers(-10, 10_000)
statuses = set(abk.STATUS_LABELS)


@st.composite
def periods(draw):
    """A period of up to ~13 months (possibly empty: last before first) and its working days."""
    first = draw(period_starts)
    last = first + timedelta(days=draw(st.integers(-3, 400)))
    calendar = draw(calendars)
    return first, last, calendar, abk.working_days_between(first, last, calendar)


@st.composite
def spans(draw, around: date):
    """Non-overlapping definitive assignments around a period: sorted cut dates paired up, the last may be open."""
    cuts = sorted(draw(st.sets(st.dates(around - timedelta(days=500), around + timedelta(days=500)), max_size=8)))
    pairs = [(cuts[i], cuts[i + 1] - timedelta(days=1)) for i in range(0, len(cuts) - 1, 2)]
    if len(cuts) % 2 and draw(st.booleans()):
        pairs.append((cuts[-1], None))
    return pairs


@covers(abk.working_days_between, abk.days_within)
@given(periods(), st.one_of(recent_date, leap_days), st.one_of(st.none(), recent_date, leap_days))
def test_working_days_are_the_calendars_working_days_in_order(period, start, end):
    first, last, calendar, days = period
    assert days == sorted(set(days))
    assert all(first <= d <= last and calendar.is_working_day(d) for d in days)
    expected = sum(calendar.is_working_day(first + timedelta(days=i)) for i in range((last - first).days + 1))
    assert len(days) == expected
    within = abk.days_within(days, start, end)
    assert within == sum(1 for d in days if start <= d and (end is None or d <= end))
    assert 0 <= within <= len(days)


@covers(abk.incumbent_days, abk.days_within)
@given(periods(), st.data())
def test_incumbent_days_never_exceed_the_period_and_add_up_across_a_mutasi(period, data):
    first, last, _, days = period
    held = data.draw(spans(first))
    total = abk.incumbent_days(days, held)
    assert 0 <= total <= len(days)  # one holder at a time never holds more days than the period has
    assert abk.incumbent_days(days, []) == 0
    # A mutasi on any day splits one assignment in two: the days held before and after add up to the whole.
    start = data.draw(st.dates(first - timedelta(days=60), first + timedelta(days=30)))
    end = data.draw(st.one_of(st.none(), st.dates(start, last + timedelta(days=60))))
    move = data.draw(st.one_of(st.dates(start, end or last + timedelta(days=60)), leap_days.filter(lambda d: d >= start)))
    assume(end is None or move <= end)
    before = abk.incumbent_days(days, [(start, move - timedelta(days=1))])
    after = abk.incumbent_days(days, [(move, end)])
    assert before + after == abk.incumbent_days(days, [(start, end)]) <= len(days)


@covers(abk.annual_minutes, abk.employees_needed)
@given(minutes, minutes, st.integers(-5, 400), st.integers(0, 366), hours, hours)
def test_kebutuhan_grows_with_workload_and_shrinks_with_effective_hours(low, high, period_days, year_days, h1, h2):
    low, high = sorted((low, high))
    h1, h2 = sorted((h1, h2))
    a_low = abk.annual_minutes(low, period_days=period_days, year_days=year_days)
    a_high = abk.annual_minutes(high, period_days=period_days, year_days=year_days)
    if period_days <= 0:
        assert a_low == a_high == 0.0
    else:
        assert 0 <= a_low <= a_high
        assert math.isclose(a_low * period_days, low * year_days, rel_tol=1e-9, abs_tol=1e-6)
    needed = abk.employees_needed(a_high, effective_hours=h1)
    assert abk.employees_needed(a_low, effective_hours=h1) <= needed  # monotone in workload
    if h1 <= 0:
        assert needed == 0.0
    else:
        assert abk.employees_needed(a_high, effective_hours=h2) <= needed  # inverse in effective hours
        assert math.isclose(needed * h1 * 60, a_high, rel_tol=1e-9, abs_tol=1e-6)


@covers(abk.too_little_data)
@given(st.integers(-10, 10_000), st.integers(-10, 10_000), st.integers(0, 100))
def test_more_logged_days_never_make_the_data_thinner(logged, held, more):
    thin = abk.too_little_data(logged_days=logged, held_days=held)
    if held <= 0 or logged < abk.MIN_LOGGED_DAYS:
        assert thin
    if logged >= max(held, abk.MIN_LOGGED_DAYS) and held > 0:
        assert not thin
    assert thin or not abk.too_little_data(logged_days=logged + more, held_days=held)


position_work = st.builds(
    abk.PositionWork,
    position_id=st.integers(1, 10**9),
    name=st.text(max_size=30),
    unit_id=st.integers(1, 5),
    unit_name=st.sampled_from(["Bidang A", "Sekretariat", "😀", ""]),
    standard_minutes=st.one_of(st.floats(min_value=0, max_value=1e15), st.just(0.0)),
    unstandardised=st.integers(0, 10**6),
    logged_days=st.integers(0, 10**6),
    held_days=st.integers(0, 10**6),
)


@covers(abk.assess, abk.unit_totals)
@given(st.lists(position_work, max_size=12), st.integers(-3, 400), st.integers(0, 366), st.integers(-10, 5000))
def test_every_jabatan_gets_a_consistent_judgement_and_units_sum_their_jabatan(works, period_days, year_days, effective_hours):
    lines = [abk.assess(w, period_days=period_days, year_days=year_days, effective_hours=effective_hours) for w in works]
    for work, line in zip(works, lines):
        assert line.status in statuses and message_ok(line.status_label)
        assert all(message_ok(flag) for flag in line.flags)
        assert line.needed >= 0 and line.holders >= 0 and line.workload_hours >= 0
        assert math.isclose(line.gap, line.holders - line.needed, rel_tol=1e-9, abs_tol=1e-9)
        if period_days > 0:
            assert math.isclose(line.holders, work.held_days / period_days)
        if work.held_days <= 0:
            assert line.status == abk.STATUS_BELUM and any("lowong" in f for f in line.flags)
        if line.status == abk.STATUS_KURANG:
            assert line.gap <= -abk.BALANCE_TOLERANCE
        elif line.status == abk.STATUS_LEBIH:
            assert line.gap >= abk.BALANCE_TOLERANCE
        elif line.status == abk.STATUS_SEIMBANG:
            assert abs(line.gap) < abk.BALANCE_TOLERANCE
        else:
            assert abk.too_little_data(logged_days=work.logged_days, held_days=work.held_days)
        assert bool(work.unstandardised) == any("tanpa waktu standar" in f for f in line.flags)
    totals = abk.unit_totals(lines)
    assert [t.unit_id for t in totals] == list(dict.fromkeys(line.unit_id for line in lines))
    for total in totals:
        mine = [line for line in lines if line.unit_id == total.unit_id]
        assert total.unit_name == mine[0].unit_name
        assert math.isclose(total.needed, sum(line.needed for line in mine), rel_tol=1e-9)
        assert math.isclose(total.holders, sum(line.holders for line in mine), rel_tol=1e-9)
    assert abk.unit_totals([]) == []


@covers(abk.read_effective_hours)
@given(st.one_of(
    field_text,
    st.integers(-10**20, 10**20).map(str),
    st.integers(abk.MIN_EFFECTIVE_HOURS - 5, abk.MAX_EFFECTIVE_HOURS + 5).map(lambda n: f"{n:,}".replace(",", ".")),
    st.sampled_from(["1.250", "1,250", "1250.0", " 1250 ", "١٢٥٠", "１２５０", "12.50", "100.0", "2.000", "1.2.5.0", "1e3", "+1250", "-1250", "0"]),
))
def test_effective_hours_are_a_whole_number_in_range_or_explained(raw):
    value, errors = abk.read_effective_hours(raw)
    assert errors_ok(errors, {"effective_hours"}) and (value is None) == bool(errors)
    if value is not None:
        assert abk.MIN_EFFECTIVE_HOURS <= value <= abk.MAX_EFFECTIVE_HOURS
        # The number typed, plainly or with an Indonesian thousands dot: "100.0" is never read as 1000.
        assert raw.strip() in (str(value), f"{value:,}".replace(",", "."))
    else:
        assert "Jam kerja efektif" in errors["effective_hours"]


@covers(abk.period_bounds)
@given(st.integers(1990, 2110), st.integers(-1, 13), st.dates(min_value=date(1990, 1, 1), max_value=date(2110, 12, 31)))
def test_an_analysis_period_is_a_month_or_a_year_cut_at_yesterday(year, month, today):
    try:
        first, last, label = abk.period_bounds(year, month, today)
    except ValidationFailed as failed:
        assert set(failed.errors) == {"period"} and all(message_ok(m) for m in failed.errors.values())
        return
    assert 2000 <= year <= 2100 and 0 <= month <= 12
    assert first <= last < today and first.year == last.year == year
    assert (first.month, first.day) == ((1, 1) if month == abk.WHOLE_YEAR else (month, 1))
    assert label == (f"Tahun {year}" if month == abk.WHOLE_YEAR else month_label(year, month))


def test_a_running_month_is_counted_through_yesterday():
    assert abk.period_bounds(2026, 3, date(2026, 3, 11)) == (date(2026, 3, 1), date(2026, 3, 10), "Maret 2026")
    assert abk.period_bounds(2025, 0, date(2026, 3, 11)) == (date(2025, 1, 1), date(2025, 12, 31), "Tahun 2025")
