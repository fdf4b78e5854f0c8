"""Pure SKP rules: forms, workflow, cascading, mutasi periods, splits and progress."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain import skp_rules as r
from ekinerja.domain.statuses import SkpStatus

Y = 2026


def a(position: int, start: date, end: date | None = None) -> r.Assignment:
    return r.Assignment(position, start, end)


# -- periods around a mutasi -------------------------------------------------


def test_no_mutasi_one_full_year_period():
    assert r.skp_periods(Y, [a(1, date(2015, 3, 1))]) == [r.Period(1, date(Y, 1, 1), date(Y, 12, 31))]


def test_move_on_the_first_of_january_gives_one_period_for_the_new_position():
    history = [a(1, date(2015, 3, 1), date(Y - 1, 12, 31)), a(2, date(Y, 1, 1))]
    assert r.skp_periods(Y, history) == [r.Period(2, date(Y, 1, 1), date(Y, 12, 31))]
    assert r.skp_periods(Y - 1, history) == [r.Period(1, date(Y - 1, 1, 1), date(Y - 1, 12, 31))]


def test_move_on_the_last_day_of_the_year_gives_a_one_day_period():
    history = [a(1, date(2015, 3, 1), date(Y, 12, 30)), a(2, date(Y, 12, 31))]
    assert r.skp_periods(Y, history) == [
        r.Period(1, date(Y, 1, 1), date(Y, 12, 30)),
        r.Period(2, date(Y, 12, 31), date(Y, 12, 31)),
    ]


def test_moving_twice_in_a_year_gives_three_periods_in_order():
    history = [a(3, date(Y, 9, 1)), a(1, date(2015, 3, 1), date(Y, 3, 31)), a(2, date(Y, 4, 1), date(Y, 8, 31))]
    periods = r.skp_periods(Y, history)
    assert [(p.position_id, p.start, p.end) for p in periods] == [
        (1, date(Y, 1, 1), date(Y, 3, 31)),
        (2, date(Y, 4, 1), date(Y, 8, 31)),
        (3, date(Y, 9, 1), date(Y, 12, 31)),
    ]


def test_assignments_outside_the_year_give_nothing():
    assert r.skp_periods(Y, [a(1, date(Y + 1, 1, 1)), a(2, date(2010, 1, 1), date(Y - 1, 6, 30))]) == []


@given(st.lists(st.integers(min_value=1, max_value=364), unique=True, max_size=4))
def test_consecutive_assignments_cover_the_year_without_gaps_or_overlaps(offsets):
    moves = sorted(date(Y, 1, 1) + timedelta(days=o) for o in offsets)
    starts = [date(2015, 1, 1), *moves]
    history = [a(i, s, (starts[i + 1] - timedelta(days=1)) if i + 1 < len(starts) else None) for i, s in enumerate(starts)]
    periods = r.skp_periods(Y, history)
    assert periods[0].start == date(Y, 1, 1) and periods[-1].end == date(Y, 12, 31)
    for before, after in itertools.pairwise(periods):
        assert after.start == before.end + timedelta(days=1)
    assert len(periods) == len(moves) + 1


def test_default_period_starts_at_the_later_of_new_year_and_tmt():
    assert r.default_period(Y, date(2019, 5, 2)) == (date(Y, 1, 1), date(Y, 12, 31))
    assert r.default_period(Y, date(Y, 5, 2)) == (date(Y, 5, 2), date(Y, 12, 31))


def test_period_months_and_quarters():
    assert r.period_months(date(Y, 5, 2), date(Y, 8, 1)) == [5, 6, 7, 8]
    assert [r.quarter_of(m) for m in (1, 3, 4, 12)] == [1, 1, 2, 4]


# -- forms -------------------------------------------------------------------


def test_rhk_below_the_top_must_name_an_approved_atasan_rhk():
    form = r.RhkForm(description="Tersedianya aplikasi layanan", atasan_rhk_id="7")
    assert r.validate_rhk(form, has_atasan=True, atasan_rhk_ids=frozenset({7}), jpt=False)[0].atasan_rhk_id == 7
    _, errors = r.validate_rhk(form, has_atasan=True, atasan_rhk_ids=frozenset({8}), jpt=False)
    assert "atasan_rhk_id" in errors
    _, errors = r.validate_rhk(form, has_atasan=True, atasan_rhk_ids=frozenset(), jpt=False)
    assert errors["atasan_rhk_id"] == r.NO_ATASAN_SKP
    top, errors = r.validate_rhk(form, has_atasan=False, atasan_rhk_ids=frozenset(), jpt=False)
    assert not errors and top.atasan_rhk_id is None


def test_jpt_rhk_needs_a_perspektif_and_others_drop_it():
    form = r.RhkForm(description="Meningkatnya indeks SPBE", perspektif="")
    assert "perspektif" in r.validate_rhk(form, has_atasan=False, atasan_rhk_ids=frozenset(), jpt=True)[1]
    form = r.RhkForm(description="Meningkatnya indeks SPBE", perspektif="anggaran")
    assert r.validate_rhk(form, has_atasan=False, atasan_rhk_ids=frozenset(), jpt=True)[0].perspektif == "anggaran"
    assert r.validate_rhk(form, has_atasan=False, atasan_rhk_ids=frozenset(), jpt=False)[0].perspektif is None


@pytest.mark.parametrize(
    ("kind", "eselon", "kelas", "expected"),
    [("struktural", "II.a", 14, True), ("struktural", "I.b", 17, True), ("struktural", "III.a", 12, False),
     ("struktural", None, 14, True), ("fungsional", None, 14, False), ("pelaksana", None, 7, False)],
)
def test_is_jpt(kind, eselon, kelas, expected):
    assert r.is_jpt(kind, eselon, kelas) is expected


def test_indikator_target_accepts_an_indonesian_comma_and_refuses_zero():
    data, errors = r.validate_indikator(r.IndikatorForm("kuantitas", "Jumlah dokumen", "1.250,5", "dokumen"))
    assert not errors and data.target_value == Decimal("1250.5")
    _, errors = r.validate_indikator(r.IndikatorForm("kuantitas", "Jumlah dokumen", "0", "dokumen"))
    assert errors["target_value"] == "Target harus lebih dari 0."
    _, errors = r.validate_indikator(r.IndikatorForm("mutu", "x", "abc", ""))
    assert set(errors) == {"aspek", "description", "target_value", "target_unit"}


def test_realisasi_link_month_and_value():
    months = list(range(1, 13))
    ok, errors = r.validate_realisasi(r.RealisasiForm("3", "2", "", "https://drive.example.id/x"), months=months, last_month=6)
    assert not errors and ok.month == 3
    _, errors = r.validate_realisasi(r.RealisasiForm("7", "-1", "", "ftp://x"), months=months, last_month=6)
    assert set(errors) == {"month", "value", "evidence_link"}
    _, errors = r.validate_realisasi(r.RealisasiForm("2", "1", "", ""), months=[5, 6], last_month=6)
    assert errors["month"] == "Bulan harus berada di dalam periode SKP."


# -- workflow ----------------------------------------------------------------


def test_transitions_by_who_and_when():
    assert r.transition_problem("ajukan", "draft", is_owner=True, is_atasan=False) is None
    assert r.transition_problem("ajukan", "draft", is_owner=False, is_atasan=True) is not None
    assert r.transition_problem("setujui", "diajukan", is_owner=False, is_atasan=True) is None
    assert r.transition_problem("setujui", "diajukan", is_owner=True, is_atasan=False) is not None
    assert r.transition_problem("setujui", "draft", is_owner=False, is_atasan=True) is not None
    assert r.transition_problem("kembalikan", "disetujui", is_owner=False, is_atasan=True) is not None
    assert r.editable("draft", is_owner=True) and not r.editable("diajukan", is_owner=True)
    assert not r.editable("draft", is_owner=False) and not r.editable("disetujui", is_owner=True)


def test_plan_problems_name_each_missing_piece():
    rhks = [r.RhkLink("RHK satu", 5, None, 1), r.RhkLink("RHK dua", None, None, 0)]
    problems = r.plan_problems(rhks, has_atasan=True, atasan_rhk_ids=frozenset({5}), jpt=False)
    assert problems == ["RHK 2 (RHK dua) belum memiliki indikator kinerja.", "RHK 2 (RHK dua) belum terkait dengan RHK atasan yang disetujui."]
    assert r.plan_problems([], has_atasan=False, atasan_rhk_ids=frozenset(), jpt=False) == ["SKP belum memiliki Rencana Hasil Kerja."]
    assert r.NO_ATASAN_SKP in r.plan_problems(rhks[:1], has_atasan=True, atasan_rhk_ids=frozenset(), jpt=False)


# -- splits and progress -----------------------------------------------------


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100000), places=2), st.integers(min_value=1, max_value=12))
def test_equal_split_always_adds_up_to_the_target(target, parts):
    shares = r.split_equal(target, parts)
    assert len(shares) == parts and sum(shares) == target
    assert r.split_problem(target, shares) is None
    assert max(shares) - min(shares) < Decimal("0.01") * parts + Decimal("0.01")


def test_split_problem_explains_the_difference():
    assert r.split_problem(Decimal(12), [Decimal(3)] * 3) == "Jumlah rencana aksi (9) harus sama dengan target (12)."


def test_progress_real_percent_capped_average_and_lag():
    assert r.percent(Decimal(15), Decimal(12)) == Decimal("125.0")
    assert r.mean_percent([Decimal(150), Decimal(50)]) == Decimal("75.0")
    assert r.realised_total("kuantitas", [Decimal(2), Decimal(3)]) == Decimal(5)
    assert r.realised_total("kualitas", [Decimal(90), Decimal(100)]) == Decimal("95.00")
    assert r.elapsed_percent(date(Y, 1, 1), date(Y, 12, 31), date(Y - 1, 12, 1)) == 0
    assert r.elapsed_percent(date(Y, 1, 1), date(Y, 12, 31), date(Y + 1, 1, 5)) == 100
    half = r.elapsed_percent(date(Y, 1, 1), date(Y, 12, 31), date(Y, 7, 2))
    assert Decimal(49) < half < Decimal(51)
    assert r.is_lagging(Decimal(30), half) and not r.is_lagging(Decimal(45), half)
    assert not r.is_lagging(Decimal(200), Decimal(100))


@given(st.decimals(min_value=0, max_value=10**6, places=2), st.decimals(min_value=Decimal("0.01"), max_value=10**6, places=2))
def test_capped_progress_never_exceeds_100(realised, target):
    assert 0 <= r.capped(r.percent(realised, target)) <= 100


def test_fmt_prints_numbers_the_indonesian_way():
    assert r.fmt(Decimal("1250.50")) == "1.250,5"
    assert r.fmt(Decimal("12.00")) == "12"


# -- what each status allows --------------------------------------------------


@pytest.mark.parametrize(
    ("status", "owner", "atasan"),
    [
        # edit, submit, decide, revise, expect
        ("draft", (True, True, False, False, False), (False, False, False, False, True)),
        ("diajukan", (False, False, False, False, False), (False, False, True, False, True)),
        ("disetujui", (False, False, False, True, False), (False, False, False, False, False)),
        ("diganti", (False, False, False, False, False), (False, False, False, False, False)),
    ],
    ids=["draft", "diajukan", "disetujui", "diganti"],
)
def test_allowed_actions_per_status_and_role(status, owner, atasan):
    as_owner = r.allowed_actions(status, is_owner=True, is_atasan=False, revision_pending=False)
    as_atasan = r.allowed_actions(status, is_owner=False, is_atasan=True, revision_pending=False)
    fields = ("edit", "submit", "decide", "revise", "expect")
    assert tuple(getattr(as_owner, f) for f in fields) == owner
    assert tuple(getattr(as_atasan, f) for f in fields) == atasan
    stranger = r.allowed_actions(status, is_owner=False, is_atasan=False, revision_pending=False)
    assert not any(getattr(stranger, f) for f in fields)


def test_a_pending_revision_blocks_another():
    assert not r.allowed_actions("disetujui", is_owner=True, is_atasan=False, revision_pending=True).revise


def test_actions_agree_with_the_transitions_for_every_status():
    for status in SkpStatus:
        for owner, atasan in itertools.product((True, False), repeat=2):
            actions = r.allowed_actions(status, is_owner=owner, is_atasan=atasan, revision_pending=False)
            assert actions.submit == (r.transition_problem("ajukan", status, is_owner=owner, is_atasan=atasan) is None)
            assert actions.decide == (r.transition_problem("kembalikan", status, is_owner=owner, is_atasan=atasan) is None)
