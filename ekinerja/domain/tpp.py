"""Tambahan Penghasilan Pegawai (TPP) for one employee-month, with a line-by-line explanation.

Money stays Decimal throughout and is rounded once, to the rupiah, on the total; the printed
rupiah of the lines are then allocated (largest remainder) so that they add up to that total.

Where regions differ the rule is a setting of the instansi's ruleset (per year), and each named
preset cites the regulation its values come from (``PRESETS``; docs/tpp.md lists them).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ekinerja.domain.attendance import DisciplineCounts
from ekinerja.domain.dates import format_number
from ekinerja.domain.kinerja_target import KinerjaTarget
from ekinerja.domain.money import allocate_rupiah, format_percent, format_rupiah, to_rupiah

ZERO = Decimal(0)
HUNDRED = Decimal(100)

DEDUCTION_KEYS = ("TL1", "TL2", "TL3", "TL4", "PSW1", "PSW2", "PSW3", "PSW4", "TK")  # TK: tidak masuk tanpa keterangan, per day
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

# What the month's deductions are a percentage of.
BASE_TPP = "tpp"  # the whole TPP (Kab. Ogan Ilir, Kemenkeu)
BASE_DISIPLIN = "disiplin"  # only the disiplin component
DEDUCTION_BASES: Mapping[str, str] = {BASE_TPP: "Seluruh TPP", BASE_DISIPLIN: "Komponen disiplin saja"}

# What a Plt/Plh in a higher-level post receives.
PLT_ACTING_TPP = "tpp_jabatan"  # the acting post's TPP where higher than one's own (Perbup Balangan 57/2020 Pasal 35)
PLT_ADDON = "tambahan"  # the same add-on as at the same level
PLT_HIGHER_RULES: Mapping[str, str] = {
    PLT_ACTING_TPP: "TPP jabatan yang dirangkap, bila lebih tinggi",
    PLT_ADDON: "Sama dengan jabatan setingkat (tambahan %)",
}


@dataclass(frozen=True)
class KinerjaStep:
    """Stepped policy: from ``min_percent`` of the target upward, the kinerja part is paid at ``share_percent``."""

    min_percent: Decimal
    share_percent: Decimal


def _pemda_deductions() -> dict[str, Decimal]:
    return {
        "TL1": Decimal("0.5"), "TL2": Decimal(1), "TL3": Decimal("1.25"), "TL4": Decimal("1.5"),
        "PSW1": Decimal("0.5"), "PSW2": Decimal(1), "PSW3": Decimal("1.25"), "PSW4": Decimal("1.5"),
        "TK": Decimal(3),
    }


# Days of these approved absences are not expected work: the kinerja target shrinks by them.
# Dinas luar is duty away from the office, so its work is logged and counted like any other day.
TARGET_EXCUSED_DEFAULT = frozenset(ABSENCE_LABELS) - {"dinas_luar"}


@dataclass(frozen=True)
class TppRuleset:
    """An instansi's TPP rules for a year. The defaults are the "pemda" preset (see ``PRESETS``)."""

    base_by_kelas: Mapping[int, Decimal]
    weight_kinerja_percent: Decimal = Decimal(60)
    weight_disiplin_percent: Decimal = Decimal(40)
    # Empty: the kinerja share is min(approved minutes / target, 1).
    kinerja_steps: tuple[KinerjaStep, ...] = ()
    # TL/PSW per occurrence and TK per day, in percent of the deduction base.
    deduction_percent: Mapping[str, Decimal] = field(default_factory=_pemda_deductions)
    deduction_base: str = BASE_TPP
    # Percent of the deduction base that the month's deductions may take at most.
    deduction_cap_percent: Decimal = Decimal(100)
    # Same-level Plt/Plh: this percent of the acting post's base on top of one's own TPP.
    plt_addon_percent: Decimal = Decimal(20)
    plt_higher_rule: str = PLT_ACTING_TPP
    # An appointment shorter than this many working days earns nothing.
    plt_min_working_days: int = 20
    # Off unless set: predikat -> percent of the kinerja part paid.
    predikat_factor_percent: Mapping[str, Decimal] | None = None
    # Absence kind -> percent of the deduction base per working day; kinds not listed cost nothing.
    absence_deduction_percent: Mapping[str, Decimal] = field(default_factory=lambda: {"cuti_luar_tanggungan": Decimal(3)})
    target_excused_absences: frozenset[str] = TARGET_EXCUSED_DEFAULT
    preset: str = "pemda"  # the preset these rules started from ("" when unknown)


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
    if ruleset.deduction_base not in DEDUCTION_BASES:
        problems.append("Dasar potongan harus seluruh TPP atau komponen disiplin.")
    if ruleset.plt_higher_rule not in PLT_HIGHER_RULES:
        problems.append("Aturan Plt/Plh jabatan lebih tinggi tidak dikenal.")
    if not ZERO <= ruleset.plt_addon_percent <= HUNDRED:
        problems.append("Tambahan Plt/Plh harus 0-100 %.")
    if not 0 <= ruleset.plt_min_working_days <= 66:
        problems.append("Masa minimal Plt/Plh harus 0-66 hari kerja.")
    steps = ruleset.kinerja_steps
    if list(steps) != sorted(steps, key=lambda s: s.min_percent) or any(
        later.share_percent < earlier.share_percent for earlier, later in itertools.pairwise(steps)
    ):
        problems.append("Tabel bertingkat harus naik: capaian lebih tinggi tidak boleh dibayar lebih rendah.")
    if any(not ZERO <= s.share_percent <= HUNDRED for s in steps):
        problems.append("Persentase pada tabel bertingkat harus 0-100 %.")
    return problems


