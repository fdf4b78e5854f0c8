"""Matriks peran hasil: rows, cells, what nobody serves, stale links and revision aliases."""

from __future__ import annotations

from datetime import date

import pytest

from ekinerja.domain.peran_hasil import (
    AtasanRhk,
    Member,
    MemberRhk,
    SkpPeriod,
    build_matrix,
    matrix_day,
    resolve_link,
    successor_aliases,
)

BOSS = (
    AtasanRhk(1, "tambahan", "Terlaksananya tugas tambahan"),
    AtasanRhk(2, "utama", "Tersedianya aplikasi layanan publik"),
    AtasanRhk(3, "utama", "Tersusunnya standar integrasi"),
)


def member(employee_id: int, *links: int | None, status: str | None = "disetujui") -> Member:
    rhks = tuple(MemberRhk(employee_id * 100 + n, "utama", f"RHK {employee_id}.{n}", link) for n, link in enumerate(links, start=1))
    return Member(employee_id, f"Pegawai {employee_id}", "Pranata Komputer", status, rhks)


def test_rows_follow_the_atasan_rhks_utama_first_and_cells_follow_the_members():
    matrix = build_matrix(BOSS, [member(7, 2, 2), member(8, 3)])
    assert [row.rhk.id for row in matrix.rows] == [2, 3, 1]
    assert [[r.id for r in cell] for cell in matrix.rows[0].cells] == [[701, 702], []]
    assert [[r.id for r in cell] for cell in matrix.rows[1].cells] == [[], [801]]
    assert matrix.rows[0].serving_members == 1 and matrix.rows[1].serving_members == 1


def test_an_rhk_nobody_serves_is_unserved():
    matrix = build_matrix(BOSS, [member(7, 2), member(8, 2)])
    assert [r.id for r in matrix.unserved] == [3, 1]
    assert matrix.rows[0].served and matrix.rows[0].serving_members == 2


def test_rhks_that_serve_nothing_in_force_are_listed_stale_when_they_name_an_rhk():
    matrix = build_matrix(BOSS, [member(7, 2, None, 99)])
    unlinked = {(u.rhk.id, u.stale) for u in matrix.unlinked}
    assert unlinked == {(702, False), (703, True)}
    assert matrix.idle_members() == ()


def test_members_without_skp_and_members_serving_nothing():
    matrix = build_matrix(BOSS, [member(7, 2), member(8, status=None), member(9, None)])
    assert [m.employee_id for m in matrix.without_skp] == [8]
    assert [m.employee_id for m in matrix.idle_members()] == [9]


def test_no_atasan_rhks_means_no_rows_and_every_link_unlinked():
    matrix = build_matrix([], [member(7, 2)])
    assert matrix.rows == () and matrix.unserved == ()
    assert [(u.rhk.id, u.stale) for u in matrix.unlinked] == [(701, True)]


def test_no_members_leaves_every_rhk_unserved():
    matrix = build_matrix(BOSS, [])
    assert all(row.cells == () for row in matrix.rows)
    assert len(matrix.unserved) == 3


def test_links_to_a_replaced_revision_count_through_aliases():
    old = [AtasanRhk(11, "utama", "Tersedianya  aplikasi layanan PUBLIK"), AtasanRhk(12, "utama", "Rumusan lama yang diubah")]
    aliases = successor_aliases(old, BOSS)
    assert aliases == {11: 2}
    matrix = build_matrix(BOSS, [member(7, 11, 12)], aliases=aliases)
    assert [r.id for r in matrix.rows[0].cells[0]] == [701]
    assert [(u.rhk.id, u.stale) for u in matrix.unlinked] == [(702, True)]


def test_resolve_link():
    assert resolve_link(None, {1: 2}) is None
    assert resolve_link(1, {1: 2}) == 2
    assert resolve_link(3, {1: 2}) == 3


def test_kind_must_match_for_a_successor():
    old = [AtasanRhk(11, "tambahan", "Tersedianya aplikasi layanan publik")]
    assert successor_aliases(old, BOSS) == {}


# -- The day a matrix of a chosen year and period describes ------------------------------------------

H1 = SkpPeriod(date(2025, 1, 1), date(2025, 6, 30))  # a mutasi on 1 July splits the year
H2 = SkpPeriod(date(2025, 7, 1), date(2025, 12, 31))


def test_the_current_year_shows_today_in_the_period_covering_it():
    assert matrix_day(date(2025, 3, 11), 2025, [H2, H1]) == (H1, date(2025, 3, 11))
    assert matrix_day(date(2025, 8, 1), 2025, [H1, H2]) == (H2, date(2025, 8, 1))


def test_a_past_year_shows_its_last_period_as_it_ended():
    assert matrix_day(date(2026, 3, 11), 2025, [H1, H2]) == (H2, date(2025, 12, 31))
    assert matrix_day(date(2026, 3, 11), 2025, [H1, H2], H1) == (H1, date(2025, 6, 30))


def test_a_gap_between_periods_and_a_future_year():
    late = SkpPeriod(date(2025, 9, 1), date(2025, 12, 31))
    # Between a closed period and the next one: the one that began last, seen as it ended.
    assert matrix_day(date(2025, 8, 15), 2025, [H1, late]) == (H1, date(2025, 6, 30))
    # A plan for next year, or a period not begun yet: seen as it begins.
    assert matrix_day(date(2025, 12, 20), 2026, [SkpPeriod(date(2026, 1, 1), date(2026, 12, 31))]) == (
        SkpPeriod(date(2026, 1, 1), date(2026, 12, 31)), date(2026, 1, 1))


def test_no_period_holds_today_inside_the_year_and_a_stranger_period_is_refused():
    assert matrix_day(date(2025, 3, 11), 2025, []) == (None, date(2025, 3, 11))
    assert matrix_day(date(2026, 1, 1), 2025, []) == (None, date(2025, 12, 31))
    with pytest.raises(ValueError):
        matrix_day(date(2025, 3, 11), 2025, [H1], H2)
