from datetime import date

import pytest

from ekinerja.domain.validation import (
    AnnouncementForm,
    EmployeeForm,
    MoveForm,
    PositionForm,
    UnitForm,
    ValidationFailed,
    ensure_valid,
    to_int,
    validate_announcement,
    validate_employee,
    validate_move,
    validate_position,
    validate_unit,
)

TODAY = date(2025, 6, 15)
NIP = "198503152010011001"


def test_ensure_valid_returns_cleaned_or_raises_with_errors():
    assert ensure_valid(("x", {})) == "x"
    with pytest.raises(ValidationFailed) as failed:
        ensure_valid((None, {"name": "Nama wajib diisi."}))
    assert failed.value.errors == {"name": "Nama wajib diisi."}


@pytest.mark.parametrize(
    "raw,expected", [("12", 12), (" 007 ", 7), ("", None), ("-1", None), ("1.5", None), ("٣", None), ("9" * 19, None)]
)
def test_to_int(raw, expected):
    assert to_int(raw) == expected


# Units


def test_unit_good_is_trimmed():
    data, errors = validate_unit(
        UnitForm(code=" 4.01 ", name="  Bidang   Mutasi ", level="Bidang", parent_id="3"), parent_level="opd"
    )
    assert errors == {}
    assert (data.code, data.name, data.level, data.parent_id, data.active) == (
        "4.01",
        "Bidang Mutasi",
        "bidang",
        3,
        True,
    )


def test_instansi_has_no_parent():
    data, errors = validate_unit(UnitForm(code="SULSEL", name="Pemprov", level="instansi"), parent_level=None)
    assert errors == {} and data.parent_id is None
    _, errors = validate_unit(UnitForm(code="X", name="X", level="instansi", parent_id="1"), parent_level="instansi")
    assert errors == {"parent_id": "Unit tingkat instansi tidak boleh memiliki unit induk."}


@pytest.mark.parametrize(
    "level,parent_id,parent_level,message",
    [
        ("opd", "", None, "Unit tingkat OPD wajib berada di bawah unit tingkat instansi."),
        ("bidang", "9", None, "Unit induk tidak ditemukan di instansi Anda."),
        (
            "subbidang",
            "2",
            "opd",
            "Unit tingkat sub-bidang harus berada langsung di bawah unit tingkat bidang, bukan OPD.",
        ),
        ("opd", "abc", None, "Unit induk harus berupa nomor id (angka), bukan 'abc'."),
    ],
)
def test_unit_parent_must_be_one_level_up(level, parent_id, parent_level, message):
    data, errors = validate_unit(
        UnitForm(code="A1", name="A", level=level, parent_id=parent_id), parent_level=parent_level
    )
    assert data is None
    assert errors == {"parent_id": message}


def test_unit_bad_fields():
    _, errors = validate_unit(UnitForm(code="a b", name="", level="seksi"), parent_level=None)
    assert errors == {
        "code": "Kode unit hanya boleh berisi huruf, angka, titik, tanda hubung dan garis bawah, tanpa spasi.",
        "name": "Nama unit wajib diisi.",
        "level": "Tingkat unit harus instansi, opd, bidang atau subbidang (yang diisi: seksi).",
    }
    _, errors = validate_unit(UnitForm(code="X" * 31, name="=cmd", level=""), parent_level=None)
    assert errors == {
        "code": "Kode unit maksimal 30 karakter (yang diisi 31).",
        "name": "Nama unit tidak boleh diawali tanda '='.",
        "level": "Tingkat unit wajib dipilih.",
    }


# Positions


def test_position_good():
    form = PositionForm(
        name=" Kepala Bidang ", kind="Struktural", eselon="iii.a", kelas_jabatan="11", unit_id="4", reports_to_id="2"
    )
    data, errors = validate_position(form)
    assert errors == {}
    assert (data.name, data.kind, data.eselon, data.kelas_jabatan, data.unit_id, data.reports_to_id) == (
        "Kepala Bidang",
        "struktural",
        "III.a",
        11,
        4,
        2,
    )
    data, errors = validate_position(PositionForm(name="Analis", kind="fungsional", kelas_jabatan="8", unit_id="4"))
    assert errors == {} and data.eselon is None and data.reports_to_id is None


