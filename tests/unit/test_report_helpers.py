"""Pure helpers of the printed documents: Indonesian dates, minutes, sheet names, the registry."""

from __future__ import annotations

from datetime import date, datetime

from ekinerja.domain.dates import (
    format_date,
    format_day,
    format_minutes,
    format_timestamp,
    month_label,
    zone_label,
)
from ekinerja.reports import registry
from ekinerja.reports.excel import safe_sheet_name


def test_indonesian_dates():
    assert format_date(date(2026, 11, 24)) == "24 November 2026"
    assert format_day(date(2026, 11, 24)) == "Selasa, 24 November 2026"
    assert month_label(2026, 2) == "Februari 2026"
    assert format_timestamp(datetime(2026, 1, 5, 9, 7), "Asia/Makassar") == "5 Januari 2026 pukul 09.07 WITA"


def test_zones():
    assert [zone_label(z) for z in ("Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura")] == ["WIB", "WIB", "WITA", "WIT"]
    assert zone_label("UTC") == "UTC"


def test_minutes():
    assert format_minutes(45) == "45 menit"
    assert format_minutes(120) == "120 menit (2 jam)"
    assert format_minutes(6750) == "6.750 menit (112 jam 30 menit)"


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    long = "Bidang Aplikasi Informatika dan Persandian/Statistik"
    first, second = safe_sheet_name(long, taken), safe_sheet_name(long, taken)
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert "/" not in first


def test_registry_keeps_team_reports_from_staff():
    staff = {s.key for s in registry.offered(is_team_viewer=False)}
    team = {s.key for s in registry.offered(is_team_viewer=True)}
    assert registry.REKAP_CAPAIAN not in staff and registry.REKAP_CAPAIAN in team
    assert registry.coming_soon() == []
    assert registry.REKAP_TPP not in team and registry.REKAP_TPP in {s.key for s in registry.offered(is_team_viewer=True, is_admin=True)}
