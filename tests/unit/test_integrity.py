"""Tanda integritas: each check with a case that flags and one that does not, plus the edges."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from ekinerja.domain.activity_rules import WorkCalendar
from ekinerja.domain.integrity import (
    COPIED_MIN_DAYS,
    FAST_MIN_BATCHES,
    LARGE_BATCH_MIN,
    Decision,
    Entry,
    FlagKind,
    Presence,
    Schedule,
    batches,
    copied_text,
    fast_approvals,
    normalise,
    out_of_hours,
    over_presence,
)

MONDAY = date(2026, 3, 2)
COPIED = "Menyusun draf laporan monitoring jaringan intra pemerintah."
HOURS = {d: (time(7, 30), time(16, 0)) for d in range(4)} | {4: (time(7, 30), time(16, 30))}


def entry(day: date, *, employee: int = 1, start: time = time(8), end: time = time(10), text: str = "", item: int | None = 5, minutes: int = 120) -> Entry:
    return Entry(employee, day, start, end, "Mengelola jaringan", item, text, minutes)


def working_days(count: int) -> list[date]:
    days, day = [], MONDAY
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


# Copied descriptions


def test_same_text_on_many_days_is_flagged_with_the_days():
    days = working_days(COPIED_MIN_DAYS)
    flags = copied_text([entry(d, text=COPIED) for d in days] + [entry(days[0], text="Lain sekali hari ini, rapat koordinasi.")])
    assert [(f.kind, f.subject_id) for f in flags] == [(FlagKind.COPIED_TEXT, 1)]
    assert flags[0].days == tuple(days)
    assert COPIED in flags[0].summary


def test_copy_differing_only_in_case_and_punctuation_still_counts():
    days = working_days(COPIED_MIN_DAYS)
    variants = [COPIED.upper() if i % 2 else COPIED.replace(".", "!") for i in range(len(days))]
    assert len(copied_text([entry(d, text=t) for d, t in zip(days, variants, strict=True)])) == 1
    assert normalise("  Rapat,  KOORDINASI! ") == "rapat koordinasi"


def test_fewer_days_short_texts_other_tasks_or_other_people_are_not_flagged():
    days = working_days(COPIED_MIN_DAYS)
    assert copied_text([entry(d, text=COPIED) for d in days[:-1]]) == []
    assert copied_text([entry(d, text="Selesai.") for d in days]) == []
    # the same words under different catalogue items, or spread over colleagues
    assert copied_text([entry(d, text=COPIED, item=i) for i, d in enumerate(days)]) == []
    assert copied_text([entry(d, text=COPIED, employee=i) for i, d in enumerate(days)]) == []
    # several entries on the same day are one day
    assert copied_text([entry(days[0], text=COPIED, start=time(h), end=time(h, 30)) for h in range(8, 8 + COPIED_MIN_DAYS)]) == []


# Minutes against presence


def test_minutes_beyond_the_time_present_are_flagged():
    flags = over_presence(
        [entry(MONDAY, start=time(7, 30), end=time(12), minutes=270), entry(MONDAY, start=time(13), end=time(16), minutes=180)],
        [Presence(1, MONDAY, time(9, 30), time(16, 5))],
    )
    assert [(f.kind, f.days) for f in flags] == [(FlagKind.OVER_PRESENCE, (MONDAY,))]
    assert "450 menit efektif" in flags[0].evidence[0].text and "09:30–16:05 = 395 menit" in flags[0].evidence[0].text


def test_minutes_within_presence_and_tolerance_are_not_flagged():
    assert over_presence([entry(MONDAY, minutes=400)], [Presence(1, MONDAY, time(7, 25), time(14, 0))]) == []  # 395 + 15
    assert over_presence([entry(MONDAY, minutes=300)], [Presence(1, MONDAY, time(7, 30), time(16, 0))]) == []


def test_no_record_counts_as_absent_but_dinas_luar_and_half_records_are_not_measured():
    tuesday = MONDAY + timedelta(days=1)
    flags = over_presence([entry(MONDAY), entry(tuesday)], [], absences={(1, MONDAY): "cuti_tahunan", (1, tuesday): "dinas_luar"})
    assert flags[0].days == (MONDAY,) and "cuti tahunan" in flags[0].evidence[0].text
    assert over_presence([entry(MONDAY)], [Presence(1, MONDAY, time(7, 30), None)]) == []
    # a check-out before the check-in (a night shift over midnight) cannot be measured either
    assert over_presence([entry(MONDAY)], [Presence(1, MONDAY, time(22), time(6))]) == []


# Out of working hours


def schedule(*, holidays=(), duty=()) -> dict[int, Schedule]:
    return {1: Schedule(WorkCalendar(5, frozenset(holidays), frozenset(duty)), HOURS)}


def test_evening_and_weekend_entries_without_duty_are_flagged():
    saturday = MONDAY + timedelta(days=5)
    flags = out_of_hours([entry(MONDAY, start=time(19), end=time(21)), entry(saturday, start=time(9), end=time(11))], schedule())
    assert [(f.kind, f.days) for f in flags] == [(FlagKind.OUT_OF_HOURS, (MONDAY, saturday))]
    assert "jam kerja 07:30–16:00" in flags[0].evidence[0].text and "hari libur" in flags[0].evidence[1].text


def test_entries_within_hours_and_grace_are_not_flagged():
    friday = MONDAY + timedelta(days=4)
    entries = [entry(MONDAY, start=time(7, 0), end=time(9)), entry(MONDAY, start=time(15), end=time(16, 30)), entry(friday, start=time(16), end=time(17))]
    assert out_of_hours(entries, schedule()) == []


def test_a_duty_day_opens_a_holiday_and_a_holiday_closes_a_weekday():
    saturday, holiday = MONDAY + timedelta(days=5), MONDAY + timedelta(days=2)
    assert out_of_hours([entry(saturday, start=time(19), end=time(22))], schedule(duty=[saturday])) == []
    flags = out_of_hours([entry(holiday)], schedule(holidays=[holiday]))
    assert flags[0].days == (holiday,)
    assert out_of_hours([entry(holiday)], schedule(holidays=[holiday], duty=[holiday])) == []


def test_entries_around_midnight_are_out_of_hours():
    flags = out_of_hours([entry(MONDAY, start=time(0), end=time(1)), entry(MONDAY, start=time(23), end=time(23, 59))], schedule())
    assert len(flags[0].evidence) == 2
    assert out_of_hours([entry(MONDAY, employee=2, start=time(0), end=time(1))], schedule()) == []  # no schedule: not checked


# Fast bulk approvals


def bulk(decider: int, at: datetime, *, size: int = LARGE_BATCH_MIN, wait: int = 20) -> list[Decision]:
    return [Decision(decider, i, at - timedelta(seconds=wait + i), at + timedelta(milliseconds=i), True) for i in range(size)]


def week_of_batches(*, waits: list[int], size: int = LARGE_BATCH_MIN) -> list[Decision]:
    start = datetime(2026, 3, 2, 8, tzinfo=UTC)
    return [d for i, wait in enumerate(waits) for d in bulk(7, start + timedelta(days=i), size=size, wait=wait)]


def test_every_large_batch_approved_within_seconds_is_flagged():
    flags = fast_approvals(week_of_batches(waits=[20] * FAST_MIN_BATCHES))
    assert [(f.kind, f.subject_id) for f in flags] == [(FlagKind.FAST_APPROVAL, 7)]
    assert len(flags[0].evidence) == FAST_MIN_BATCHES
    assert f"{LARGE_BATCH_MIN} kegiatan disetujui sekaligus, median 24 detik" in flags[0].evidence[0].text


def test_one_fast_batch_small_batches_or_slow_batches_are_not_flagged():
    assert fast_approvals(week_of_batches(waits=[20])) == []  # once is not every time
    assert fast_approvals(week_of_batches(waits=[20, 20, 3600])) == []  # one careful batch breaks "every time"
    assert fast_approvals(week_of_batches(waits=[20] * 5, size=LARGE_BATCH_MIN - 1)) == []
    rejected = [Decision(d.decider_id, d.activity_id, d.arrived_at, d.decided_at, False) for d in week_of_batches(waits=[20] * 3)]
    assert fast_approvals(rejected) == []


def test_nearly_every_time_is_enough():
    assert len(fast_approvals(week_of_batches(waits=[20] * 9 + [3600]))) == 1


def test_decisions_apart_form_separate_batches():
    at = datetime(2026, 3, 2, 8, tzinfo=UTC)
    rows = [Decision(7, i, at - timedelta(minutes=1), at + timedelta(seconds=11 * i), True) for i in range(3)]
    assert [b.size for b in batches(rows)] == [1, 1, 1]
    assert [b.size for b in batches(bulk(7, at) + bulk(8, at))] == [LARGE_BATCH_MIN, LARGE_BATCH_MIN]
