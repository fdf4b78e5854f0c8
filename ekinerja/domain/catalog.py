"""The activity catalogue's rules: what an item (uraian tugas from Anjab/ABK) of a jabatan must hold.

Each item names its output unit and the standard minutes one unit of output takes (a day's work
at most)."""

from __future__ import annotations

from dataclasses import dataclass

from ekinerja.domain.validation import Errors, read_text, to_int, validated

MINUTES_RANGE = (1, 1440)


@dataclass(frozen=True)
class CatalogForm:
    position_id: str = ""
    name: str = ""
    output_unit: str = ""
    standard_minutes: str = ""
    active: bool = True


@dataclass(frozen=True)
class CatalogData:
    position_id: int
    name: str
    output_unit: str
    standard_minutes: int
    active: bool


def validate_catalog_item(form: CatalogForm) -> tuple[CatalogData | None, Errors]:
    errors: Errors = {}
    position_id = to_int(form.position_id)
    if position_id is None:
        errors["position_id"] = (
            "Jabatan wajib dipilih." if not form.position_id.strip()
            else f"Jabatan harus berupa nomor id (angka), bukan '{form.position_id.strip()}'."
        )
    name = read_text(errors, "name", form.name, label="Uraian tugas", max_len=300)
    output_unit = read_text(errors, "output_unit", form.output_unit, label="Satuan hasil", max_len=40)
    low, high = MINUTES_RANGE
    minutes = to_int(form.standard_minutes)
    if not form.standard_minutes.strip():
        errors["standard_minutes"] = "Menit per satuan wajib diisi."
    elif minutes is None or not low <= minutes <= high:
        errors["standard_minutes"] = (
            f"Menit per satuan harus bilangan bulat {low}-{high} (yang diisi: {form.standard_minutes.strip()})."
        )
    cleaned = CatalogData(
        position_id=position_id or 0, name=name, output_unit=output_unit, standard_minutes=minutes or 0,
        active=form.active,
    )
    return validated(cleaned, errors)
