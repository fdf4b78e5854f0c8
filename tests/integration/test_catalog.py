"""The activity catalogue per jabatan: admin upkeep, import (all or nothing) and export."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
from sqlmodel import func, select

from ekinerja.access import AccessDenied
from ekinerja.domain.catalog import CatalogForm
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import ActivityCatalogItem, AuditEntry
from ekinerja.services import catalog
from ekinerja.services.spreadsheet import RowError
from tests.integration.factories import (
    actor_for,
    make_employee,
    make_org,
    make_position,
    nip_for,
)
from tests.unit.test_admin_settings_rules import BAD_ITEM_FIELDS

HEADER = ["jabatan_id", "uraian_tugas", "satuan_hasil", "menit_per_satuan"]


@pytest.fixture
def org(db):
    return make_org(db)


def form(org, **changes) -> CatalogForm:
    values = {"position_id": str(org.staff.id), "name": "Menyusun konsep surat", "output_unit": "dokumen", "standard_minutes": "30"}
    values.update(changes)
    return CatalogForm(**values)


def item_count(db) -> int:
    return db.exec(select(func.count()).select_from(ActivityCatalogItem)).one()


def csv(rows: list[list], sep: str = ",") -> bytes:
    return pd.DataFrame(rows, columns=HEADER).to_csv(index=False, sep=sep).encode()


def xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for values in rows:
        workbook.active.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(db, org, data: bytes, filename: str = "katalog.csv"):
    return catalog.import_catalog(db, actor=org.actor, data=data, filename=filename)


# One item at a time


def test_create_edit_deactivate_and_list(db, org):
    item = catalog.create_catalog_item(db, actor=org.actor, form=form(org))
    catalog.create_catalog_item(db, actor=org.actor, form=form(org, position_id=str(org.head.id), name="Memimpin rapat", output_unit="kegiatan", standard_minutes="90"))
    db.commit()
    rows, total = catalog.list_catalog(db, actor=org.actor, position_id=org.staff.id)
    assert total == 1 and rows[0].name == "Menyusun konsep surat" and rows[0].standard_minutes == 30
    assert rows[0].position_name == "Analis Kepegawaian"
    assert catalog.list_catalog(db, actor=org.actor, search="rapat")[1] == 1
    assert catalog.list_catalog(db, actor=org.actor)[1] == 2

    catalog.update_catalog_item(db, actor=org.actor, item_id=item.id, form=form(org, standard_minutes="45", output_unit="surat"))
    catalog.set_catalog_item_active(db, actor=org.actor, item_id=item.id, active=False)
    db.commit()
    stored = db.get(ActivityCatalogItem, item.id)
    assert (stored.standard_minutes, stored.output_unit, stored.active) == (45, "surat", False)
    assert catalog.catalog_counts(db, actor=org.actor) == {org.head.id: 1}
    actions = db.exec(select(AuditEntry.action).where(AuditEntry.entity == "activity_catalog_item")).all()
    assert actions.count("create") == 2 and actions.count("update") == 2


@pytest.mark.parametrize("changes,field,message", BAD_ITEM_FIELDS)
def test_bad_fields_are_explained(db, org, changes, field, message):
    with pytest.raises(ValidationFailed) as failed:
        catalog.create_catalog_item(db, actor=org.actor, form=form(org, **changes))
    assert failed.value.errors[field] == message
    assert item_count(db) == 0


def test_names_are_unique_per_jabatan_ignoring_case_and_spaces(db, org):
    first = catalog.create_catalog_item(db, actor=org.actor, form=form(org))
    with pytest.raises(ValidationFailed) as failed:
        catalog.create_catalog_item(db, actor=org.actor, form=form(org, name="  menyusun  KONSEP surat "))
    assert failed.value.errors == {"name": "Uraian tugas 'menyusun KONSEP surat' sudah ada di katalog jabatan ini."}
    # The same name on another jabatan is fine, and an item may keep its own name when edited.
    catalog.create_catalog_item(db, actor=org.actor, form=form(org, position_id=str(org.head.id)))
    catalog.update_catalog_item(db, actor=org.actor, item_id=first.id, form=form(org, standard_minutes="40"))
    assert item_count(db) == 2


def test_other_instansi_is_refused(db, org):
    other = make_org(db, code="JATENG", birth="19860101")
    with pytest.raises(ValidationFailed) as failed:
        catalog.create_catalog_item(db, actor=org.actor, form=form(org, position_id=str(other.staff.id)))
    assert failed.value.errors == {"position_id": f"Jabatan dengan id {other.staff.id} tidak ditemukan di instansi Anda."}
    theirs = catalog.create_catalog_item(db, actor=other.actor, form=form(other))
    with pytest.raises(AccessDenied):
        catalog.update_catalog_item(db, actor=org.actor, item_id=theirs.id, form=form(org))
    with pytest.raises(AccessDenied):
        catalog.set_catalog_item_active(db, actor=org.actor, item_id=theirs.id, active=False)
    assert catalog.list_catalog(db, actor=org.actor)[1] == 0


def test_only_admins_keep_the_catalogue(db, org):
    staff = actor_for(db, make_employee(db, position=org.staff, nip=nip_for(2)))
    with pytest.raises(AccessDenied):
        catalog.create_catalog_item(db, actor=staff, form=form(org))
    with pytest.raises(AccessDenied):
        catalog.list_catalog(db, actor=staff)
    with pytest.raises(AccessDenied):
        catalog.import_catalog(db, actor=staff, data=csv([[org.staff.id, "A", "b", "1"]]), filename="k.csv")
    with pytest.raises(AccessDenied):
        catalog.export_catalog_xlsx(db, actor=staff)


# Import


def test_good_file_creates_every_row(db, org):
    rows = [HEADER, [str(org.staff.id), "Menyusun konsep surat", "dokumen", 30], [str(org.head.id), "Memimpin rapat", "kegiatan", "90"]]
    report = run_import(db, org, xlsx(rows), "katalog.xlsx")
    db.commit()
    assert (report.created, report.errors, report.total_rows) == (2, [], 2)
    assert {(i.position_id, i.name, i.standard_minutes) for i in db.exec(select(ActivityCatalogItem))} == {
        (org.staff.id, "Menyusun konsep surat", 30),
        (org.head.id, "Memimpin rapat", 90),
    }
    assert db.exec(select(AuditEntry.detail).where(AuditEntry.action == "import")).one() == "katalog.xlsx: 2 uraian tugas dibuat"


def test_one_bad_row_writes_nothing_and_names_row_and_column(db, org):
    rows = [
        [org.staff.id, "Menyusun konsep surat", "dokumen", "30"],
        [org.staff.id, "Mengarsipkan berkas", "berkas", "tiga puluh"],
        [org.head.id, "Memimpin rapat", "kegiatan", "90"],
    ]
    report = run_import(db, org, csv(rows, sep=";"))
    assert report.created == 0 and report.total_rows == 3
    assert report.errors == [
        RowError(3, "menit_per_satuan", "Menit per satuan harus bilangan bulat 1-1440 (yang diisi: tiga puluh)."),
    ]
    assert item_count(db) == 0


def test_every_problem_is_reported_per_cell(db, org):
    other = make_org(db, code="JATENG", birth="19860101")
    retired = make_position(db, unit=org.opd, name="Jabatan Lama")
    retired.active = False
    db.add(retired)
    catalog.create_catalog_item(db, actor=org.actor, form=form(org, name="Sudah Ada"))
    rows = [
        [org.staff.id, "Menyusun konsep surat", "dokumen", "30"],
        [org.staff.id, "menyusun  konsep surat", "dokumen", "20"],  # same as row 2
        [org.staff.id, "sudah ada", "dokumen", "20"],  # already in the database
        [other.staff.id, "Tugas", "dokumen", "20"],  # another instansi
        ["abc", "", "", "0"],
        [retired.id, "Tugas", "dokumen", "20"],
        [999999, "Tugas", "dokumen", "20"],
    ]
    report = run_import(db, org, csv(rows))
    assert report.created == 0
    assert report.errors == [
        RowError(3, "uraian_tugas", "Uraian tugas yang sama untuk jabatan ini sudah ada di baris 2."),
        RowError(4, "uraian_tugas", "Uraian tugas 'sudah ada' sudah ada di katalog jabatan ini."),
        RowError(5, "jabatan_id", f"Jabatan dengan id {other.staff.id} tidak ditemukan di instansi Anda."),
        RowError(6, "jabatan_id", "Jabatan harus berupa nomor id (angka), bukan 'abc'."),
        RowError(6, "uraian_tugas", "Uraian tugas wajib diisi."),
        RowError(6, "satuan_hasil", "Satuan hasil wajib diisi."),
        RowError(6, "menit_per_satuan", "Menit per satuan harus bilangan bulat 1-1440 (yang diisi: 0)."),
        RowError(7, "jabatan_id", f"Jabatan Jabatan Lama (id {retired.id}) tidak aktif."),
        RowError(8, "jabatan_id", "Jabatan dengan id 999999 tidak ditemukan di instansi Anda."),
    ]
    assert item_count(db) == 1


@pytest.mark.parametrize(
    "data,filename,message",
    [
        (b"jabatan_id,uraian_tugas\n1,A\n", "k.csv", "Kolom wajib tidak ada: satuan_hasil, menit_per_satuan. Gunakan baris judul dari templat impor."),
        (",".join(HEADER).encode() + b"\n", "k.csv", "File tidak berisi baris uraian tugas."),
        (b"x", "k.ods", "Format file harus .xlsx atau .csv (yang diunggah: .ods)."),
    ],
)
def test_bad_files_are_refused(db, org, data, filename, message):
    with pytest.raises(ValidationFailed) as failed:
        run_import(db, org, data, filename)
    assert failed.value.errors == {"file": message}


def test_export_and_template_reimport(db, org):
    # Written straight in (the form refuses it): the export must keep it text, not a formula.
    db.add(ActivityCatalogItem(position_id=org.staff.id, name="=1+1", output_unit="dokumen", standard_minutes=30))
    db.commit()
    frame = pd.read_excel(io.BytesIO(catalog.export_catalog_xlsx(db, actor=org.actor)), dtype=str)
    assert list(frame.columns) == [*HEADER, "jabatan", "unit_kerja", "aktif"]
    assert frame.iloc[0].tolist() == [str(org.staff.id), "=1+1", "dokumen", "30", "Analis Kepegawaian", "Badan Kepegawaian Daerah", "Ya"]

    template = pd.read_excel(io.BytesIO(catalog.import_template_xlsx()), dtype=str, keep_default_na=False)
    assert list(template.columns) == HEADER and len(template) == 1
    template["jabatan_id"] = str(org.head.id)
    assert run_import(db, org, template.to_csv(index=False).encode()).created == 1
