"""Masukan rekan kerja rules: a complete answer, whom one may ask, the aggregate from three answers."""

from __future__ import annotations

from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.peer_input import (
    MIN_ANSWERS,
    ValueAnswer,
    relation_of,
    summarise,
    validate_answer,
)


def full_form(rating: str = "sesuai", reason: str = "Selalu membantu rekan menyelesaikan laporan") -> dict[str, str]:
    form = {}
    for value in BERAKHLAK:
        form[f"rating_{value.code}"] = rating
        form[f"reason_{value.code}"] = reason
    return form


def test_a_complete_answer_is_cleaned():
    answers, errors = validate_answer(full_form(reason="  Selalu   membantu\n rekan  "))
    assert errors == {}
    assert len(answers) == 7 and {a.value_code for a in answers} == {v.code for v in BERAKHLAK}
    assert answers[0].reason == "Selalu membantu rekan"


def test_every_value_needs_a_rating_and_a_short_reason_in_plain_words():
    form = full_form()
    form["rating_akuntabel"] = ""
    form["reason_kompeten"] = "baik"
    form["reason_harmonis"] = "x" * 501
    form["rating_loyal"] = "luar_biasa"
    answers, errors = validate_answer(form)
    assert answers is None
    assert errors == {
        "rating_akuntabel": "Pilih penilaian untuk Akuntabel.",
        "reason_kompeten": "Tuliskan alasan singkat untuk Kompeten (paling sedikit 10 karakter).",
        "reason_harmonis": "Alasan untuk Harmonis paling banyak 500 karakter.",
        "rating_loyal": "Pilih penilaian untuk Loyal.",
    }


def test_whom_the_evaluator_may_ask():
    assert relation_of(5, employee=1, peers=[1, 5, 6], bawahan=[9]) == "rekan"
    assert relation_of(9, employee=1, peers=[1, 5, 6], bawahan=[9]) == "bawahan"
    assert relation_of(1, employee=1, peers=[1, 5, 6], bawahan=[9]) is None
    assert relation_of(7, employee=1, peers=[1, 5, 6], bawahan=[9]) is None


def _answers(*ratings: str) -> list[ValueAnswer]:
    return [
        ValueAnswer(value.code, rating, f"Alasan {n} untuk {value.name}")
        for n, rating in enumerate(ratings, start=1)
        for value in BERAKHLAK
    ]


def test_nothing_is_shown_below_three_answers():
    summary = summarise(5, MIN_ANSWERS - 1, _answers("diatas", "sesuai"))
    assert summary.values == () and not summary.shown
    assert (summary.asked, summary.answered) == (5, 2)


def test_from_three_answers_the_counts_and_the_reasons_without_order():
    summary = summarise(4, 3, _answers("sesuai", "diatas", "sesuai"))
    assert summary.shown and len(summary.values) == 7
    first = summary.values[0]
    assert first.counts == {"diatas": 1, "sesuai": 2, "dibawah": 0}
    assert first.text == "Di Atas Ekspektasi 1, Sesuai Ekspektasi 2"
    assert list(first.reasons) == sorted(first.reasons) and len(first.reasons) == 3
