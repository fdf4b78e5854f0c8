"""Tanda integritas under hostile text, times across midnight, empty months and any order of rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain import integrity as g
from ekinerja.domain.activity_rules import WorkCalendar, span_minutes
from tests.unit.properties.support import (
    covers,
    hostile_text,
    leap_days,
    message_ok,
    times,
)

MONTH = [date(2024, 2, 1) + timedelta(days=i) for i in range(29)]  # a leap February
month_days = st.one_of(st.sampled_from(MONTH), leap_days)
employees = st.integers(1, 4)
# Words an Indonesian employee writes, with the punctuation and case a copy may vary.
WORDS = ["Menyusun", "laporan", "bulanan", "rapat", "koordinasi", "surat", "masuk", "verifikasi", "data", "SPJ", "2024", "ke-3"]
PUNCTUATION = [".", ",", "!", "?", ";", ":", "(", ")", "\"", "'", "-", "/", "—", "…", "«", "»"]
GAPS = ["", " ", "\t", "\n", " , ", " - "]
words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8)


@st.composite
def written(draw, chosen: list[str]):
    """The same words, recased and wrapped in punctuation and spacing at the writer's whim."""
    case = draw(st.sampled_from([str.lower, str.upper, str.title, str.swapcase, str.capitalize]))
    marks = draw(st.lists(st.sampled_from(PUNCTUATION + GAPS), min_size=2 * len(chosen), max_size=2 * len(chosen)))
    return " ".join(marks[2 * i] + word + marks[2 * i + 1] for i, word in enumerate(case(" ".join(chosen)).split(" ")))


entries = st.builds(
    g.Entry, employees, month_days, times, times, st.sampled_from(["Menyusun laporan", "Rapat", "😀"]),
    st.one_of(st.none(), st.integers(1, 3)), hostile_text, st.integers(0, 2000),
)


@covers(g.normalise)
@given(st.one_of(hostile_text, st.text(max_size=200)), words.flatmap(lambda chosen: st.tuples(st.just(chosen), written(chosen), written(chosen))))
def test_normalised_text_is_stable_and_ignores_case_punctuation_and_spacing(raw, copies):
    chosen, first, second = copies
    once = g.normalise(raw)
    assert g.normalise(once) == once
    assert once == once.strip() and "  " not in once and not any(c in once for c in "\n\r\t")
    assert g.normalise(first) == g.normalise(second) == " ".join(chosen).lower().replace("-", " ")


@covers(g.copied_text)
@given(st.lists(entries, max_size=20), words, st.sets(month_days, max_size=12), employees, st.integers(1, 3), st.data())
def test_copied_text_is_flagged_on_enough_distinct_days_whatever_the_case_or_punctuation(noise, chosen, days, employee, item, data):
    assert g.copied_text([]) == []
    flags = g.copied_text(noise)  # hostile text never crashes
    assert all(f.kind is g.FlagKind.COPIED_TEXT and message_ok(f.summary) and len(set(f.days)) >= g.COPIED_MIN_DAYS for f in flags)
    # One text copied on each of ``days`` (twice on some), its case and punctuation varied each time.
    text = " ".join(chosen)
    variants = data.draw(st.lists(written(chosen), min_size=1, max_size=3))
    copies = [
        g.Entry(employee, day, time(8), time(9), "Menyusun laporan", item, variants[(n + i) % len(variants)], 60)
        for n, day in enumerate(sorted(days)) for i in range(1 + n % 2)
    ]
    expected = len(days) >= g.COPIED_MIN_DAYS and len(g.normalise(text)) >= g.COPIED_MIN_CHARS
    found = [f for f in g.copied_text(data.draw(st.permutations(copies))) if f.subject_id == employee]
    assert bool(found) == expected
    if expected:
        assert [f.days for f in found] == [tuple(sorted(days))]
    # Split between two employees, or between two catalogue items, the copies are two separate texts.
    odd = sorted(days)[1::2]
    split = [replace(e, employee_id=employee + 10) if e.day in odd else e for e in copies]
    assert all(len(f.days) < len(days) for f in g.copied_text(split)) or not expected
    other_item = [replace(e, catalog_item_id=None) if e.day in odd else e for e in copies]
    assert all(len(f.days) < len(days) for f in g.copied_text(other_item)) or not expected


@covers(g.over_presence)
@given(st.lists(entries, max_size=20), st.lists(st.builds(g.Presence, employees, month_days, st.one_of(st.none(), times),
                                                           st.one_of(st.none(), times)), max_size=20),
       st.dictionaries(st.tuples(employees, month_days), st.sampled_from(["dinas_luar", "tugas_belajar", "cuti", "sakit", "😀"]), max_size=10))
def test_only_days_with_more_minutes_than_presence_are_flagged(rows, presence, absences):
    assert g.over_presence([], presence, absences=absences) == []
    flags = g.over_presence(rows, presence, absences=absences)
    worked: dict[tuple[int, date], int] = {}
    for row in rows:
        worked[(row.employee_id, row.day)] = worked.get((row.employee_id, row.day), 0) + row.minutes
    records = {(p.employee_id, p.day): p for p in presence}
    assert [f.subject_id for f in flags] == sorted({f.subject_id for f in flags})
    for flag in flags:
        assert flag.kind is g.FlagKind.OVER_PRESENCE and message_ok(flag.summary) and flag.days
        for day in flag.days:
            key = (flag.subject_id, day)
            assert absences.get(key) not in g.AWAY_ABSENCES
            record = records.get(key)
            present = 0 if record is None or record.check_in is None else span_minutes(record.check_in, record.check_out)
            assert record is None or (record.check_in is None) == (record.check_out is None)  # half a record is not measured
            assert present >= 0 and worked[key] > present + g.PRESENCE_TOLERANCE_MINUTES
    # Presence across midnight (check-out before check-in) cannot be measured: never flagged.
    midnight = [g.Presence(r.employee_id, r.day, time(23), time(1)) for r in rows]
    assert g.over_presence(rows, midnight) == []