@pytest.mark.parametrize(
    "kelas,message",
    [
        ("", "Kelas jabatan wajib diisi."),
        ("0", "Kelas jabatan harus 1-17."),
        ("18", "Kelas jabatan harus 1-17."),
        ("7.5", "Kelas jabatan harus 1-17."),
    ],
)
def test_position_kelas(kelas, message):
    _, errors = validate_position(PositionForm(name="A", kind="pelaksana", kelas_jabatan=kelas, unit_id="1"))
    assert errors == {"kelas_jabatan": message}


def test_position_eselon_rules():
    _, errors = validate_position(
        PositionForm(name="A", kind="pelaksana", eselon="IV.a", kelas_jabatan="5", unit_id="1")
    )
    assert errors == {"eselon": "Eselon hanya boleh diisi untuk jabatan struktural."}
    _, errors = validate_position(
        PositionForm(name="A", kind="struktural", eselon="V.a", kelas_jabatan="5", unit_id="1")
    )
    assert errors == {"eselon": "Eselon harus I.a, I.b, II.a, II.b, III.a, III.b, IV.a atau IV.b (yang diisi: V.a)."}


def test_position_required_fields():
    _, errors = validate_position(PositionForm(kelas_jabatan="3", reports_to_id="x"))
    assert errors == {
        "name": "Nama jabatan wajib diisi.",
        "kind": "Jenis jabatan wajib dipilih.",
        "unit_id": "Unit kerja wajib dipilih.",
        "reports_to_id": "Jabatan atasan harus berupa nomor id (angka), bukan 'x'.",
    }


# Employees


def employee_form(**changes) -> EmployeeForm:
    values = {"nip": NIP, "name": "Andi Baso", "status": "PNS", "position_id": "5", "start_date": "2024-01-02"}
    values.update(changes)
    return EmployeeForm(**values)


def test_employee_good_new():
    form = employee_form(
        nip="19850718 2022 2 1 2 013", name=" Andi  Baso ", gelar_belakang=" S.Kom. ", status="pppk", roles=("admin",)
    )
    data, errors = validate_employee(form, today=TODAY, new=True)
    assert errors == {}
    assert data.nip == "198507182022212013"
    assert (data.name, data.gelar_depan, data.gelar_belakang, data.status) == ("Andi Baso", "", "S.Kom.", "PPPK")
    assert (data.position_id, data.start_date, data.roles) == (5, date(2024, 1, 2), frozenset({"admin"}))


def test_existing_employee_needs_no_position():
    data, errors = validate_employee(employee_form(position_id="", start_date=""), today=TODAY, new=False)
    assert errors == {} and data.position_id is None and data.start_date is None


def test_employee_nip_layout_follows_the_status():
    _, errors = validate_employee(employee_form(nip="198507182022212013", status="PNS"), today=TODAY, new=True)
    assert errors == {"nip": (
        "Digit 13-14 NIP PNS harus bulan TMT CPNS 01-12, tertulis 21. Nomor ini sesuai pola NI PPPK: periksa status kepegawaian."
    )}
    _, errors = validate_employee(employee_form(nip=NIP, status="PPPK"), today=TODAY, new=True)
    assert set(errors) == {"nip"} and errors["nip"].endswith("Nomor ini sesuai pola NIP PNS: periksa status kepegawaian.")
    # A stored employee's NIP cannot be edited: the status is what is wrong.
    _, errors = validate_employee(employee_form(nip=NIP, status="PPPK", position_id=""), today=TODAY, new=False)
    assert set(errors) == {"status"} and errors["status"].endswith("sesuai pola NIP PNS: periksa status kepegawaian.")


def test_employee_nip_message_comes_from_parse_nip():
    _, errors = validate_employee(employee_form(nip="12345"), today=TODAY, new=True)
    assert errors == {"nip": "NIP harus 18 digit (yang diisi 5 digit)."}
    _, errors = validate_employee(employee_form(nip="=1985031520100110"), today=TODAY, new=True)
    assert errors == {"nip": "NIP hanya boleh berisi angka."}


