"""compute_tpp without its lines (the instansi-wide recap) gives exactly the figures it explains."""

from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain.tpp import PLT_ADDON, ActingDays, KinerjaStep, apply_preset, compute_tpp
from tests.unit.test_tpp import DISIPLIN_ONLY, RULES, months

RULESETS = (
    RULES,
    DISIPLIN_ONLY,
    apply_preset(RULES, "kemenkeu"),
    replace(
        DISIPLIN_ONLY, kinerja_steps=(KinerjaStep(Decimal(50), Decimal(40)), KinerjaStep(Decimal(90), Decimal(100))),
        deduction_cap_percent=Decimal("12.5"), absence_deduction_percent={"cuti_luar_tanggungan": Decimal(3), "sakit": Decimal("0.5")},
        predikat_factor_percent={"baik": Decimal(100), "kurang": Decimal(60)}, plt_higher_rule=PLT_ADDON,
    ),
)


@given(months(), st.sampled_from(RULESETS), st.sampled_from((None, "baik", "kurang", "sangat_baik")), st.integers(0, 31), st.integers(0, 4),
       st.booleans(), st.integers(0, 40))
def test_unexplained_figures_equal_the_explained_ones(data, ruleset, predikat, acting_days, cuti, higher, working_days):
    data = replace(
        data, predikat=predikat,
        acting=(ActingDays(12, min(acting_days, data.days_in_month), "Plt Kepala", 9, higher, working_days),) if acting_days else (),
        discipline=replace(data.discipline, absences={"cuti_luar_tanggungan": cuti, "sakit": 1} if cuti else {}),
    )
    explained, bare = compute_tpp(ruleset, data), compute_tpp(ruleset, data, explain=False)
    assert bare.lines == () and explained.lines
    assert (bare.base, bare.kinerja, bare.disiplin, bare.addon, bare.total) == (
        explained.base, explained.kinerja, explained.disiplin, explained.addon, explained.total,
    )
    # The printed slip reconciles: the lines in the total add up to it, to the rupiah.
    assert sum((line.printed for line in explained.lines if line.in_total), Decimal(0)) == explained.total