JAM_KERJA = {i: (time(7, 30), time(16)) for i in range(5)}


@covers(g.out_of_hours)
@given(st.lists(entries, max_size=30), st.frozensets(month_days, max_size=5), st.frozensets(month_days, max_size=3),
       st.sampled_from([5, 6]), st.sets(employees, max_size=4))
def test_out_of_hours_flags_only_days_off_and_entries_well_outside_jam_kerja(rows, holidays, duty, week, scheduled):
    calendar = WorkCalendar(week, holidays, duty)
    schedules = {e: g.Schedule(calendar, JAM_KERJA) for e in scheduled}
    assert g.out_of_hours([], schedules) == [] and g.out_of_hours(rows, {}) == []
    flags = g.out_of_hours(rows, schedules)
    assert [f.subject_id for f in flags] == sorted({f.subject_id for f in flags})
    for flag in flags:
        assert flag.kind is g.FlagKind.OUT_OF_HOURS and flag.subject_id in scheduled and message_ok(flag.summary)
        assert all(day not in duty for day in flag.days)
    flagged = sum(len(f.evidence) for f in flags)
    suspicious = [
        r for r in rows if r.employee_id in scheduled and r.day not in duty and (
            not calendar.is_working_day(r.day) or (
                r.day.weekday() in JAM_KERJA and (
                    span_minutes(r.start, time(7, 30)) > g.OUT_OF_HOURS_GRACE_MINUTES
                    or span_minutes(time(16), r.end) > g.OUT_OF_HOURS_GRACE_MINUTES
                )
            )
        )
    ]
    assert flagged == len(suspicious)
    # Entries inside the jam kerja on working days are never flagged.
    inside = [r for r in rows if time(7, 30) <= r.start <= r.end <= time(16) and calendar.is_working_day(r.day) and r.day.weekday() < 5]
    assert g.out_of_hours(inside, schedules) == []


ZONES = [UTC, timezone(timedelta(hours=7)), timezone(timedelta(hours=9)), timezone(timedelta(hours=-12))]


@st.composite
def decisions(draw, zone):
    base = datetime(2024, 2, 28, 23, 50, tzinfo=zone)  # the month's bulk approvals run across midnight into a leap day
    decided = base + timedelta(seconds=draw(st.integers(0, 4000)))
    return g.Decision(
        draw(st.integers(1, 3)), draw(st.integers(1, 10**9)), decided - timedelta(seconds=draw(st.integers(-100, 10**6))),
        decided, draw(st.booleans()),
    )


@covers(g.batches)
@given(st.sampled_from(ZONES).flatmap(lambda zone: st.lists(decisions(zone), max_size=60)), st.data())
def test_every_approval_lies_in_exactly_one_batch_whatever_the_order(rows, data):
    found = g.batches(rows)
    assert g.batches(data.draw(st.permutations(rows))) == found and g.batches([]) == []
    assert sum(b.size for b in found) == sum(r.approved for r in rows)
    for batch in found:
        assert batch.size >= 1 and 0 <= batch.fastest_seconds <= batch.median_seconds <= batch.slowest_seconds
    for before, after in pairwise(found):
        if before.decider_id == after.decider_id:
            assert (after.decided_at - before.decided_at).total_seconds() > g.BATCH_GAP_SECONDS
        else:
            assert before.decider_id < after.decider_id


@covers(g.fast_approvals)
@given(st.sampled_from(ZONES).flatmap(lambda zone: st.lists(decisions(zone), max_size=60)), st.sampled_from(ZONES),
       st.integers(0, 5), st.integers(0, 600))
def test_fast_bulk_approvals_are_flagged_only_when_nearly_every_large_batch_is_fast(rows, zone, count, wait):
    assert g.fast_approvals([]) == []
    assert g.fast_approvals([r for r in rows if not r.approved]) == []  # rejections are never a batch
    if sum(r.approved for r in rows) < g.LARGE_BATCH_MIN * g.FAST_MIN_BATCHES:
        assert g.fast_approvals(rows) == []
    # ``count`` bulk approvals of LARGE_BATCH_MIN entries, each decided ``wait`` seconds after they arrived, an hour apart.
    start = datetime(2024, 2, 28, 22, tzinfo=UTC)
    bulk = [
        g.Decision(99, n * 100 + i, start + timedelta(hours=n) - timedelta(seconds=wait), start + timedelta(hours=n), True)
        for n in range(count) for i in range(g.LARGE_BATCH_MIN)
    ]
    flags = g.fast_approvals(bulk, local_time=lambda moment: moment.astimezone(zone))
    assert bool(flags) == (count >= g.FAST_MIN_BATCHES and wait <= g.FAST_MEDIAN_SECONDS)
    for flag in flags:
        assert flag.kind is g.FlagKind.FAST_APPROVAL and flag.subject_id == 99 and message_ok(flag.summary)
        assert flag.days == tuple((start + timedelta(hours=n)).astimezone(zone).date() for n in range(count))
