"""compute_tpp without its lines (the instansi-wide recap) gives exactly the figures it explains."""

from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain.tpp import KinerjaStep, PositionDays, compute_tpp
from tests.unit.test_tpp import RULES, months

RULESETS = (
    RULES,
    replace(
        RULES, kinerja_steps=(KinerjaStep(Decimal(50), Decimal(40)), KinerjaStep(Decimal(90), Decimal(100))),
        deduction_cap_percent=Decimal("12.5"), absence_deduction_percent={"cuti_luar_tanggungan": Decimal(3), "sakit": Decimal("0.5")},
        predikat_factor_percent={"baik": Decimal(100), "kurang": Decimal(60)},
    ),
)


@given(months(), st.sampled_from(RULESETS), st.sampled_from((None, "baik", "kurang", "sangat_baik")), st.integers(0, 31), st.integers(0, 4))
def test_unexplained_figures_equal_the_explained_ones(data, ruleset, predikat, acting_days, cuti):
    data = replace(
        data, predikat=predikat, acting=(PositionDays(12, min(acting_days, data.days_in_month), "Plt Kepala"),) if acting_days else (),
        discipline=replace(data.discipline, absences={"cuti_luar_tanggungan": cuti, "sakit": 1} if cuti else {}),
    )
    explained, bare = compute_tpp(ruleset, data), compute_tpp(ruleset, data, explain=False)
    assert bare.lines == () and explained.lines
    assert (bare.base, bare.kinerja, bare.disiplin, bare.addon, bare.total) == (
        explained.base, explained.kinerja, explained.disiplin, explained.addon, explained.total,
    )
