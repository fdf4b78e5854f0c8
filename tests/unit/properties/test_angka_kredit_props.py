"""Angka kredit, pangkat and decimal reading under arbitrary input (PermenPAN-RB 1/2023, Perban BKN 3/2023)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain import angka_kredit as ak
from ekinerja.domain import pangkat, validation
from ekinerja.domain.predikat import Predikat
from tests.unit.properties.support import covers, hostile_text, message_ok, recent_date

jenjang = st.sampled_from(ak.JENJANG_CODES)
predikat = st.sampled_from(list(Predikat))
credit = st.decimals(min_value=0, max_value=2000, places=3, allow_nan=False, allow_infinity=False)


@covers(ak.angka_kredit, ak.months_held)
@given(jenjang, predikat, recent_date, st.integers(2015, 2035))
def test_part_year_never_exceeds_the_full_year_and_grows_with_months(code, grade, tmt, year):
    months = ak.months_held(year, tmt)
    assert 0 <= months <= 12
    full = ak.angka_kredit(code, grade)
    part = ak.angka_kredit(code, grade, months)
    assert Decimal(0) <= part <= full and part == part.quantize(ak.AK_QUANTUM)
    assert full == (ak.JENJANG[code].koefisien * ak.PREDIKAT_PERCENT[grade] / 100).quantize(ak.AK_QUANTUM, rounding=ROUND_HALF_UP)


@covers(ak.yearly_credits, ak.cumulative)
@given(jenjang, recent_date, st.dictionaries(st.integers(2020, 2031), predikat, max_size=12), credit)
def test_cumulative_is_the_start_plus_every_year(code, tmt, by_year, awal):
    lines = ak.yearly_credits([ak.JenjangSpan(code, tmt)], by_year, through_year=2031)
    assert [line.year for line in lines] == sorted({line.year for line in lines})
    assert all(line.months > 0 and (line.predikat is not None or line.angka_kredit == 0) for line in lines)
    assert ak.cumulative(awal, lines) == (awal + sum(line.angka_kredit for line in lines)).quantize(ak.AK_QUANTUM)


@covers(ak.kebutuhan, ak.golongan_of, ak.jenjang_label)
@given(jenjang, st.sampled_from(sorted(pangkat.PANGKAT)), credit)
def test_targets_are_never_negative_and_met_only_when_reached(code, golongan, total):
    assert ak.golongan_of(f"{pangkat.PANGKAT[golongan]} ({golongan})") == golongan
    assert ak.jenjang_label(code) == ak.JENJANG[code].label and ak.jenjang_label("bukan") == ""
    need = ak.kebutuhan(code, golongan, total)
    for target in (need.pangkat, need.jenjang):
        if target is not None:
            assert target.short >= 0 and target.met == (total >= target.needed)
            assert target.short == max(Decimal(0), target.needed - total).quantize(ak.AK_QUANTUM)
    if golongan not in ak.JENJANG[code].golongan:
        assert need.pangkat is None


@covers(ak.golongan_of, ak.jenjang_in_name, ak.format_ak, pangkat.pangkat_golongan_text)
@given(hostile_text, st.one_of(st.none(), credit))
def test_text_helpers_never_fail_on_hostile_text(text, value):
    assert ak.golongan_of(text) in (None, *pangkat.PANGKAT, "I/e", "II/e", "III/e")
    assert ak.jenjang_in_name(text) in (None, *ak.JENJANG_CODES)
    assert isinstance(pangkat.pangkat_golongan_text(text), str)
    shown = ak.format_ak(value)
    assert shown == "-" if value is None else shown.count(",") == 1


@covers(validation.read_decimal)
@given(hostile_text, st.sampled_from([2, 3]))
def test_read_decimal_gives_a_number_or_one_message(raw, decimals):
    errors: dict[str, str] = {}
    number = validation.read_decimal(errors, "x", raw, label="Angka", decimals=decimals, maximum=Decimal(1000), required=False)
    if "x" in errors:
        assert message_ok(errors["x"])
    elif number is not None:
        assert Decimal(0) <= number <= Decimal(1000) and -number.as_tuple().exponent <= decimals


@st.composite
def histories(draw):
    """Consecutive jenjang: each ends the day before the next TMT, the last one may be open or ended."""
    tmts = sorted(draw(st.sets(recent_date, min_size=1, max_size=4)))
    codes = draw(st.lists(jenjang, min_size=len(tmts), max_size=len(tmts)))
    last_end = draw(st.one_of(st.none(), st.dates(min_value=tmts[-1], max_value=date(2031, 12, 31))))
    ends = [nxt - timedelta(days=1) for nxt in tmts[1:]] + [last_end]
    return [ak.JenjangSpan(code, start, end) for code, start, end in zip(codes, tmts, ends, strict=True)]


@covers(ak.months_held, ak.span_in_force, ak.yearly_credits, ak.parts_text)
@given(histories(), st.integers(2020, 2031), st.dictionaries(st.integers(2020, 2031), predikat, max_size=12))
def test_a_year_is_shared_out_over_the_jenjang_held_without_double_counting(spans, year, by_year):
    months = [ak.months_held(year, s.start, s.end) for s in spans]
    assert all(0 <= m <= 12 for m in months) and sum(months) <= 12
    # Held from 1 January to 31 December without a break: every month counted exactly once.
    if spans[0].start <= date(year, 1, 1) and (spans[-1].end is None or spans[-1].end >= date(year, 12, 1)):
        assert sum(months) == 12
    current = ak.span_in_force(spans, year)
    lines = ak.yearly_credits(spans, by_year, through_year=year)
    if current is None:
        assert lines == []
        return
    assert current.start <= date(year, 12, 31) and (current.end is None or current.end >= date(year, 1, 1))
    for line in lines:
        assert line.months == ak.months_held(line.year, current.start, current.end) > 0
        assert sum(p.months for p in line.parts) <= 12
        assert line.year_total == sum(p.angka_kredit for p in line.parts) >= line.angka_kredit
        for part in line.parts:
            expected = ak.angka_kredit(part.jenjang, line.predikat, part.months) if line.predikat else Decimal(0)
            assert part.angka_kredit == expected
        assert (ak.parts_text(line.parts) == "") == (len(line.parts) < 2)


@covers(validation.validate_jenjang_change)
@given(histories(), hostile_text, recent_date, st.sampled_from(["", "0", "12,5", "abc"]))
def test_a_jenjang_change_is_valid_only_after_every_earlier_jenjang(spans, sk, tmt, awal):
    form = validation.JenjangChangeForm(jabatan="Pranata Komputer", jenjang="ahli_muda", tmt=tmt.isoformat(), sk_nomor=sk,
                                        sk_tanggal="2020-01-02", angka_kredit_awal=awal)
    change, errors = validation.validate_jenjang_change(form, held=spans, current_jabatan="Pranata Komputer", today=date(2031, 1, 1))
    assert (change is None) == bool(errors) and all(message_ok(m) for m in errors.values())
    if change is not None:
        assert all(change.tmt > s.start and (s.end is None or change.tmt > s.end) for s in spans)


@covers(ak.jabatan_in_jenjang)
@given(hostile_text, jenjang, jenjang)
def test_a_jabatan_moves_to_another_jenjang_by_its_last_words(text, before, after):
    name = f"{' '.join(text.split())} {ak.JENJANG[before].label}".strip()
    moved = ak.jabatan_in_jenjang(name, after)
    assert ak.jenjang_in_name(moved) == after and moved.endswith(ak.JENJANG[after].label)
    assert ak.jabatan_in_jenjang(moved, before) == ak.jabatan_in_jenjang(name, before)
    assert ak.jabatan_in_jenjang(text, "bukan") == " ".join(text.split())
