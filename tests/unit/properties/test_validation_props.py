"""Every form validator under arbitrary input: a cleaned value or per-field Indonesian messages, never a crash."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekinerja.domain import catalog, siasn_layout, tpp, work_settings
from ekinerja.domain import tpp_ruleset as ruleset_rules
from ekinerja.domain import validation as v
from ekinerja.domain.validation import ValidationFailed
from tests.unit.properties.support import (
    any_date,
    covers,
    errors_ok,
    field_text,
    hostile_text,
    leap_days,
    message_ok,
)

TODAY = date(2026, 11, 23)


def forms(form_class, **fixed):
    """A form of ``form_class`` whose text fields are arbitrary (hostile) strings."""
    fields = {
        f.name: fixed.get(f.name, field_text)
        for f in dataclasses.fields(form_class)
        if f.type in ("str", str) or f.name in fixed
    }
    return st.builds(form_class, **fields)


def check(result, form_class) -> None:
    cleaned, errors = result
    assert (cleaned is None) == bool(errors)
    assert errors_ok(errors, {f.name for f in dataclasses.fields(form_class)} | {"form"})


@covers(v.to_int)
@given(field_text)
def test_to_int_is_a_small_non_negative_number_or_none(raw):
    number = v.to_int(raw)
    assert number is None or 0 <= number < 10**18


@covers(v.read_text)
@given(hostile_text, st.integers(1, 300), st.integers(1, 5), st.booleans(), st.booleans())
def test_read_text_cleans_or_explains(raw, max_len, min_len, required, multiline):
    errors: v.Errors = {}
    value = v.read_text(errors, "f", raw, label="Isian", max_len=max_len, min_len=min_len, required=required, multiline=multiline)
    assert value == value.strip()
    if "f" in errors:
        assert message_ok(errors["f"])
    elif value:
        assert min_len <= len(value) <= max_len and not value.startswith("=")
        assert multiline or not any(c in value for c in "\n\r\t")
    else:
        assert not required


@covers(v.read_choice)
@given(hostile_text, st.lists(st.text(min_size=1, max_size=10), min_size=1, max_size=5, unique_by=str.lower))
def test_read_choice_returns_an_option_or_explains(raw, options):
    errors: v.Errors = {}
    value = v.read_choice(errors, "f", raw, label="Pilihan", options=options)
    assert (value in options) != ("f" in errors) or (value == "" and message_ok(errors["f"]))


@covers(v.read_ref)
@given(field_text, st.booleans())
def test_read_ref_returns_an_id_or_explains(raw, required):
    errors: v.Errors = {}
    value = v.read_ref(errors, "f", raw, label="Rujukan", required=required)
    assert value is None or value >= 0
    assert "f" not in errors or message_ok(errors["f"])


@covers(v.read_date)
@given(st.one_of(field_text, any_date.map(date.isoformat), leap_days.map(date.isoformat),
                 st.sampled_from(["2025-02-29", "2024-02-29", "2026-13-01", "2026-00-10", "2026-1-1", "٢٠٢٦-٠١-٠١"])), st.booleans())
def test_read_date_accepts_exactly_the_calendar(raw, required):
    errors: v.Errors = {}
    value = v.read_date(errors, "f", raw, label="Tanggal", required=required)
    if value is not None:
        assert value.isoformat() == raw.strip()
    elif raw.strip() or required:
        assert message_ok(errors["f"])


def test_leap_days_are_dates_and_29_february_of_a_common_year_is_not():
    errors: v.Errors = {}
    assert v.read_date(errors, "a", "2024-02-29", label="Tanggal", required=True) == date(2024, 2, 29)
    assert v.read_date(errors, "b", "2025-02-29", label="Tanggal", required=True) is None
    assert errors == {"b": "Tanggal 2025-02-29 bukan tanggal yang ada di kalender."}


@covers(v.validated, v.ensure_valid)
@given(st.integers(), st.dictionaries(st.text(min_size=1, max_size=5), st.text(min_size=1, max_size=20), max_size=3))
def test_validated_and_ensure_valid_agree(value, errors):
    cleaned, kept = v.validated(value, dict(errors))
    assert kept == errors and (cleaned is None) == bool(errors)
    if errors:
        with pytest.raises(ValidationFailed) as failed:
            v.ensure_valid((cleaned, kept))
        assert failed.value.errors == errors
    else:
        assert v.ensure_valid((cleaned, kept)) == value


@covers(v.expected_parent_level)
@given(st.sampled_from(v.UNIT_LEVELS))
def test_each_level_sits_directly_under_the_one_before(level):
    parent = v.expected_parent_level(level)
    assert parent is None if level == "instansi" else v.UNIT_LEVELS.index(parent) == v.UNIT_LEVELS.index(level) - 1


@covers(v.validate_unit)
@given(forms(v.UnitForm, level=st.one_of(st.sampled_from(v.UNIT_LEVELS), hostile_text)), st.sampled_from([None, *v.UNIT_LEVELS]))
def test_unit_form(form, parent_level):
    check(v.validate_unit(form, parent_level=parent_level), v.UnitForm)


@covers(v.validate_position)
@given(forms(v.PositionForm, kind=st.one_of(st.sampled_from(v.POSITION_KINDS), hostile_text)))
def test_position_form(form):
    cleaned, errors = v.validate_position(form)
    check((cleaned, errors), v.PositionForm)
    if cleaned is not None:
        assert 1 <= cleaned.kelas_jabatan <= 17 and cleaned.unit_id > 0 or cleaned.unit_id == 0


@covers(v.validate_employee)
@given(forms(v.EmployeeForm, status=st.one_of(st.sampled_from(v.EMPLOYEE_STATUSES), hostile_text),
             roles=st.lists(hostile_text, max_size=3).map(tuple)), st.booleans())
def test_employee_form(form, new):
    cleaned, errors = v.validate_employee(form, today=TODAY, new=new)
    check((cleaned, errors), v.EmployeeForm)
    if cleaned is not None:
        assert len(cleaned.nip) == 18 and cleaned.name and not cleaned.name.startswith("=")


@covers(v.validate_move)
@given(forms(v.MoveForm, start_date=st.one_of(field_text, any_date.map(date.isoformat))), any_date)
def test_move_form(form, current_start):
    cleaned, errors = v.validate_move(form, today=TODAY, current_start=current_start)
    check((cleaned, errors), v.MoveForm)
    if cleaned is not None:
        assert current_start < cleaned.start_date <= TODAY + v.MAX_FUTURE


@covers(v.validate_announcement)
@given(forms(v.AnnouncementForm, kind=st.one_of(st.sampled_from(v.ANNOUNCEMENT_KINDS), hostile_text)))
def test_announcement_form(form):
    check(v.validate_announcement(form, today=TODAY), v.AnnouncementForm)


# Validators of the admin's settings and catalogue (their own domain modules)


@covers(work_settings.validate_settings)
@given(forms(work_settings.SettingsForm, days_per_week=st.one_of(st.sampled_from(["5", "6"]), field_text)))
def test_work_settings_form(form):
    values, errors = work_settings.validate_settings(form)
    check((values, errors), work_settings.SettingsForm)
    if values is not None:
        assert values["daily_norm_minutes"] <= values["daily_max_minutes"]


TPP_FIELDS = (
    [f"base_{k}" for k in ruleset_rules.KELAS]
    + [f"ded_{k}" for k in tpp.DEDUCTION_KEYS]
    + ["weight_kinerja", "weight_disiplin", "cap", "plt_addon", "kinerja_policy", "steps", "predikat_factor"]
    + ["deduction_base", "plt_higher", "plt_min_days", "preset"]
    + [f"absence_{k}" for k in tpp.ABSENCE_LABELS] + [f"excuse_{k}" for k in tpp.ABSENCE_LABELS]
    + [f"factor_{k}" for k in ruleset_rules.PREDIKAT_KEYS]
)


@covers(ruleset_rules.parse_ruleset_form, ruleset_rules.ruleset_form)
@given(st.dictionaries(st.sampled_from(TPP_FIELDS), st.one_of(field_text, st.sampled_from(
    ["bertingkat", "on", "NaN=50", "80=NaN", "sNaN=1", "Infinity=100", "1e999=1", "cuti_tahunan=1", "x", "100",
     "tpp", "disiplin", "tpp_jabatan", "tambahan", "kemenkeu", "67", "20"]
)), max_size=12))
def test_tpp_ruleset_form_from_any_input(changes):
    form = ruleset_rules.ruleset_form(ruleset_rules.default_ruleset()) | changes
    try:
        ruleset = ruleset_rules.parse_ruleset_form(form)
    except ValidationFailed as failed:
        assert errors_ok(failed.errors, set(TPP_FIELDS) | {"ruleset"})
    else:
        assert tpp.ruleset_problems(ruleset) == []


@pytest.mark.parametrize("preset", list(tpp.PRESETS))
def test_every_preset_round_trips_through_the_form(preset):
    ruleset = tpp.apply_preset(ruleset_rules.default_ruleset(), preset)
    assert ruleset_rules.parse_ruleset_form(ruleset_rules.ruleset_form(ruleset)) == ruleset


step_side = st.one_of(field_text, st.sampled_from(["NaN", "sNaN", "Infinity", "-5", "1e999999", "80", "100", "50,5"]))


@covers(ruleset_rules.parse_ruleset_form)
@given(st.lists(st.tuples(step_side, step_side), max_size=4))
def test_tpp_step_table_from_any_lines(lines):
    """Found by this test: "NaN=50" was stored as a step, and two such lines crashed the sort."""
    form = ruleset_rules.ruleset_form(ruleset_rules.default_ruleset()) | {
        "kinerja_policy": "bertingkat", "steps": "\n".join(f"{left}={right}" for left, right in lines),
    }
    try:
        ruleset = ruleset_rules.parse_ruleset_form(form)
    except ValidationFailed as failed:
        assert errors_ok(failed.errors, set(TPP_FIELDS) | {"ruleset"})
    else:
        assert all(s.min_percent.is_finite() and 0 <= s.share_percent <= 100 for s in ruleset.kinerja_steps)


@covers(catalog.validate_catalog_item)
@given(forms(catalog.CatalogForm, active=st.booleans()))
def test_catalog_item_form(form):
    cleaned, errors = catalog.validate_catalog_item(form)
    check((cleaned, errors), catalog.CatalogForm)
    if cleaned is not None:
        low, high = catalog.MINUTES_RANGE
        assert low <= cleaned.standard_minutes <= high and cleaned.position_id > 0 and cleaned.name


def test_catalog_item_says_what_is_wrong_with_each_field():
    cleaned, errors = catalog.validate_catalog_item(catalog.CatalogForm(position_id="abc", standard_minutes="0"))
    assert cleaned is None
    assert errors["position_id"] == "Jabatan harus berupa nomor id (angka), bukan 'abc'."
    assert errors["standard_minutes"] == "Menit per satuan harus bilangan bulat 1-1440 (yang diisi: 0)."
    assert set(errors) == {"position_id", "name", "output_unit", "standard_minutes"}


@covers(ruleset_rules.default_base, ruleset_rules.default_ruleset)
@given(st.integers(1, 16))
def test_the_default_base_grows_with_the_kelas(kelas):
    assert ruleset_rules.default_base(kelas) < ruleset_rules.default_base(kelas + 1)
    assert ruleset_rules.default_ruleset().base_by_kelas[kelas] == ruleset_rules.default_base(kelas)
    assert tpp.ruleset_problems(ruleset_rules.default_ruleset()) == []


@covers(ruleset_rules.ruleset_json, ruleset_rules.ruleset_from_json)
@given(st.sampled_from([""] + list(tpp.PRESETS)), st.dictionaries(st.sampled_from(list(ruleset_rules.KELAS)), st.integers(0, 10**9).map(Decimal), max_size=5))
def test_a_ruleset_round_trips_through_its_json(preset, money):
    ruleset = ruleset_rules.default_ruleset()
    ruleset = tpp.apply_preset(ruleset, preset) if preset else ruleset
    base = ruleset.base_by_kelas | money
    stored = ruleset_rules.ruleset_json(ruleset)
    assert ruleset_rules.ruleset_from_json(stored, base) == dataclasses.replace(ruleset, base_by_kelas=base)


def test_a_ruleset_saved_before_the_newer_settings_keeps_its_old_rules():
    old = {k: v for k, v in json.loads(ruleset_rules.ruleset_json(ruleset_rules.default_ruleset())).items() if k not in ruleset_rules.LEGACY_RULES}
    old.pop("target_excused_absences")
    ruleset = ruleset_rules.ruleset_from_json(json.dumps(old), {})
    assert (ruleset.deduction_base, ruleset.plt_higher_rule, ruleset.plt_min_working_days, ruleset.preset) == (tpp.BASE_DISIPLIN, tpp.PLT_ADDON, 0, "")
    assert ruleset.target_excused_absences == tpp.TARGET_EXCUSED_DEFAULT



@dataclasses.dataclass(frozen=True)
class _Post:
    name: str
    active: bool


@covers(v.position_problem)
@given(st.integers(-5, 30), st.dictionaries(st.integers(1, 20), st.builds(_Post, hostile_text, st.booleans()), max_size=6))
def test_a_position_outside_the_instansi_or_inactive_takes_nobody(position_id, positions):
    problem = v.position_problem(position_id, positions)
    assert (problem is None) == (position_id in positions and positions[position_id].active)
    if position_id not in positions:
        assert problem == f"Jabatan dengan id {position_id} tidak ditemukan di instansi Anda."


@covers(siasn_layout.mapping_problems)
@given(st.sets(st.sampled_from(sorted(siasn_layout.IMPORT_FIELDS | {"nomor", "foto"}))), st.sets(st.sampled_from(sorted(siasn_layout.IMPORT_FIELDS))),
       st.sets(st.sampled_from(sorted(siasn_layout.EXPORT_VALUES | {"nomor"}))))
def test_a_layouts_file_is_refused_for_each_thing_it_gets_wrong(columns, required, exported):
    layouts = {"import": {"columns": dict.fromkeys(columns, "x"), "required": sorted(required)}, "export": {"columns": [{"value": e} for e in sorted(exported)]}}
    problems = siasn_layout.mapping_problems(layouts)
    expected = (columns != siasn_layout.IMPORT_FIELDS) + (not required <= columns) + bool(exported - siasn_layout.EXPORT_VALUES)
    assert len(problems) == expected
    assert siasn_layout.mapping_problems({}) != []
