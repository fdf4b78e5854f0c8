"""Importing employees from .xlsx/.csv (all or nothing) and exporting them to Excel."""

from __future__ import annotations

import io
from collections import Counter

import openpyxl
import pandas as pd
import pytest
from sqlmodel import func, select

from ekinerja.access import AccessDenied
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import AuditEntry, Employee, PositionAssignment
from ekinerja.services import auth, employee_import
from ekinerja.services.employee_import import RowError
from tests.integration.factories import actor_for, make_employee, make_org, nip_for

HEADER = ["nip", "nama", "gelar_depan", "gelar_belakang", "status", "pangkat_golongan", "jabatan_id", "tmt_jabatan"]


@pytest.fixture
def org(db):
    return make_org(db)


def row(org, sequence: int, **changes) -> dict:
    values = {
        "nip": nip_for(sequence, birth="19900101"),
        "nama": f"Pegawai {sequence}",
        "gelar_depan": "",
        "gelar_belakang": "S.E.",
        "status": "PNS",
        "pangkat_golongan": "Penata Muda (III/a)",
        "jabatan_id": str(org.staff.id),
        "tmt_jabatan": "2024-01-02",
    }
    values.update(changes)
    return values


def xlsx(rows: list[list]) -> bytes:
    """Raw cells as given: strings stay text, ints and floats become Excel numbers."""
    workbook = openpyxl.Workbook()
    for values in rows:
        workbook.active.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv(rows: list[dict], header=HEADER, sep=",") -> bytes:
    return pd.DataFrame(rows, columns=header).to_csv(index=False, sep=sep).encode()


def employee_count(db) -> int:
    return db.exec(select(func.count()).select_from(Employee)).one()


def run_import(db, org, data: bytes, filename: str):
    return employee_import.import_employees(db, actor=org.actor, data=data, filename=filename)


def test_good_xlsx_creates_every_row(db, org):
    rows = [HEADER] + [list(row(org, n).values()) for n in range(1, 4)]
    report = run_import(db, org, xlsx(rows), "pegawai.xlsx")
    db.commit()
    assert report == employee_import.ImportReport(total_rows=3, errors=[], created=3)
    assert employee_count(db) == 4
    imported = db.exec(select(Employee).where(Employee.nip == nip_for(2, birth="19900101"))).one()
    assert imported.must_change_password and imported.gelar_belakang == "S.E."
    assignment = db.exec(select(PositionAssignment).where(PositionAssignment.employee_id == imported.id)).one()
    assert (assignment.position_id, assignment.start_date.isoformat()) == (org.staff.id, "2024-01-02")
    assert auth.login(db, nip=imported.nip, password=imported.nip[:8]).token
    assert (
        db.exec(select(AuditEntry).where(AuditEntry.action == "import")).one().detail
        == "pegawai.xlsx: 3 pegawai dibuat"
    )


def test_one_bad_row_writes_nothing_and_names_row_and_column(db, org):
    rows = [row(org, 1), row(org, 2, status="Honorer"), row(org, 3)]
    report = run_import(db, org, csv(rows), "pegawai.csv")
    assert report.created == 0 and report.total_rows == 3
    assert report.errors == [RowError(3, "status", "Status kepegawaian harus PNS atau PPPK (yang diisi: Honorer).")]
    assert employee_count(db) == 1


def test_every_problem_is_reported_per_cell(db, org):
    other = make_org(db, code="JATENG", birth="19860101")
    rows = [
        row(org, 1),
        row(org, 2, nip=nip_for(1, birth="19900101")),  # same NIP as the row above
        row(org, 3, nip=org.admin.nip),  # already in the database
        row(org, 4, jabatan_id=str(other.staff.id), tmt_jabatan="31-12-2024"),
        row(org, 5, nip='=HYPERLINK("http://x")', nama=""),
    ]
    report = run_import(db, org, csv(rows, sep=";"), "pegawai.csv")
    assert report.created == 0
    assert report.errors == [
        RowError(3, "nip", "NIP sama dengan baris 2."),
        RowError(4, "nip", "NIP sudah terdaftar."),
        RowError(5, "jabatan_id", f"Jabatan dengan id {other.staff.id} tidak ditemukan di instansi Anda."),
        RowError(
            5, "tmt_jabatan", "TMT jabatan harus berformat TTTT-BB-HH, misalnya 2025-01-31 (yang diisi: 31-12-2024)."
        ),
        RowError(6, "nip", "NIP hanya boleh berisi angka."),
        RowError(6, "nama", "Nama wajib diisi."),
    ]


