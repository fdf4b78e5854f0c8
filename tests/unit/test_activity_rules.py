"""The pure rules of kegiatan harian."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain import activity_rules as rules
from ekinerja.domain.activity_rules import (
    ActivityForm,
    DayEntry,
    DelegationSpan,
    EntryContext,
    WorkCalendar,
    acting_for,
    decision_problem,
    earliest_entry_date,
    effective_minutes,
    entry_date_problem,
    is_overdue,
    month_status_note,
    overlapping,
    read_approved_minutes,
    validate_activity,
)
from ekinerja.domain.statuses import ActivityStatus

MON, TUE, WED, THU, FRI, SAT, SUN = (date(2026, 11, d) for d in range(16, 23))
FIVE = WorkCalendar(5)
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))


def context(**overrides) -> EntryContext:
    values = {
        "today": THU, "calendar": FIVE, "window": 3, "daily_max": 450, "catalog_minutes": {7: 30}, "rhk_ids": frozenset({5}),
        "task_assignee_ids": frozenset(), "same_day": (),
    }
    values.update(overrides)
    return EntryContext(**values)


def form(**overrides) -> ActivityForm:
    values = {"activity_date": THU.isoformat(), "start_time": "08:00", "end_time": "10:00", "catalog_item_id": "7", "quantity": "2"}
    values.update(overrides)
    return ActivityForm(**values)


# minutes


def test_minutes_are_quantity_times_standard_capped_by_the_time_spent():
    assert effective_minutes(start=time(8), end=time(10), quantity=Decimal(2), standard_minutes=30) == 60
    assert effective_minutes(start=time(8), end=time(9), quantity=Decimal(5), standard_minutes=30) == 60
    assert effective_minutes(start=time(8), end=time(8, 45), quantity=Decimal("0.5"), standard_minutes=45) == 22


def test_a_free_text_task_counts_its_time():
    assert effective_minutes(start=time(13), end=time(14, 30), quantity=Decimal(1), standard_minutes=None) == 90


@given(times, times, st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10) ** 12, places=2), st.integers(1, 10_000))
def test_minutes_never_exceed_the_span_nor_go_negative(start, end, quantity, standard):
    minutes = effective_minutes(start=start, end=end, quantity=quantity, standard_minutes=standard)
    span = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    assert 0 <= minutes <= max(0, span)


# overlap


def test_overlap_detection():
    others = [(time(8), time(10))]
    assert overlapping(time(9), time(11), others) == (time(8), time(10))
    assert overlapping(time(7), time(8, 1), others)
    assert overlapping(time(10), time(11), others) is None  # touching is fine
    assert overlapping(time(6), time(8), others) is None


@given(times, times, times, times)
def test_overlap_is_symmetric(a, b, c, d):
    first, second = sorted((a, b)), sorted((c, d))
    assert (overlapping(*first, [tuple(second)]) is None) == (overlapping(*second, [tuple(first)]) is None)


# working days and the entry window


def test_working_days_follow_the_week_holidays_and_duty():
    assert FIVE.is_working_day(FRI) and not FIVE.is_working_day(SAT)
    assert WorkCalendar(6).is_working_day(SAT) and not WorkCalendar(6).is_working_day(SUN)
    assert not WorkCalendar(5, holidays=frozenset({WED})).is_working_day(WED)
    assert WorkCalendar(5, duty_days=frozenset({SUN})).is_working_day(SUN)


def test_window_counts_working_days_back_skipping_weekends_and_holidays():
    next_mon, next_tue = date(2026, 11, 23), date(2026, 11, 24)
    assert entry_date_problem(THU, today=next_tue, calendar=FIVE, window=3) is None  # Fri, Mon, Tue
    assert "Batas pengisian" in entry_date_problem(WED, today=next_tue, calendar=FIVE, window=3)
    with_holiday = WorkCalendar(5, holidays=frozenset({next_mon}))
    assert entry_date_problem(WED, today=next_tue, calendar=with_holiday, window=3) is None
    assert earliest_entry_date(next_tue, FIVE, 3) == THU
    assert earliest_entry_date(next_tue, with_holiday, 3) == WED


def test_no_future_dates_and_no_days_off():
    assert "masa depan" in entry_date_problem(FRI, today=THU, calendar=FIVE, window=3)
    assert "bukan hari kerja" in entry_date_problem(SAT, today=date(2026, 11, 23), calendar=FIVE, window=3)
    assert entry_date_problem(SAT, today=date(2026, 11, 23), calendar=WorkCalendar(5, duty_days=frozenset({SAT})), window=3) is None


def test_leap_day_is_an_ordinary_working_day():
    leap = date(2028, 2, 29)  # a Tuesday
    assert entry_date_problem(leap, today=date(2028, 3, 1), calendar=FIVE, window=3) is None
    assert earliest_entry_date(date(2028, 3, 1), FIVE, 1) == leap


def test_overdue_once_the_window_has_closed():
    assert not is_overdue(MON, today=THU, calendar=FIVE, window=3)
    assert is_overdue(MON, today=FRI, calendar=FIVE, window=3)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 10))
def test_the_earliest_day_is_open_and_the_working_day_before_it_is_not(today, window):
    earliest = earliest_entry_date(today, FIVE, window)
    if FIVE.is_working_day(earliest):
        assert entry_date_problem(earliest, today=today, calendar=FIVE, window=window) is None


# the form


def test_a_valid_entry_is_cleaned_with_its_minutes():
    data, errors = validate_activity(form(rhk_id="5"), context())
    assert errors == {}
    assert data.effective_minutes == 60 and data.rhk_id == 5 and data.quantity == Decimal(2)


def test_each_rule_has_its_message_on_its_field():
    cases = [
        (form(activity_date=FRI.isoformat()), "activity_date", "masa depan"),
        (form(end_time="07:00"), "end_time", "setelah jam mulai"),
        (form(end_time="08:00"), "end_time", "tengah malam"),
        (form(start_time="25:00"), "start_time", "JJ:MM"),
        (form(catalog_item_id="", task_text=""), "catalog_item_id", "tulis uraian"),
        (form(catalog_item_id="99"), "catalog_item_id", "katalog aktif"),
        (form(quantity="0"), "quantity", "lebih dari 0"),
        (form(quantity="abc"), "quantity", "angka"),
        (form(quantity="100000000"), "quantity", "maksimal"),
        (form(quantity="1.234"), "quantity", "dua angka"),
        (form(rhk_id="6"), "rhk_id", "SKP Anda"),
        (form(task_assignee_id="3"), "task_assignee_id", "tidak ditujukan"),
    ]
    for entry, field, text in cases:
        _, errors = validate_activity(entry, context())
        assert text in errors.get(field, ""), (entry, errors)


def test_overlap_and_daily_cap_are_refused():
    _, errors = validate_activity(form(), context(same_day=(DayEntry(time(9), time(11), 120),)))
    assert "bertabrakan" in errors["start_time"]
    _, errors = validate_activity(form(), context(same_day=(DayEntry(time(10), time(17), 420),)))
    assert "Melebihi batas 7 jam 30 menit" in errors["end_time"]


def test_free_text_with_a_comma_quantity():
    data, errors = validate_activity(form(catalog_item_id="", task_text="Rapat koordinasi", quantity="1,5"), context())
    assert errors == {} and data.effective_minutes == 120 and data.task_text == "Rapat koordinasi"


@given(st.text(max_size=30), st.text(max_size=30), st.text(max_size=30), st.text(max_size=12))
def test_any_input_gives_data_or_errors_never_an_exception(day, start, end, quantity):
    data, errors = validate_activity(form(activity_date=day, start_time=start, end_time=end, quantity=quantity), context())
    assert (data is None) == bool(errors)


# delegation and decisions


def test_the_atasan_of_record_validates_for_themselves():
    assert acting_for(1, employee_id=3, atasan_id=1, delegations=(), on=THU) == 1
    assert acting_for(2, employee_id=3, atasan_id=1, delegations=(), on=THU) is None


def test_a_delegate_validates_on_the_atasans_behalf_only_within_the_range():
    spans = (DelegationSpan(atasan_id=1, delegate_id=2, start=MON, end=WED),)
    assert acting_for(2, employee_id=3, atasan_id=1, delegations=spans, on=TUE) == 1
    assert acting_for(2, employee_id=3, atasan_id=1, delegations=spans, on=THU) is None
    revoked = (DelegationSpan(1, 2, MON, WED, revoked=True),)
    assert acting_for(2, employee_id=3, atasan_id=1, delegations=revoked, on=TUE) is None
    other_atasan = (DelegationSpan(9, 2, MON, WED),)
    assert acting_for(2, employee_id=3, atasan_id=1, delegations=other_atasan, on=TUE) is None


def test_nobody_validates_their_own_work():
    spans = (DelegationSpan(atasan_id=1, delegate_id=3, start=MON, end=FRI),)
    assert acting_for(3, employee_id=3, atasan_id=1, delegations=spans, on=TUE) is None
    assert acting_for(3, employee_id=3, atasan_id=3, delegations=(), on=TUE) is None


def test_a_rejection_or_a_cut_needs_a_reason():
    assert decision_problem(reason="", approved_minutes=None, effective=60, reject=True)
    assert decision_problem(reason="", approved_minutes=30, effective=60, reject=False)
    assert decision_problem(reason="x", approved_minutes=90, effective=60, reject=False)
    assert decision_problem(reason="kurang", approved_minutes=30, effective=60, reject=False) is None
    assert decision_problem(reason="", approved_minutes=None, effective=60, reject=False) is None


def test_negative_approved_minutes_are_called_negative_not_a_bad_number():
    assert read_approved_minutes(" 45 ") == (45, None)
    assert read_approved_minutes("-10")[1] == "Menit yang disetujui tidak boleh negatif (yang diisi: -10); isi 0 atau lebih."
    assert "bilangan bulat" in read_approved_minutes("4,5")[1]
    assert read_approved_minutes("")[1] == "Isi menit yang disetujui."
    assert "paling banyak 60" in decision_problem(reason="x", approved_minutes=90, effective=60, reject=False)


def test_an_empty_month_says_what_waits_and_what_to_do():
    note = month_status_note(approved=0, pending=4, pending_minutes=1200, atasan="Andi, S.T.")
    assert note.startswith("4 kegiatan (1.200 menit) masih menunggu validasi atasan Anda (Andi, S.T.)")
    assert note.endswith("Bila sudah lama, ingatkan atasan Anda.")
    assert "Kegiatan Harian" in month_status_note(approved=0, pending=0, pending_minutes=0, atasan="")
    assert month_status_note(approved=3, pending=0, pending_minutes=0, atasan="Andi") == ""


def test_only_a_pending_entry_is_editable_and_only_a_rejected_one_corrected():
    assert [s for s in ActivityStatus if rules.editable(s)] == ["diajukan"]
    assert [s for s in ActivityStatus if rules.correctable(s)] == ["ditolak"]
