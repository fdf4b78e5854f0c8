"""Angka kredit rules (PermenPAN-RB 1/2023, Perban BKN 3/2023)."""

from datetime import date
from decimal import Decimal as D

import pytest

from ekinerja.domain.angka_kredit import (
    JENJANG,
    JenjangSpan,
    angka_kredit,
    cumulative,
    format_ak,
    golongan_of,
    jabatan_in_jenjang,
    jenjang_in_name,
    kebutuhan,
    months_held,
    parts_text,
    span_in_force,
    yearly_credits,
)
from ekinerja.domain.pangkat import pangkat_golongan_text
from ekinerja.domain.predikat import Predikat as P
from ekinerja.domain.validation import JenjangChangeForm, validate_jenjang_change

# PermenPAN-RB 1/2023 Lampiran: koefisien per tahun.
KOEFISIEN = {
    "pemula": D("3.75"), "terampil": D(5), "mahir": D("12.5"), "penyelia": D(25),
    "ahli_pertama": D("12.5"), "ahli_muda": D(25), "ahli_madya": D("37.5"), "ahli_utama": D(50),
}


@pytest.mark.parametrize(("jenjang", "koefisien"), KOEFISIEN.items())
def test_koefisien_per_jenjang(jenjang, koefisien):
    assert JENJANG[jenjang].koefisien == koefisien
    assert angka_kredit(jenjang, P.BAIK) == koefisien


@pytest.mark.parametrize(
    ("predikat", "expected"),
    [(P.SANGAT_BAIK, D("18.750")), (P.BAIK, D("12.500")), (P.BUTUH_PERBAIKAN, D("9.375")), (P.KURANG, D("6.250")), (P.SANGAT_KURANG, D("3.125"))],
)
def test_predikat_percentage_of_the_koefisien(predikat, expected):
    assert angka_kredit("ahli_pertama", predikat) == expected


def test_part_year_is_months_over_twelve():
    # BKN's worked example: two months Baik as Ahli Pertama = 2/12 x 100 % x 12.5 = 2.08(3).
    assert angka_kredit("ahli_pertama", P.BAIK, 2) == D("2.083")
    assert angka_kredit("ahli_madya", P.SANGAT_BAIK, 7) == D("32.813")  # 7/12 x 150 % x 37.5 = 32.8125
    assert angka_kredit("terampil", P.BAIK, 0) == D(0)
    with pytest.raises(ValueError):
        angka_kredit("terampil", P.BAIK, 13)


@pytest.mark.parametrize(
    ("tmt", "months"),
    [(date(2025, 5, 1), 0), (date(2024, 1, 1), 12), (date(2024, 4, 1), 9), (date(2024, 4, 2), 8), (date(2024, 12, 1), 1),
     (date(2024, 12, 31), 0), (date(2020, 7, 15), 12)],
)
def test_months_held_since_a_tmt_count_whole_months(tmt, months):
    assert months_held(2024, tmt) == months


@pytest.mark.parametrize(
    ("text", "golongan"),
    [("Penata Muda (III/a)", "III/a"), ("Pembina Tk. I, IV/b", "IV/b"), ("II/C", "II/c"), ("Pengatur", None), ("", None),
     ("Golongan IX", None)],
)
def test_golongan_from_the_pangkat_text(text, golongan):
    assert golongan_of(text) == golongan


def test_kebutuhan_within_and_across_jenjang():
    # Ahli Pertama III/a: III/b at 50, Ahli Muda (III/c) at 100 cumulative in the jenjang.
    k = kebutuhan("ahli_pertama", "III/a", D("37.5"))
    assert (k.pangkat.label, k.pangkat.needed, k.pangkat.short) == ("Pangkat III/b", D(50), D("12.500"))
    assert (k.jenjang.label, k.jenjang.needed, k.jenjang.short) == ("Jenjang Ahli Muda", D(100), D("62.500"))
    # At the jenjang's top pangkat the next pangkat comes with the next jenjang.
    k = kebutuhan("ahli_pertama", "III/b", D(120))
    assert k.pangkat.label.startswith("Pangkat III/c") and k.pangkat.needed == D(100) and k.pangkat.met
    # Ahli Madya: 150 per pangkat, 450 for Ahli Utama.
    k = kebutuhan("ahli_madya", "IV/b", D(200))
    assert (k.pangkat.label, k.pangkat.needed, k.jenjang.needed) == ("Pangkat IV/c", D(300), D(450))
    # Terampil: 20 per pangkat, 60 for Mahir; Pemula: 15 for Terampil (II/b).
    assert kebutuhan("terampil", "II/d", D(0)).pangkat.needed == D(60)
    assert kebutuhan("pemula", "II/a", D(0)).jenjang.needed == D(15)


