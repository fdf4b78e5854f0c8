"""SKP forms, periods, target splits and progress under arbitrary input."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain import skp_rules as r
from tests.unit.properties.support import (
    any_date,
    covers,
    errors_ok,
    field_text,
    hostile_text,
    message_ok,
)

amounts = st.decimals(min_value=0, max_value=r.MAX_TARGET, places=2)
percents = st.decimals(min_value=-1000, max_value=100000, places=1)
years = st.integers(2000, 2099)


@covers(r.parse_amount, r.fmt)
@given(amounts)
def test_a_formatted_amount_reads_back_as_itself_or_is_refused(value):
    """"1.250" (Indonesian thousands) is refused rather than read as 1,25: never a different number."""
    errors: r.Errors = {}
    back = r.parse_amount(errors, "v", r.fmt(value), label="Target")
    assert ("v" in errors and message_ok(errors["v"])) or back == value


@covers(r.parse_amount)
@given(st.one_of(field_text, st.sampled_from(["1.250,5", "1,5", "999999999999.99", "1000000000000", "0", "1.2.3", "1,234,5"])), st.booleans())
def test_amounts_are_bounded_with_two_decimals_or_explained(raw, allow_zero):
    errors: r.Errors = {}
    value = r.parse_amount(errors, "v", raw, label="Target", allow_zero=allow_zero)
    if "v" in errors:
        assert message_ok(errors["v"])
    else:
        assert value is not None and 0 <= value <= r.MAX_TARGET and value == value.quantize(r.CENT)
        assert allow_zero or value > 0


@covers(r.validate_rhk, r.validate_indikator, r.validate_lampiran, r.validate_note, r.validate_realisasi)
@given(st.builds(r.RhkForm, kind=hostile_text, description=hostile_text, atasan_rhk_id=field_text, perspektif=hostile_text),
       st.builds(r.IndikatorForm, aspek=st.one_of(st.sampled_from(r.ASPEKS), hostile_text), description=hostile_text,
                 target_value=field_text, target_unit=st.one_of(st.just("%"), hostile_text)),
       st.builds(r.LampiranForm, approach=hostile_text, dukungan_sumber_daya=hostile_text, skema_pertanggungjawaban=hostile_text,
                 konsekuensi=hostile_text),
       hostile_text,
       st.builds(r.RealisasiForm, month=field_text, value=field_text, note=hostile_text,
                 evidence_link=st.one_of(hostile_text, st.sampled_from(["https://contoh.go.id/a", "javascript:alert(1)", "http://a b"]))),
       st.booleans(), st.frozensets(st.integers(1, 5), max_size=3), st.booleans(), st.integers(1, 12))
def test_every_skp_form_is_cleaned_or_explained(rhk, indikator, lampiran, note, realisasi, has_atasan, atasan_ids, jpt, last_month):
    data, errors = r.validate_rhk(rhk, has_atasan=has_atasan, atasan_rhk_ids=atasan_ids, jpt=jpt)
    assert errors_ok(errors, {"kind", "description", "atasan_rhk_id", "perspektif"}) and (data is None) == bool(errors)
    if data is not None and has_atasan:
        assert data.atasan_rhk_id in atasan_ids
    data, errors = r.validate_indikator(indikator)
    assert errors_ok(errors, {"aspek", "description", "target_value", "target_unit"}) and (data is None) == bool(errors)
    if data is not None:
        assert 0 < data.target_value <= r.MAX_TARGET
    data, errors = r.validate_lampiran(lampiran)
    assert errors_ok(errors, {"approach", "dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi"})
    data, errors = r.validate_note(note)
    assert errors_ok(errors, {"return_note"}) and (data is None or 5 <= len(data) <= 2000)
    data, errors = r.validate_realisasi(realisasi, months=range(1, 13), last_month=last_month)
    assert errors_ok(errors, {"month", "value", "note", "evidence_link"})
    if data is not None:
        assert 1 <= data.month <= last_month and (not data.evidence_link or data.evidence_link.lower().startswith("http"))


@covers(r.is_jpt, r.transition_problem, r.editable)
@given(st.sampled_from(["struktural", "fungsional", "pelaksana"]), st.one_of(st.none(), st.sampled_from(["I.a", "II.b", "III.a", "IV.b"])),
       st.integers(1, 17), st.sampled_from(list(r.TRANSITIONS)), st.sampled_from(list(r.STATUS_LABELS)), st.booleans(), st.booleans())
def test_workflow_rules(kind, eselon, kelas, action, status, owner, atasan):
    assert r.is_jpt(kind, eselon, kelas) == (kind == "struktural" and (eselon in ("I.a", "II.b") if eselon else kelas >= 14))
    problem = r.transition_problem(action, status, is_owner=owner, is_atasan=atasan)
    rule = r.TRANSITIONS[action]
    allowed = status == rule.source and (owner if rule.by == "owner" else atasan)
    assert (problem is None) == allowed and (problem is None or message_ok(problem))
    assert r.editable(status, is_owner=owner) == (owner and status == "draft")


@covers(r.allowed_actions, r.in_progress, r.expectations_open, r.revisable)
@given(st.one_of(st.sampled_from(list(r.STATUS_LABELS)), hostile_text), st.booleans(), st.booleans(), st.booleans())
def test_allowed_actions_follow_the_workflow(status, owner, atasan, pending):
    actions = r.allowed_actions(status, is_owner=owner, is_atasan=atasan, revision_pending=pending)
    assert actions.edit == r.editable(status, is_owner=owner)
    assert actions.submit == (r.transition_problem("ajukan", status, is_owner=owner, is_atasan=atasan) is None)
    assert actions.decide == (r.transition_problem("setujui", status, is_owner=owner, is_atasan=atasan) is None)
    assert actions.revise == r.revisable(status, is_owner=owner, revision_pending=pending) == (owner and status == "disetujui" and not pending)
    assert actions.expect == (atasan and r.expectations_open(status))
    assert r.in_progress(status) == r.expectations_open(status) == (status in ("draft", "diajukan"))
    # A locked SKP (approved or replaced) is never edited, submitted or decided.
    if status in ("disetujui", "diganti"):
        assert not (actions.edit or actions.submit or actions.decide or actions.expect)


@covers(r.approved, r.sent_back)
@given(st.one_of(st.sampled_from(list(r.STATUS_LABELS)), hostile_text), st.one_of(st.none(), hostile_text), st.booleans(), st.booleans())
def test_approved_and_sent_back_follow_the_status(status, note, owner, atasan):
    assert r.approved(status) == (status == "disetujui")
    assert r.sent_back(status, return_note=note) == (status == "draft" and bool(note))
    # An approved SKP (locked) is never edited; a returned one is the owner's draft to edit again.
    if r.approved(status):
        assert not r.editable(status, is_owner=owner) and not r.sent_back(status, return_note=note)
    if r.sent_back(status, return_note=note):
        assert r.editable(status, is_owner=True) and r.in_progress(status)


@covers(r.plan_problems)
@given(st.lists(st.builds(r.RhkLink, description=hostile_text, atasan_rhk_id=st.one_of(st.none(), st.integers(1, 5)),
                          perspektif=st.one_of(st.none(), st.sampled_from(list(r.PERSPEKTIF))), indikator_count=st.integers(0, 3)), max_size=4),
       st.booleans(), st.frozensets(st.integers(1, 5), max_size=3), st.booleans())
def test_plan_problems_are_messages(rhks, has_atasan, atasan_ids, jpt):
    problems = r.plan_problems(rhks, has_atasan=has_atasan, atasan_rhk_ids=atasan_ids, jpt=jpt)
    assert all(message_ok(p) for p in problems) and all(len(p) < 300 for p in problems)
    assert bool(problems) or (rhks and all(x.indikator_count for x in rhks))


@covers(r.skp_periods, r.default_period, r.period_months, r.quarter_of, r.period_label, r.split_slots, r.slot_label)
@given(years, st.lists(st.tuples(any_date, st.integers(0, 900)), max_size=4), st.integers(1, 12))
def test_periods_follow_each_other_within_the_year(year, spans, month):
    cursor_assignments, start = [], date(year - 1, 6, 1)
    for n, (_, length) in enumerate(spans):
        end = start + timedelta(days=length)
        cursor_assignments.append(r.Assignment(n, start, end))
        start = end + timedelta(days=1)
    periods = r.skp_periods(year, cursor_assignments)
    for p, q in itertools.pairwise(periods):
        assert p.end < q.start
    for p in periods:
        assert date(year, 1, 1) <= p.start <= p.end <= date(year, 12, 31)
        months = r.period_months(p.start, p.end)
        assert months == sorted(months) and months[0] == p.start.month and months[-1] == p.end.month
        assert r.split_slots(p.start, p.end, "triwulan") == sorted({r.quarter_of(m) for m in months})
        assert all(r.slot_label("bulan", m) for m in months) and message_ok(r.period_label(p.start, p.end))
    assert r.default_period(year, date(year, month, 1))[0] == date(year, month, 1)


@covers(r.split_equal, r.split_problem)
@given(amounts, st.integers(0, 12))
def test_equal_splits_add_up_to_the_target(target, parts):
    shares = r.split_equal(target, parts)
    assert len(shares) == parts
    if parts:
        assert sum(shares, Decimal(0)) == target and r.split_problem(target, shares) is None
        assert all(s >= 0 for s in shares) and max(shares) - min(shares) < Decimal("0.01") * parts + Decimal("0.01")


@covers(r.realised_total, r.percent, r.capped, r.elapsed_percent, r.mean_percent, r.is_lagging)
@given(st.sampled_from(r.ASPEKS), st.lists(amounts, max_size=12), amounts, st.lists(percents, max_size=6), any_date, st.integers(0, 400), any_date)
def test_progress_figures_stay_in_range(aspek, monthly, target, values, start, length, today):
    total = r.realised_total(aspek, monthly)
    assert total >= 0
    p = r.percent(total, target)
    assert p >= 0 and r.capped(p) <= 100
    end = start + timedelta(days=length)
    elapsed = r.elapsed_percent(start, end, today)
    assert 0 <= elapsed <= 100
    mean = r.mean_percent(values)
    assert mean <= 100
    assert r.is_lagging(mean, elapsed) == (r.capped(mean) < elapsed - r.LAG_TOLERANCE)


@pytest.mark.parametrize(("kind", "no", "label"), [("triwulan", 4, "TW4"), ("bulan", 12, "Des")])
def test_slot_labels(kind, no, label):
    assert r.slot_label(kind, no) == label