def test_employee_bad_fields():
    form = employee_form(
        name="",
        gelar_depan="D" * 41,
        gelar_belakang="B" * 61,
        status="honorer",
        pangkat_golongan="P" * 61,
        position_id="",
        start_date="",
        roles=("admin", "root"),
    )
    _, errors = validate_employee(form, today=TODAY, new=True)
    assert errors == {
        "name": "Nama wajib diisi.",
        "gelar_depan": "Gelar depan maksimal 40 karakter (yang diisi 41).",
        "gelar_belakang": "Gelar belakang maksimal 60 karakter (yang diisi 61).",
        "status": "Status kepegawaian harus PNS atau PPPK (yang diisi: honorer).",
        "pangkat_golongan": "Pangkat/golongan maksimal 60 karakter (yang diisi 61).",
        "position_id": "Jabatan wajib dipilih.",
        "start_date": "TMT jabatan wajib diisi.",
        "roles": "Peran tidak dikenal: root.",
    }
    _, errors = validate_employee(employee_form(name="N" * 121), today=TODAY, new=True)
    assert errors == {"name": "Nama maksimal 120 karakter (yang diisi 121)."}


@pytest.mark.parametrize(
    "raw,message",
    [
        ("02-01-2024", "TMT jabatan harus berformat TTTT-BB-HH, misalnya 2025-01-31 (yang diisi: 02-01-2024)."),
        ("2024-02-30", "TMT jabatan 2024-02-30 bukan tanggal yang ada di kalender."),
        ("2026-06-16", "TMT jabatan paling lambat 2026-06-15 (satu tahun dari hari ini)."),
    ],
)
def test_employee_start_date(raw, message):
    _, errors = validate_employee(employee_form(start_date=raw), today=TODAY, new=True)
    assert errors == {"start_date": message}
    _, errors = validate_employee(employee_form(start_date="2026-06-15"), today=TODAY, new=True)
    assert errors == {}


def test_move():
    data, errors = validate_move(
        MoveForm(position_id="7", start_date="2025-03-01", note=" SK 123 "), today=TODAY, current_start=date(2024, 1, 2)
    )
    assert errors == {} and (data.position_id, data.start_date, data.note) == (7, date(2025, 3, 1), "SK 123")
    _, errors = validate_move(
        MoveForm(position_id="", start_date="2024-01-02"), today=TODAY, current_start=date(2024, 1, 2)
    )
    assert errors == {
        "position_id": "Jabatan baru wajib dipilih.",
        "start_date": "TMT mutasi harus setelah TMT jabatan saat ini (2024-01-02).",
    }


# Announcements


def test_announcement_good():
    form = AnnouncementForm(
        title=" Apel pagi ", body="  Seluruh pegawai\nhadir.  ", kind="umum", visible_until="2025-06-15"
    )
    data, errors = validate_announcement(form, today=TODAY)
    assert errors == {}
    assert (data.title, data.body, data.kind, data.target_employee_id, data.visible_until) == (
        "Apel pagi",
        "Seluruh pegawai\nhadir.",
        "umum",
        None,
        TODAY,
    )
    data, errors = validate_announcement(
        AnnouncementForm(title="Koreksi NIP", body="Periksa NIP.", kind="koreksi_data", target_employee_id="3"),
        today=TODAY,
    )
    assert errors == {} and data.target_employee_id == 3 and data.visible_until is None


def test_announcement_bad():
    _, errors = validate_announcement(
        AnnouncementForm(title="Hai", body=" ", kind="koreksi_data", visible_until="2025-06-14"), today=TODAY
    )
    assert errors == {
        "title": "Judul harus 5-150 karakter (yang diisi 3).",
        "body": "Isi pengumuman wajib diisi.",
        "target_employee_id": "Pengumuman koreksi data wajib ditujukan kepada satu pegawai.",
        "visible_until": "Tanggal tayang terakhir tidak boleh sebelum hari ini (2025-06-15).",
    }
    _, errors = validate_announcement(AnnouncementForm(title="T" * 151, body="x", kind="rahasia"), today=TODAY)
    assert errors == {
        "title": "Judul harus 5-150 karakter (yang diisi 151).",
        "kind": "Jenis pengumuman harus umum atau koreksi_data (yang diisi: rahasia).",
    }
