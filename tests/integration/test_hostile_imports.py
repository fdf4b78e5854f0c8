"""Hostile spreadsheets against every import: refused with a report the admin sees, nothing written.

Each import (pegawai, katalog kegiatan, kehadiran) gets the same files: missing, repeated and
extra columns, formula cells, 100,000 rows, broken and truncated .xlsx, a zip bomb, non-UTF-8
and malformed CSV, empty files and wrong extensions. Every one ends in ValidationFailed on
"file" or in a report with row errors, and the tables (and the audit trail) are unchanged.
The exports are checked too: text that starts with = + - @ stays text, never a formula.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import ActivityCatalogItem, AttendanceRecord, AuditEntry, Employee
from ekinerja.services import attendance_records, catalog, employee_import, spreadsheet
from ekinerja.services.spreadsheet import ImportReport
from tests.integration.factories import Org, make_employee, make_org, nip_for

TODAY = date(2025, 4, 1)


@pytest.fixture(autouse=True)
def _today(pin_today):
    """The services' own "today" is the test's."""
    pin_today(TODAY)


UNREADABLE = "File tidak dapat dibaca: pastikan file .xlsx atau .csv yang utuh dan tidak rusak."
FORMULAS = ("=HYPERLINK(\"http://contoh.invalid\",\"klik\")", "=cmd|' /C calc'!A0", "=1+1")


@dataclass(frozen=True)
class Target:
    name: str
    header: tuple[str, ...]
    good_row: Callable[[Org, Employee], tuple[str, ...]]
    run: Callable[[Session, Org, bytes, str], ImportReport | object]
    table: type


TARGETS = (
    Target(
        "pegawai",
        tuple(c for c in employee_import.COLUMNS if c not in employee_import.JF_COLUMNS),
        lambda org, staff: (nip_for(70), "Pegawai Baru", "", "", "PNS", "Penata (III/c)", str(org.staff.id), "2024-01-02"),
        lambda s, org, data, name: employee_import.import_employees(s, actor=org.actor, data=data, filename=name, today=TODAY),
        Employee,
    ),
    Target(
        "katalog",
        tuple(catalog.COLUMNS),
        lambda org, staff: (str(org.staff.id), "Menyusun laporan", "laporan", "60"),
        lambda s, org, data, name: catalog.import_catalog(s, actor=org.actor, data=data, filename=name),
        ActivityCatalogItem,
    ),
    Target(
        "kehadiran",
        attendance_records.COLUMNS,
        lambda org, staff: (staff.nip, "2025-03-03", "07:31", "16:05"),
        lambda s, org, data, name: attendance_records.import_attendance(s, actor=org.actor, data=data, filename=name, today=TODAY),
        AttendanceRecord,
    ),
)


def csv_bytes(rows, sep: str = ";") -> bytes:
    return "".join(sep.join(row) + "\n" for row in rows).encode()


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """A valid-looking .xlsx of a few hundred KB whose sheet expands to 60 MB."""
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes([("a",)])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in good.infolist():
            data = good.read(info.filename)
            if info.filename.endswith("sheet1.xml"):
                data = data.replace(b"</sheetData>", b" " * (60 * 1024 * 1024) + b"</sheetData>")
            bomb.writestr(info.filename, data)
    return buffer.getvalue()


def hostile_files(target: Target, org: Org, staff: Employee) -> dict[str, tuple[bytes, str]]:
    header, good = target.header, target.good_row(org, staff)
    good_xlsx = xlsx_bytes([header, good])
    many = 100_000
    formula_rows = [header, *[(formula, *good[1:]) for formula in FORMULAS], *[(good[0], formula, *good[2:]) for formula in FORMULAS]]
    return {
        "missing column": (csv_bytes([header[:-1], good[:-1]]), "a.csv"),
        "repeated column": (csv_bytes([(*header, header[0]), (*good, good[0])]), "a.csv"),
        "no header": (csv_bytes([good, good]), "a.csv"),
        "header only": (csv_bytes([header]), "a.csv"),
        "formula cells in csv": (csv_bytes(formula_rows), "a.csv"),
        "formula cells in xlsx": (xlsx_bytes(formula_rows), "a.xlsx"),
        "nul and 10k characters": (csv_bytes([header, (good[0], "A\x00B" + "x" * 10_000, *good[2:])]), "a.csv"),
        "100k rows csv": (csv_bytes([header, *[good] * many]), "a.csv"),
        "100k rows xlsx": (xlsx_bytes([header, *[good] * many]), "a.xlsx"),
        "truncated xlsx": (good_xlsx[: len(good_xlsx) // 2], "a.xlsx"),
        "garbage named xlsx": (b"PK\x03\x04" + b"\x00" * 200, "a.xlsx"),
        "csv named xlsx": (csv_bytes([header, good]), "a.xlsx"),
        "xlsx named csv": (good_xlsx, "a.csv"),
        "zip bomb": (zip_bomb(), "a.xlsx"),
        "latin-1 csv": (";".join(header).encode() + b"\n" + ";".join(good).encode() + "\n\u00c4".encode("latin-1"), "a.csv"),
        "unterminated quote": (csv_bytes([header, ('"' + good[0], *good[1:])]), "a.csv"),
        "empty csv": (b"", "a.csv"),
        "empty xlsx": (b"", "a.xlsx"),
        "legacy xls": (good_xlsx, "a.xls"),
        "executable": (b"MZ\x90\x00" + b"\x00" * 100, "a.exe"),
        "no extension": (csv_bytes([header, good]), "pegawai"),
        "oversized": (b"x" * (spreadsheet.MAX_BYTES + 1), "a.csv"),
    }


CASE_NAMES = (
    "missing column", "repeated column", "no header", "header only", "formula cells in csv", "formula cells in xlsx",
    "nul and 10k characters", "100k rows csv", "100k rows xlsx", "truncated xlsx", "garbage named xlsx", "csv named xlsx",
    "xlsx named csv", "zip bomb", "latin-1 csv", "unterminated quote", "empty csv", "empty xlsx", "legacy xls",
    "executable", "no extension", "oversized",
)


@pytest.fixture
def org(db: Session) -> tuple[Org, Employee]:
    org = make_org(db)
    staff = make_employee(db, position=org.staff, nip=nip_for(2), name="Staf Satu")
    db.commit()
    return org, staff


def counts(db: Session, table) -> tuple[int, int]:
    return tuple(db.exec(select(func.count()).select_from(model)).one() for model in (table, AuditEntry))


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_every_hostile_file_is_refused_with_a_report_and_writes_nothing(db, org, target):
    org, staff = org
    files = hostile_files(target, org, staff)
    assert tuple(files) == CASE_NAMES
    before = counts(db, target.table)
    outcomes = {}
    for case, (data, filename) in files.items():
        try:
            report = target.run(db, org, data, filename)
        except ValidationFailed as failed:
            assert list(failed.errors) == ["file"] and failed.errors["file"].strip(), case
            outcomes[case] = failed.errors["file"]
        else:
            assert report.errors, f"{case}: accepted"
            assert all(error.message.strip() for error in report.errors), case
            outcomes[case] = f"{len(report.errors)} baris bermasalah"
        db.rollback()
        assert counts(db, target.table) == before, f"{case} wrote something"
    limit = f"File berisi lebih dari {spreadsheet.MAX_ROWS:,} baris data; pecah menjadi beberapa file.".replace(",", ".")
    # 100,000 rows stop at the row limit, or earlier at the size limit when the rows are long.
    assert outcomes["100k rows xlsx"] == limit
    assert outcomes["100k rows csv"] == limit or outcomes["100k rows csv"].startswith("Ukuran file")
    assert outcomes["oversized"].startswith("Ukuran file")
    assert outcomes["zip bomb"] == "Isi file .xlsx terlalu besar untuk dibaca."
    assert outcomes["latin-1 csv"] == outcomes["xlsx named csv"] == "File CSV harus disimpan dengan encoding UTF-8 (di Excel: CSV UTF-8)."
    for case in ("truncated xlsx", "garbage named xlsx", "csv named xlsx", "unterminated quote"):
        assert outcomes[case] == UNREADABLE, case
    assert outcomes["empty csv"] == outcomes["empty xlsx"] == "File kosong: pilih file .xlsx atau .csv yang berisi data."
    for case in ("legacy xls", "executable"):
        assert outcomes[case].startswith("Format file harus .xlsx atau .csv"), case
    assert outcomes["missing column"].startswith("Kolom wajib tidak ada")
    assert outcomes["repeated column"].startswith("Kolom berikut muncul lebih dari sekali")


# Exports: text stays text


HOSTILE_TEXT = ('=HYPERLINK("http://contoh.invalid","klik")', "=cmd|' /C calc'!A0", "+SUM(1,1)", "-2+3", "@SUM(A1)")


def formulas_in(xlsx: bytes) -> list[str]:
    """Every formula element in every sheet of the workbook."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return [
            name for name in archive.namelist()
            if name.startswith("xl/worksheets/") and (b"<f>" in archive.read(name) or b"<f " in archive.read(name))
        ]


