"""Importing pegawai from a spreadsheet (all or nothing) and exporting them to Excel.

Every cell is read as text so that an 18-digit NIP is never turned into a float.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePath

import pandas as pd
from sqlmodel import Session

from ekinerja.access import Actor
from ekinerja.clock import local_today
from ekinerja.domain.nip import normalize_nip
from ekinerja.domain.validation import (
    EmployeeData,
    EmployeeForm,
    position_problem,
    to_int,
    validate_employee,
)
from ekinerja.services import audit, spreadsheet
from ekinerja.services.conflicts import IMPORTED_MEANWHILE, one_outcome
from ekinerja.services.employees import (
    NIP_TAKEN,
    all_employee_rows,
    insert_employee,
    positions_of_instansi,
    taken_nips,
)
from ekinerja.services.org import bump_org_revision
from ekinerja.services.org_admin import require_admin
from ekinerja.services.spreadsheet import (  # RowError and ImportReport stay importable from here
    ImportReport,
    RowError,
    SheetRow,
)

MAX_BYTES = spreadsheet.MAX_BYTES
MAX_ROWS = spreadsheet.MAX_ROWS
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
    "jenjang_jf": "jf_jenjang",
    "tmt_jenjang_jf": "jf_tmt",
    "angka_kredit_awal": "jf_angka_kredit_awal",
}
# Jabatan fungsional (for angka kredit): optional, last, blank for everyone else.
JF_COLUMNS = ("jenjang_jf", "tmt_jenjang_jf", "angka_kredit_awal")
OPTIONAL_COLUMNS = frozenset({"gelar_depan", "gelar_belakang", *JF_COLUMNS})
NIP_AS_NUMBER = (
    "NIP tersimpan sebagai angka, sehingga Excel bisa sudah mengubah digit terakhirnya. "
    "Format kolom NIP sebagai Teks lalu ketik ulang NIP-nya."
)
EXPORT_COLUMNS = ("NIP", "Nama Lengkap", "Status", "Pangkat/Golongan", "Jabatan", "Unit Kerja", "Aktif")


def _read_rows(data: bytes, filename: str) -> list[SheetRow]:
    return spreadsheet.read_rows(
        data,
        filename,
        columns=list(COLUMNS),
        optional=OPTIONAL_COLUMNS,
        text_only=("nip",),
        date_columns=("tmt_jabatan", "tmt_jenjang_jf"),
        max_rows=MAX_ROWS,
        no_rows_message="File tidak berisi baris data pegawai.",
    )


def _check_rows(
    session: Session, rows: list[SheetRow], *, instansi_id: int, today: date
) -> tuple[list[EmployeeData], list[RowError]]:
    """Cleaned employees and every problem, one message per cell, in sheet order."""
    taken = taken_nips(session, nips=(normalize_nip(row.cells["nip"]) for row in rows))
    position_ids = [to_int(row.cells["jabatan_id"]) for row in rows]
    positions = positions_of_instansi(
        session, position_ids=[pid for pid in position_ids if pid is not None], instansi_id=instansi_id
    )
    first_row_of: dict[object, int] = {}
    cleaned: list[EmployeeData] = []
    errors: list[RowError] = []
    columns = list(COLUMNS)
    for row, position_id in zip(rows, position_ids, strict=True):
        data, found = spreadsheet.validated_row(row, COLUMNS, lambda fields: validate_employee(EmployeeForm(**fields), today=today, new=True))
        if "nip" in row.numbers:
            found["nip"] = NIP_AS_NUMBER
        nip = normalize_nip(row.cells["nip"])
        if nip and (earlier := spreadsheet.duplicate_of(first_row_of, nip, row.number)):
            found.setdefault("nip", f"NIP sama dengan baris {earlier}.")
        if nip in taken:
            found.setdefault("nip", NIP_TAKEN)
        if position_id is not None and (problem := position_problem(position_id, positions)):
            found.setdefault("jabatan_id", problem)
        errors.extend(spreadsheet.row_errors(row.number, found, columns))
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
    with one_outcome(session, field="file", message=IMPORTED_MEANWHILE):
        for employee in cleaned:
            insert_employee(session, actor=actor, data=employee, password_rounds=IMPORT_PASSWORD_ROUNDS)
    bump_org_revision(session)
    audit.write(
        session, actor=actor, action="import", entity="employee",
        detail=f"{PurePath(filename).name}: {len(cleaned)} pegawai dibuat",
    )
    return ImportReport(total_rows=len(rows), errors=[], created=len(cleaned))


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
    audit.write(session, actor=actor, action="export", entity="employee", detail=f"{len(rows)} pegawai")
    return spreadsheet.xlsx_bytes(frame, sheet="Pegawai")


def import_template_xlsx() -> bytes:
    """The import's header row and an example row for each layout: a NIP PNS and a NI PPPK."""
    examples = [
        {
            "nip": "199203142019032007",
            "nama": "Nur Aisyah",
            "gelar_depan": "",
            "gelar_belakang": "S.Kom.",
            "status": "PNS",
            "pangkat_golongan": "Penata Muda (III/a)",
            "jabatan_id": "1",
            "tmt_jabatan": "2024-01-02",
            "jenjang_jf": "Ahli Pertama",
            "tmt_jenjang_jf": "2024-01-01",
            "angka_kredit_awal": "0",
        },
        {
            "nip": "199503112023211004",
            "nama": "Muhammad Fadli",
            "gelar_depan": "",
            "gelar_belakang": "S.T.",
            "status": "PPPK",
            "pangkat_golongan": "Golongan IX",
            "jabatan_id": "1",
            "tmt_jabatan": "2024-03-01",
            "jenjang_jf": "",
            "tmt_jenjang_jf": "",
            "angka_kredit_awal": "",
        },
    ]
    return spreadsheet.xlsx_bytes(pd.DataFrame(examples, columns=list(COLUMNS)), sheet="Pegawai")