# Presets: named starting points an admin picks and then edits. Each value cites its source.


@dataclass(frozen=True)
class TppPreset:
    key: str
    name: str
    rules: TppRuleset  # base_by_kelas is left empty: the money per kelas is the instansi's own
    sources: Mapping[str, str]  # setting group (SOURCE_GROUPS) -> where the preset's value comes from


# Setting group -> the ruleset fields it covers (a group's source applies to all of them).
SOURCE_GROUPS: Mapping[str, tuple[str, ...]] = {
    "weights": ("weight_kinerja_percent", "weight_disiplin_percent"),
    "kinerja": ("kinerja_steps", "predikat_factor_percent"),
    "tl_psw": ("deduction_percent:TL", "deduction_percent:PSW"),
    "tk": ("deduction_percent:TK",),
    "deduction_base": ("deduction_base", "deduction_cap_percent"),
    "plt": ("plt_addon_percent", "plt_higher_rule", "plt_min_working_days"),
    "target_excused": ("target_excused_absences",),
    "absence_rates": ("absence_deduction_percent",),
}

_TARGET_SOURCE = (
    "Hari cuti (Peraturan BKN 24/2017 tentang tata cara pemberian cuti PNS), sakit, izin dan tugas belajar "
    "bukan hari kerja yang dituntut; dinas luar tetap hari kerja. Target dibagi menurut hari kerja seperti Kab. Barru."
)
_WEIGHTS_SOURCE = (
    "Komponen TPP: PP 12/2019 Pasal 58 dan Kepmendagri 900-4700/2020; pembagian 60 % kinerja / 40 % disiplin "
    "lazim pada Perkada TPP (mis. Kab. Barru)."
)
_PLT_SOURCE = (
    "Perbup Balangan 57/2020 Pasal 35: Plt/Plh setingkat menerima tambahan 20 % TPP jabatan yang dirangkap; "
    "jabatan lebih tinggi menerima TPP jabatan itu bila lebih tinggi; tidak dibayar bila kurang dari 20 hari kerja."
)