def text_cells(xlsx: bytes) -> set[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx))  # formulas would come back as "=..." with data_type "f"
    return {
        cell.value for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
        if isinstance(cell.value, str) and cell.data_type == "s"
    }


def test_exports_keep_formula_like_text_as_text(db, org):
    """Values stored before any rule existed (or typed with + - @, which are allowed) are exported
    as text cells: a spreadsheet opening the export never evaluates them."""
    org, _ = org
    for n, value in enumerate(HOSTILE_TEXT, start=10):
        make_employee(db, position=org.staff, nip=nip_for(n), name=value)
        db.add(ActivityCatalogItem(position_id=org.staff.id, name=value, output_unit=value[:40], standard_minutes=30))
    db.commit()
    for exported in (
        employee_import.export_employees_xlsx(db, actor=org.actor),
        catalog.export_catalog_xlsx(db, actor=org.actor),
    ):
        assert formulas_in(exported) == []
        assert set(HOSTILE_TEXT) <= text_cells(exported)


def test_formatted_recaps_keep_formula_like_text_as_text():
    import pandas as pd

    from ekinerja.reports.excel import Sheet, workbook_bytes
    from ekinerja.reports.pdf import Stamp

    frame = pd.DataFrame({"Nama": list(HOSTILE_TEXT), "TPP": [1000] * len(HOSTILE_TEXT)})
    stamp = Stamp("=Admin", "198106142017071353", datetime(2026, 11, 23, 9, 0), "Asia/Makassar", "November 2026")
    exported = workbook_bytes([Sheet("Rekap", "=Rekap", frame, money=("TPP",))], stamp=stamp)
    assert formulas_in(exported) == []
    assert set(HOSTILE_TEXT) <= text_cells(exported)
