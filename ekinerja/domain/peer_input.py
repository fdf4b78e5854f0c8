"""Masukan rekan kerja: the rules for asking peers and bawahan about an employee's perilaku kerja.

BKN's e-Kinerja guide ("Penilaian Bawahan / Rekan Kerja") lets the pejabat penilai ask chosen
rekan kerja and bawahan for input on the BerAKHLAK values (PermenPAN-RB 6/2022, Perilaku Kerja);
the input informs the atasan's own rating, it is not a rating of the evaluation. Who said what
is never shown: answers are shown only as an aggregate, and only once at least
``MIN_ANSWERS`` people answered, so no single answer can be singled out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.predikat import Rating
from ekinerja.domain.validation import Errors, validated

MIN_ANSWERS = 3
REASON_MIN, REASON_MAX = 10, 500
RATING_LABELS = {r.value: r.label for r in Rating}
RELATION_LABELS = {"rekan": "Rekan kerja", "bawahan": "Bawahan"}


@dataclass(frozen=True)
class ValueAnswer:
    value_code: str
    rating: str
    reason: str


def validate_answer(form: Mapping[str, str]) -> tuple[list[ValueAnswer] | None, Errors]:
    """``form``: ``rating_<code>`` and ``reason_<code>`` for each of the seven values; every one is needed."""
    errors: Errors = {}
    answers = []
    for value in BERAKHLAK:
        rating = (form.get(f"rating_{value.code}") or "").strip()
        reason = " ".join((form.get(f"reason_{value.code}") or "").split())
        if rating not in RATING_LABELS:
            errors[f"rating_{value.code}"] = f"Pilih penilaian untuk {value.name}."
        if len(reason) < REASON_MIN:
            errors[f"reason_{value.code}"] = f"Tuliskan alasan singkat untuk {value.name} (paling sedikit {REASON_MIN} karakter)."
        elif len(reason) > REASON_MAX:
            errors[f"reason_{value.code}"] = f"Alasan untuk {value.name} paling banyak {REASON_MAX} karakter."
        answers.append(ValueAnswer(value.code, rating, reason))
    return validated(answers, errors)


def relation_of(candidate: int, *, employee: int, peers: Iterable[int], bawahan: Iterable[int]) -> str | None:
    """Whom the evaluator may ask about ``employee``: a rekan (same atasan) or a bawahan, never the employee."""
    if candidate == employee:
        return None
    if candidate in set(bawahan):
        return "bawahan"
    if candidate in set(peers):
        return "rekan"
    return None


@dataclass(frozen=True)
class ValueSummary:
    value_code: str
    name: str
    counts: dict[str, int]  # rating -> how many gave it
    reasons: tuple[str, ...]  # sorted, so their order says nothing about who wrote which

    @property
    def text(self) -> str:
        return ", ".join(f"{RATING_LABELS[r]} {n}" for r, n in self.counts.items() if n) or "-"


@dataclass(frozen=True)
class InputSummary:
    asked: int
    answered: int
    values: tuple[ValueSummary, ...]  # empty until MIN_ANSWERS answered

    @property
    def shown(self) -> bool:
        return bool(self.values)


def summarise(asked: int, answered: int, answers: Sequence[ValueAnswer]) -> InputSummary:
    """Per value: how many gave each rating, and the reasons without names; nothing below MIN_ANSWERS."""
    if answered < MIN_ANSWERS:
        return InputSummary(asked, answered, ())
    values = []
    for value in BERAKHLAK:
        mine = [a for a in answers if a.value_code == value.code]
        counts = {r.value: sum(1 for a in mine if a.rating == r.value) for r in Rating}
        values.append(ValueSummary(value.code, value.name, counts, tuple(sorted(a.reason for a in mine))))
    return InputSummary(asked, answered, tuple(values))