PRESETS: Mapping[str, TppPreset] = {
    "pemda": TppPreset(
        "pemda",
        "Pemda: potongan dari seluruh TPP (Ogan Ilir, Tebo, Balangan)",
        TppRuleset(base_by_kelas={}),
        {
            "weights": _WEIGHTS_SOURCE,
            "kinerja": "Proporsional: menit disetujui dibanding target, paling tinggi 100 %.",
            "tl_psw": "Perbup Tebo 1/2022: TL/PSW 1-30, 31-60, 61-90, >90 menit atau tanpa rekam = 0,5 / 1 / 1,25 / 1,5 %.",
            "tk": "Kab. Ogan Ilir: tidak masuk tanpa keterangan dipotong 3 % TPP per hari.",
            "deduction_base": "Kab. Ogan Ilir: potongan dihitung dari seluruh TPP, paling banyak 100 % (TPP tidak pernah negatif).",
            "plt": _PLT_SOURCE,
            "target_excused": _TARGET_SOURCE,
            "absence_rates": "Cuti di luar tanggungan negara dipotong seperti tidak masuk tanpa keterangan (3 %/hari, Kab. Ogan Ilir).",
        },
    ),
    "kemenkeu": TppPreset(
        "kemenkeu",
        "Seperti Kemenkeu: TL/PSW sampai 2,5 %, TK 5 % dari seluruh tunjangan",
        TppRuleset(
            base_by_kelas={},
            deduction_percent={**_pemda_deductions(), "TL4": Decimal("2.5"), "PSW4": Decimal("2.5"), "TK": Decimal(5)},
            absence_deduction_percent={"cuti_luar_tanggungan": Decimal(5)},
            preset="kemenkeu",
        ),
        {
            "weights": _WEIGHTS_SOURCE + " Kemenkeu tidak membagi komponen; nilai ini sama dengan preset Pemda.",
            "kinerja": "Proporsional: menit disetujui dibanding target, paling tinggi 100 %.",
            "tl_psw": "Tunjangan kinerja Kemenkeu (TKPKN): TL/PSW 0,5 / 1 / 1,25 / 2,5 %.",
            "tk": "Kemenkeu dan Kab. Jembrana: tidak masuk tanpa keterangan dipotong 5 % per hari.",
            "deduction_base": "Kemenkeu: potongan dihitung dari seluruh tunjangan kinerja, paling banyak 100 %.",
            "plt": _PLT_SOURCE + " (Aturan Plt Kemenkeu sendiri belum diverifikasi; nilai ini sama dengan preset Pemda.)",
            "target_excused": _TARGET_SOURCE,
            "absence_rates": (
                "Perpres 156/2014 (tunjangan kinerja Kemenkeu): tidak diberikan selama cuti di luar tanggungan negara; "
                "5 %/hari menghapus satu bulan penuh."
            ),
        },
    ),
}
DEFAULT_PRESET = "pemda"


def apply_preset(ruleset: TppRuleset, key: str) -> TppRuleset:
    """The preset's rules with the instansi's own money per kelas."""
    return replace(PRESETS[key].rules, base_by_kelas=dict(ruleset.base_by_kelas))


def _group_values(ruleset: TppRuleset, group: str) -> tuple:
    values = []
    for name in SOURCE_GROUPS[group]:
        attribute, _, prefix = name.partition(":")
        value = getattr(ruleset, attribute)
        values.append(sorted((k, v) for k, v in value.items() if k.startswith(prefix)) if prefix else value)
    return tuple(values)


def ruleset_sources(ruleset: TppRuleset) -> dict[str, str]:
    """Setting group -> the source of the value in force: the preset's citation, or that an admin changed it."""
    preset = PRESETS.get(ruleset.preset)
    sources = {}
    for group in SOURCE_GROUPS:
        if preset is None:
            sources[group] = "Ditetapkan admin instansi (tidak dari preset)."
        elif _group_values(ruleset, group) == _group_values(preset.rules, group):
            sources[group] = f"Sumber: {preset.sources[group]}"
        else:
            sources[group] = f"Diubah admin instansi dari preset \"{preset.name}\" (sumber preset: {preset.sources[group]})"
    return sources


# Plt/Plh level


ESELON_RANKS = {"I": 5, "II": 4, "III": 3, "IV": 2, "V": 1}


def eselon_rank(eselon: str | None) -> int:
    """I.a-V.b as 5-1; posts without an eselon (pelaksana, fungsional) rank below them all (0)."""
    return ESELON_RANKS.get((eselon or "").split(".")[0].strip().upper(), 0)


def is_higher_level(own_eselon: str | None, acting_eselon: str | None) -> bool:
    """Whether the acting post is at a higher level than one's own (a Kepala Subbidang as Plt Kepala Bidang)."""
    return eselon_rank(acting_eselon) > eselon_rank(own_eselon)


@dataclass(frozen=True)
class PositionDays:
    """Days of the month spent in one position: a mutasi splits the month."""

    kelas_jabatan: int
    days: int
    label: str


