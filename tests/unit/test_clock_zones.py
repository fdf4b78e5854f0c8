"""The one clock in an instansi's own zone: stored UTC timestamps shown with WIB/WITA/WIT."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ekinerja import clock

STORED = datetime(2026, 3, 10, 23, 30, tzinfo=UTC)  # late evening in UTC: the next morning east of it


@pytest.mark.parametrize(
    ("zone", "shown", "day"),
    [
        ("Asia/Jakarta", "11-03-2026 06.30 WIB", date(2026, 3, 11)),
        ("Asia/Makassar", "11-03-2026 07.30 WITA", date(2026, 3, 11)),
        ("Asia/Jayapura", "11-03-2026 08.30 WIT", date(2026, 3, 11)),
    ],
)
def test_a_stored_timestamp_is_shown_in_the_instansi_zone(zone, shown, day):
    assert clock.format_local(STORED, zone) == shown
    assert clock.local_date(STORED, zone) == day


def test_seconds_and_naive_timestamps_from_sqlite_are_utc():
    naive = datetime(2026, 3, 10, 1, 2, 3)
    assert clock.format_local(naive, "Asia/Makassar", seconds=True) == "10-03-2026 09.02.03 WITA"
    assert clock.to_local(naive, "Asia/Makassar").utcoffset().total_seconds() == 8 * 3600


def test_no_zone_is_the_deployment_default(monkeypatch):
    monkeypatch.setenv("EKINERJA_TIMEZONE", "Asia/Jayapura")
    from ekinerja import config

    config.get_settings.cache_clear()
    try:
        assert clock.zone_name("") == clock.zone_name(None) == "Asia/Jayapura"
        assert clock.format_local(STORED) == "11-03-2026 08.30 WIT"
        assert clock.zone_name("Asia/Makassar") == "Asia/Makassar"
    finally:
        config.get_settings.cache_clear()


def test_a_pinned_date_is_the_local_date_in_every_zone(pin_today):
    pin_today(date(2026, 12, 31))
    for zone in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", None):
        assert clock.local_today(zone) == date(2026, 12, 31)
        assert clock.local_now(zone).tzinfo is not None
    assert clock.local_now("Asia/Jayapura").utcoffset().total_seconds() == 9 * 3600