def test_no_target_at_the_top_or_for_an_unknown_golongan():
    top = kebutuhan("ahli_utama", "IV/e", D(500))
    assert top.pangkat is None and top.jenjang is None
    assert kebutuhan("ahli_utama", "IV/d", D(0)).pangkat.needed == D(200)
    assert kebutuhan("penyelia", "III/d", D(0)).pangkat is None
    assert kebutuhan("ahli_muda", None, D(0)).pangkat is None
    assert kebutuhan("ahli_muda", "II/a", D(0)).pangkat is None  # outside the jenjang's range


def test_yearly_credits_and_cumulative():
    lines = yearly_credits([JenjangSpan("ahli_pertama", date(2023, 11, 1))], {2023: P.BAIK, 2024: P.SANGAT_BAIK}, through_year=2025)
    assert [(l.year, l.months, l.angka_kredit) for l in lines] == [(2023, 2, D("2.083")), (2024, 12, D("18.750")), (2025, 12, D(0))]
    assert lines[-1].predikat is None
    assert cumulative(D("10.5"), lines) == D("31.333")
    assert cumulative(None, []) == D(0)


def test_format_uses_the_decimal_comma():
    assert format_ak(D("1234.5")) == "1.234,500"
    assert format_ak(None) == "-"


@pytest.mark.parametrize(
    ("name", "jenjang"),
    [("Pranata Komputer Ahli Pertama", "ahli_pertama"), ("Analis Kebijakan  ahli madya", "ahli_madya"),
     ("Pranata Komputer Terampil", "terampil"), ("Arsiparis Penyelia", "penyelia"), ("Kepala Badan", None), ("", None)],
)
def test_jenjang_from_the_jabatan_name(name, jenjang):
    assert jenjang_in_name(name) == jenjang


@pytest.mark.parametrize(
    ("value", "text"),
    [("III/b", "Penata Muda Tingkat I (III/b)"), (" iv / E ", "Pembina Utama (IV/e)"), ("Penata (III/c)", "Penata (III/c)"),
     ("Golongan IX", "Golongan IX"), ("", "")],
)
def test_bare_golongan_gets_its_pangkat(value, text):
    # PP 99/2000 Lampiran I.
    assert pangkat_golongan_text(value) == text


# -- the jenjang history: a year pro-rated over every jenjang held in it ----------------------------------

PROMOTED = [
    JenjangSpan("ahli_pertama", date(2022, 1, 1), date(2026, 3, 31), D(0)),
    JenjangSpan("ahli_muda", date(2026, 4, 1), None, D("7.5")),
]


@pytest.mark.parametrize(("start", "end", "months"), [
    (date(2026, 1, 1), date(2026, 3, 31), 3),  # Januari-Maret
    (date(2026, 4, 1), None, 9),  # April-Desember
    (date(2026, 4, 15), None, 8),  # a TMT mid-month starts with the next month
    (date(2026, 1, 1), date(2026, 4, 14), 4),  # ... which the earlier jenjang keeps, held on its first day
    (date(2025, 6, 1), date(2025, 12, 31), 0),  # another year
    (date(2020, 1, 1), None, 12),
])
def test_months_held_go_to_the_jenjang_held_on_the_first_day(start, end, months):
    assert months_held(2026, start, end) == months


def test_a_promotion_year_is_pro_rated_over_both_jenjang():
    lines = yearly_credits(PROMOTED, {2025: P.BAIK, 2026: P.BAIK}, through_year=2026)
    # Only the year of the new TMT onwards: the cumulative counts from the current jenjang's TMT.
    assert [line.year for line in lines] == [2026]
    line = lines[0]
    # 3/12 x 100% x 12.5 = 3.125 as Ahli Pertama; 9/12 x 100% x 25 = 18.75 as Ahli Muda.
    assert [(p.jenjang, p.months, p.angka_kredit) for p in line.parts] == [("ahli_pertama", 3, D("3.125")), ("ahli_muda", 9, D("18.750"))]
    assert (line.months, line.angka_kredit, line.year_total) == (9, D("18.750"), D("21.875"))
    assert cumulative(PROMOTED[1].awal, lines) == D("26.250")  # the new PAK's 7.5 + the months as Ahli Muda
    assert parts_text(line.parts) == "3 bln Ahli Pertama 3,125 + 9 bln Ahli Muda 18,750"


