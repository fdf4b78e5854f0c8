"""Angka kredit of jabatan fungsional from the annual predikat kinerja.

Sources:
- PermenPAN-RB No. 1 Tahun 2023 tentang Jabatan Fungsional, Pasal 29-30 and Lampiran (koefisien
  angka kredit per tahun per jenjang; angka kredit = persentase predikat kinerja x koefisien).
- Peraturan BKN No. 3 Tahun 2023 tentang Angka Kredit, Kenaikan Pangkat, dan Kenaikan Jenjang
  Jabatan Fungsional: the conversion of the predikat into a percentage, the part-year (periodic)
  angka kredit as months/12 of the yearly one, and the cumulative angka kredit needed for the
  next pangkat and jenjang (Lampiran; as tabled by BKN's Direktorat Jabatan ASN, "Penyesuaian
  Angka Kredit Konvensional ke Integrasi & Konversi Predikat Kinerja", 2023: Ahli Pertama 50 per
  pangkat / 100 for the jenjang, Ahli Muda 100 / 200, Ahli Madya 150 / 450, Ahli Utama 200;
  Pemula 15 / 15, Terampil 20 / 60, Mahir 50 / 100, Penyelia 100).

The angka kredit accumulates within the jenjang: the n-th kenaikan pangkat inside a jenjang needs
n x the per-pangkat figure, and the jenjang's last pangkat step is the kenaikan jenjang. Other
conditions (years in the pangkat, uji kompetensi, formasi) are the BKD's to check, not this module's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from ekinerja.domain.predikat import Predikat

# Angka kredit is printed with three decimals, as in BKN's PAK (e.g. 12,500).
AK_QUANTUM = Decimal("0.001")


class Kategori(str, Enum):
    KETERAMPILAN = "keterampilan"
    KEAHLIAN = "keahlian"


@dataclass(frozen=True)
class JenjangRule:
    code: str
    label: str
    kategori: Kategori
    koefisien: Decimal  # angka kredit per year at 100 % (predikat Baik)
    golongan: tuple[str, ...]  # golongan ruang held in this jenjang, lowest first
    per_pangkat: Decimal  # angka kredit needed for each kenaikan pangkat inside the jenjang
    next_jenjang: str | None  # the jenjang reached after the last pangkat step, None at the top

    @property
    def jenjang_target(self) -> Decimal | None:
        """Cumulative angka kredit in this jenjang needed for the next jenjang."""
        return self.per_pangkat * len(self.golongan) if self.next_jenjang else None


# PermenPAN-RB 1/2023 Lampiran (koefisien); Perban BKN 3/2023 Lampiran (kebutuhan angka kredit).
JENJANG: dict[str, JenjangRule] = {
    rule.code: rule
    for rule in (
        JenjangRule("pemula", "Pemula", Kategori.KETERAMPILAN, Decimal("3.75"), ("II/a",), Decimal(15), "terampil"),
        JenjangRule("terampil", "Terampil", Kategori.KETERAMPILAN, Decimal(5), ("II/b", "II/c", "II/d"), Decimal(20), "mahir"),
        JenjangRule("mahir", "Mahir", Kategori.KETERAMPILAN, Decimal("12.5"), ("III/a", "III/b"), Decimal(50), "penyelia"),
        JenjangRule("penyelia", "Penyelia", Kategori.KETERAMPILAN, Decimal(25), ("III/c", "III/d"), Decimal(100), None),
        JenjangRule("ahli_pertama", "Ahli Pertama", Kategori.KEAHLIAN, Decimal("12.5"), ("III/a", "III/b"), Decimal(50), "ahli_muda"),
        JenjangRule("ahli_muda", "Ahli Muda", Kategori.KEAHLIAN, Decimal(25), ("III/c", "III/d"), Decimal(100), "ahli_madya"),
        JenjangRule("ahli_madya", "Ahli Madya", Kategori.KEAHLIAN, Decimal("37.5"), ("IV/a", "IV/b", "IV/c"), Decimal(150), "ahli_utama"),
        JenjangRule("ahli_utama", "Ahli Utama", Kategori.KEAHLIAN, Decimal(50), ("IV/d", "IV/e"), Decimal(200), None),
    )
}
JENJANG_CODES = tuple(JENJANG)

# Perban BKN 3/2023: konversi predikat kinerja ke angka kredit.
PREDIKAT_PERCENT: dict[Predikat, Decimal] = {
    Predikat.SANGAT_BAIK: Decimal(150),
    Predikat.BAIK: Decimal(100),
    Predikat.BUTUH_PERBAIKAN: Decimal(75),
    Predikat.KURANG: Decimal(50),
    Predikat.SANGAT_KURANG: Decimal(25),
}

_GOLONGAN = re.compile(r"\b(IV|III|II|I)\s*/\s*([a-eA-E])\b")


def jenjang_label(code: str) -> str:
    rule = JENJANG.get(code)
    return rule.label if rule else ""


# Longest label first, so a jabatan name is matched by its whole jenjang.
_BY_LABEL = sorted(((rule.label, code) for code, rule in JENJANG.items()), key=lambda pair: -len(pair[0]))


def jenjang_in_name(jabatan_name: str) -> str | None:
    """The jenjang a jabatan fungsional's name ends with: "Analis SDM Aparatur Ahli Pertama" -> ahli_pertama."""
    name = " ".join((jabatan_name or "").split()).lower()
    return next((code for label, code in _BY_LABEL if name.endswith(label.lower())), None)


