"""Predikat kinerja pegawai and the kurva distribusi, as PermenPAN-RB No. 6 Tahun 2022 and
SE MenPAN-RB No. 3 Tahun 2023 set them.

The predikat is computed from the two ratings, never typed. Each satuan organisasi has its own
capaian (predikat kinerja organisasi) for the period, set by the level above it; that capaian
decides which distribution of its employees' predikat fits, and is its head's Rating Hasil Kerja.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ekinerja.domain.labelled import LabelledEnum


class Rating(LabelledEnum):
    DI_ATAS = "diatas", "Di Atas Ekspektasi"
    SESUAI = "sesuai", "Sesuai Ekspektasi"
    DI_BAWAH = "dibawah", "Di Bawah Ekspektasi"


class Predikat(LabelledEnum):
    SANGAT_BAIK = "sangat_baik", "Sangat Baik"
    BAIK = "baik", "Baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan", "Butuh Perbaikan"
    KURANG = "kurang", "Kurang/Misconduct"
    SANGAT_KURANG = "sangat_kurang", "Sangat Kurang"


PREDIKAT_LABELS = {p: p.label for p in Predikat}

# (rating hasil kerja, rating perilaku kerja) -> predikat
_MATRIX = {
    (Rating.DI_ATAS, Rating.DI_ATAS): Predikat.SANGAT_BAIK,
    (Rating.DI_ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.DI_ATAS): Predikat.BAIK,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.DI_ATAS, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.DI_BAWAH, Rating.DI_ATAS): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.DI_BAWAH): Predikat.SANGAT_KURANG,
}


def predikat_of(hasil_kerja: Rating, perilaku_kerja: Rating) -> Predikat:
    return _MATRIX[(Rating(hasil_kerja), Rating(perilaku_kerja))]


class OrganisationPredikat(LabelledEnum):
    """Capaian kinerja organisasi of a satuan organisasi for a period (PermenPAN-RB 6/2022)."""

    ISTIMEWA = "istimewa", "Istimewa"
    BAIK = "baik", "Baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan", "Butuh Perbaikan"
    KURANG = "kurang", "Kurang"
    SANGAT_KURANG = "sangat_kurang", "Sangat Kurang"


ORGANISATION_LABELS = {p: p.label for p in OrganisationPredikat}


def head_rating_hasil(capaian: OrganisationPredikat) -> Rating:
    """The Rating Hasil Kerja of a unit's head, which follows the unit's capaian.

    SE MenPAN-RB No. 3 Tahun 2023: when the pimpinan of a satuan organisasi is the one evaluated,
    the capaian kinerja of the unit they lead is set as their rating hasil kerja; PermenPAN-RB
    No. 6 Tahun 2022 (Lampiran, penetapan rating hasil kerja pimpinan unit): Istimewa is above
    expectation, Baik as expected, Butuh Perbaikan, Kurang and Sangat Kurang below it.
    """
    org = OrganisationPredikat(capaian)
    if org is OrganisationPredikat.ISTIMEWA:
        return Rating.DI_ATAS
    if org is OrganisationPredikat.BAIK:
        return Rating.SESUAI
    return Rating.DI_BAWAH


@dataclass(frozen=True)
class KurvaRule:
    """One condition of the pattern, whether the unit meets it, and what would."""

    text: str  # the condition, e.g. "Baik paling banyak 70% pegawai (7 dari 10)"
    ok: bool
    now: str  # where the unit stands, e.g. "saat ini 8 pegawai (80%)"
    fix: str = ""  # what would meet it, e.g. "kurangi 1 pegawai Baik"

    @property
    def problem(self) -> str:
        return f"{self.text}: {self.now}" + (f"; {self.fix}" if self.fix else "") + "."


@dataclass(frozen=True)
class KurvaReport:
    organisation: OrganisationPredikat
    total: int
    counts: Mapping[Predikat, int]
    rules: tuple[KurvaRule, ...]

    @property
    def fits(self) -> bool:
        return all(rule.ok for rule in self.rules)

    @property
    def problems(self) -> list[str]:
        return [rule.problem for rule in self.rules if not rule.ok]

    def share(self, predikat: Predikat) -> float:
        return self.counts.get(predikat, 0) / self.total if self.total else 0.0


def _names(predikat: Sequence[Predikat]) -> str:
    return " dan/atau ".join(PREDIKAT_LABELS[p] for p in predikat)


def kurva_report(organisation: OrganisationPredikat, predikat: Iterable[Predikat]) -> KurvaReport:
    """The unit's employee predikat against the pola distribusi for the unit's capaian.

    SE MenPAN-RB No. 3 Tahun 2023 tentang Kurva Distribusi Predikat Kinerja Pegawai, the five
    patterns: Istimewa -> sebagian besar (maksimal 70%) Sangat Baik; Baik -> sebagian besar
    (maksimal 70%) Baik and at least one Butuh Perbaikan and/or Kurang/Misconduct; Butuh Perbaikan
    -> at least 60% Butuh Perbaikan, Sangat Baik at most 10%; Kurang -> at least 60% Kurang, at
    least 10% Butuh Perbaikan, Sangat Baik at most 10%; Sangat Kurang -> at least 60% Sangat
    Kurang, at least 10% Kurang and/or Butuh Perbaikan, no Sangat Baik.

    "Sebagian besar" is read as KBBI defines it, "bagian yang terbanyak": no other predikat is
    held by more employees. Shares are of whole people: "at most 70%" of 10 is 7, "at least 10%"
    of 8 is 1 (rounded up). The circular makes the pattern a consideration for the pimpinan, so
    the report says what breaks it; closing a unit that breaks it asks for the reason.
    """
    values = [Predikat(p) for p in predikat]
    total = len(values)
    counts = Counter(values)
    org = OrganisationPredikat(organisation)
    rules: list[KurvaRule] = []
    if total == 0:
        return KurvaReport(org, 0, counts, ())

    def count(*which: Predikat) -> int:
        return sum(counts[p] for p in which)

    def now(n: int) -> str:
        return f"saat ini {n} pegawai ({n / total:.0%})"

    def at_most(limit: float, *which: Predikat) -> None:
        allowed = math.floor(limit * total + 1e-9)
        n = count(*which)
        rules.append(KurvaRule(
            f"{_names(which)} paling banyak {limit:.0%} pegawai ({allowed} dari {total})", n <= allowed, now(n),
            f"kurangi {n - allowed} pegawai {_names(which)}" if n > allowed else "",
        ))

    def at_least(limit: float, *which: Predikat) -> None:
        needed = max(1, math.ceil(limit * total - 1e-9))
        n = count(*which)
        rules.append(KurvaRule(
            f"{_names(which)} paling sedikit {limit:.0%} pegawai ({needed} dari {total})", n >= needed, now(n),
            f"tambah {needed - n} pegawai {_names(which)}" if n < needed else "",
        ))

    def most(which: Predikat) -> None:
        n = counts[which]
        larger = [p for p in Predikat if p is not which and counts[p] > n]
        rules.append(KurvaRule(
            f"Sebagian besar pegawai berpredikat {PREDIKAT_LABELS[which]}", not larger, now(n),
            f"{PREDIKAT_LABELS[larger[0]]} lebih banyak ({counts[larger[0]]} pegawai)" if larger else "",
        ))

    def none_of(which: Predikat) -> None:
        n = counts[which]
        rules.append(KurvaRule(f"Tidak boleh ada pegawai dengan predikat {PREDIKAT_LABELS[which]}", n == 0, now(n),
                               f"kurangi {n} pegawai {PREDIKAT_LABELS[which]}" if n else ""))

    sb, b, bp, k, sk = (Predikat.SANGAT_BAIK, Predikat.BAIK, Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG)
    if org is OrganisationPredikat.ISTIMEWA:
        most(sb)
        at_most(0.70, sb)
    elif org is OrganisationPredikat.BAIK:
        most(b)
        at_most(0.70, b)
        n = count(bp, k)
        rules.append(KurvaRule(
            f"Harus ada pegawai dengan predikat {_names((bp, k))}", n > 0, now(n),
            "" if n else f"tetapkan paling sedikit 1 pegawai {_names((bp, k))}",
        ))
    elif org is OrganisationPredikat.BUTUH_PERBAIKAN:
        at_least(0.60, bp)
        at_most(0.10, sb)
    elif org is OrganisationPredikat.KURANG:
        at_least(0.60, k)
        at_least(0.10, bp)
        at_most(0.10, sb)
    else:
        at_least(0.60, sk)
        at_least(0.10, k, bp)
        none_of(sb)
    return KurvaReport(org, total, counts, tuple(rules))


def distribution_problems(organisation: OrganisationPredikat, predikat: Iterable[Predikat]) -> list[str]:
    """What breaks the pattern, one sentence each; an empty list means the distribution fits."""
    return kurva_report(organisation, predikat).problems