def test_headers_are_matched_ignoring_case_and_spaces_and_blank_rows_keep_row_numbers(db, org):
    header = ["NIP", " Nama ", "Status", "Pangkat Golongan", "Jabatan ID", "TMT Jabatan", "Catatan"]
    good = row(org, 1)
    cells = [
        good["nip"],
        good["nama"],
        good["status"],
        good["pangkat_golongan"],
        good["jabatan_id"],
        good["tmt_jabatan"],
        "x",
    ]
    bad = [nip_for(2, birth="19900101"), cells[1], "X", *cells[3:]]
    report = run_import(db, org, xlsx([header, cells, [None] * 7, bad]), "pegawai.xlsx")
    assert report.errors == [RowError(4, "status", "Status kepegawaian harus PNS atau PPPK (yang diisi: X).")]
    assert report.total_rows == 2


def test_nips_stay_exact_in_xlsx(db, org):
    """Text NIPs keep every digit; NIPs Excel holds as numbers are refused, never guessed."""
    base = row(org, 1)
    text_nip = ["198001012006042123", *list(base.values())[1:]]
    number_nip = [int(nip_for(2, birth="19900101")), *list(base.values())[1:]]
    float_nip = [1.99001012010011e17, *list(base.values())[1:]]
    report = run_import(db, org, xlsx([HEADER, text_nip, number_nip, float_nip]), "pegawai.xlsx")
    assert report.errors == [
        RowError(3, "nip", employee_import.NIP_AS_NUMBER),
        RowError(4, "nip", employee_import.NIP_AS_NUMBER),
    ]
    report = run_import(db, org, xlsx([HEADER, text_nip]), "pegawai.xlsx")
    assert report.created == 1
    assert db.exec(select(Employee.nip).where(Employee.name == base["nama"])).one() == "198001012006042123"


def test_real_date_cells_are_accepted(db, org):
    import datetime

    values = list(row(org, 1).values())
    values[-1] = datetime.datetime(2024, 1, 2)
    assert run_import(db, org, xlsx([HEADER, values]), "pegawai.xlsx").created == 1


