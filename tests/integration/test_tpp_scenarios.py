"""Issue 20's agency months through the services on a real database, with the exact rupiah.

BEFORE is what the code paid before issue 20 (target never pro-rated, deductions only from the 40 %
disiplin part, a flat 20 % Plt add-on at any level and length); AFTER is the default "pemda" preset.
docs/tpp.md keeps the same table.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ekinerja.domain.tpp_ruleset import ruleset_form
from ekinerja.models.tpp import TppRulesetRow
from ekinerja.services import tpp
from tests.integration.tpp_scenarios import SCENARIOS, TODAY, build_all

# name -> (before, after)
AMOUNTS = {
    "full_month": (6_000_000, 6_000_000),
    "cuti_tahunan_20_days": (2_730_667, 6_000_000),
    "start_on_16th": (2_262_710, 3_096_774),
    "mutasi_on_16th": (7_548_387, 7_548_387),
    "plt_up_10_working_days": (10_045_161, 9_000_000),
    "plt_up_25_working_days": (11_612_903, 13_354_839),
    "absent_whole_month": (816_000, 0),
    "leap_february_6_day_week": (9_000_000, 9_000_000),
    "pppk_paid": (5_752_000, 5_572_000),
}


@pytest.fixture
def months(db, pin_today):
    pin_today(TODAY)
    world, built = build_all(db)
    result = {}
    for name, (person, (year, month)) in built.items():
        org = world.org6 if year == 2028 else world.org
        result[name] = tpp.employee_month(db, actor=org.actor, employee_id=person.id, year=year, month=month)
    return result


def test_every_scenario_is_paid_the_expected_rupiah(months):
    assert set(AMOUNTS) == set(SCENARIOS)
    got = {name: int(month.total) for name, month in months.items()}
    assert got == {name: after for name, (_, after) in AMOUNTS.items()}
    for month in months.values():
        printed = sum((line.printed for line in month.lines if line.in_total), Decimal(0))
        assert printed == month.total  # the slip reconciles


def detail(month, prefix: str) -> str:
    return next(line.detail for line in month.lines if line.label.startswith(prefix))


def test_each_scenario_explains_itself(months):
    assert detail(months["cuti_tahunan_20_days"], "Kinerja") == (
        "620 menit disetujui, target 614 menit: 2 dari 22 hari kerja (20 hari cuti tahunan tidak dihitung). "
        "Proporsional, maksimal 100 %: 100 % x Rp 3.600.000"
    )
    assert "target 3.682 menit: 12 dari 22 hari kerja." in detail(months["start_on_16th"], "Kinerja")
    assert [line.label for line in months["mutasi_on_16th"].lines if not line.in_total] == [
        "Basis TPP kelas 7 (Analis Kepegawaian)", "Basis TPP kelas 9 (Analis SDM Aparatur Ahli Muda)",
    ]
    assert detail(months["plt_up_10_working_days"], "Tambahan Plt") == "tidak dibayar: 10 hari kerja, kurang dari minimal 20 hari kerja"
    assert detail(months["plt_up_25_working_days"], "Tambahan Plt") == (
        "jabatan lebih tinggi: selisih basis kelas 12 dan kelas 9 (Rp 4.500.000) x 30/31 hari"
    )
    absent = months["absent_whole_month"]
    assert detail(absent, "Tidak masuk") == "-66 % x Rp 6.000.000 (TPP)"
    assert any(line.label == "Potongan tidak melebihi TPP" for line in absent.lines)
    assert "target 6.750 menit: 24 dari 24 hari kerja." in detail(months["leap_february_6_day_week"], "Kinerja")
    assert detail(months["leap_february_6_day_week"], "Basis") == "29/29 hari x Rp 9.000.000"
    pppk = months["pppk_paid"]
    assert detail(pppk, "Terlambat TL2") == "-2 % x Rp 6.000.000 (TPP)"
    assert detail(pppk, "Tidak masuk") == "-3 % x Rp 6.000.000 (TPP)"


def test_the_running_month_measures_the_days_so_far(db, pin_today):
    """On Thursday 5 March 2026 three working days have passed (2-4 March): the target is theirs, not the month's."""
    pin_today(TODAY)
    world, built = build_all(db)
    person, _ = built["full_month"]
    pin_today(TODAY.replace(year=2026, month=3, day=5))
    month = tpp.employee_month(db, actor=world.org.actor, employee_id=person.id, year=2026, month=3)
    assert month.target is not None and month.target.running
    assert month.target.text == "target 920 menit: 3 dari 22 hari kerja sampai kemarin"
    # Minutes are counted as approved (all 22 days were seeded), so the kinerja part is whole.
    assert month.total == Decimal(6_000_000)


def test_a_ruleset_saved_before_issue_20_keeps_its_variant(db, pin_today):
    """A stored ruleset without the new settings reads as the old variant, apart from the target."""
    pin_today(TODAY)
    world, built = build_all(db)
    db.add(TppRulesetRow(instansi_id=world.org.instansi.id, year=2026, rules=LEGACY_RULES_JSON))
    db.commit()
    ruleset, stored = tpp.ruleset_for(db, instansi_id=world.org.instansi.id, year=2026)
    assert stored and ruleset.deduction_base == "disiplin" and ruleset.plt_min_working_days == 0
    person, _ = built["absent_whole_month"]
    month = tpp.employee_month(db, actor=world.org.actor, employee_id=person.id, year=2026, month=3)
    assert month.total == Decimal(816_000)


LEGACY_RULES_JSON = (
    '{"absence_deduction_percent": {"cuti_luar_tanggungan": "3"}, "deduction_cap_percent": "100", '
    '"deduction_percent": {"PSW1": "0.5", "PSW2": "1", "PSW3": "1.25", "PSW4": "1.5", "TK": "3", '
    '"TL1": "0.5", "TL2": "1", "TL3": "1.25", "TL4": "1.5"}, "kinerja_steps": [], "plt_addon_percent": "20", '
    '"predikat_factor_percent": null, "weight_disiplin_percent": "40", "weight_kinerja_percent": "60"}'
)


def test_presets_change_the_pay_as_cited(db, pin_today):
    pin_today(TODAY)
    world, built = build_all(db)
    form = ruleset_form(tpp.preset_ruleset(db, actor=world.org.actor, year=2026, key="kemenkeu"))
    tpp.save_ruleset(db, actor=world.org.actor, year=2026, form=form)
    db.commit()
    person, _ = built["pppk_paid"]
    month = tpp.employee_month(db, actor=world.org.actor, employee_id=person.id, year=2026, month=3)
    # 2 x 1 % + 5 % of Rp 6.000.000 off Rp 3.472.000 + Rp 2.400.000
    assert month.total == Decimal(3_472_000 + 2_400_000 - 420_000)
