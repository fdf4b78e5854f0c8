"""Dialog kinerja rules: topics, thread and meeting validation, period bounds, unread, follow-up."""

from __future__ import annotations

from datetime import date

import pytest

from ekinerja.domain import dialog as rules
from ekinerja.domain.dialog import MeetingForm, ThreadForm, Topic

TODAY = date(2026, 3, 11)


@pytest.mark.parametrize(
    ("raw", "topic"),
    [
        ("", Topic()),
        ("rhk:12", Topic("rhk", "12")),
        ("bulan:2", Topic("bulan", "2")),
        ("kegiatan:7", Topic("kegiatan", "7")),
        ("nilai:berorientasi_pelayanan", Topic("nilai", "berorientasi_pelayanan")),
        ("bulan:13", None),
        ("bulan:0", None),
        ("rhk:", None),
        ("rhk:abc", None),
        ("nilai:tidak_ada", None),
        ("skp:1", None),
    ],
)
def test_parse_topic(raw, topic):
    assert rules.parse_topic(raw) == topic


def test_a_thread_needs_a_title_a_known_topic_and_a_message():
    data, errors = rules.validate_thread(ThreadForm("  Kendala   laporan ", "bulan:3", "  Data belum lengkap.\n"))
    assert errors == {} and data == rules.ThreadData("Kendala laporan", Topic("bulan", "3"), "Data belum lengkap.")
    _, errors = rules.validate_thread(ThreadForm("Hai", "bulan:99", ""))
    assert errors == {
        "title": "Judul percakapan harus 5-150 karakter (yang diisi 3).",
        "topic": "Pilih hal yang dibahas dari daftar (umum, RHK, bulan, atau kegiatan).",
        "body": "Isi pesan wajib diisi.",
    }
    _, errors = rules.validate_thread(ThreadForm("Judul yang cukup", "", "x" * (rules.MAX_BODY + 1)))
    assert errors == {"body": f"Isi pesan harus 2-{rules.MAX_BODY} karakter (yang diisi {rules.MAX_BODY + 1})."}


def test_a_meeting_is_one_held_in_the_year_not_in_the_future():
    ok = MeetingForm("2026-03-02", "Capaian Februari", "Laporan tiap tanggal 5", "2026-04-02")
    data, errors = rules.validate_meeting(ok, year=2026, today=TODAY)
    assert errors == {} and data.follow_up_on == date(2026, 4, 2)
    cases = {
        MeetingForm("2026-03-12", "Capaian", "Kesepakatan"): "Tanggal dialog tidak boleh setelah hari ini: catat dialog yang sudah berlangsung.",
        MeetingForm("2025-12-31", "Capaian", "Kesepakatan"): "Tanggal dialog harus di tahun 2026 (atau Januari 2027 untuk dialog akhir tahun).",
        MeetingForm("11-03-2026", "Capaian", "Kesepakatan"): "Tanggal dialog harus berformat TTTT-BB-HH, misalnya 2025-01-31 (yang diisi: 11-03-2026).",
    }
    for form, message in cases.items():
        assert rules.validate_meeting(form, year=2026, today=TODAY)[1] == {"held_on": message}
    # The annual review of 2025 may be recorded in January 2026, not later.
    assert rules.validate_meeting(MeetingForm("2026-01-31", "Capaian", "Kesepakatan"), year=2025, today=TODAY)[1] == {}
    assert "held_on" in rules.validate_meeting(MeetingForm("2026-02-01", "Capaian", "Kesepakatan"), year=2025, today=TODAY)[1]


def test_a_follow_up_comes_after_the_meeting_within_a_year():
    before = MeetingForm("2026-03-02", "Capaian", "Kesepakatan", "2026-03-01")
    assert rules.validate_meeting(before, year=2026, today=TODAY)[1] == {"follow_up_on": "Tanggal tindak lanjut tidak boleh sebelum tanggal dialog."}
    too_late = MeetingForm("2026-03-02", "Capaian", "Kesepakatan", "2027-03-03")
    assert rules.validate_meeting(too_late, year=2026, today=TODAY)[1] == {"follow_up_on": "Tanggal tindak lanjut paling lambat satu tahun setelah dialog."}
    leap = MeetingForm("2024-02-29", "Capaian", "Kesepakatan", "2025-02-28")
    assert rules.validate_meeting(leap, year=2024, today=TODAY)[1] == {}
    _, errors = rules.validate_meeting(MeetingForm("", "Cap", ""), year=2026, today=TODAY)
    assert errors == {
        "held_on": "Tanggal dialog wajib diisi.",
        "topics": "Hal yang dibahas harus 5-4000 karakter (yang diisi 3).",
        "agreements": "Kesepakatan wajib diisi.",
    }


@pytest.mark.parametrize(
    ("kind", "number", "bounds"),
    [
        ("bulanan", 2, (date(2024, 2, 1), date(2024, 2, 29))),
        ("triwulanan", 1, (date(2024, 1, 1), date(2024, 3, 31))),
        ("triwulanan", 4, (date(2024, 10, 1), date(2024, 12, 31))),
        ("tahunan", 1, (date(2024, 1, 1), date(2025, 1, 31))),
    ],
)
def test_period_bounds(kind, number, bounds):
    assert rules.period_bounds(kind, number, 2024) == bounds


def test_unread_and_follow_up_due():
    assert rules.unread(5, None) and rules.unread(5, 4)
    assert not rules.unread(5, 5) and not rules.unread(None, None)
    assert rules.follow_up_due(date(2026, 3, 11), today=TODAY, later_meeting=False)
    assert not rules.follow_up_due(date(2026, 3, 11), today=TODAY, later_meeting=True)
    assert not rules.follow_up_due(date(2026, 3, 12), today=TODAY, later_meeting=False)
    assert not rules.follow_up_due(None, today=TODAY, later_meeting=False)