def jabatan_in_jenjang(jabatan_name: str, jenjang: str) -> str:
    """The same jabatan fungsional in another jenjang: "Sandiman Ahli Muda" -> "Sandiman Ahli Madya";
    a name that does not end with a jenjang stays as it is."""
    name = " ".join((jabatan_name or "").split())
    current = jenjang_in_name(name)
    if current is None or jenjang not in JENJANG:
        return name
    return name[: len(name) - len(JENJANG[current].label)] + JENJANG[jenjang].label


def golongan_of(pangkat_golongan: str) -> str | None:
    """The golongan ruang written in a pangkat text, e.g. "Penata Muda (III/a)" -> "III/a"."""
    found = _GOLONGAN.search(pangkat_golongan or "")
    return f"{found.group(1)}/{found.group(2).lower()}" if found else None


def months_held(year: int, start: date, end: date | None = None) -> int:
    """Months of ``year`` whose first day falls inside a jenjang held from ``start`` to ``end``
    (its last day; None while still held).

    Perban BKN 3/2023 Pasal 13 ayat (1) lets the angka kredit of a part year be "dihitung secara
    proporsional"; BKN's worked examples count whole months (e.g. 2/12). Neither says how a month
    with a TMT in its middle counts, so this module gives each month to the jenjang held on its
    first day: a TMT on the 1st counts its month, a later TMT starts with the next month, and
    consecutive jenjang (the earlier one ending the day before the next TMT) never share a month.
    """
    return sum(1 for month in range(1, 13) if start <= date(year, month, 1) and (end is None or date(year, month, 1) <= end))


