"""Tambahan Penghasilan Pegawai (TPP) for one employee-month, with a line-by-line explanation.

Money stays Decimal throughout and is rounded once, to the rupiah, on the total.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ekinerja.domain.attendance import DisciplineCounts
from ekinerja.domain.money import format_percent, format_rupiah, to_rupiah

ZERO = Decimal(0)
HUNDRED = Decimal(100)

DEFAULT_DEDUCTIONS: Mapping[str, Decimal] = {
    "TL1": Decimal("0.5"),
    "TL2": Decimal(1),
    "TL3": Decimal("1.25"),
    "TL4": Decimal("1.5"),
    "PSW1": Decimal("0.5"),
    "PSW2": Decimal(1),
    "PSW3": Decimal("1.25"),
    "PSW4": Decimal("1.5"),
    "TK": Decimal(3),  # tidak masuk tanpa keterangan, per day
}

# Only leave outside the state's account costs by default; cuti, sakit, izin, dinas luar are free.
DEFAULT_ABSENCE_DEDUCTIONS: Mapping[str, Decimal] = {"cuti_luar_tanggungan": Decimal(3)}
ABSENCE_LABELS: Mapping[str, str] = {
    "cuti_tahunan": "Cuti tahunan",
    "cuti_besar": "Cuti besar",
    "cuti_sakit": "Cuti sakit",
    "cuti_melahirkan": "Cuti melahirkan",
    "cuti_alasan_penting": "Cuti karena alasan penting",
    "cuti_luar_tanggungan": "Cuti di luar tanggungan negara",
    "sakit": "Sakit",
    "izin": "Izin",
    "dinas_luar": "Dinas luar",
    "tugas_belajar": "Tugas belajar",
}


@dataclass(frozen=True)
class KinerjaStep:
    """Stepped policy: from ``min_percent`` of the target upward, the kinerja part is paid at ``share_percent``."""

    min_percent: Decimal
    share_percent: Decimal


@dataclass(frozen=True)
class TppRuleset:
    base_by_kelas: Mapping[int, Decimal]
    weight_kinerja_percent: Decimal = Decimal(60)
    weight_disiplin_percent: Decimal = Decimal(40)
    # Empty: the kinerja share is min(approved minutes / target, 1).
    kinerja_steps: tuple[KinerjaStep, ...] = ()
    deduction_percent: Mapping[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_DEDUCTIONS))
    # Percent of the disiplin part that the month's deductions may take at most.
    deduction_cap_percent: Decimal = Decimal(100)
    plt_addon_percent: Decimal = Decimal(20)
    # Off unless set: predikat -> percent of the kinerja part paid.
    predikat_factor_percent: Mapping[str, Decimal] | None = None
    # Absence kind -> percent of the disiplin part deducted per working day; kinds not listed cost nothing.
    absence_deduction_percent: Mapping[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_ABSENCE_DEDUCTIONS))


def ruleset_problems(ruleset: TppRuleset) -> list[str]:
    """What makes a ruleset unusable, in words an admin can fix."""
    problems = []
    if ruleset.weight_kinerja_percent + ruleset.weight_disiplin_percent != HUNDRED:
        problems.append("Bobot kinerja dan disiplin harus berjumlah 100 %.")
    if any(v < 0 for v in ruleset.base_by_kelas.values()):
        problems.append("Basis TPP tidak boleh negatif.")
    if not ZERO <= ruleset.deduction_cap_percent <= HUNDRED:
        problems.append("Batas potongan harus 0-100 %.")
    if any(v < 0 for v in (*ruleset.deduction_percent.values(), *ruleset.absence_deduction_percent.values())):
        problems.append("Persentase potongan tidak boleh negatif.")
    steps = ruleset.kinerja_steps
    if list(steps) != sorted(steps, key=lambda s: s.min_percent) or any(
        later.share_percent < earlier.share_percent for earlier, later in itertools.pairwise(steps)
    ):
        problems.append("Tabel bertingkat harus naik: capaian lebih tinggi tidak boleh dibayar lebih rendah.")
    if any(not ZERO <= s.share_percent <= HUNDRED for s in steps):
        problems.append("Persentase pada tabel bertingkat harus 0-100 %.")
    return problems


@dataclass(frozen=True)
class PositionDays:
    """Days of the month spent in one position: a mutasi splits the month."""

    kelas_jabatan: int
    days: int
    label: str


@dataclass(frozen=True)
class TppInput:
    days_in_month: int
    positions: tuple[PositionDays, ...]
    approved_minutes: int
    target_minutes: int
    discipline: DisciplineCounts
    acting: tuple[PositionDays, ...] = ()  # Plt/Plh appointments held during the month
    predikat: str | None = None


@dataclass(frozen=True)
class TppLine:
    label: str
    detail: str
    amount: Decimal  # signed and unrounded; the total is rounded once
    in_total: bool = True  # the base lines explain; the others add up to the total

    @property
    def amount_text(self) -> str:
        return format_rupiah(self.amount)


@dataclass(frozen=True)
class TppResult:
    lines: tuple[TppLine, ...]
    base: Decimal
    kinerja: Decimal
    disiplin: Decimal
    addon: Decimal
    total: Decimal


def kinerja_share_percent(ruleset: TppRuleset, approved_minutes: int, target_minutes: int) -> Decimal:
    achieved = HUNDRED if target_minutes <= 0 else Decimal(max(approved_minutes, 0)) * HUNDRED / Decimal(target_minutes)
    if not ruleset.kinerja_steps:
        return min(achieved, HUNDRED)
    share = ZERO
    for step in ruleset.kinerja_steps:
        if achieved >= step.min_percent:
            share = step.share_percent
    return share


def _prorated_base(ruleset: TppRuleset, segments: tuple[PositionDays, ...], days_in_month: int) -> list[tuple[PositionDays, Decimal]]:
    return [
        (segment, ruleset.base_by_kelas.get(segment.kelas_jabatan, ZERO) * segment.days / days_in_month)
        for segment in segments
    ]


def _deductions(ruleset: TppRuleset, counts: DisciplineCounts) -> list[tuple[str, int, Decimal]]:
    """(what, how many, percent each) for every tier that happened."""
    found = []
    for prefix, label, tiers in (("TL", "Terlambat", counts.tl), ("PSW", "Pulang sebelum waktunya", counts.psw)):
        for tier in (1, 2, 3, 4):
            if tiers.get(tier):
                found.append((f"{label} {prefix}{tier}", tiers[tier], ruleset.deduction_percent[f"{prefix}{tier}"]))
    if counts.absent_without_reason:
        found.append(("Tidak masuk tanpa keterangan", counts.absent_without_reason, ruleset.deduction_percent["TK"]))
    for kind, days in sorted(counts.absences.items()):
        percent = ruleset.absence_deduction_percent.get(kind, ZERO)
        if days and percent:
            found.append((ABSENCE_LABELS.get(kind, kind), days, percent))
    return found


def compute_tpp(ruleset: TppRuleset, data: TppInput, *, explain: bool = True) -> TppResult:
    """The month's TPP; ``explain=False`` leaves the lines out (the same total, for an instansi-wide recap)."""
    lines: list[TppLine] = []
    base = ZERO
    for segment, amount in _prorated_base(ruleset, data.positions, data.days_in_month):
        base += amount
        if explain:
            full = ruleset.base_by_kelas.get(segment.kelas_jabatan, ZERO)
            lines.append(
                TppLine(
                    f"Basis TPP kelas {segment.kelas_jabatan} ({segment.label})",
                    f"{segment.days}/{data.days_in_month} hari x {format_rupiah(full)}",
                    amount,
                    in_total=False,
                )
            )

    share = kinerja_share_percent(ruleset, data.approved_minutes, data.target_minutes)
    kinerja_full = base * ruleset.weight_kinerja_percent / HUNDRED
    kinerja = kinerja_full * share / HUNDRED
    if explain:
        policy = "tabel bertingkat" if ruleset.kinerja_steps else "proporsional, maksimal 100 %"
        lines.append(
            TppLine(
                f"Kinerja {format_percent(ruleset.weight_kinerja_percent)}",
                f"{data.approved_minutes:,} dari {data.target_minutes:,} menit disetujui ({policy}): "
                f"{format_percent(share.quantize(Decimal('0.01')))} x {format_rupiah(kinerja_full)}".replace(",", "."),
                kinerja,
            )
        )
    if ruleset.predikat_factor_percent is not None and data.predikat is not None:
        factor = ruleset.predikat_factor_percent.get(data.predikat, HUNDRED)
        adjusted = kinerja * factor / HUNDRED
        if explain:
            lines.append(TppLine("Faktor predikat kinerja", f"{data.predikat}: {format_percent(factor)} dari komponen kinerja", adjusted - kinerja))
        kinerja = adjusted

    disiplin_full = base * ruleset.weight_disiplin_percent / HUNDRED
    if explain:
        lines.append(TppLine(f"Disiplin {format_percent(ruleset.weight_disiplin_percent)}", f"{format_percent(ruleset.weight_disiplin_percent)} x {format_rupiah(base)}", disiplin_full))
    deducted_percent = ZERO
    for label, count, percent in _deductions(ruleset, data.discipline):
        total_percent = percent * count
        deducted_percent += total_percent
        if explain:
            lines.append(
                TppLine(
                    f"{label} {count}x",
                    f"-{format_percent(total_percent)} x {format_rupiah(disiplin_full)}",
                    -disiplin_full * total_percent / HUNDRED,
                )
            )
    if deducted_percent > ruleset.deduction_cap_percent:
        over = deducted_percent - ruleset.deduction_cap_percent
        if explain:
            lines.append(
                TppLine(
                    "Batas potongan",
                    f"potongan {format_percent(deducted_percent)} dibatasi {format_percent(ruleset.deduction_cap_percent)} dari komponen disiplin",
                    disiplin_full * over / HUNDRED,
                )
            )
        deducted_percent = ruleset.deduction_cap_percent
    disiplin = disiplin_full * (HUNDRED - deducted_percent) / HUNDRED

    addon = ZERO
    for segment, amount in _prorated_base(ruleset, data.acting, data.days_in_month):
        extra = amount * ruleset.plt_addon_percent / HUNDRED
        addon += extra
        if explain:
            lines.append(
                TppLine(
                    f"Tambahan Plt/Plh ({segment.label})",
                    f"{format_percent(ruleset.plt_addon_percent)} x basis kelas {segment.kelas_jabatan}, {segment.days}/{data.days_in_month} hari",
                    extra,
                )
            )
    return TppResult(
        lines=tuple(lines),
        base=base,
        kinerja=kinerja,
        disiplin=disiplin,
        addon=addon,
        total=to_rupiah(kinerja + disiplin + addon),
    )
