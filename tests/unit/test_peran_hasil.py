"""Matriks peran hasil: rows, cells, what nobody serves, stale links and revision aliases."""

from __future__ import annotations

from ekinerja.domain.peran_hasil import (
    AtasanRhk,
    Member,
    MemberRhk,
    build_matrix,
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
