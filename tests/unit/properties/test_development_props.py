"""Rencana pengembangan kompetensi under hostile forms, odd periods and any mix of item states."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain import development as d
from ekinerja.domain.predikat import Predikat
from tests.unit.properties.support import (
    covers,
    errors_ok,
    field_text,
    hostile_text,
    leap_days,
    message_ok,
)

ITEM_FIELDS = {"kind", "description", "due_date", "status", "note"}
kinds = st.one_of(st.sampled_from(["bulanan", "triwulanan", "tahunan"]), hostile_text)
every_date = st.one_of(
    st.dates(), leap_days, st.sampled_from([date.min, date.max, date(9998, 12, 31), date.max - d.MAX_HORIZON, date(2024, 2, 29) - d.MAX_HORIZON])
)


@covers(d.needs_plan)
@given(st.one_of(st.none(), st.sampled_from([p.value for p in Predikat]), st.sampled_from(list(Predikat)), hostile_text))
def test_only_a_predikat_below_baik_needs_a_plan(predikat):
    assert d.needs_plan(predikat) is (predikat in {"butuh_perbaikan", "kurang", "sangat_kurang"})


@covers(d.period_end)
@given(kinds, st.integers(-5, 20), st.integers(-10, 10_005))
def test_a_period_ends_on_the_last_day_of_its_month_or_is_refused_in_indonesian(kind, number, year):
    month = {"bulanan": number, "triwulanan": number * 3}.get(kind, 12)
    if 1 <= month <= 12 and 1 <= year <= 9999:
        end = d.period_end(kind, number, year)
        assert (end.year, end.month) == (year, month)
        assert end == date.max or (end + timedelta(days=1)).day == 1
    else:
        with pytest.raises(ValueError, match="Periode penilaian") as refused:
            d.period_end(kind, number, year)
        assert message_ok(str(refused.value))


item_forms = st.builds(
    d.ItemForm,
    kind=st.one_of(st.sampled_from(list(d.KINDS)), hostile_text),
    description=st.one_of(hostile_text, st.text(min_size=5, max_size=600)),
    due_date=st.one_of(every_date.map(date.isoformat), field_text, st.sampled_from(["2025-02-29", "2024-02-29", "0000-01-01", "9999-12-31"])),
    status=st.one_of(st.sampled_from(list(d.STATUSES)), hostile_text),
    note=st.one_of(hostile_text, st.text(max_size=1100)),
)


@st.composite
def items_and_period_ends(draw):
    """A form and a period end, the tenggat often typed just around the period end or the horizon."""
    form, end = draw(item_forms), draw(every_date)
    offset = draw(st.one_of(st.none(), st.integers(-2, 2), st.integers(d.MAX_HORIZON.days - 2, d.MAX_HORIZON.days + 2)))
    if offset is not None and date.min + timedelta(days=2) <= end <= date.max - timedelta(days=offset + 2):
        form = replace(form, due_date=(end + timedelta(days=offset)).isoformat())
    return form, end


@covers(d.validate_item)
@given(items_and_period_ends())
def test_a_plan_item_is_cleaned_or_explained_and_falls_due_after_the_period(item):
    form, end = item
    data, errors = d.validate_item(form, period_end=end)
    assert errors_ok(errors, ITEM_FIELDS) and (data is None) == bool(errors)
    if data is not None:
        assert data.kind in d.KINDS and data.status in d.STATUSES
        assert 5 <= len(data.description) <= d.MAX_DESCRIPTION and len(data.note) <= d.MAX_NOTE
        assert end < data.due_date and data.due_date - end <= d.MAX_HORIZON


@covers(d.read_progress_note)
@given(st.one_of(hostile_text, st.text(max_size=1100), st.just("x" * 10_000)))
def test_a_progress_note_is_cleaned_or_explained(raw):
    note, errors = d.read_progress_note(raw)
    assert errors_ok(errors, {"employee_note"}) and (note is None) == bool(errors)
    assert note is None or len(note) <= d.MAX_NOTE


items = st.builds(d.PlanItemState, status=st.one_of(st.sampled_from(list(d.STATUSES)), hostile_text), due_date=st.dates())


@covers(d.summarise)
@given(st.lists(items, max_size=30), st.one_of(st.dates(), leap_days), st.dates())
def test_the_summary_counts_what_is_live_and_ignores_cancelled_items(plan, today, due):
    summary = d.summarise(plan, today=today)
    live = [i for i in plan if i.status != "dibatalkan"]
    assert summary.total == len(live)
    assert 0 <= summary.done <= summary.total and 0 <= summary.overdue <= summary.total - summary.done
    assert (summary.text == "") == (summary.total == 0)
    assert summary.total == 0 or message_ok(summary.text)
    assert d.summarise([*plan, d.PlanItemState("dibatalkan", due)], today=today) == summary
    assert d.summarise(reversed(plan), today=today) == summary
