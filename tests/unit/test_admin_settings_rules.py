"""The admin's forms checked as plain rules: a catalogue item (domain.catalog) and the agency's work
settings (domain.work_settings). The services' tests check the same forms through the database."""

from __future__ import annotations

import pytest

from ekinerja.domain.catalog import CatalogData, CatalogForm, validate_catalog_item
from ekinerja.domain.work_settings import SettingsForm, validate_settings

GOOD_ITEM = {"position_id": "7", "name": "Menyusun konsep surat", "output_unit": "dokumen", "standard_minutes": "30"}


def test_a_good_catalog_item_is_cleaned():
    cleaned, errors = validate_catalog_item(CatalogForm(**GOOD_ITEM | {"name": "  Menyusun konsep surat "}))
    assert errors == {}
    assert cleaned == CatalogData(position_id=7, name="Menyusun konsep surat", output_unit="dokumen", standard_minutes=30, active=True)


# (changed fields, the field refused, what it says); the service's test sends the same through the database.
BAD_ITEM_FIELDS = [
    ({"standard_minutes": "0"}, "standard_minutes", "Menit per satuan harus bilangan bulat 1-1440 (yang diisi: 0)."),
    ({"standard_minutes": "1441"}, "standard_minutes", "Menit per satuan harus bilangan bulat 1-1440 (yang diisi: 1441)."),
    ({"standard_minutes": "2,5"}, "standard_minutes", "Menit per satuan harus bilangan bulat 1-1440 (yang diisi: 2,5)."),
    ({"standard_minutes": ""}, "standard_minutes", "Menit per satuan wajib diisi."),
    ({"name": ""}, "name", "Uraian tugas wajib diisi."),
    ({"output_unit": "=SUM(A1)"}, "output_unit", "Satuan hasil tidak boleh diawali tanda '='."),
    ({"position_id": ""}, "position_id", "Jabatan wajib dipilih."),
    ({"position_id": "satu"}, "position_id", "Jabatan harus berupa nomor id (angka), bukan 'satu'."),
]


@pytest.mark.parametrize("changes,field,message", BAD_ITEM_FIELDS)
def test_a_bad_catalog_field_is_explained(changes, field, message):
    cleaned, errors = validate_catalog_item(CatalogForm(**GOOD_ITEM | changes))
    assert cleaned is None and errors == {field: message}


def test_good_settings_are_numbers_and_the_zone():
    values, errors = validate_settings(SettingsForm("7000", "320", "480", "2", "6", " Asia/Makassar "))
    assert errors == {}
    assert values == {
        "monthly_target_minutes": 7000, "daily_norm_minutes": 320, "daily_max_minutes": 480,
        "entry_window_working_days": 2, "days_per_week": 6, "timezone": "Asia/Makassar",
    }
    assert validate_settings(SettingsForm("7000", "320", "480", "2", "5"))[0]["timezone"] is None


def test_bad_settings_are_explained():
    assert validate_settings(SettingsForm("7000", "320", "300", "3", "5")) == (
        None, {"daily_max_minutes": "Batas menit per hari tidak boleh lebih kecil dari norma harian."}
    )
    _, errors = validate_settings(SettingsForm("7000", "300", "450", "31", "7", "Europe/Paris"))
    assert errors == {
        "entry_window_working_days": "Batas pengisian (hari kerja ke belakang) harus bilangan bulat 0-30.",
        "days_per_week": "Hari kerja per minggu harus bilangan bulat 5-6.",
        "timezone": "Zona waktu harus WIB, WITA atau WIT.",
    }