@dataclass(frozen=True)
class ActingDays:
    """A Plt/Plh appointment's days in the month, with what the rules compare it against."""

    kelas_jabatan: int  # of the acting post
    days: int  # calendar days of the month
    label: str
    own_kelas: int  # the definitive post held meanwhile
    higher_level: bool
    working_days: int  # of the whole appointment, for the minimum duration


@dataclass(frozen=True)
class TppInput:
    days_in_month: int
    positions: tuple[PositionDays, ...]
    approved_minutes: int
    target: KinerjaTarget
    discipline: DisciplineCounts
    acting: tuple[ActingDays, ...] = ()  # Plt/Plh appointments held during the month
    predikat: str | None = None

    @property
    def target_minutes(self) -> int:
        return self.target.minutes


@dataclass(frozen=True)
class TppLine:
    label: str
    detail: str
    amount: Decimal  # signed and unrounded; the total is rounded once
    in_total: bool = True  # the base lines explain; the others add up to the total
    printed: Decimal | None = None  # whole rupiah, allocated so the printed lines reconcile

    @property
    def amount_text(self) -> str:
        return format_rupiah(self.amount if self.printed is None else self.printed)


@dataclass(frozen=True)
class TppResult:
    lines: tuple[TppLine, ...]
    base: Decimal
    kinerja: Decimal
    disiplin: Decimal  # after its deductions (below zero when whole-TPP deductions exceed it)
    addon: Decimal
    total: Decimal


def with_printed_amounts(lines: tuple[TppLine, ...], total: Decimal) -> tuple[TppLine, ...]:
    """Each line's whole rupiah: the lines in the total add up to ``total``, the base lines to the rounded base."""
    printed: dict[int, Decimal] = {}
    for in_total, goal in ((True, total), (False, None)):
        indexes = [i for i, line in enumerate(lines) if line.in_total == in_total]
        amounts = [lines[i].amount for i in indexes]
        target = goal if goal is not None else to_rupiah(sum(amounts, ZERO))
        printed.update(zip(indexes, allocate_rupiah(amounts, target), strict=True))
    return tuple(replace(line, printed=printed[i]) for i, line in enumerate(lines))


def kinerja_share_percent(ruleset: TppRuleset, approved_minutes: int, target_minutes: int) -> Decimal:
    achieved = HUNDRED if target_minutes <= 0 else Decimal(max(approved_minutes, 0)) * HUNDRED / Decimal(target_minutes)
    if not ruleset.kinerja_steps:
        return min(achieved, HUNDRED)
    share = ZERO
    for step in ruleset.kinerja_steps:
        if achieved >= step.min_percent:
            share = step.share_percent
    return share


def _base_of(ruleset: TppRuleset, kelas: int) -> Decimal:
    return ruleset.base_by_kelas.get(kelas, ZERO)


def _deductions(ruleset: TppRuleset, counts: DisciplineCounts) -> list[tuple[str, int, Decimal]]:
    """(what, how many, percent each) for every tier that happened."""
    found = []
    for prefix, label, tiers in (("TL", "Terlambat", counts.tl), ("PSW", "Pulang sebelum waktunya", counts.psw)):
        for tier in (1, 2, 3, 4):
            if tiers.get(tier):
                found.append((f"{label} {prefix}{tier}", tiers[tier], ruleset.deduction_percent.get(f"{prefix}{tier}", ZERO)))
    if counts.absent_without_reason:
        found.append(("Tidak masuk tanpa keterangan", counts.absent_without_reason, ruleset.deduction_percent.get("TK", ZERO)))
    for kind, days in sorted(counts.absences.items()):
        percent = ruleset.absence_deduction_percent.get(kind, ZERO)
        if days and percent:
            found.append((ABSENCE_LABELS.get(kind, kind), days, percent))
    return found


