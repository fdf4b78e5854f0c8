"""Predikat kinerja pegawai and the kurva distribusi, as PermenPAN-RB No. 6 Tahun 2022 sets them.

The predikat is computed from the two ratings, never typed. The organisation's
predikat for the period decides which distribution of employee predikat fits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import Enum


class Rating(str, Enum):
    DI_ATAS = "diatas"
    SESUAI = "sesuai"
    DI_BAWAH = "dibawah"

    @property
    def label(self) -> str:
        return {"diatas": "Di Atas Ekspektasi", "sesuai": "Sesuai Ekspektasi", "dibawah": "Di Bawah Ekspektasi"}[self.value]


class Predikat(str, Enum):
    SANGAT_BAIK = "sangat_baik"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"

    @property
    def label(self) -> str:
        return PREDIKAT_LABELS[self]


PREDIKAT_LABELS = {
    Predikat.SANGAT_BAIK: "Sangat Baik",
    Predikat.BAIK: "Baik",
    Predikat.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    Predikat.KURANG: "Kurang/Misconduct",
    Predikat.SANGAT_KURANG: "Sangat Kurang",
}

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


class OrganisationPredikat(str, Enum):
    ISTIMEWA = "istimewa"
    BAIK = "baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    SANGAT_KURANG = "sangat_kurang"


def _share(counts: Counter, total: int, *predikat: Predikat) -> float:
    return sum(counts[p] for p in predikat) / total


def distribution_problems(organisation: OrganisationPredikat, predikat: Iterable[Predikat]) -> list[str]:
    """Where a unit's employee predikat do not fit the kurva for the organisation's predikat.

    These are warnings for the atasan before finalising; an empty list means it fits.
    """
    values = [Predikat(p) for p in predikat]
    total = len(values)
    if total == 0:
        return []
    counts = Counter(values)
    sb, b, bp, k, sk = (Predikat.SANGAT_BAIK, Predikat.BAIK, Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG)
    problems: list[str] = []

    def at_most(share: float, limit: float, what: str) -> None:
        if share > limit + 1e-9:
            problems.append(f"{what} paling banyak {limit:.0%} pegawai (saat ini {share:.0%}).")

    def at_least(share: float, limit: float, what: str) -> None:
        if share < limit - 1e-9:
            problems.append(f"{what} paling sedikit {limit:.0%} pegawai (saat ini {share:.0%}).")

    org = OrganisationPredikat(organisation)
    if org is OrganisationPredikat.ISTIMEWA:
        at_most(_share(counts, total, sb), 0.70, "Predikat Sangat Baik")
    elif org is OrganisationPredikat.BAIK:
        at_most(_share(counts, total, b), 0.70, "Predikat Baik")
        if counts[bp] + counts[k] == 0:
            problems.append("Harus ada pegawai dengan predikat Butuh Perbaikan dan/atau Kurang/Misconduct.")
    elif org is OrganisationPredikat.BUTUH_PERBAIKAN:
        at_least(_share(counts, total, bp), 0.60, "Predikat Butuh Perbaikan")
        at_most(_share(counts, total, sb), 0.10, "Predikat Sangat Baik")
    elif org is OrganisationPredikat.KURANG:
        at_least(_share(counts, total, k), 0.60, "Predikat Kurang/Misconduct")
        at_least(_share(counts, total, bp), 0.10, "Predikat Butuh Perbaikan")
        at_most(_share(counts, total, sb), 0.10, "Predikat Sangat Baik")
    else:
        at_least(_share(counts, total, sk), 0.60, "Predikat Sangat Kurang")
        at_least(_share(counts, total, k, bp), 0.10, "Predikat Kurang/Misconduct dan/atau Butuh Perbaikan")
        if counts[sb]:
            problems.append("Tidak boleh ada pegawai dengan predikat Sangat Baik.")
    return problems
