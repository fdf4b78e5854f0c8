"""Money, dates, attendance tiers, TPP and predikat under arbitrary and extreme input."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain import attendance as att
from ekinerja.domain import dates, money, predikat, tpp
from ekinerja.domain.kinerja_target import KinerjaTarget
from tests.unit.properties.support import (
    any_date,
    covers,
    hostile_text,
    leap_days,
    message_ok,
    recent_date,
    times,
)

finite = st.decimals(allow_nan=False, allow_infinity=False, min_value=Decimal("-1e15"), max_value=Decimal("1e15"))


@covers(money.to_rupiah, money.format_rupiah)
@given(finite)
def test_rupiah_is_rounded_once_and_printed_with_dots(amount):
    rounded = money.to_rupiah(amount)
    assert money.to_rupiah(rounded) == rounded and abs(rounded - amount) <= Decimal("0.5")
    text = money.format_rupiah(amount)
    assert re.fullmatch(r"-?Rp [0-9]{1,3}(\.[0-9]{3})*", text)
    assert int(text.replace("Rp ", "").replace(".", "")) == rounded


@covers(money.format_percent)
@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-1000, max_value=1000, places=4))
def test_percents_use_a_decimal_comma(value):
    text = money.format_percent(value)
    assert text.endswith(" %") and "." not in text


@covers(dates.month_name, dates.month_label, dates.format_date, dates.format_day, dates.format_timestamp, dates.zone_label)
@given(st.one_of(any_date, leap_days), times, st.one_of(st.sampled_from(list(dates.ZONE_LABELS)), hostile_text))
def test_dates_are_written_the_indonesian_way(day, moment, zone):
    assert dates.format_date(day) == f"{day.day} {dates.BULAN[day.month - 1]} {day.year}"
    assert dates.format_day(day).split(", ")[0] in dates.HARI
    assert dates.month_label(day.year, day.month) == f"{dates.month_name(day.month)} {day.year}"
    label = dates.zone_label(zone)
    assert label == dates.ZONE_LABELS.get(zone, zone)
    assert dates.format_timestamp(datetime.combine(day, moment), zone).endswith(f"pukul {moment:%H.%M} {label}")


@covers(dates.month_label)
@given(st.integers(-3, 15), st.integers(1, 9999))
def test_a_month_has_its_indonesian_name(month, year):
    if 1 <= month <= 12:
        assert dates.month_label(year, month) == f"{dates.BULAN[month - 1]} {year}"
    else:
        with pytest.raises(ValueError):
            dates.month_label(year, month)


@pytest.mark.parametrize("month", [0, 13, -1])
def test_a_month_outside_1_to_12_is_refused_with_a_message(month):
    with pytest.raises(ValueError, match="Bulan harus 1-12"):
        dates.month_name(month)


@covers(dates.format_minutes, dates.format_number)
@given(st.integers(-10**12, 10**12))
def test_minutes_and_numbers_group_thousands_with_dots(value):
    assert int(dates.format_number(value).replace(".", "")) == value
    text = dates.format_minutes(value)
    assert text.startswith(f"{dates.format_number(value)} menit")


@covers(att.tier_for_minutes, att.minutes_between, att.classify_day)
@given(st.one_of(st.none(), st.integers(-10**6, 10**6)), times, times, st.one_of(st.none(), times), st.one_of(st.none(), times))
def test_discipline_tiers_grow_with_the_minutes(minutes, start, end, check_in, check_out):
    tier = att.tier_for_minutes(minutes)
    assert 0 <= tier <= 4
    if minutes is not None:
        assert att.tier_for_minutes(minutes + 30) >= tier
    assert att.minutes_between(start, end) == -att.minutes_between(end, start)
    tl, psw = att.classify_day(att.DayRecord(check_in, check_out), start=start, end=end)
    assert 0 <= tl <= 4 and 0 <= psw <= 4


@covers(att.tier_limits)
@given(st.times(), st.times(), st.times(), st.times())
def test_tier_limits_classify_like_classify_day(start, end, check_in, check_out):
    late, early = att.tier_limits(start, end)
    assert list(late) == sorted(late) and list(early) == sorted(early, reverse=True)
    tl, psw = att.classify_day(att.DayRecord(check_in, check_out), start=start, end=end)
    assert tl == next((k for k, limit in enumerate(late) if check_in <= limit), 4)
    assert psw == next((k for k, limit in enumerate(early) if check_out >= limit), 4)


@covers(att.count_month)
@given(st.dictionaries(recent_date, st.builds(att.DayRecord, st.one_of(st.none(), times), st.one_of(st.none(), times)), max_size=25),
       st.dictionaries(recent_date, st.tuples(st.just(time(7, 30)), st.just(time(16))), max_size=25),
       st.sets(recent_date, max_size=10), st.sampled_from(["cuti_tahunan", "sakit", ""]))
def test_every_working_day_is_counted_exactly_once(days, schedule, excused, kind):
    counts = att.count_month(days, schedule=schedule, excused=excused, absence_kind=dict.fromkeys(excused, kind))
    excused_days = len(set(schedule) & excused)
    assert counts.days_present + counts.absent_without_reason + excused_days == len(schedule)
    assert sum(counts.absences.values()) == (excused_days if kind else 0)
    assert sum(counts.tl.values()) <= counts.days_present and sum(counts.psw.values()) <= counts.days_present


rulesets = st.builds(
    tpp.TppRuleset,
    base_by_kelas=st.dictionaries(st.integers(1, 17), st.decimals(min_value=0, max_value=Decimal("1e12"), places=0), max_size=17),
    weight_kinerja_percent=st.sampled_from([Decimal(60), Decimal(70), Decimal(100)]),
    kinerja_steps=st.lists(st.builds(tpp.KinerjaStep, st.decimals(0, 200, places=1), st.decimals(0, 100, places=1)), max_size=4)
    .map(lambda steps: tuple(sorted(steps, key=lambda s: (s.min_percent, s.share_percent)))),
    deduction_base=st.sampled_from(list(tpp.DEDUCTION_BASES)),
    deduction_cap_percent=st.decimals(0, 100, places=1),
    plt_addon_percent=st.decimals(0, 100, places=1),
    plt_higher_rule=st.sampled_from(list(tpp.PLT_HIGHER_RULES)),
    plt_min_working_days=st.integers(0, 66),
    absence_deduction_percent=st.dictionaries(st.sampled_from(list(tpp.ABSENCE_LABELS)), st.decimals(0, 100, places=2), max_size=4),
    predikat_factor_percent=st.one_of(st.none(), st.dictionaries(st.sampled_from([p.value for p in predikat.Predikat]), st.decimals(0, 100, places=0))),
).map(lambda r: tpp.TppRuleset(**{**r.__dict__, "weight_disiplin_percent": 100 - r.weight_kinerja_percent}))

counts = st.builds(
    att.DisciplineCounts,
    days_present=st.integers(0, 31),
    absent_without_reason=st.integers(0, 31),
    tl=st.fixed_dictionaries({t: st.integers(0, 31) for t in (1, 2, 3, 4)}),
    psw=st.fixed_dictionaries({t: st.integers(0, 31) for t in (1, 2, 3, 4)}),
    absences=st.dictionaries(st.sampled_from(list(tpp.ABSENCE_LABELS)), st.integers(0, 31), max_size=3),
)
segments = st.lists(st.builds(tpp.PositionDays, st.integers(1, 17), st.integers(0, 31), hostile_text), min_size=1, max_size=3).map(tuple)
acting_segments = st.lists(
    st.builds(tpp.ActingDays, st.integers(1, 17), st.integers(0, 31), hostile_text, st.integers(1, 17), st.booleans(), st.integers(0, 400)),
    max_size=3,
).map(tuple)
targets = st.builds(
    KinerjaTarget, st.integers(0, 20_000), st.integers(0, 27), st.integers(0, 27),
    st.dictionaries(st.sampled_from(list(tpp.ABSENCE_LABELS.values())), st.integers(0, 27), max_size=3), st.booleans(),
)


@covers(tpp.ruleset_problems, tpp.kinerja_share_percent, tpp.compute_tpp, tpp.with_printed_amounts, money.allocate_rupiah)
@given(rulesets, st.integers(28, 31), segments, st.integers(-10**6, 10**9), targets, counts, acting_segments,
       st.one_of(st.none(), st.sampled_from([p.value for p in predikat.Predikat])))
def test_tpp_printed_lines_sum_to_the_printed_total(ruleset, days, positions, approved, target, discipline, acting, pred):
    """For any month: the total is the exact sum rounded once, and the printed rupiah of the lines add up to it."""
    problems = tpp.ruleset_problems(ruleset)
    assert all(message_ok(p) for p in problems)
    share = tpp.kinerja_share_percent(ruleset, approved, target.minutes)
    assert 0 <= share <= 100
    result = tpp.compute_tpp(ruleset, tpp.TppInput(days, positions, approved, target, discipline, acting, pred))
    assert result.total == money.to_rupiah(result.kinerja + result.disiplin + result.addon)
    summed = sum((line.amount for line in result.lines if line.in_total), Decimal(0))
    assert money.to_rupiah(summed) == result.total
    printed = [line for line in result.lines if line.in_total]
    assert sum((line.printed for line in printed), Decimal(0)) == result.total
    assert all(abs(line.printed - line.amount) < 1 for line in result.lines)
    base_printed = sum((line.printed for line in result.lines if not line.in_total), Decimal(0))
    assert base_printed == money.to_rupiah(result.base)
    assert result.total >= 0
    if ruleset.deduction_base == tpp.BASE_DISIPLIN:
        assert result.disiplin >= 0
    assert all(message_ok(line.label) and line.amount_text for line in result.lines)


@covers(predikat.predikat_of, predikat.distribution_problems)
@given(st.sampled_from(list(predikat.Rating)), st.sampled_from(list(predikat.Rating)),
       st.sampled_from(list(predikat.OrganisationPredikat)), st.lists(st.sampled_from(list(predikat.Predikat)), max_size=40))
def test_predikat_is_computed_and_the_kurva_only_warns(hasil, perilaku, organisation, spread):
    result = predikat.predikat_of(hasil, perilaku)
    assert result in predikat.Predikat and message_ok(result.label)
    assert predikat.predikat_of(hasil.value, perilaku.value) == result
    problems = predikat.distribution_problems(organisation, spread)
    assert all(message_ok(p) for p in problems) and (spread or problems == [])


@covers(predikat.kurva_report, predikat.head_rating_hasil)
@given(st.sampled_from(list(predikat.OrganisationPredikat)), st.lists(st.sampled_from(list(predikat.Predikat)), max_size=60))
def test_the_kurva_report_counts_everyone_and_its_verdict_is_its_rules(organisation, spread):
    report = predikat.kurva_report(organisation, spread)
    assert report.total == len(spread) == sum(report.counts.values())
    assert report.fits == (report.problems == []) == all(rule.ok for rule in report.rules)
    assert all(message_ok(rule.problem) and (rule.ok or rule.fix) for rule in report.rules)
    assert abs(sum(report.share(p) for p in predikat.Predikat) - (1 if spread else 0)) < 1e-9
    head = predikat.head_rating_hasil(organisation)
    assert head in predikat.Rating and predikat.head_rating_hasil(organisation.value) is head


@covers(dates.month_bounds, dates.previous_month)
@given(any_date)
def test_a_month_runs_from_its_first_to_its_last_day_and_follows_the_one_before(day):
    first, last = dates.month_bounds(day.year, day.month)
    assert first.day == 1 and first <= day <= last
    assert (last + timedelta(days=1)).day == 1 and last.month == day.month
    year, month = dates.previous_month(day)
    assert dates.month_bounds(year, month)[1] == first - timedelta(days=1)


def test_february_has_29_days_in_leap_years():
    assert dates.month_bounds(2024, 2)[1] == date(2024, 2, 29)
    assert dates.month_bounds(2100, 2)[1] == date(2100, 2, 28)


def test_the_month_before_january_is_last_december():
    assert dates.previous_month(date(2026, 1, 1)) == (2025, 12)
    assert dates.previous_month(date(2024, 3, 31)) == (2024, 2)


@covers(att.default_hours)
@given(st.sampled_from([5, 6]))
def test_the_default_working_week_starts_at_half_past_seven_on_each_working_day(days_per_week):
    hours = att.default_hours(days_per_week)
    assert sorted(hours) == list(range(days_per_week))
    assert all(start == time(7, 30) < end for start, end in hours.values())


def test_a_five_day_week_ends_at_four_and_half_past_four_on_friday():
    hours = att.default_hours(5)
    assert hours[0] == (time(7, 30), time(16, 0)) and hours[4] == (time(7, 30), time(16, 30))