def _acting_line(ruleset: TppRuleset, acting: ActingDays, days_in_month: int) -> tuple[str, Decimal]:
    """(how the Plt/Plh amount was found, the amount) for one appointment."""
    share = f"{acting.days}/{days_in_month} hari"
    if acting.working_days < ruleset.plt_min_working_days:
        return f"tidak dibayar: {acting.working_days} hari kerja, kurang dari minimal {ruleset.plt_min_working_days} hari kerja", ZERO
    acting_base, own_base = _base_of(ruleset, acting.kelas_jabatan), _base_of(ruleset, acting.own_kelas)
    if acting.higher_level and ruleset.plt_higher_rule == PLT_ACTING_TPP:
        difference = max(acting_base - own_base, ZERO)
        detail = (
            f"jabatan lebih tinggi: selisih basis kelas {acting.kelas_jabatan} dan kelas {acting.own_kelas} "
            f"({format_rupiah(difference)}) x {share}"
        )
        return detail, difference * acting.days / days_in_month
    level = "jabatan lebih tinggi" if acting.higher_level else "jabatan setingkat"
    detail = f"{level}: {format_percent(ruleset.plt_addon_percent)} x basis kelas {acting.kelas_jabatan} ({format_rupiah(acting_base)}) x {share}"
    return detail, acting_base * ruleset.plt_addon_percent / HUNDRED * acting.days / days_in_month


def compute_tpp(ruleset: TppRuleset, data: TppInput, *, explain: bool = True) -> TppResult:
    """The month's TPP; ``explain=False`` leaves the lines out (the same total, for an instansi-wide recap)."""
    lines: list[TppLine] = []
    month_days = max(data.days_in_month, 1)
    base = ZERO
    for segment in data.positions:
        full = _base_of(ruleset, segment.kelas_jabatan)
        amount = full * segment.days / month_days
        base += amount
        if explain:
            lines.append(
                TppLine(f"Basis TPP kelas {segment.kelas_jabatan} ({segment.label})", f"{segment.days}/{month_days} hari x {format_rupiah(full)}", amount, in_total=False)
            )

    target = data.target.minutes
    share = kinerja_share_percent(ruleset, data.approved_minutes, target)
    kinerja_full = base * ruleset.weight_kinerja_percent / HUNDRED
    kinerja = kinerja_full * share / HUNDRED
    if explain:
        policy = "Tabel bertingkat" if ruleset.kinerja_steps else "Proporsional, maksimal 100 %"
        lines.append(
            TppLine(
                f"Kinerja {format_percent(ruleset.weight_kinerja_percent)}",
                f"{format_number(data.approved_minutes)} menit disetujui, {data.target.text}. {policy}: "
                f"{format_percent(share.quantize(Decimal('0.01')))} x {format_rupiah(kinerja_full)}",
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
    of_tpp = ruleset.deduction_base == BASE_TPP
    deduction_base = base if of_tpp else disiplin_full
    base_words = "TPP" if of_tpp else "komponen disiplin"
    deducted_percent = ZERO
    for label, count, percent in _deductions(ruleset, data.discipline):
        total_percent = percent * count
        deducted_percent += total_percent
        if explain:
            lines.append(TppLine(f"{label} {count}x", f"-{format_percent(total_percent)} x {format_rupiah(deduction_base)} ({base_words})", -deduction_base * total_percent / HUNDRED))
    if deducted_percent > ruleset.deduction_cap_percent:
        over = deducted_percent - ruleset.deduction_cap_percent
        if explain:
            lines.append(
                TppLine(
                    "Batas potongan",
                    f"potongan {format_percent(deducted_percent)} dibatasi {format_percent(ruleset.deduction_cap_percent)} dari {base_words}",
                    deduction_base * over / HUNDRED,
                )
            )
        deducted_percent = ruleset.deduction_cap_percent
    deducted = deduction_base * deducted_percent / HUNDRED
    # Deductions of the whole TPP can exceed what is left of it: the TPP stops at zero.
    excess = max(deducted - kinerja - disiplin_full, ZERO)
    if excess and explain:
        lines.append(TppLine("Potongan tidak melebihi TPP", f"potongan {format_rupiah(deducted)} melebihi kinerja dan disiplin {format_rupiah(kinerja + disiplin_full)}", excess))
    disiplin = disiplin_full - deducted + excess

    addon = ZERO
    for acting in data.acting:
        detail, extra = _acting_line(ruleset, acting, month_days)
        addon += extra
        if explain:
            lines.append(TppLine(f"Tambahan Plt/Plh ({acting.label})", detail, extra))
    total = to_rupiah(kinerja + disiplin + addon)
    return TppResult(
        lines=with_printed_amounts(tuple(lines), total) if explain else (),
        base=base,
        kinerja=kinerja,
        disiplin=disiplin,
        addon=addon,
        total=total,
    )
