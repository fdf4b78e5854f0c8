"""Penilaian diri rules: a draft may be partial, sending needs every RHK rated and described."""

from __future__ import annotations

from ekinerja.domain.self_assessment import RhkSelf, validate_self_assessment

NOTE = "Dua modul selesai, bukti di Progres Pekerjaan bulan Maret."


def test_a_partial_draft_is_kept():
    items, errors = validate_self_assessment([4, 9], {"self_4": "sesuai", "note_9": "  catatan awal  "}, send=False)
    assert errors == {}
    assert items == [RhkSelf(4, "sesuai", ""), RhkSelf(9, None, "catatan awal")]


def test_sending_needs_every_rhk_rated_and_described():
    items, errors = validate_self_assessment([4, 9], {"self_4": "diatas", "note_4": NOTE, "note_9": "pendek"}, send=True)
    assert items is None
    assert errors == {
        "self_9": "Pilih penilaian diri untuk RHK 2.",
        "note_9": "Uraikan realisasi dan bukti dukung RHK 2 (paling sedikit 20 karakter).",
    }


def test_unknown_ratings_and_long_notes_are_refused_even_in_a_draft():
    _, errors = validate_self_assessment([4], {"self_4": "istimewa", "note_4": "x" * 2001}, send=False)
    assert errors == {
        "self_4": "RHK 1: pilih Di Atas, Sesuai atau Di Bawah Ekspektasi.",
        "note_4": "Uraian RHK 1 paling banyak 2000 karakter (yang diisi 2001).",
    }


def test_a_complete_one_can_be_sent():
    items, errors = validate_self_assessment([4], {"self_4": "dibawah", "note_4": NOTE}, send=True)
    assert errors == {} and items == [RhkSelf(4, "dibawah", NOTE)]
