"""Tindak lanjut penilaian: who needs a plan, what a plan item must hold, how its status reads."""

from __future__ import annotations

from datetime import date

import pytest

from ekinerja.domain.development import (
    MAX_DESCRIPTION,
    ItemForm,
    PlanItemState,
    needs_plan,
    period_end,
    summarise,
    validate_item,
)

END = date(2026, 9, 30)


@pytest.mark.parametrize(
    ("predikat", "needed"),
    [("sangat_baik", False), ("baik", False), ("butuh_perbaikan", True), ("kurang", True), ("sangat_kurang", True), (None, False)],
)
def test_only_a_predikat_below_baik_needs_a_plan(predikat, needed):
    assert needs_plan(predikat) is needed


def test_period_ends():
    assert period_end("bulanan", 2, 2028) == date(2028, 2, 29)
    assert period_end("triwulanan", 3, 2026) == END
    assert period_end("tahunan", 1, 2026) == date(2026, 12, 31)


@pytest.mark.parametrize(("kind", "number", "year"), [("bulanan", 13, 2026), ("bulanan", 0, 2026), ("triwulanan", 5, 2026), ("tahunan", 1, 0)])
def test_a_period_that_does_not_exist_is_refused_in_indonesian(kind, number, year):
    with pytest.raises(ValueError, match=f"Periode penilaian {kind} ke-{number} tahun {year} tidak ada"):
        period_end(kind, number, year)


def test_the_tenggat_of_a_period_in_the_calendars_last_two_years_is_capped_at_its_last_day():
    """The two-year horizon past 9998-12-31 lies beyond the calendar: the last day of 9999 is the limit, no crash."""
    assert validate_item(ItemForm("pelatihan", "Pelatihan dasar", "9999-12-31"), period_end=date(9998, 12, 31))[1] == {}


def test_a_complete_item_is_cleaned():
    data, errors = validate_item(ItemForm("Coaching", "  Coaching mingguan  ", "2026-10-15", "berjalan", ""), period_end=END)
    assert errors == {}
    assert (data.kind, data.description, data.due_date, data.status) == ("coaching", "Coaching mingguan", date(2026, 10, 15), "berjalan")


def test_each_problem_is_named_in_indonesian():
    data, errors = validate_item(ItemForm("", "ok", "30-10-2026", "", "x" * 1001), period_end=END)
    assert data is None
    assert errors == {
        "kind": "Jenis pengembangan wajib dipilih.",
        "description": "Uraian pengembangan harus 5-500 karakter (yang diisi 2).",
        "due_date": "Tenggat harus berformat TTTT-BB-HH, misalnya 2025-01-31 (yang diisi: 30-10-2026).",
        "status": "Status wajib dipilih.",
        "note": "Catatan atasan maksimal 1000 karakter (yang diisi 1001).",
    }
    assert "description" in validate_item(ItemForm("pelatihan", "x" * (MAX_DESCRIPTION + 1), "2026-10-15"), period_end=END)[1]


def test_the_tenggat_lies_after_the_period_and_within_two_years():
    assert "setelah akhir periode" in validate_item(ItemForm("pelatihan", "Pelatihan dasar", "2026-09-30"), period_end=END)[1]["due_date"]
    assert validate_item(ItemForm("pelatihan", "Pelatihan dasar", "2026-10-01"), period_end=END)[1] == {}
    assert validate_item(ItemForm("pelatihan", "Pelatihan dasar", "2028-09-29"), period_end=END)[1] == {}
    assert "paling lambat 29-09-2028" in validate_item(ItemForm("pelatihan", "Pelatihan dasar", "2028-09-30"), period_end=END)[1]["due_date"]


def test_the_summary_counts_done_and_late_and_leaves_cancelled_out():
    today = date(2026, 11, 1)
    items = [
        PlanItemState("selesai", date(2026, 10, 1)),  # done late is done
        PlanItemState("berjalan", date(2026, 10, 31)),  # late
        PlanItemState("direncanakan", date(2026, 11, 1)),  # due today: not late yet
        PlanItemState("dibatalkan", date(2026, 10, 1)),
    ]
    summary = summarise(items, today=today)
    assert (summary.total, summary.done, summary.overdue) == (3, 1, 1)
    assert summary.text == "Rencana pengembangan: 1/3 selesai, 1 lewat tenggat"
    assert summarise([PlanItemState("selesai", today)], today=today).text == "Rencana pengembangan: 1/1 selesai"
    assert summarise([], today=today).text == ""
