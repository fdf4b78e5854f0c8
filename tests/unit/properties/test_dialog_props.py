"""Dialog kinerja rules under hostile forms, any date and any topic a client could send."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain import dialog as d
from ekinerja.domain.berakhlak import BY_CODE
from tests.unit.properties.support import any_date, covers, errors_ok, field_text, hostile_text, leap_days, message_ok

THREAD_FIELDS = {"title", "topic", "body"}
MEETING_FIELDS = {"held_on", "topics", "agreements", "follow_up_on"}
topics = st.one_of(
    hostile_text,
    st.builds(lambda kind, key: f"{kind}:{key}", st.sampled_from([*d.TOPIC_KINDS, "skp", ""]), st.one_of(field_text, st.sampled_from(list(BY_CODE)))),
)
dates_typed = st.one_of(any_date.map(date.isoformat), leap_days.map(date.isoformat), field_text, st.sampled_from(["2025-02-29", "9999-12-31", "0001-01-01"]))


@covers(d.parse_topic)
@given(topics)
def test_a_topic_is_one_of_the_known_kinds_or_none(raw):
    topic = d.parse_topic(raw)
    if topic is None:
        return
    assert topic.kind in ("", *d.TOPIC_KINDS)
    if topic.kind == "bulan":
        assert 1 <= topic.ref <= 12
    elif topic.kind in ("rhk", "kegiatan"):
        assert topic.ref is not None and topic.ref >= 0
    elif topic.kind == "nilai":
        assert topic.key in BY_CODE
    else:
        assert raw.strip() == ""


@covers(d.validate_thread, d.read_body)
@given(st.builds(d.ThreadForm, title=st.one_of(hostile_text, st.text(min_size=5, max_size=200)), topic=topics,
                 body=st.one_of(hostile_text, st.text(max_size=4100))))
def test_a_thread_is_cleaned_or_explained(form):
    data, errors = d.validate_thread(form)
    assert errors_ok(errors, THREAD_FIELDS) and (data is None) == bool(errors)
    if data is not None:
        assert 5 <= len(data.title) <= d.MAX_TITLE and 2 <= len(data.body) <= d.MAX_BODY
        assert data.topic == d.parse_topic(form.topic)


@covers(d.validate_meeting)
@given(st.builds(d.MeetingForm, held_on=dates_typed, topics=st.one_of(hostile_text, st.text(min_size=5, max_size=80)),
                 agreements=st.one_of(hostile_text, st.text(min_size=5, max_size=80)), follow_up_on=dates_typed),
       st.integers(1900, 9999), st.one_of(any_date, leap_days, st.just(date.max)))
def test_a_meeting_is_in_its_year_not_ahead_with_a_later_follow_up(form, year, today):
    data, errors = d.validate_meeting(form, year=year, today=today)
    assert errors_ok(errors, MEETING_FIELDS) and (data is None) == bool(errors)
    if data is not None:
        assert data.held_on <= today and date(year, 1, 1) <= data.held_on
        assert data.held_on.year == year or (data.held_on.year == year + 1 and data.held_on.month == 1)
        follow = data.follow_up_on
        assert follow is None or data.held_on <= follow <= data.held_on + timedelta(days=366)


@covers(d.period_bounds)
@given(st.one_of(st.sampled_from(["bulanan", "triwulanan", "tahunan"]), hostile_text), st.integers(-2, 14), st.integers(1, 9999))
def test_a_period_has_its_days_in_order_ending_where_the_evaluation_does(kind, number, year):
    try:
        start, end = d.period_bounds(kind, number, year)
    except ValueError as refused:
        assert message_ok(str(refused))
        return
    assert start <= end and start.day == 1 and start.year == year
    if kind != "tahunan":
        assert end == date.max or (end + timedelta(days=1)).day == 1


@covers(d.unread)
@given(st.one_of(st.none(), st.integers(0, 10**9)), st.one_of(st.none(), st.integers(0, 10**9)))
def test_a_thread_is_unread_exactly_when_a_newer_message_exists(last, read_up_to):
    assert d.unread(last, read_up_to) is (last is not None and last > (read_up_to or 0))


@covers(d.follow_up_due)
@given(st.one_of(st.none(), any_date), any_date, st.booleans())
def test_a_follow_up_falls_due_on_its_day_until_the_next_meeting(follow_up, today, later_meeting):
    due = d.follow_up_due(follow_up, today=today, later_meeting=later_meeting)
    assert due is (follow_up is not None and follow_up <= today and not later_meeting)
