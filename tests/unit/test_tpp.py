from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain.attendance import DisciplineCounts
from ekinerja.domain.money import format_percent, format_rupiah, to_rupiah
from ekinerja.domain.tpp import (
    KinerjaStep,
    PositionDays,
    TppInput,
    TppRuleset,
    compute_tpp,
    kinerja_share_percent,
    ruleset_problems,
)

RULES = TppRuleset(base_by_kelas={7: Decimal(4_000_000), 9: Decimal(5_000_000), 12: Decimal(9_000_000)})


def month(*, minutes=6750, target=6750, counts=None, positions=None, acting=(), days=30, predikat=None):
    return TppInput(
        days_in_month=days,
        positions=positions or (PositionDays(9, days, "Pengelola Data"),),
        approved_minutes=minutes,
        target_minutes=target,
        discipline=counts or DisciplineCounts(),
        acting=acting,
        predikat=predikat,
    )


def test_full_month_full_target_gets_the_base():
    result = compute_tpp(RULES, month())
    assert result.total == Decimal(5_000_000)
    assert result.kinerja == Decimal(3_000_000) and result.disiplin == Decimal(2_000_000)


def test_kinerja_share_is_proportional_and_capped():
    assert compute_tpp(RULES, month(minutes=3375)).total == Decimal(3_500_000)
    assert compute_tpp(RULES, month(minutes=9999)).total == Decimal(5_000_000)
    assert compute_tpp(RULES, month(minutes=0)).total == Decimal(2_000_000)


def test_deductions_explain_every_figure():
    counts = DisciplineCounts()
    counts.tl[2] = 2
    counts.psw[1] = 1
    counts.absent_without_reason = 1
    result = compute_tpp(RULES, month(counts=counts))
    # 2 x 1 % + 0.5 % + 3 % = 5.5 % of the Rp 2.000.000 disiplin part
    assert result.total == Decimal(5_000_000 - 110_000)
    labels = {line.label: line for line in result.lines}
    assert labels["Terlambat TL2 2x"].detail == "-2 % x Rp 2.000.000"
    assert labels["Terlambat TL2 2x"].amount == Decimal(-40_000)
    assert "Tidak masuk tanpa keterangan 1x" in labels


def test_deductions_are_capped_at_the_disiplin_part():
    counts = DisciplineCounts(absent_without_reason=40)
    result = compute_tpp(RULES, month(counts=counts))
    assert result.disiplin == 0
    assert result.total == Decimal(3_000_000)
    assert any(line.label == "Batas potongan" for line in result.lines)


def test_mutasi_splits_the_month_by_days():
    split = (PositionDays(7, 10, "Lama"), PositionDays(12, 20, "Baru"))
    result = compute_tpp(RULES, month(positions=split))
    assert result.base == Decimal(4_000_000) * 10 / 30 + Decimal(9_000_000) * 20 / 30
    assert result.total == to_rupiah(result.base)


def test_rounding_happens_once_at_the_end():
    split = (PositionDays(7, 1, "A"), PositionDays(9, 30, "B"))
    result = compute_tpp(RULES, month(positions=split, days=31, minutes=6749))
    exact = sum(line.amount for line in result.lines if line.in_total)
    assert result.total == to_rupiah(exact)


def test_plt_addon():
    result = compute_tpp(RULES, month(acting=(PositionDays(12, 15, "Plt. Kepala Bidang"),)))
    assert result.addon == Decimal(9_000_000) * Decimal("0.2") / 2
    assert result.total == Decimal(5_000_000 + 900_000)


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
    bad = TppRuleset(base_by_kelas={}, weight_kinerja_percent=Decimal(70), kinerja_steps=(KinerjaStep(Decimal(50), Decimal(90)), KinerjaStep(Decimal(90), Decimal(60))))
    problems = ruleset_problems(bad)
    assert any("100 %" in p for p in problems) and any("naik" in p for p in problems)


def test_formatting():
    assert format_rupiah(Decimal("1234567.5")) == "Rp 1.234.568"
    assert format_rupiah(Decimal(-40000)) == "-Rp 40.000"
    assert format_percent(Decimal("0.5")) == "0,5 %"
    assert format_percent(Decimal("1.25")) == "1,25 %"
    assert format_percent(Decimal(60)) == "60 %"


tiers = st.fixed_dictionaries({t: st.integers(0, 25) for t in (1, 2, 3, 4)})


@st.composite
def months(draw):
    counts = DisciplineCounts(absent_without_reason=draw(st.integers(0, 25)), tl=draw(tiers), psw=draw(tiers))
    days = draw(st.integers(28, 31))
    first = draw(st.integers(0, days))
    kelas = draw(st.sampled_from([7, 9, 12]))
    positions = tuple(p for p in (PositionDays(kelas, first, "A"), PositionDays(9, days - first, "B")) if p.days)
    return month(minutes=draw(st.integers(0, 20_000)), target=draw(st.integers(1, 10_000)), counts=counts, positions=positions, days=days)


@given(months())
def test_tpp_is_never_negative_nor_above_the_base(data):
    result = compute_tpp(RULES, data)
    assert 0 <= result.total <= to_rupiah(result.base)


@given(months(), st.integers(1, 5_000))
def test_more_approved_minutes_never_lower_it(data, extra):
    more = TppInput(**{**data.__dict__, "approved_minutes": data.approved_minutes + extra})
    assert compute_tpp(RULES, more).total >= compute_tpp(RULES, data).total
