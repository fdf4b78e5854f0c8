"""Each TPP rule with the exact rupiah (issue 20): target pro-rating, deduction base, caps, Plt/Plh, printed lines."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain.attendance import DisciplineCounts
from ekinerja.domain.kinerja_target import Excused, KinerjaTarget, progress_text, prorated_minutes, target_for
from ekinerja.domain.money import allocate_rupiah, format_percent, format_rupiah, to_rupiah
from ekinerja.domain.tpp import (
    BASE_DISIPLIN,
    PLT_ADDON,
    PRESETS,
    ActingDays,
    KinerjaStep,
    PositionDays,
    TppInput,
    TppRuleset,
    apply_preset,
    compute_tpp,
    eselon_rank,
    is_higher_level,
    kinerja_share_percent,
    ruleset_problems,
    ruleset_sources,
)

RULES = TppRuleset(base_by_kelas={7: Decimal(4_000_000), 9: Decimal(5_000_000), 12: Decimal(9_000_000)})
# The rules before issue 20: deductions from the disiplin part only, a flat Plt add-on at any level and length.
DISIPLIN_ONLY = replace(RULES, deduction_base=BASE_DISIPLIN, plt_higher_rule=PLT_ADDON, plt_min_working_days=0)


def target(expected=22, month_days=22, monthly=6750, **kw):
    return KinerjaTarget(monthly, month_days, expected, **kw)


def month(*, minutes=6750, expected=22, counts=None, positions=None, acting=(), days=30, predikat=None, month_days=22):
    return TppInput(
        days_in_month=days,
        positions=positions or (PositionDays(9, days, "Pengelola Data"),),
        approved_minutes=minutes,
        target=target(expected, month_days),
        discipline=counts or DisciplineCounts(),
        acting=acting,
        predikat=predikat,
    )


def printed_sum(result):
    return sum((line.printed for line in result.lines if line.in_total), Decimal(0))


# Section 2: the kinerja target follows the working days expected


def test_full_month_full_target_gets_the_base():
    result = compute_tpp(RULES, month())
    assert result.total == Decimal(5_000_000)
    assert result.kinerja == Decimal(3_000_000) and result.disiplin == Decimal(2_000_000)


def test_kinerja_share_is_proportional_and_capped():
    assert compute_tpp(RULES, month(minutes=3375)).total == Decimal(3_500_000)
    assert compute_tpp(RULES, month(minutes=9999)).total == Decimal(5_000_000)
    assert compute_tpp(RULES, month(minutes=0)).total == Decimal(2_000_000)


def test_target_is_prorated_to_the_days_expected():
    assert prorated_minutes(6750, 11, 22) == 3375
    assert prorated_minutes(6750, 2, 22) == 614  # 613,64 rounded half up
    assert prorated_minutes(6750, 0, 22) == 0 and prorated_minutes(6750, 5, 0) == 0
    # 11 of 22 days expected and 3.375 minutes approved: the whole kinerja part (was 50 %: Rp 3.500.000).
    result = compute_tpp(RULES, month(minutes=3375, expected=11))
    assert result.total == Decimal(5_000_000)
    kinerja = next(line for line in result.lines if line.label == "Kinerja 60 %")
    assert kinerja.detail == (
        "3.375 menit disetujui, target 3.375 menit: 11 dari 22 hari kerja. Proporsional, maksimal 100 %: 100 % x Rp 3.000.000"
    )


def test_kinerja_line_keeps_its_commas():
    """The old text replaced every comma: "99.99 %" and "proporsional. maksimal"."""
    result = compute_tpp(RULES, month(minutes=6749))
    detail = next(line.detail for line in result.lines if line.label.startswith("Kinerja"))
    assert "99,99 % x Rp 3.000.000" in detail and "Proporsional, maksimal 100 %" in detail and "6.749 menit" in detail


def test_target_for_counts_days_in_post_less_excused_absences():
    march = [date(2026, 3, d) for d in range(1, 32) if date(2026, 3, d).weekday() < 5]
    assert len(march) == 22
    whole = [(date(2020, 1, 2), None)]
    cuti = Excused("Cuti tahunan", date(2026, 3, 2), date(2026, 3, 27))
    got = target_for(march, 22, 6750, whole, [cuti])
    assert (got.expected_days, got.minutes, dict(got.excused)) == (2, 614, {"Cuti tahunan": 20})
    assert got.text == "target 614 menit: 2 dari 22 hari kerja (20 hari cuti tahunan tidak dihitung)"
    # A start on the 16th: 12 of 22 working days; only the leave taken in post is listed.
    started = target_for(march, 22, 6750, [(date(2026, 3, 16), None)])
    assert (started.expected_days, started.minutes) == (12, 3682)
    on_leave = target_for(march, 22, 6750, [(date(2026, 3, 16), None)], [cuti])
    assert (on_leave.expected_days, on_leave.minutes, dict(on_leave.excused)) == (2, 614, {"Cuti tahunan": 10})
    # A mutasi keeps the whole month; overlapping absences count each day once.
    moved = target_for(march, 22, 6750, [(date(2020, 1, 2), date(2026, 3, 15)), (date(2026, 3, 16), None)],
                       [Excused("Sakit", date(2026, 3, 2), date(2026, 3, 3)), Excused("Izin", date(2026, 3, 3), date(2026, 3, 4))])
    assert (moved.expected_days, dict(moved.excused)) == (19, {"Sakit": 2, "Izin": 1})


def test_running_month_measures_the_days_so_far_and_says_so():
    so_far = KinerjaTarget(6750, 22, 4, running=True)
    assert so_far.minutes == 1227
    assert so_far.text == "target 1.227 menit: 4 dari 22 hari kerja sampai kemarin"
    assert progress_text(1200, so_far).startswith("1.200 menit disetujui dari target 1.227 menit")
    assert "Perkiraan bulan berjalan" in progress_text(1200, so_far)
    # The 5th of a month with 1.200 minutes approved: 97,8 % of the kinerja part, not Rp 0.
    result = compute_tpp(RULES, replace(month(minutes=1200), target=so_far))
    assert result.kinerja == Decimal(3_000_000) * Decimal(1200) / Decimal(1227)
    # Before any working day has passed there is nothing to measure yet: no penalty.
    assert compute_tpp(RULES, replace(month(minutes=0), target=KinerjaTarget(6750, 22, 0, running=True))).total == Decimal(5_000_000)


# Section 3: deductions


def test_deductions_of_the_whole_tpp_explain_every_figure():
    counts = DisciplineCounts()
    counts.tl[2] = 2
    counts.psw[1] = 1
    counts.absent_without_reason = 1
    result = compute_tpp(RULES, month(counts=counts))
    # 2 x 1 % + 0,5 % + 3 % = 5,5 % of the whole Rp 5.000.000
    assert result.total == Decimal(5_000_000 - 275_000)
    labels = {line.label: line for line in result.lines}
    assert labels["Terlambat TL2 2x"].detail == "-2 % x Rp 5.000.000 (TPP)"
    assert labels["Terlambat TL2 2x"].amount == Decimal(-100_000)
    assert labels["Tidak masuk tanpa keterangan 1x"].amount == Decimal(-150_000)


def test_deductions_of_the_disiplin_part_only():
    counts = DisciplineCounts(absent_without_reason=1)
    result = compute_tpp(DISIPLIN_ONLY, month(counts=counts))
    assert result.total == Decimal(5_000_000 - 60_000)  # 3 % of the Rp 2.000.000 disiplin part
    assert next(line.detail for line in result.lines if line.label.startswith("Tidak masuk")) == "-3 % x Rp 2.000.000 (komponen disiplin)"


def test_one_unexcused_day_costs_the_preset_rate_of_the_whole():
    one_day = month(counts=DisciplineCounts(absent_without_reason=1))
    assert compute_tpp(RULES, one_day).total == Decimal(4_850_000)  # Ogan Ilir: 3 %
    kemenkeu = apply_preset(RULES, "kemenkeu")
    assert compute_tpp(kemenkeu, one_day).total == Decimal(4_750_000)  # Kemenkeu, Jembrana: 5 %


def test_cap_on_the_deduction_base():
    counts = DisciplineCounts(absent_without_reason=10)  # 30 % of TPP
    capped = replace(RULES, deduction_cap_percent=Decimal(20))
    result = compute_tpp(capped, month(counts=counts))
    assert result.total == Decimal(4_000_000)
    assert next(line for line in result.lines if line.label == "Batas potongan").amount == Decimal(500_000)
    # On the disiplin part the cap is of that part: everything deducted leaves the kinerja part.
    assert compute_tpp(DISIPLIN_ONLY, month(counts=DisciplineCounts(absent_without_reason=40))).total == Decimal(3_000_000)


def test_a_whole_month_absent_is_paid_nothing():
    counts = DisciplineCounts(absent_without_reason=22)
    result = compute_tpp(RULES, month(minutes=0, counts=counts))
    assert result.total == 0
    assert any(line.label == "Potongan tidak melebihi TPP" for line in result.lines)
    # The old variant paid 40 % x (100 - 66) % = 13,6 % of the TPP.
    assert compute_tpp(DISIPLIN_ONLY, month(minutes=0, counts=counts)).total == Decimal(680_000)


def test_approved_absence_rates_per_kind():
    counts = DisciplineCounts(absences={"cuti_luar_tanggungan": 2, "sakit": 3})
    result = compute_tpp(RULES, month(counts=counts))
    assert result.total == Decimal(5_000_000 - 300_000)  # 2 x 3 %; sakit costs nothing
    rated = replace(RULES, absence_deduction_percent={"sakit": Decimal("0.5")})
    assert compute_tpp(rated, month(counts=counts)).total == Decimal(5_000_000 - 75_000)


def test_mutasi_splits_the_month_by_days():
    split = (PositionDays(7, 10, "Lama"), PositionDays(12, 20, "Baru"))
    result = compute_tpp(RULES, month(positions=split))
    assert result.base == Decimal(4_000_000) * 10 / 30 + Decimal(9_000_000) * 20 / 30
    assert result.total == to_rupiah(result.base) == Decimal(7_333_333)


# Section 3: Plt/Plh


def acting(days=15, *, higher=False, working_days=22, kelas=12, own=9):
    return (ActingDays(kelas, days, "Plt Kepala Bidang", own, higher, working_days),)


def test_eselon_levels():
    assert eselon_rank("II.a") == 4 and eselon_rank("IV.b") == 2 and eselon_rank(None) == 0 and eselon_rank("") == 0
    assert is_higher_level("IV.a", "III.b") and not is_higher_level("III.a", "III.b") and is_higher_level(None, "IV.a")


def test_plt_same_level_adds_20_percent_of_the_acting_post():
    result = compute_tpp(RULES, month(acting=acting()))
    assert result.addon == Decimal(9_000_000) * Decimal("0.2") / 2
    assert result.total == Decimal(5_000_000 + 900_000)


def test_plt_higher_level_receives_the_acting_posts_tpp_where_higher():
    result = compute_tpp(RULES, month(acting=acting(higher=True)))
    assert result.total == Decimal(5_000_000 + 2_000_000)  # (9.000.000 - 5.000.000) x 15/30
    detail = next(line.detail for line in result.lines if line.label.startswith("Tambahan Plt"))
    assert detail == "jabatan lebih tinggi: selisih basis kelas 12 dan kelas 9 (Rp 4.000.000) x 15/30 hari"
    # An acting post paid less than one's own adds nothing.
    assert compute_tpp(RULES, month(acting=acting(higher=True, kelas=7))).total == Decimal(5_000_000)
    # The flat add-on variant pays 20 % at any level.
    assert compute_tpp(replace(RULES, plt_higher_rule=PLT_ADDON), month(acting=acting(higher=True))).total == Decimal(5_900_000)


def test_plt_under_the_minimum_duration_earns_nothing():
    result = compute_tpp(RULES, month(acting=acting(higher=True, working_days=10)))
    assert result.total == Decimal(5_000_000)
    line = next(line for line in result.lines if line.label.startswith("Tambahan Plt"))
    assert line.amount == 0 and line.detail == "tidak dibayar: 10 hari kerja, kurang dari minimal 20 hari kerja"
    assert compute_tpp(RULES, month(acting=acting(higher=True, working_days=20))).total == Decimal(7_000_000)


# Printed lines


def test_largest_remainder_allocation():
    amounts = [Decimal("1.4"), Decimal("1.4"), Decimal("1.2")]
    assert allocate_rupiah(amounts, Decimal(4)) == [Decimal(2), Decimal(1), Decimal(1)]
    assert allocate_rupiah([Decimal("-0.6"), Decimal("10.3")], Decimal(10)) == [Decimal(0), Decimal(10)]


def test_printed_lines_add_up_where_rounding_each_did_not():
    # Kinerja 1.858.064,52 and disiplin 1.238.709,68 round to 1.858.065 + 1.238.710 = Rp 1 over the total.
    start = (PositionDays(7, 16, "Baru"),)
    data = replace(month(positions=start, days=31, minutes=3720, expected=12), target=target(12))
    result = compute_tpp(replace(RULES, base_by_kelas={7: Decimal(6_000_000)}), data)
    assert result.total == Decimal(3_096_774)
    exact_rounded = sum((to_rupiah(line.amount) for line in result.lines if line.in_total), Decimal(0))
    assert exact_rounded == result.total + 1
    assert printed_sum(result) == result.total
    assert [line.amount_text for line in result.lines if line.in_total] == ["Rp 1.858.064", "Rp 1.238.710"]


def test_stepped_table_and_predikat_factor():
    stepped = TppRuleset(
        base_by_kelas=RULES.base_by_kelas,
        kinerja_steps=(KinerjaStep(Decimal(0), Decimal(0)), KinerjaStep(Decimal(50), Decimal(60)), KinerjaStep(Decimal(90), Decimal(100))),
        predikat_factor_percent={"butuh_perbaikan": Decimal(80)},
    )
    assert ruleset_problems(stepped) == []
    assert kinerja_share_percent(stepped, 6075, 6750) == Decimal(100)
    assert kinerja_share_percent(stepped, 6074, 6750) == Decimal(60)
    assert compute_tpp(stepped, month(minutes=3375, predikat="butuh_perbaikan")).kinerja == Decimal(3_000_000) * Decimal("0.6") * Decimal("0.8")


def test_bad_rulesets_are_explained():
    bad = TppRuleset(
        base_by_kelas={}, weight_kinerja_percent=Decimal(70), kinerja_steps=(KinerjaStep(Decimal(50), Decimal(90)), KinerjaStep(Decimal(90), Decimal(60))),
        deduction_base="gaji", plt_min_working_days=100,
    )
    problems = ruleset_problems(bad)
    assert any("100 %" in p for p in problems) and any("naik" in p for p in problems)
    assert any("Dasar potongan" in p for p in problems) and any("Masa minimal" in p for p in problems)


def test_presets_cite_a_source_for_every_setting_and_say_when_an_admin_changed_one():
    for preset in PRESETS.values():
        assert ruleset_problems(apply_preset(RULES, preset.key)) == []
        sources = ruleset_sources(apply_preset(RULES, preset.key))
        assert all(text.startswith("Sumber: ") for text in sources.values())
    sources = ruleset_sources(replace(RULES, plt_min_working_days=10))
    assert sources["plt"].startswith("Diubah admin instansi") and "Balangan 57/2020 Pasal 35" in sources["plt"]
    assert sources["tk"] == "Sumber: " + PRESETS["pemda"].sources["tk"]
    assert ruleset_sources(replace(RULES, preset=""))["tk"] == "Ditetapkan admin instansi (tidak dari preset)."
    assert apply_preset(RULES, "kemenkeu").base_by_kelas == RULES.base_by_kelas


def test_formatting():
    assert format_rupiah(Decimal("1234567.5")) == "Rp 1.234.568"
    assert format_rupiah(Decimal(-40000)) == "-Rp 40.000"
    assert format_percent(Decimal("0.5")) == "0,5 %"
    assert format_percent(Decimal("1.25")) == "1,25 %"
    assert format_percent(Decimal(60)) == "60 %"


# Properties

tiers = st.fixed_dictionaries({t: st.integers(0, 25) for t in (1, 2, 3, 4)})


@st.composite
def months(draw):
    counts = DisciplineCounts(absent_without_reason=draw(st.integers(0, 25)), tl=draw(tiers), psw=draw(tiers))
    days = draw(st.integers(28, 31))
    first = draw(st.integers(0, days))
    kelas = draw(st.sampled_from([7, 9, 12]))
    positions = tuple(p for p in (PositionDays(kelas, first, "A"), PositionDays(9, days - first, "B")) if p.days)
    month_days = draw(st.integers(19, 27))
    return TppInput(
        days_in_month=days, positions=positions, approved_minutes=draw(st.integers(0, 20_000)),
        target=target(draw(st.integers(0, month_days)), month_days, draw(st.integers(60, 10_000)), running=draw(st.booleans())),
        discipline=counts,
    )


@given(months(), st.sampled_from([RULES, DISIPLIN_ONLY]))
def test_tpp_is_never_negative_nor_above_the_base(data, ruleset):
    result = compute_tpp(ruleset, data)
    assert 0 <= result.total <= to_rupiah(result.base)


@given(months(), st.integers(1, 5_000))
def test_more_approved_minutes_never_lower_it(data, extra):
    more = replace(data, approved_minutes=data.approved_minutes + extra)
    assert compute_tpp(RULES, more).total >= compute_tpp(RULES, data).total
