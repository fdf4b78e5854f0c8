"""The agency's work rules as an admin sets them: the bounds of each figure and the zone."""

from __future__ import annotations

from dataclasses import dataclass

from ekinerja.domain.dates import ZONE_LABELS
from ekinerja.domain.validation import Errors, to_int


@dataclass(frozen=True)
class SettingsForm:
    monthly_target_minutes: str = ""
    daily_norm_minutes: str = ""
    daily_max_minutes: str = ""
    entry_window_working_days: str = ""
    days_per_week: str = ""
    timezone: str = ""  # "" keeps the deployment's EKINERJA_TIMEZONE


# field -> (label, lowest, highest)
SETTINGS_BOUNDS = {
    "monthly_target_minutes": ("Target menit efektif per bulan", 60, 20_000),
    "daily_norm_minutes": ("Norma menit per hari", 30, 720),
    "daily_max_minutes": ("Batas menit per hari", 30, 1_080),
    "entry_window_working_days": ("Batas pengisian (hari kerja ke belakang)", 0, 30),
    "days_per_week": ("Hari kerja per minggu", 5, 6),
}


def validate_settings(form: SettingsForm) -> tuple[dict[str, int | str | None] | None, Errors]:
    errors: Errors = {}
    values: dict[str, int | str | None] = {}
    for field, (label, lo, hi) in SETTINGS_BOUNDS.items():
        number = to_int(getattr(form, field))
        if number is None or not lo <= number <= hi:
            errors[field] = f"{label} harus bilangan bulat {lo}-{hi}."
        else:
            values[field] = number
    if not errors and values["daily_max_minutes"] < values["daily_norm_minutes"]:
        errors["daily_max_minutes"] = "Batas menit per hari tidak boleh lebih kecil dari norma harian."
    zone = form.timezone.strip()
    if zone and zone not in ZONE_LABELS:
        errors["timezone"] = "Zona waktu harus WIB, WITA atau WIT."
    values["timezone"] = zone or None
    return (None, errors) if errors else (values, errors)