def test_earlier_years_are_read_in_the_jenjang_then_held():
    lines = yearly_credits(PROMOTED, {2024: P.SANGAT_BAIK, 2025: P.BAIK}, through_year=2025)
    assert span_in_force(PROMOTED, 2025) == PROMOTED[0]
    assert [(l.year, l.months, l.angka_kredit) for l in lines][-2:] == [(2024, 12, D("18.750")), (2025, 12, D("12.500"))]
    assert all(len(l.parts) == 1 and parts_text(l.parts) == "" for l in lines)


def test_no_jenjang_in_force_before_the_first_tmt_or_after_leaving():
    left = [JenjangSpan("terampil", date(2020, 1, 1), date(2023, 6, 30))]
    assert span_in_force(left, 2019) is None and span_in_force(left, 2024) is None
    assert span_in_force(left, 2023) == left[0]
    assert yearly_credits(left, {}, through_year=2024) == []
    # In the year of leaving: the six months held.
    assert yearly_credits(left, {2023: P.BAIK}, through_year=2023)[-1].angka_kredit == D("2.500")


def _change(**values) -> JenjangChangeForm:
    base = {"jabatan": "Analis SDM Aparatur Ahli Muda", "jenjang": "ahli_muda", "tmt": "2026-04-01", "sk_nomor": "800/123/BKPSDM/2026",
            "sk_tanggal": "2026-03-20", "angka_kredit_awal": "7,5"}
    return JenjangChangeForm(**{**base, **values})


HELD = [JenjangSpan("ahli_pertama", date(2022, 1, 1))]
TODAY = date(2026, 5, 4)


def test_a_valid_jenjang_change():
    change, errors = validate_jenjang_change(_change(), held=HELD, current_jabatan="Analis SDM Aparatur Ahli Pertama", today=TODAY)
    assert errors == {}
    assert (change.jenjang, change.tmt, change.sk_tanggal, change.angka_kredit_awal) == ("ahli_muda", date(2026, 4, 1), date(2026, 3, 20), D("7.5"))
    blank_awal, _ = validate_jenjang_change(_change(angka_kredit_awal=""), held=HELD, current_jabatan="", today=TODAY)
    assert blank_awal.angka_kredit_awal == 0


@pytest.mark.parametrize(("values", "held", "field", "words"), [
    ({"tmt": "2022-01-01"}, HELD, "tmt", "sesudah TMT jenjang sebelumnya"),
    ({"tmt": "2021-12-01"}, HELD, "tmt", "sesudah TMT jenjang sebelumnya"),
    ({"tmt": "2023-03-01"}, [JenjangSpan("ahli_pertama", date(2022, 1, 1), date(2023, 6, 30))], "tmt", "tumpang tindih"),
    ({"tmt": "2028-01-01"}, HELD, "tmt", "paling lambat"),
    ({"tmt": "01/04/2026"}, HELD, "tmt", "TTTT-BB-HH"),
    ({"jenjang": "kepala_seksi"}, HELD, "jenjang", "harus"),
    ({"jenjang": ""}, HELD, "jenjang", "wajib dipilih"),
    ({"jenjang": "ahli_pertama", "jabatan": "Analis SDM Aparatur Ahli Pertama"}, HELD, "jenjang", "tidak ada perubahan"),
    ({"jabatan": "Analis SDM Aparatur Ahli Madya"}, HELD, "jabatan", "tidak sesuai"),
    ({"sk_nomor": ""}, HELD, "sk_nomor", "wajib diisi"),
    ({"sk_tanggal": "2026-06-01"}, HELD, "sk_tanggal", "sesudah hari ini"),
    ({"angka_kredit_awal": "-1"}, HELD, "angka_kredit_awal", ""),
])
def test_a_jenjang_change_says_what_is_wrong(values, held, field, words):
    change, errors = validate_jenjang_change(_change(**values), held=held, current_jabatan="Analis SDM Aparatur Ahli Pertama", today=TODAY)
    assert change is None and field in errors and words in errors[field], errors


def test_the_jabatan_in_the_next_jenjang():
    assert jabatan_in_jenjang("Sandiman  Ahli Muda", "ahli_madya") == "Sandiman Ahli Madya"
    assert jabatan_in_jenjang("Pranata Komputer Terampil", "mahir") == "Pranata Komputer Mahir"
    assert jabatan_in_jenjang("Analis Kebijakan", "ahli_muda") == "Analis Kebijakan"
