"""Kegiatan harian rules under arbitrary input: calendars, times across midnight, huge quantities."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain import activity_rules as r
from ekinerja.domain import validation as v
from tests.unit.properties.support import (
    covers,
    errors_ok,
    field_text,
    hostile_text,
    message_ok,
    recent_date,
    times,
)

FORM_FIELDS = {"activity_date", "start_time", "end_time", "catalog_item_id", "task_text", "quantity", "description", "rhk_id", "task_assignee_id"}

calendars = st.builds(
    r.WorkCalendar,
    days_per_week=st.sampled_from([5, 6]),
    holidays=st.frozensets(recent_date, max_size=20),
    duty_days=st.frozensets(recent_date, max_size=5),
)
quantities = st.one_of(
    field_text,
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["9999", "9999.01", "10000", "1e4", "1E+9999", "0.001", "0,5", "-1", "0", "1e-9999", "99999999999999999999"]),
)
clock = st.one_of(times.map(lambda t: f"{t:%H:%M}"), field_text, st.sampled_from(["24:00", "23:60", "7.30", "07:30:59", "٠٧:٣٠", "-1:00"]))


@covers(r.working_days_after, r.earliest_entry_date, r.entry_date_problem, r.is_overdue, r.previous_working_day, r.first_day_in_time)
@given(recent_date, recent_date, calendars, st.integers(0, 30))
def test_the_entry_window_is_consistent(day, today, calendar, window):
    after = r.working_days_after(day, today, calendar)
    assert 0 <= after <= r.MAX_SEARCH_DAYS + 1
    assert r.is_overdue(day, today=today, calendar=calendar, window=window) == (after > window)
    # A whole queue's overdue days from one walk back (the atasan's queue, issue 17).
    assert r.is_overdue(day, today=today, calendar=calendar, window=window) == (day < r.first_day_in_time(today, calendar, window))
    earliest = r.earliest_entry_date(today, calendar, window)
    assert earliest <= today
    problem = r.entry_date_problem(day, today=today, calendar=calendar, window=window)
    assert problem is None or message_ok(problem)
    if problem is None:
        assert day <= today and calendar.is_working_day(day) and after <= window
    previous = r.previous_working_day(day, calendar)
    assert previous is None or (previous < day and calendar.is_working_day(previous))


@covers(r.span_minutes, r.effective_minutes, r.overlapping)
@given(times, times, st.decimals(min_value=0, max_value=9999, places=2), st.one_of(st.none(), st.integers(1, 1440)),
       st.lists(st.tuples(times, times), max_size=5))
def test_minutes_never_exceed_the_time_spent(start, end, quantity, standard, others):
    span = r.span_minutes(start, end)
    assert span == -r.span_minutes(end, start)
    minutes = r.effective_minutes(start=start, end=end, quantity=quantity, standard_minutes=standard)
    assert 0 <= minutes <= max(0, span)
    clash = r.overlapping(start, end, others)
    assert clash is None or (clash in others and start < clash[1] and clash[0] < end)


@covers(v.read_time)
@given(clock)
def test_times_are_on_the_clock_or_explained(raw):
    errors: r.Errors = {}
    value = v.read_time(errors, "start_time", raw, label="Jam mulai", required=True)
    assert (value is None) == ("start_time" in errors)
    assert value is None or (value.second == 0 and f"{value:%H:%M}" <= "23:59")
    assert "start_time" not in errors or message_ok(errors["start_time"])


@covers(r.parse_quantity)
@given(quantities)
def test_quantities_are_bounded_with_two_decimals_or_explained(raw):
    errors: r.Errors = {}
    value = r.parse_quantity(errors, "quantity", raw)
    if value is None:
        assert message_ok(errors["quantity"])
    else:
        assert Decimal(0) < value <= r.MAX_QUANTITY and value == value.quantize(Decimal("0.01"))


@st.composite
def contexts(draw) -> r.EntryContext:
    today = draw(recent_date)
    return r.EntryContext(
        today=today,
        calendar=draw(calendars),
        window=draw(st.integers(0, 10)),
        daily_max=draw(st.integers(30, 1080)),
        catalog_minutes=draw(st.dictionaries(st.integers(1, 5), st.integers(1, 600), max_size=3)),
        rhk_ids=draw(st.frozensets(st.integers(1, 5), max_size=3)),
        task_assignee_ids=draw(st.frozensets(st.integers(1, 5), max_size=3)),
        same_day=draw(st.lists(st.builds(r.DayEntry, start=times, end=times, minutes=st.integers(0, 600)), max_size=4)),
    )


ids = st.one_of(st.integers(0, 6).map(str), field_text)
activity_forms = st.builds(
    r.ActivityForm,
    activity_date=st.one_of(recent_date.map(date.isoformat), field_text),
    start_time=clock,
    end_time=clock,
    catalog_item_id=ids,
    task_text=hostile_text,
    quantity=quantities,
    description=hostile_text,
    rhk_id=ids,
    task_assignee_id=ids,
)


@covers(r.validate_activity)
@given(activity_forms, contexts())
def test_any_activity_form_is_accepted_whole_or_explained_per_field(form, context):
    data, errors = r.validate_activity(form, context)
    assert errors_ok(errors, FORM_FIELDS)
    if data is not None:
        assert data.start_time < data.end_time  # never across midnight
        assert Decimal(0) < data.quantity <= r.MAX_QUANTITY
        assert data.effective_minutes + sum(e.minutes for e in context.same_day) <= context.daily_max
        assert data.catalog_item_id is not None or data.task_text


@given(times, times, contexts())
def test_an_entry_across_midnight_is_refused_with_a_message(start, end, context):
    if end > start:
        start, end = end, start
    form = r.ActivityForm(activity_date=context.today.isoformat(), start_time=f"{start:%H:%M}", end_time=f"{end:%H:%M}", task_text="Piket malam", quantity="1")
    _, errors = r.validate_activity(form, context)
    assert "tengah malam" in errors["end_time"] or "Melebihi" in errors["end_time"]


@covers(r.acting_for)
@given(st.integers(1, 6), st.integers(1, 6), st.one_of(st.none(), st.integers(1, 6)), recent_date,
       st.lists(st.builds(r.DelegationSpan, atasan_id=st.integers(1, 6), delegate_id=st.integers(1, 6), start=recent_date,
                          end=recent_date, revoked=st.booleans()), max_size=4))
def test_nobody_validates_their_own_work(validator, employee, atasan, on, delegations):
    acting = r.acting_for(validator, employee_id=employee, atasan_id=atasan, delegations=delegations, on=on)
    if validator == employee or atasan is None:
        assert acting is None
    assert acting in (None, atasan)
    if acting is not None and validator != atasan:
        assert any(d.delegate_id == validator and d.atasan_id == atasan and d.covers(on) for d in delegations)


@covers(r.decision_problem)
@given(hostile_text, st.one_of(st.none(), st.integers(-10**6, 10**6)), st.integers(0, 1440), st.booleans())
def test_decisions_need_a_reason_when_they_cut_or_reject(reason, approved, effective, reject):
    problem = r.decision_problem(reason=reason, approved_minutes=approved, effective=effective, reject=reject)
    assert problem is None or message_ok(problem)
    if problem is None and not reject and approved is not None:
        assert 0 <= approved <= effective and (approved == effective or reason.strip())
    if problem is None and reject:
        assert reason.strip()


@covers(r.read_approved_minutes)
@given(st.one_of(field_text, st.integers(-10**7, 10**7).map(str)))
def test_approved_minutes_are_a_whole_non_negative_number_or_a_message(raw):
    minutes, problem = r.read_approved_minutes(raw)
    assert (minutes is None) == (problem is not None)
    assert minutes is None or minutes >= 0
    assert problem is None or message_ok(problem)


@covers(r.month_status_note)
@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 10**6), hostile_text)
def test_a_month_note_speaks_when_something_waits_or_nothing_is_there(approved, pending, minutes, atasan):
    note = r.month_status_note(approved=approved, pending=pending, pending_minutes=minutes, atasan=atasan)
    assert (note == "") == (pending == 0 and approved > 0)
    assert not pending or f"{pending} kegiatan" in note


def test_a_calendar_full_of_holidays_still_terminates():
    calendar = r.WorkCalendar(holidays=frozenset(date(2026, 1, 1) + timedelta(days=n) for n in range(800)))
    assert r.previous_working_day(date(2027, 6, 1), calendar) is None
    assert r.earliest_entry_date(date(2027, 6, 1), calendar, 3) <= date(2027, 6, 1)


@covers(r.editable, r.correctable)
@given(st.one_of(st.sampled_from(["diajukan", "disetujui", "ditolak"]), hostile_text))
def test_an_entry_is_editable_while_pending_and_corrected_after_rejection(status):
    assert r.editable(status) == (status == "diajukan")
    assert r.correctable(status) == (status == "ditolak")
    assert not (r.editable(status) and r.correctable(status))
