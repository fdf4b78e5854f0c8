"""Importing pegawai from a spreadsheet (all or nothing) and exporting them to Excel.

Every cell is read as text so that an 18-digit NIP is never turned into a float.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import PurePath
from typing import NamedTuple

import pandas as pd
from openpyxl.utils import get_column_letter
from sqlmodel import Session

from ekinerja.access import Actor
from ekinerja.domain.nip import normalize_nip
from ekinerja.domain.validation import (
    EmployeeData,
    EmployeeForm,
    ValidationFailed,
    to_int,
    validate_employee,
)
from ekinerja.models.base import local_today
from ekinerja.services import audit
from ekinerja.services.employees import (
    NIP_TAKEN,
    all_employee_rows,
    insert_employee,
    position_problem,
    positions_of_instansi,
    taken_nips,
)
from ekinerja.services.org import bump_org_revision
from ekinerja.services.org_admin import require_admin

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # an .xlsx is a zip; bounds what a small upload may expand to
# The first password is the first 8 digits of the NIP, the login name itself, so a costly
# hash protects nothing here; login rehashes at the configured cost (like the demo seed's
# accounts) and the employee must then choose a password. bcrypt's minimum cost keeps
# 20,000 rows to seconds instead of more than an hour.
IMPORT_PASSWORD_ROUNDS = 4

# Column in the file -> EmployeeForm field.
COLUMNS = {
    "nip": "nip",
    "nama": "name",
    "gelar_depan": "gelar_depan",
    "gelar_belakang": "gelar_belakang",
    "status": "status",
    "pangkat_golongan": "pangkat_golongan",
    "jabatan_id": "position_id",
    "tmt_jabatan": "start_date",
}
FIELD_COLUMNS = {field: column for column, field in COLUMNS.items()}
OPTIONAL_COLUMNS = frozenset({"gelar_depan", "gelar_belakang"})
NIP_AS_NUMBER = (
    "NIP tersimpan sebagai angka, sehingga Excel bisa sudah mengubah digit terakhirnya. "
    "Format kolom NIP sebagai Teks lalu ketik ulang NIP-nya."
)
EXPORT_COLUMNS = ("NIP", "Nama Lengkap", "Status", "Pangkat/Golongan", "Jabatan", "Unit Kerja", "Aktif")

_NUMBER = object()  # stands for an NIP cell that Excel holds as a number


class RowError(NamedTuple):
    row: int  # as the spreadsheet shows it: the header is row 1
    column: str
    message: str


@dataclass(frozen=True)
class ImportReport:
    total_rows: int
    errors: list[RowError]
    created: int


@dataclass(frozen=True)
class _Row:
    number: int
    cells: dict[str, str]
    nip_is_number: bool


def _fail(message: str) -> ValidationFailed:
    return ValidationFailed({"file": message})


def _column_key(label: object) -> str:
    """'Pangkat Golongan ' and 'pangkat_golongan' name the same column."""
    return "_".join(str(label).strip().lower().replace("-", " ").split())


def _nip_cell(value: object) -> object:
    return value if isinstance(value, str) else _NUMBER


def _read_xlsx(data: bytes) -> pd.DataFrame:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
            raise _fail("Isi file .xlsx terlalu besar untuk dibaca.")
    labels = list(pd.read_excel(BytesIO(data), nrows=0, engine="openpyxl").columns)
    nip_labels = [label for label in labels if _column_key(label) == "nip"]
    # The NIP column gets a converter instead of dtype=str, to see which cells are numbers.
    return pd.read_excel(
        BytesIO(data),
        engine="openpyxl",
        dtype={label: str for label in labels if label not in nip_labels},
        converters={label: _nip_cell for label in nip_labels},
        keep_default_na=False,
        nrows=MAX_ROWS + 1,
    )


def _read_csv(data: bytes) -> pd.DataFrame:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _fail("File CSV harus disimpan dengan encoding UTF-8 (di Excel: CSV UTF-8).") from None
    return pd.read_csv(
        BytesIO(text.encode()),
        dtype=str,
        keep_default_na=False,
        sep=None,  # sniffed: Excel in an Indonesian locale writes ";" rather than ","
        engine="python",
        skip_blank_lines=False,  # keeps row numbers equal to the spreadsheet's
        nrows=MAX_ROWS + 1,
    )


def _read_rows(data: bytes, filename: str) -> list[_Row]:
    if len(data) > MAX_BYTES:
        raise _fail(f"Ukuran file {len(data) / 1024 / 1024:.1f} MB melebihi batas 5 MB.")
    suffix = PurePath(filename).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise _fail(f"Format file harus .xlsx atau .csv (yang diunggah: {suffix or 'tanpa ekstensi'}).")
    try:
        frame = _read_xlsx(data) if suffix == ".xlsx" else _read_csv(data)
    except ValidationFailed:
        raise
    except Exception:  # parsers fail in many ways; all mean the same to the user
        raise _fail("File tidak dapat dibaca: pastikan file .xlsx atau .csv yang utuh dan tidak rusak.") from None
    if len(frame) > MAX_ROWS:
        raise _fail(f"File berisi lebih dari {MAX_ROWS:,} baris data; pecah menjadi beberapa file.".replace(",", "."))
    keys = [_column_key(label) for label in frame.columns]
    repeated = sorted({key for key in keys if key in COLUMNS and keys.count(key) > 1})
    if repeated:
        raise _fail(f"Kolom berikut muncul lebih dari sekali: {', '.join(repeated)}.")
    missing = [column for column in COLUMNS if column not in keys and column not in OPTIONAL_COLUMNS]
    if missing:
        raise _fail(f"Kolom wajib tidak ada: {', '.join(missing)}. Gunakan baris judul dari templat impor.")
    frame.columns = keys
    frame = frame[[column for column in COLUMNS if column in keys]].fillna("")
    rows = []
    for index, record in enumerate(frame.to_dict("records")):
        nip_is_number = record["nip"] is _NUMBER
        cells = {column: str(record.get(column, "")).strip() for column in COLUMNS}
        if nip_is_number:
            cells["nip"] = ""
        # A real date cell arrives as "YYYY-MM-DD 00:00:00".
        cells["tmt_jabatan"] = re.sub(r"^([0-9]{4}-[0-9]{2}-[0-9]{2}) 00:00:00$", r"\1", cells["tmt_jabatan"])
        if nip_is_number or any(cells.values()):
            rows.append(_Row(number=index + 2, cells=cells, nip_is_number=nip_is_number))
    if not rows:
        raise _fail("File tidak berisi baris data pegawai.")
    return rows


def _check_rows(
    session: Session, rows: list[_Row], *, instansi_id: int, today: date
) -> tuple[list[EmployeeData], list[RowError]]:
    """Cleaned employees and every problem, one message per cell, in sheet order."""
    taken = taken_nips(session, (normalize_nip(row.cells["nip"]) for row in rows))
    position_ids = [to_int(row.cells["jabatan_id"]) for row in rows]
    positions = positions_of_instansi(
        session, [pid for pid in position_ids if pid is not None], instansi_id=instansi_id
    )
    first_row_of: dict[str, int] = {}
    cleaned: list[EmployeeData] = []
    errors: list[RowError] = []
    columns = list(COLUMNS)
    for row, position_id in zip(rows, position_ids, strict=True):
        form = EmployeeForm(**{field: row.cells[column] for column, field in COLUMNS.items()})
        data, problems = validate_employee(form, today=today, new=True)
        found = {FIELD_COLUMNS[field]: message for field, message in problems.items()}
        if row.nip_is_number:
            found["nip"] = NIP_AS_NUMBER
        nip = normalize_nip(row.cells["nip"])
        if nip in first_row_of:
            found.setdefault("nip", f"NIP sama dengan baris {first_row_of[nip]}.")
        elif nip:
            first_row_of[nip] = row.number
        if nip in taken:
            found.setdefault("nip", NIP_TAKEN)
        if position_id is not None and (problem := position_problem(position_id, positions)):
            found.setdefault("jabatan_id", problem)
        errors.extend(RowError(row.number, column, found[column]) for column in sorted(found, key=columns.index))
        if not found:
            cleaned.append(data)
    return cleaned, errors


def import_employees(
    session: Session, *, actor: Actor, data: bytes, filename: str, today: date | None = None
) -> ImportReport:
    """Create every employee in the file, or none when any row has a problem.

    Problems with the file itself raise ValidationFailed on the field "file"; problems
    in rows come back in the report, and then nothing has been written.
    """
    instansi_id = require_admin(actor)
    rows = _read_rows(data, filename)
    cleaned, errors = _check_rows(session, rows, instansi_id=instansi_id, today=today or local_today())
    if errors:
        return ImportReport(total_rows=len(rows), errors=errors, created=0)
    for employee in cleaned:
        insert_employee(session, actor=actor, data=employee, password_rounds=IMPORT_PASSWORD_ROUNDS)
    bump_org_revision(session)
    audit.record(
        session,
        actor_id=actor.employee_id,
        action="import",
        entity="employee",
        detail=f"{PurePath(filename).name}: {len(cleaned)} pegawai dibuat",
    )
    return ImportReport(total_rows=len(rows), errors=[], created=len(cleaned))


def _xlsx_bytes(frame: pd.DataFrame, *, sheet: str) -> bytes:
    """An .xlsx whose text stays text: no value becomes a formula, no NIP a number."""
    buffer = BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=sheet)
        worksheet = writer.sheets[sheet]
        for column_cells in worksheet.iter_cols():
            for cell in column_cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # openpyxl would store "=..." as a formula
                    cell.number_format = "@"
            letter = get_column_letter(column_cells[0].column)
            worksheet.column_dimensions[letter].number_format = "@"  # rows typed in later stay text too
            worksheet.column_dimensions[letter].width = min(60, max(len(str(c.value or "")) for c in column_cells) + 2)
    return buffer.getvalue()


def export_employees_xlsx(session: Session, *, actor: Actor) -> bytes:
    """Every employee of the admin's instansi, NIP as text."""
    rows = all_employee_rows(session, actor=actor)
    frame = pd.DataFrame(
        [
            (
                row.nip,
                row.full_name,
                row.status,
                row.pangkat_golongan,
                row.position_name,
                row.unit_name,
                "Ya" if row.active else "Tidak",
            )
            for row in rows
        ],
        columns=list(EXPORT_COLUMNS),
    )
    audit.record(session, actor_id=actor.employee_id, action="export", entity="employee", detail=f"{len(rows)} pegawai")
    return _xlsx_bytes(frame, sheet="Pegawai")


def import_template_xlsx() -> bytes:
    """The import's header row and one example row."""
    example = {
        "nip": "199203142019032007",
        "nama": "Nur Aisyah",
        "gelar_depan": "",
        "gelar_belakang": "S.Kom.",
        "status": "PNS",
        "pangkat_golongan": "Penata Muda (III/a)",
        "jabatan_id": "1",
        "tmt_jabatan": "2024-01-02",
    }
    return _xlsx_bytes(pd.DataFrame([example], columns=list(COLUMNS)), sheet="Pegawai")