def angka_kredit(jenjang: str, predikat: Predikat, months: int = 12) -> Decimal:
    """months/12 x persentase predikat x koefisien of the jenjang, rounded once to three decimals.

    E.g. two months Baik as Ahli Pertama: 2/12 x 100 % x 12.5 = 2.083 (Perban BKN 3/2023).
    """
    if not 0 <= months <= 12:
        raise ValueError(f"months out of range: {months}")
    rule = JENJANG[jenjang]
    exact = rule.koefisien * PREDIKAT_PERCENT[Predikat(predikat)] / 100 * months / 12
    return exact.quantize(AK_QUANTUM, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class JenjangSpan:
    """One jenjang held: from its TMT to its last day (None while held), with the angka kredit
    the PAK gave at the TMT (konversi, penyesuaian or 0 after a kenaikan jenjang)."""

    jenjang: str
    start: date
    end: date | None = None
    awal: Decimal | None = None


@dataclass(frozen=True)
class JenjangPart:
    """The months of one year spent in one jenjang and the angka kredit they earn."""

    jenjang: str
    months: int
    angka_kredit: Decimal


@dataclass(frozen=True)
class YearCredit:
    year: int
    predikat: Predikat | None  # the final annual predikat, None while there is none
    months: int  # whole months of the year held in the statement's (current) jenjang
    angka_kredit: Decimal  # earned in the current jenjang, 0 without a predikat: what accumulates
    parts: tuple[JenjangPart, ...] = ()  # every jenjang held in the year, earliest first

    @property
    def year_total(self) -> Decimal:
        """The year's angka kredit across every jenjang held in it (the sum of the rounded parts)."""
        return sum((part.angka_kredit for part in self.parts), Decimal(0)).quantize(AK_QUANTUM)


def _ordered(spans: Iterable[JenjangSpan]) -> list[JenjangSpan]:
    return sorted(spans, key=lambda span: span.start)


def span_in_force(spans: Iterable[JenjangSpan], year: int) -> JenjangSpan | None:
    """The jenjang the statement for ``year`` is about: the last one whose TMT is in or before the
    year, as long as it was still held in the year (it is the one the year's cumulative counts in)."""
    started = [span for span in _ordered(spans) if span.start <= date(year, 12, 31)]
    if not started or (started[-1].end is not None and started[-1].end < date(year, 1, 1)):
        return None
    return started[-1]


def yearly_credits(spans: Iterable[JenjangSpan], predikat_by_year: Mapping[int, Predikat], *, through_year: int) -> list[YearCredit]:
    """One line per year from the TMT of the jenjang in force in ``through_year`` to that year.

    Each line pro-rates the year's annual predikat over every jenjang held in it: months/12 x
    persentase predikat x koefisien of each jenjang (PermenPAN-RB 1/2023 Pasal 29-30 and Lampiran;
    Perban BKN 3/2023 Pasal 13 ayat (1), "dihitung secara proporsional"), each part rounded once.
    Only the current jenjang's part accumulates: a kenaikan jenjang starts the count again from
    the new PAK (Perban BKN 3/2023, model integrasi). A year without a final annual predikat earns
    nothing yet."""
    ordered = _ordered(spans)
    current = span_in_force(ordered, through_year)
    if current is None:
        return []
    zero = Decimal(0).quantize(AK_QUANTUM)
    held = [span for span in ordered if span.start <= date(through_year, 12, 31)]
    lines = []
    for year in range(current.start.year, through_year + 1):
        predikat = predikat_by_year.get(year)
        parts = []
        for span in held:
            months = months_held(year, span.start, span.end)
            if months:
                credit = angka_kredit(span.jenjang, predikat, months) if predikat is not None else zero
                parts.append((span, JenjangPart(span.jenjang, months, credit)))
        own = next((part for span, part in parts if span is current), None)
        if own is None:
            continue
        lines.append(YearCredit(year, Predikat(predikat) if predikat is not None else None, own.months, own.angka_kredit,
                                tuple(part for _, part in parts)))
    return lines


def cumulative(awal: Decimal | None, credits: Iterable[YearCredit]) -> Decimal:
    """The angka kredit at the TMT of the current jenjang (from its PAK) plus every year's in it since."""
    return sum((c.angka_kredit for c in credits), awal or Decimal(0)).quantize(AK_QUANTUM)


@dataclass(frozen=True)
class Target:
    label: str  # "Pangkat III/b" or "Jenjang Ahli Muda"
    needed: Decimal  # cumulative angka kredit in the jenjang
    short: Decimal  # what is still missing, 0 when met

    @property
    def met(self) -> bool:
        return self.short == 0


@dataclass(frozen=True)
class Kebutuhan:
    pangkat: Target | None  # the next kenaikan pangkat, None at the top or when the golongan is unknown
    jenjang: Target | None  # the next kenaikan jenjang, None at the top


def _target(label: str, needed: Decimal, cumulative: Decimal) -> Target:
    return Target(label, needed, max(Decimal(0), needed - cumulative).quantize(AK_QUANTUM))


def kebutuhan(jenjang: str, golongan: str | None, cumulative: Decimal) -> Kebutuhan:
    """Where ``cumulative`` (angka kredit in the jenjang) stands against the next pangkat and jenjang.

    A golongan outside the jenjang's range (or unknown) gives no pangkat target: the pangkat text
    on the employee's record is what to correct.
    """
    rule = JENJANG[jenjang]
    following = JENJANG.get(rule.next_jenjang or "")
    jenjang_target = _target(f"Jenjang {following.label}", rule.jenjang_target, cumulative) if following else None
    pangkat_target = None
    if golongan in rule.golongan:
        step = rule.golongan.index(golongan) + 1
        if step < len(rule.golongan):
            pangkat_target = _target(f"Pangkat {rule.golongan[step]}", rule.per_pangkat * step, cumulative)
        elif following:
            pangkat_target = _target(f"Pangkat {following.golongan[0]} (dengan kenaikan jenjang)", rule.per_pangkat * step, cumulative)
    return Kebutuhan(pangkat_target, jenjang_target)


def parts_text(parts: Iterable[JenjangPart]) -> str:
    """A year spent in more than one jenjang, e.g. "3 bln Ahli Pertama 3,125 + 9 bln Ahli Muda 18,750";
    "" for a year in one jenjang."""
    parts = list(parts)
    if len(parts) < 2:
        return ""
    return " + ".join(f"{part.months} bln {jenjang_label(part.jenjang)} {format_ak(part.angka_kredit)}" for part in parts)


def format_ak(value: Decimal | None) -> str:
    """Three decimals with the Indonesian decimal comma, e.g. 12,500."""
    if value is None:
        return "-"
    return f"{value.quantize(AK_QUANTUM):,.3f}".replace(",", "_").replace(".", ",").replace("_", ".")
