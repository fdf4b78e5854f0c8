"""Matriks peran hasil: which subordinate's RHK serves which of the atasan's RHK.

PermenPAN-RB No. 6 Tahun 2022, Lampiran (perencanaan kinerja pegawai, penyelarasan/cascading):
the RHK of a pegawai intervenes ("mengintervensi") an RHK of the atasan langsung, and the
matriks pembagian peran dan hasil shows, per RHK of the atasan, the RHKs of the bawahan that
serve it, so the atasan sees at once which of their RHKs nobody carries.

The rule here is pure: the service hands in the atasan's RHKs and each member's RHKs with the
link they chose (the cascading link ``Rhk.atasan_rhk_id``), and ``aliases`` for links that
still point at an RHK of a replaced revision of the atasan's SKP.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class AtasanRhk:
    id: int
    kind: str  # utama | tambahan
    description: str


@dataclass(frozen=True)
class MemberRhk:
    id: int
    kind: str
    description: str
    atasan_rhk_id: int | None  # the link as stored


@dataclass(frozen=True)
class Member:
    """A bawahan and the RHKs of their SKP in force (``skp_status`` None: no SKP yet)."""

    employee_id: int
    name: str
    jabatan: str
    skp_status: str | None
    rhks: tuple[MemberRhk, ...] = ()


@dataclass(frozen=True)
class MatrixRow:
    rhk: AtasanRhk
    cells: tuple[tuple[MemberRhk, ...], ...]  # one cell per member, in the members' order

    @property
    def served(self) -> bool:
        return any(self.cells)

    @property
    def serving_members(self) -> int:
        return sum(1 for cell in self.cells if cell)


@dataclass(frozen=True)
class Unlinked:
    """A member's RHK that serves none of the atasan's RHKs in force."""

    member: Member
    rhk: MemberRhk
    stale: bool  # it names an RHK that is not (or no longer) in the atasan's SKP in force


@dataclass(frozen=True)
class PeranHasilMatrix:
    members: tuple[Member, ...]
    rows: tuple[MatrixRow, ...]
    unlinked: tuple[Unlinked, ...]

    @property
    def unserved(self) -> tuple[AtasanRhk, ...]:
        return tuple(row.rhk for row in self.rows if not row.served)

    @property
    def without_skp(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.skp_status is None)

    def idle_members(self) -> tuple[Member, ...]:
        """Members with an SKP none of whose RHKs serves the atasan's RHKs in force."""
        serving = {m.employee_id for row in self.rows for m, cell in zip(self.members, row.cells, strict=True) if cell}
        return tuple(m for m in self.members if m.skp_status is not None and m.employee_id not in serving)


def resolve_link(link: int | None, aliases: Mapping[int, int]) -> int | None:
    """The atasan RHK a stored link means now: an RHK of a replaced revision stands for its successor."""
    return None if link is None else aliases.get(link, link)


def build_matrix(
    atasan_rhks: Sequence[AtasanRhk], members: Sequence[Member], *, aliases: Mapping[int, int] | None = None
) -> PeranHasilMatrix:
    """Rows: the atasan's RHKs (utama first, in their order); columns: the members; a cell: the member's
    RHKs whose link (resolved through ``aliases``) is the row's RHK. Links that reach none of the rows
    are listed as unlinked, ``stale`` when they name an RHK at all."""
    aliases = aliases or {}
    ordered = sorted(atasan_rhks, key=lambda r: 0 if r.kind == "utama" else 1)
    known = {r.id for r in ordered}
    rows = tuple(
        MatrixRow(
            rhk=target,
            cells=tuple(
                tuple(rhk for rhk in member.rhks if resolve_link(rhk.atasan_rhk_id, aliases) == target.id)
                for member in members
            ),
        )
        for target in ordered
    )
    unlinked = tuple(
        Unlinked(member=member, rhk=rhk, stale=rhk.atasan_rhk_id is not None)
        for member in members
        for rhk in member.rhks
        if resolve_link(rhk.atasan_rhk_id, aliases) not in known
    )
    return PeranHasilMatrix(members=tuple(members), rows=rows, unlinked=unlinked)


def successor_aliases(old: Sequence[AtasanRhk], current: Sequence[AtasanRhk]) -> dict[int, int]:
    """Old revision's RHK id -> the current revision's RHK with the same kind and wording (a revision
    copies the plan, so an unchanged RHK keeps its text; a reworded one has no successor)."""
    by_text = {(r.kind, " ".join(r.description.split()).casefold()): r.id for r in current}
    aliases = {}
    for rhk in old:
        successor = by_text.get((rhk.kind, " ".join(rhk.description.split()).casefold()))
        if successor is not None and successor != rhk.id:
            aliases[rhk.id] = successor
    return aliases


@dataclass(frozen=True)
class SkpPeriod:
    """A period of the atasan's SKPs in a year: one per jabatan held, split at each mutasi
    (PermenPAN-RB No. 6 Tahun 2022, Lampiran: SKP per jabatan; see ekinerja/domain/skp_rules.py)."""

    start: date
    end: date


def matrix_day(today: date, year: int, periods: Sequence[SkpPeriod], chosen: SkpPeriod | None = None) -> tuple[SkpPeriod | None, date]:
    """The period a matrix of ``year`` shows and the day whose team and SKPs in force it describes.

    Without a choice: the period covering today, else the last one begun by today, else the first
    (so a past year shows its last period, the current year today's). The day is today held inside
    the period: a past period is seen as it ended, a future one as it begins. With no period at
    all, the day is today held inside the year."""
    ordered = sorted(periods, key=lambda p: (p.start, p.end))
    if chosen is not None:
        if chosen not in ordered:
            raise ValueError(f"{chosen} is not a period of {year}")
        period = chosen
    elif covering := [p for p in ordered if p.start <= today <= p.end]:
        period = covering[0]
    elif begun := [p for p in ordered if p.start <= today]:
        period = begun[-1]
    elif ordered:
        period = ordered[0]
    else:
        return None, min(max(today, date(year, 1, 1)), date(year, 12, 31))
    return period, min(max(today, period.start), period.end)


@dataclass(frozen=True)
class MatrixView:
    """One atasan's matrix as the page and its PDF show it."""

    atasan_name: str
    atasan_nip: str
    atasan_jabatan: str
    unit: str
    on: date
    year: int
    period: SkpPeriod | None  # the chosen period of the atasan's SKPs; None: the atasan has none that year
    atasan_skp_status: str | None  # of the SKP the members cascade from; None: there is none
    atasan_skp_period: str
    matrix: PeranHasilMatrix
