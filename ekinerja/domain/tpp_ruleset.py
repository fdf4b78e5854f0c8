"""The instansi's TPP ruleset as data: its defaults, the admin's form (every value as text) and
its storage as JSON (Decimal values as strings, never floats).

The rules themselves and what they compute are in domain/tpp.py."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from ekinerja.domain.predikat import PREDIKAT_LABELS, Predikat
from ekinerja.domain.tpp import (
    ABSENCE_LABELS,
    BASE_DISIPLIN,
    DEDUCTION_BASES,
    DEDUCTION_KEYS,
    PLT_ADDON,
    PLT_HIGHER_RULES,
    PRESETS,
    TARGET_EXCUSED_DEFAULT,
    KinerjaStep,
    TppRuleset,
    ruleset_problems,
)
from ekinerja.domain.validation import Errors, ValidationFailed

KELAS = range(1, 18)


def default_base(kelas: int) -> Decimal:
    """Illustrative Pemda figures: kelas 5 Rp 3.000.000 up to kelas 15 Rp 18.000.000."""
    if kelas <= 5:
        return Decimal(2_000_000 + (kelas - 1) * 250_000)
    if kelas <= 15:
        return Decimal(3_000_000 + (kelas - 5) * 1_500_000)
    return Decimal(18_000_000 + (kelas - 15) * 4_000_000)


def default_ruleset() -> TppRuleset:
    return TppRuleset(base_by_kelas={k: default_base(k) for k in KELAS})


# Storage

# A ruleset saved before these settings existed keeps the rules it was saved under.
LEGACY_RULES = {"deduction_base": BASE_DISIPLIN, "plt_higher_rule": PLT_ADDON, "plt_min_working_days": 0, "preset": ""}


def ruleset_json(ruleset: TppRuleset) -> str:
    return json.dumps(
        {
            "weight_kinerja_percent": str(ruleset.weight_kinerja_percent),
            "weight_disiplin_percent": str(ruleset.weight_disiplin_percent),
            "kinerja_steps": [[str(s.min_percent), str(s.share_percent)] for s in ruleset.kinerja_steps],
            "deduction_percent": {k: str(v) for k, v in ruleset.deduction_percent.items()},
            "deduction_base": ruleset.deduction_base,
            "deduction_cap_percent": str(ruleset.deduction_cap_percent),
            "plt_addon_percent": str(ruleset.plt_addon_percent),
            "plt_higher_rule": ruleset.plt_higher_rule,
            "plt_min_working_days": ruleset.plt_min_working_days,
            "predikat_factor_percent": (
                None if ruleset.predikat_factor_percent is None else {k: str(v) for k, v in ruleset.predikat_factor_percent.items()}
            ),
            "absence_deduction_percent": {k: str(v) for k, v in ruleset.absence_deduction_percent.items()},
            "target_excused_absences": sorted(ruleset.target_excused_absences),
            "preset": ruleset.preset,
        },
        sort_keys=True,
    )


def ruleset_from_json(rules: str, base: Mapping[int, Decimal]) -> TppRuleset:
    data = LEGACY_RULES | json.loads(rules)
    factor = data.get("predikat_factor_percent")
    excused = data.get("target_excused_absences")
    return TppRuleset(
        base_by_kelas=dict(base),
        weight_kinerja_percent=Decimal(data["weight_kinerja_percent"]),
        weight_disiplin_percent=Decimal(data["weight_disiplin_percent"]),
        kinerja_steps=tuple(KinerjaStep(Decimal(a), Decimal(b)) for a, b in data["kinerja_steps"]),
        deduction_percent={k: Decimal(v) for k, v in data["deduction_percent"].items()},
        deduction_base=data["deduction_base"],
        deduction_cap_percent=Decimal(data["deduction_cap_percent"]),
        plt_addon_percent=Decimal(data["plt_addon_percent"]),
        plt_higher_rule=data["plt_higher_rule"],
        plt_min_working_days=int(data["plt_min_working_days"]),
        predikat_factor_percent=None if factor is None else {k: Decimal(v) for k, v in factor.items()},
        absence_deduction_percent={k: Decimal(v) for k, v in data.get("absence_deduction_percent", {}).items()},
        # Before it was a setting no absence shrank the target, which was the bug: the default applies.
        target_excused_absences=TARGET_EXCUSED_DEFAULT if excused is None else frozenset(excused),
        preset=data["preset"],
    )


# The admin's form: every value as text


PREDIKAT_KEYS = tuple(p.value for p in Predikat)
ON = ("on", "true", "True")


def ruleset_form(ruleset: TppRuleset) -> dict[str, str]:
    form = {f"base_{k}": f"{ruleset.base_by_kelas.get(k, Decimal(0)):f}" for k in KELAS}
    form |= {f"ded_{k}": _pct(ruleset.deduction_percent.get(k, Decimal(0))) for k in DEDUCTION_KEYS}
    form |= {f"absence_{k}": _pct(ruleset.absence_deduction_percent.get(k, Decimal(0))) for k in ABSENCE_LABELS}
    form |= {f"excuse_{k}": "on" if k in ruleset.target_excused_absences else "" for k in ABSENCE_LABELS}
    form |= {
        "preset": ruleset.preset,
        "weight_kinerja": _pct(ruleset.weight_kinerja_percent),
        "weight_disiplin": _pct(ruleset.weight_disiplin_percent),
        "deduction_base": ruleset.deduction_base,
        "cap": _pct(ruleset.deduction_cap_percent),
        "plt_addon": _pct(ruleset.plt_addon_percent),
        "plt_higher": ruleset.plt_higher_rule,
        "plt_min_days": str(ruleset.plt_min_working_days),
        "kinerja_policy": "bertingkat" if ruleset.kinerja_steps else "proporsional",
        "steps": "\n".join(f"{_pct(s.min_percent)}={_pct(s.share_percent)}" for s in ruleset.kinerja_steps),
        "predikat_factor": "on" if ruleset.predikat_factor_percent is not None else "",
    }
    factors = ruleset.predikat_factor_percent or {"sangat_baik": Decimal(100), "baik": Decimal(100), "butuh_perbaikan": Decimal(80), "kurang": Decimal(60), "sangat_kurang": Decimal(40)}
    form |= {f"factor_{k}": _pct(factors.get(k, Decimal(100))) for k in PREDIKAT_KEYS}
    return form


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _decimal(errors: Errors, field: str, raw: str, *, label: str, money: bool = False) -> Decimal:
    text = raw.strip().replace("Rp", "").replace(" ", "")
    text = text.replace(".", "") if money else text.replace(",", ".")
    try:
        value = Decimal(text)
        if not value.is_finite() or value < 0 or value > Decimal("1e12"):
            raise InvalidOperation
    except InvalidOperation:
        errors[field] = f"{label} harus angka tidak negatif (yang diisi: {raw.strip() or 'kosong'})."
        return Decimal(0)
    if money and value != value.to_integral():
        errors[field] = f"{label} harus rupiah bulat."
    return value


def _pairs(errors: Errors, field: str, raw: str, *, label: str) -> list[tuple[str, Decimal]]:
    found = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        if not sep:
            errors[field] = f"{label}: setiap baris berformat kiri=kanan, misalnya 80=50 (baris: {line.strip()})."
            return []
        found.append((key.strip(), _decimal(errors, field, value, label=label)))
    return found


def _choice(errors: Errors, field: str, raw: str, options: Mapping[str, str], *, label: str) -> str:
    if raw in options:
        return raw
    errors[field] = f"{label}: pilih salah satu ({', '.join(options.values())})."
    return next(iter(options))


def _whole_days(errors: Errors, field: str, raw: str, *, label: str) -> int:
    text = raw.strip()
    if not text.isdigit() or int(text) > 66:
        errors[field] = f"{label} harus bilangan bulat 0-66 (yang diisi: {text or 'kosong'})."
        return 0
    return int(text)


def parse_ruleset_form(form: Mapping[str, str]) -> TppRuleset:
    errors: Errors = {}
    base = {k: _decimal(errors, f"base_{k}", form.get(f"base_{k}", ""), label=f"Basis kelas {k}", money=True) for k in KELAS}
    deductions = {k: _decimal(errors, f"ded_{k}", form.get(f"ded_{k}", ""), label=f"Potongan {k}") for k in DEDUCTION_KEYS}
    steps: tuple[KinerjaStep, ...] = ()
    if form.get("kinerja_policy") == "bertingkat":
        pairs = _pairs(errors, "steps", form.get("steps", ""), label="Tabel bertingkat")
        # The left side is checked like every other number: finite, not negative, bounded (no NaN).
        steps = tuple(KinerjaStep(_decimal(errors, "steps", k, label="Tabel bertingkat: capaian minimal"), v) for k, v in pairs)
        if not pairs and "steps" not in errors:
            errors["steps"] = "Isi tabel bertingkat, satu baris per tingkat: capaian minimal=persen dibayar."
    absences = {
        k: _decimal(errors, f"absence_{k}", form.get(f"absence_{k}", "") or "0", label=f"Potongan {label.lower()} per hari")
        for k, label in ABSENCE_LABELS.items()
    }
    factor = None
    if form.get("predikat_factor") in ON:
        factor = {k: _decimal(errors, f"factor_{k}", form.get(f"factor_{k}", ""), label=f"Faktor {PREDIKAT_LABELS[Predikat(k)]}") for k in PREDIKAT_KEYS}
    preset = form.get("preset", "")
    ruleset = TppRuleset(
        base_by_kelas=base,
        weight_kinerja_percent=_decimal(errors, "weight_kinerja", form.get("weight_kinerja", ""), label="Bobot kinerja"),
        weight_disiplin_percent=_decimal(errors, "weight_disiplin", form.get("weight_disiplin", ""), label="Bobot disiplin"),
        kinerja_steps=steps,
        deduction_percent=deductions,
        deduction_base=_choice(errors, "deduction_base", form.get("deduction_base", ""), DEDUCTION_BASES, label="Dasar potongan"),
        deduction_cap_percent=_decimal(errors, "cap", form.get("cap", ""), label="Batas potongan"),
        plt_addon_percent=_decimal(errors, "plt_addon", form.get("plt_addon", ""), label="Tambahan Plt/Plh setingkat"),
        plt_higher_rule=_choice(errors, "plt_higher", form.get("plt_higher", ""), PLT_HIGHER_RULES, label="Plt/Plh jabatan lebih tinggi"),
        plt_min_working_days=_whole_days(errors, "plt_min_days", form.get("plt_min_days", ""), label="Masa minimal Plt/Plh"),
        predikat_factor_percent=factor,
        absence_deduction_percent={k: v for k, v in absences.items() if v},
        target_excused_absences=frozenset(k for k in ABSENCE_LABELS if form.get(f"excuse_{k}") in ON),
        preset=preset if preset in PRESETS else "",
    )
    if errors:
        raise ValidationFailed(errors)
    problems = ruleset_problems(ruleset)
    if problems:
        raise ValidationFailed({"ruleset": " ".join(problems)})
    return ruleset
