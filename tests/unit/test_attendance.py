from datetime import date, datetime, time, timedelta

import pytest

from ekinerja.domain.attendance import (
    DayRecord,
    classify_day,
    count_month,
    minutes_between,
    tier_for_minutes,
    tier_limits,
)


@pytest.mark.parametrize(
    ("minutes", "tier"),
    [(None, 4), (-5, 0), (0, 0), (1, 1), (30, 1), (31, 2), (60, 2), (61, 3), (90, 3), (91, 4), (600, 4)],
)
def test_every_tier_boundary(minutes, tier):
    assert tier_for_minutes(minutes) == tier


def test_minutes_between():
    assert minutes_between(time(7, 30), time(8, 1)) == 31
    assert minutes_between(time(16, 0), time(15, 0)) == -60


START, END = time(7, 30), time(16, 0)


def test_classify_day_late_and_early():
    assert classify_day(DayRecord(time(7, 30), time(16, 0)), start=START, end=END) == (0, 0)
    assert classify_day(DayRecord(time(7, 31), time(15, 59)), start=START, end=END) == (1, 1)
    assert classify_day(DayRecord(time(9, 1), None), start=START, end=END) == (4, 4)


def test_count_month_skips_excused_days_and_counts_absence():
    schedule = {date(2026, 11, d): (START, END) for d in (2, 3, 4, 5, 6)}
    days = {
        date(2026, 11, 2): DayRecord(time(7, 20), time(16, 5)),
        date(2026, 11, 3): DayRecord(time(8, 15), time(16, 0)),  # 45 minutes late: TL2
        date(2026, 11, 4): DayRecord(None, None),  # machine saw nothing: absent
    }
    counts = count_month(days, schedule=schedule, excused={date(2026, 11, 5)})
    assert counts.days_present == 2
    assert counts.absent_without_reason == 2  # the 4th and the 6th
    assert counts.tl[2] == 1
    assert sum(counts.psw.values()) == 0


@pytest.mark.parametrize(("start", "end"), [(START, END), (time(0, 30), time(23, 50)), (time(23, 0), time(1, 0)), (time(7, 30, 15), time(16, 0, 0, 500))])
def test_tier_limits_agree_with_classify_day_at_every_boundary(start, end):
    late, early = tier_limits(start, end)
    day = datetime(2000, 1, 1)
    near_limits = [(datetime.combine(day, t) + timedelta(microseconds=d)).time() for t in (*late, *early) for d in (-1, 0, 1)
                   if time.min < t < time.max]
    every_minute = [time(m // 60, m % 60, us // 1_000_000, us % 1_000_000)
                    for m in range(24 * 60) for us in (0, 1, 500_000, 15_000_000, 59_999_999)]
    for moment in near_limits + every_minute:
        tl, psw = classify_day(DayRecord(moment, moment), start=start, end=end)
        assert tl == next((k for k, limit in enumerate(late) if moment <= limit), 4)
        assert psw == next((k for k, limit in enumerate(early) if moment >= limit), 4)
