"""ABK arithmetic against examples worked by hand."""

from __future__ import annotations

from datetime import date

import pytest

from ekinerja.domain import abk
from ekinerja.domain.activity_rules import WorkCalendar

# March 2026 on a five-day week with the 20th (a Friday) a holiday: 21 working days.
MARCH = WorkCalendar(5, frozenset({date(2026, 3, 20)}))
DAYS = abk.working_days_between(date(2026, 3, 1), date(2026, 3, 31), MARCH)


def test_working_days_of_the_period():
    assert len(DAYS) == 21
    assert DAYS[0] == date(2026, 3, 2) and DAYS[-1] == date(2026, 3, 31)
    assert date(2026, 3, 20) not in DAYS


def test_incumbent_days_count_each_assignment_within_the_period():
    # One holder all month (started last year, no end), one who arrived by mutasi on Monday 16 March.
    spans = [(date(2025, 1, 2), None), (date(2026, 3, 16), None)]
    # 16-31 March: 16,17,18,19,(20 holiday),23-27,30,31 = 4 + 5 + 2 = 11 working days.
    assert abk.days_within(DAYS, date(2026, 3, 16), None) == 11
    assert abk.incumbent_days(DAYS, spans) == 21 + 11


def test_a_position_with_several_holders_and_a_mid_period_mutasi():
    """Hand-worked: 21 working days in the period, 240 in the year, 1,250 effective hours.

    Approved catalogue work: 100 x 60 min + 40 x 30 min = 7,200 minutes.
    Projected: 7,200 x 240 / 21 = 82,285.71 min = 1,371.43 hours a year.
    Needed: 1,371.43 / 1,250 = 1.0971 employees.
    Holders: one all month (21/21) and one from 16 March (11/21) = 32/21 = 1.5238.
    Gap: 1.5238 - 1.0971 = +0.4267 -> within the 0.5 tolerance: balanced.
    """
    work = abk.PositionWork(
        position_id=1, name="Analis Data", unit_id=9, unit_name="Bidang Statistik",
        standard_minutes=100 * 60 + 40 * 30, unstandardised=0, logged_days=30, held_days=32,
    )
    line = abk.assess(work, period_days=21, year_days=240, effective_hours=1250)
    assert line.workload_hours == pytest.approx(1371.4286, abs=1e-3)
    assert line.needed == pytest.approx(1.09714, abs=1e-4)
    assert line.holders == pytest.approx(1.52381, abs=1e-4)
    assert line.gap == pytest.approx(0.42667, abs=1e-4)
    assert line.status == abk.STATUS_SEIMBANG
    assert line.flags == ()


def test_the_employee_who_left_by_mutasi_counts_in_the_old_position_too():
    """The mover held the old jabatan 2-13 March: 10 working days = 10/21 = 0.476 of a person.
    That jabatan's 9,000 minutes project to 9,000 x 240 / 21 / 60 = 1,714.29 hours: 1.371 needed,
    so with 0.476 holders it lacks 0.895 of a person: kurang."""
    old = abk.PositionWork(2, "Pengadministrasi", 9, "Bidang Statistik", 9000, 0, logged_days=10, held_days=10)
    line = abk.assess(old, period_days=21, year_days=240, effective_hours=1250)
    assert line.holders == pytest.approx(10 / 21)
    assert line.needed == pytest.approx(1.37143, abs=1e-4)
    assert line.gap == pytest.approx(-0.89524, abs=1e-4)
    assert line.status == abk.STATUS_KURANG


def test_more_holders_than_the_work_needs():
    # 2,100 minutes in 21 days -> 24,000 a year -> 400 hours -> 0.32 needed; 3 full holders: +2.68.
    work = abk.PositionWork(3, "Staf", 9, "Bidang", 2100, 0, logged_days=63, held_days=63)
    line = abk.assess(work, period_days=21, year_days=240, effective_hours=1250)
    assert line.needed == pytest.approx(0.32)
    assert line.gap == pytest.approx(2.68)
    assert line.status == abk.STATUS_LEBIH


def test_effective_hours_change_the_need():
    work = abk.PositionWork(3, "Staf", 9, "Bidang", 2100, 0, logged_days=63, held_days=63)
    assert abk.assess(work, period_days=21, year_days=240, effective_hours=1000).needed == pytest.approx(0.4)


def test_flags_free_text_work_and_too_little_data():
    thin = abk.PositionWork(4, "Pranata", 9, "Bidang", 600, unstandardised=3, logged_days=4, held_days=21)
    line = abk.assess(thin, period_days=21, year_days=240, effective_hours=1250)
    assert line.status == abk.STATUS_BELUM
    assert any("3 kegiatan tanpa waktu standar" in f for f in line.flags)
    assert any("Data terlalu sedikit" in f for f in line.flags)


def test_coverage_below_half_is_too_little_data_even_with_many_days():
    # 40 employee-days logged out of 100 held: under the 50% coverage.
    assert abk.too_little_data(logged_days=40, held_days=100)
    assert not abk.too_little_data(logged_days=50, held_days=100)
    assert abk.too_little_data(logged_days=9, held_days=10)  # under the 10-day minimum


def test_a_vacant_position_is_flagged_not_judged():
    line = abk.assess(abk.PositionWork(5, "Kosong", 9, "Bidang", 0, 0, 0, 0), period_days=21, year_days=240, effective_hours=1250)
    assert line.holders == 0 and line.needed == 0
    assert line.status == abk.STATUS_BELUM
    assert line.flags == ("Jabatan lowong selama periode ini.",)


def test_unit_totals_sum_lines_per_unit():
    lines = [
        abk.assess(abk.PositionWork(i, f"J{i}", unit, f"U{unit}", 2100, 0, 63, 63), period_days=21, year_days=240, effective_hours=1250)
        for i, unit in ((1, 7), (2, 8), (3, 7))
    ]
    totals = abk.unit_totals(lines)
    assert [(t.unit_id, round(t.needed, 2), round(t.holders, 2)) for t in totals] == [(7, 0.64, 6.0), (8, 0.32, 3.0)]


@pytest.mark.parametrize(("raw", "expected"), [("1250", 1250), (" 1.250 ", 1250), ("1000", 1000)])
def test_effective_hours_read(raw, expected):
    assert abk.read_effective_hours(raw) == (expected, {})


# A dot only groups thousands: "100.0" or "1000." is a typo, not 1,000 hours.
@pytest.mark.parametrize("raw", ["", "abc", "0", "12,5", "99999", "100.0", "1000.", "1.2.5.0", "12.50"])
def test_effective_hours_refused_in_indonesian(raw):
    value, errors = abk.read_effective_hours(raw)
    assert value is None
    assert errors["effective_hours"].startswith("Jam kerja efektif harus bilangan bulat")


def test_a_period_without_working_days_projects_nothing():
    assert abk.annual_minutes(500, period_days=0, year_days=240) == 0
