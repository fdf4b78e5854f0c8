"""The annual evaluation's proposed ratings, from the year's final periodic evaluations.

PermenPAN-RB No. 6 Tahun 2022 (Pasal 5 and Bab IV "Penilaian Kinerja Pegawai" with its Lampiran):
evaluasi kinerja is done periodically (monthly or quarterly, as the instansi chooses) and yearly,
the yearly one over the whole year whose periodic evaluations came before; the pejabat penilai
sets the yearly ratings. The regulation gives no arithmetic for the accumulation, so the
application only *proposes* one, per RHK, per BerAKHLAK value and for the two overall ratings:

* the rating given most often over the year's final periodic evaluations (each period counts once);
* on a tie, the rating of the latest period among the tied ones, since the annual evaluation
  looks at where the employee stands at the end of the year;
* no periodic rating, no proposal: the evaluator rates from scratch.

The evaluator may set another rating, with a stated reason (services/evaluation.py keeps it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ekinerja.domain.predikat import Rating


@dataclass(frozen=True)
class PeriodRating:
    """One periodic evaluation's rating of one subject: ``period`` is its label (e.g. "Triwulan I 2025")."""

    period: str
    rating: Rating


@dataclass(frozen=True)
class Proposal:
    rating: Rating
    basis: tuple[PeriodRating, ...]  # the periodic ratings it came from, in period order

    @property
    def explanation(self) -> str:
        """E.g. "Triwulan I 2025: Sesuai Ekspektasi; Triwulan II 2025: Di Atas Ekspektasi"."""
        return "; ".join(f"{p.period}: {p.rating.label}" for p in self.basis)


def propose_rating(periodic: Sequence[PeriodRating]) -> Proposal | None:
    """The proposal from one subject's periodic ratings, given in period order (earliest first)."""
    if not periodic:
        return None
    ratings = [Rating(p.rating) for p in periodic]
    counts = Counter(ratings)
    top = max(counts.values())
    tied = {r for r, n in counts.items() if n == top}
    latest = next(r for r in reversed(ratings) if r in tied)
    return Proposal(latest, tuple(PeriodRating(p.period, Rating(p.rating)) for p in periodic))


def propose_ratings(periods: Sequence[tuple[str, Mapping[str, Rating | str]]]) -> dict[str, Proposal]:
    """Proposals for every subject rated in at least one period.

    ``periods``: (period label, {subject: rating}) in period order; a subject a period did not rate
    (an RHK added later, say) simply has fewer periodic ratings behind its proposal."""
    by_subject: dict[str, list[PeriodRating]] = {}
    for label, ratings in periods:
        for subject, rating in ratings.items():
            by_subject.setdefault(subject, []).append(PeriodRating(label, Rating(rating)))
    return {subject: proposal for subject, rated in by_subject.items() if (proposal := propose_rating(rated))}


def needs_reason(proposed: Rating | str | None, chosen: Rating | str | None) -> bool:
    """A rating set against the proposal must say why; agreeing with it, or no proposal, needs none."""
    return bool(proposed) and bool(chosen) and Rating(proposed) is not Rating(chosen)
