"""The kinerja target, the presets and the Plt/Plh level under arbitrary input (issue 20)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain import kinerja_target as kt
from ekinerja.domain import tpp
from tests.unit.properties.support import covers, hostile_text, message_ok

month_days = st.integers(0, 30).flatmap(lambda n: st.just(sorted({date(2028, 2, 1) + timedelta(days=i) for i in range(n)})))
day_in_2028 = st.integers(-40, 70).map(lambda i: date(2028, 2, 1) + timedelta(days=i))
spans = st.lists(st.tuples(day_in_2028, st.one_of(st.none(), day_in_2028)), max_size=3)
absences = st.lists(st.builds(kt.Excused, st.sampled_from(list(tpp.ABSENCE_LABELS.values())), day_in_2028, day_in_2028), max_size=4)


@covers(kt.expected_working_days, kt.target_for, kt.prorated_minutes, kt.progress_text)
@given(month_days, st.integers(0, 27), st.integers(0, 20_000), spans, absences, st.booleans(), st.integers(0, 10**6))
def test_the_target_never_exceeds_the_month_nor_counts_a_day_twice(days, month_working_days, monthly, held, excused, running, approved):
    target = kt.target_for(days, month_working_days, monthly, held, excused, running=running)
    in_post = kt.expected_working_days(days, held)
    assert 0 <= target.expected_days <= in_post <= len(days)
    assert target.expected_days + sum(target.excused.values()) == in_post
    assert target.expected_days == kt.expected_working_days(days, held, {d for a in excused for d in days if a.start <= d <= a.end})
    if target.expected_days <= month_working_days:
        assert 0 <= target.minutes <= monthly
    assert kt.prorated_minutes(monthly, month_working_days, month_working_days) == (monthly if month_working_days else 0)
    assert message_ok(target.text) and message_ok(kt.progress_text(approved, target))
    assert ("sampai kemarin" in target.text) == running


@covers(tpp.apply_preset, tpp.ruleset_sources)
@given(st.sampled_from(list(tpp.PRESETS)), st.sampled_from([*tpp.PRESETS, "", "lain"]), st.integers(0, 66), st.sampled_from(list(tpp.DEDUCTION_BASES)))
def test_every_setting_has_a_source_whatever_the_admin_changed(key, preset_name, min_days, base):
    ruleset = replace(tpp.apply_preset(tpp.TppRuleset(base_by_kelas={9: 1}), key), preset=preset_name, plt_min_working_days=min_days, deduction_base=base)
    sources = tpp.ruleset_sources(ruleset)
    assert set(sources) == set(tpp.SOURCE_GROUPS)
    assert all(message_ok(text) and text for text in sources.values())
    assert tpp.ruleset_problems(ruleset) == []


@covers(tpp.eselon_rank, tpp.is_higher_level)
@given(st.one_of(st.none(), hostile_text, st.sampled_from(["I.a", "II.b", "III.a", "IV.b", "V.a", "iv.a", " III "])),
       st.one_of(st.none(), hostile_text, st.sampled_from(["I.a", "II.b", "III.a", "IV.b", "V.a"])))
def test_levels_are_ordered(own, acting):
    assert 0 <= tpp.eselon_rank(own) <= 5
    assert not (tpp.is_higher_level(own, acting) and tpp.is_higher_level(acting, own))
    assert not tpp.is_higher_level(own, own)