@pytest.mark.parametrize(
    "data,filename,message",
    [
        (b"nip,nama\n", "pegawai.xls", "Format file harus .xlsx atau .csv (yang diunggah: .xls)."),
        (
            b"PK\x03\x04 not really a zip",
            "pegawai.xlsx",
            "File tidak dapat dibaca: pastikan file .xlsx atau .csv yang utuh dan tidak rusak.",
        ),
        (b"x" * (5 * 1024 * 1024 + 1), "pegawai.csv", "Ukuran file 5.0 MB melebihi batas 5 MB."),
        (
            b"nip,nama,status\n198503152010011001,A,PNS\n",
            "pegawai.csv",
            "Kolom wajib tidak ada: pangkat_golongan, jabatan_id, tmt_jabatan. Gunakan baris judul dari templat impor.",
        ),
        (",".join(HEADER).encode() + b"\n", "pegawai.csv", "File tidak berisi baris data pegawai."),
        (
            "nip,nama\nÄ,B\n".encode("latin-1"),
            "pegawai.csv",
            "File CSV harus disimpan dengan encoding UTF-8 (di Excel: CSV UTF-8).",
        ),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(db, org, data, filename, message):
    with pytest.raises(ValidationFailed) as failed:
        run_import(db, org, data, filename)
    assert failed.value.errors == {"file": message}
    assert employee_count(db) == 1


def test_too_many_rows(db, org, monkeypatch):
    monkeypatch.setattr(employee_import, "MAX_ROWS", 2)
    with pytest.raises(ValidationFailed) as failed:
        run_import(db, org, csv([row(org, n) for n in range(1, 4)]), "pegawai.csv")
    assert failed.value.errors == {"file": "File berisi lebih dari 2 baris data; pecah menjadi beberapa file."}


def test_only_admins_import_and_export(db, org):
    staff = make_employee(db, position=org.staff, nip=nip_for(2))
    with pytest.raises(AccessDenied):
        employee_import.import_employees(db, actor=actor_for(db, staff), data=csv([row(org, 3)]), filename="a.csv")
    with pytest.raises(AccessDenied):
        employee_import.export_employees_xlsx(db, actor=actor_for(db, staff))


def test_export_round_trip_keeps_nips_as_18_character_text(db, org):
    make_employee(db, position=org.staff, nip=nip_for(2), name="=1+1")
    db.commit()
    data = employee_import.export_employees_xlsx(db, actor=org.actor)
    frame = pd.read_excel(io.BytesIO(data), dtype=str)
    assert list(frame.columns) == list(employee_import.EXPORT_COLUMNS)
    # Exact digits: a number cell would have come back rounded (…008 for …001).
    assert sorted(frame["NIP"]) == sorted([org.admin.nip, nip_for(2)])
    assert all(isinstance(nip, str) and len(nip) == 18 for nip in frame["NIP"])
    assert "=1+1" in set(frame["Nama Lengkap"])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert {cell.data_type for cell in sheet["A"]} == {"s"}  # text cells, so Excel keeps every digit
    assert {cell.data_type for cell in sheet["B"]} == {"s"}  # "=1+1" is text, not a formula
    assert sheet["A2"].number_format == "@"


def test_template_reimports_once_its_example_points_at_a_real_position(db, org):
    frame = pd.read_excel(io.BytesIO(employee_import.import_template_xlsx()), dtype=str, keep_default_na=False)
    assert list(frame.columns) == [*HEADER, *employee_import.JF_COLUMNS] and list(frame["status"]) == ["PNS", "PPPK"]
    frame["jabatan_id"] = str(org.staff.id)
    report = run_import(db, org, frame.to_csv(index=False).encode(), "templat.csv")
    assert report.created == 2


# An agency's own sheet: headers as people type them, NIPs pasted as printed (spaces), statuses in
# any case, real date cells, PNS and PPPK mixed (a second contract, a PPPK paruh waktu number).
MIXED_SHEET = [
    ("19850315 201001 1 003", "Andi Baso", "", "S.Kom.", "PNS", "Penata (III/c)", "2019-01-02"),
    ("198507182022212013", "Nurhayati", "", "S.Pd.", "PPPK", "Golongan IX", "2022-03-01"),
    ("199503112023211004", "Muhammad Fadli", "", "S.T.", "pppk", "Golongan IX", "2023-04-01"),
    ("197812042005012008", "Hasnah", "Dr.", "M.Si.", "pns", "Pembina (IV/a)", "2015-07-01"),
    ("1992 0314 2019 03 2 007", "Sitti Aminah", "", "A.Md.", "PNS", "Pengatur (II/c)", "2019-03-01"),
    ("198811232021222001", "Rahmat Hidayat", "", "S.E.", "PPPK", "Golongan IX", "2023-01-02"),
    ("199009132025242014", "Andi Tenri", "", "", "PPPK", "Golongan V", "2025-10-01"),
    ("200001252024211017", "Fajar Ramadhan", "", "S.Kom.", " PPPK ", "Golongan IX", "2024-06-01"),
]


def test_a_mixed_pns_and_pppk_sheet_imports_cleanly(db, org, pin_today):
    import datetime

    pin_today(datetime.date(2026, 3, 11))
    header = ["NIP", "Nama", "Gelar Depan", "Gelar Belakang", "Status", "Pangkat/Golongan", "Jabatan ID", "TMT Jabatan"]
    sheet = [header] + [
        [nip, nama, depan, belakang, status, pangkat, str(org.staff.id), datetime.datetime.fromisoformat(tmt)]
        for nip, nama, depan, belakang, status, pangkat, tmt in MIXED_SHEET
    ]
    report = run_import(db, org, xlsx(sheet), "pegawai-bkd.xlsx")
    db.commit()
    assert report == employee_import.ImportReport(total_rows=8, errors=[], created=8)
    stored = dict(db.exec(select(Employee.nip, Employee.status).where(Employee.id != org.admin.id)).all())
    assert stored == {
        "198503152010011003": "PNS", "198507182022212013": "PPPK", "199503112023211004": "PPPK",
        "197812042005012008": "PNS", "199203142019032007": "PNS", "198811232021222001": "PPPK",
        "199009132025242014": "PPPK", "200001252024211017": "PPPK",
    }
    assert auth.login(db, nip="198507182022212013", password="19850718").token
    exported = pd.read_excel(io.BytesIO(employee_import.export_employees_xlsx(db, actor=org.actor)), dtype=str)
    assert Counter(exported["Status"]) == Counter({"PNS": 4, "PPPK": 5})


def test_a_pppk_row_with_a_pns_number_is_named_by_row_column_and_digit(db, org):
    rows = [row(org, 1), row(org, 2, status="PPPK"), row(org, 3, nip="198507182022212013")]
    report = run_import(db, org, csv(rows), "pegawai.csv")
    assert report.created == 0
    assert [(e.row, e.column) for e in report.errors] == [(3, "nip"), (4, "nip")]
    assert report.errors[0].message.startswith("Digit ke-13 NI PPPK harus 2 (kode PPPK), tertulis 0.")
    assert report.errors[1].message == (
        "Digit 13-14 NIP PNS harus bulan TMT CPNS 01-12, tertulis 21. Nomor ini sesuai pola NI PPPK: periksa status kepegawaian."
    )
