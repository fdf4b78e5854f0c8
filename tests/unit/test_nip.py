from datetime import date

import pytest

from ekinerja.domain.nip import InvalidNip, layout_of, nip_summary, normalize_nip, parse_nip

TODAY = date(2026, 11, 23)


def test_parses_a_valid_nip():
    info = parse_nip("198503152010011003", today=TODAY)
    assert info.birth_date == date(1985, 3, 15)
    assert (info.tmt_year, info.tmt_month) == (2010, 1)
    assert info.gender == "L"
    assert info.sequence == 3
    assert info.initial_password == "19850315"


def test_accepts_spaces_as_printed_on_documents():
    assert parse_nip("19850315 201001 2 003", today=TODAY).gender == "P"
    assert normalize_nip(" 1985.0315 ") == "19850315"


@pytest.mark.parametrize(
    ("nip", "fragment"),
    [
        ("", "wajib"),
        ("19850315201001100", "18 digit"),
        ("1985031520100110033", "18 digit"),
        ("19850315201001100X", "angka"),
        ("１９８５０３１５２０１００１１００３", "angka"),  # full-width digits are not ASCII
        ("198502302010011003", "tanggal lahir"),  # 30 February
        ("193012312010011003", "Tahun lahir"),
        ("202701012040011003", "Tahun lahir"),  # born in the future
        ("198503152010131003", "bulan TMT"),
        ("198503152010001003", "bulan TMT"),
        ("198503151995011003", "TMT"),  # TMT at age 9
        ("198503152027011003", "TMT"),  # TMT in the future
        ("198503152010013003", "jenis kelamin"),
        ("198503152010011000", "urut"),
    ],
)
def test_rejects_bad_nips_with_a_message(nip, fragment):
    with pytest.raises(InvalidNip) as excinfo:
        parse_nip(nip, today=TODAY)
    assert fragment in str(excinfo.value)


def test_leap_day_birth_is_valid():
    assert parse_nip("200002292022011001", today=TODAY).birth_date == date(2000, 2, 29)
    with pytest.raises(InvalidNip):
        parse_nip("200102292022011001", today=TODAY)


# NI PPPK: birth date, TMT year, PPPK code 2, perjanjian kerja ke-, gender, sequence.


@pytest.mark.parametrize(
    ("nip", "birth", "tmt_year", "gender", "sequence"),
    [
        ("198507182022212013", date(1985, 7, 18), 2022, "P", 13),
        ("199503112023211004", date(1995, 3, 11), 2023, "L", 4),
        ("199009132025242014", date(1990, 9, 13), 2025, "P", 14),  # a published PPPK paruh waktu number
    ],
)
def test_parses_a_ni_pppk(nip, birth, tmt_year, gender, sequence):
    info = parse_nip(nip, today=TODAY, status="PPPK")
    assert (info.status, info.birth_date, info.tmt_year, info.tmt_month) == ("PPPK", birth, tmt_year, None)
    assert (info.gender, info.sequence, info.initial_password) == (gender, sequence, nip[:8])
    assert info.tmt_label == str(tmt_year)


def test_facts_say_what_each_layout_holds():
    pns = parse_nip("198503152010011003", today=TODAY)
    assert pns.summary() == (
        "Tanggal lahir: 15 Maret 1985 · TMT CPNS: Januari 2010 · Jenis kelamin: Laki-laki · Nomor urut: 003"
    )
    pppk = parse_nip("198507182022212013", today=TODAY, status="PPPK")
    assert pppk.facts() == [
        ("Tanggal lahir", "18 Juli 1985"),
        ("Tahun pengangkatan PPPK", "2022"),
        ("Perjanjian kerja ke-", "1"),
        ("Jenis kelamin", "Perempuan"),
        ("Nomor urut", "013"),
    ]


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("198507182022012013", "Digit ke-13 NI PPPK harus 2 (kode PPPK), tertulis 0."),
        ("198507182022202013", "Digit ke-14 NI PPPK (perjanjian kerja ke-) harus 1-9, tertulis 0."),
        ("198507182022213013", "Digit ke-15 NI PPPK (jenis kelamin) harus 1 atau 2, tertulis 3."),
        ("198507182022212000", "Nomor urut NI PPPK (digit 16-18) tidak boleh 000."),
        ("198507182017212013", "Tahun pengangkatan pada NI PPPK (digit 9-12) tidak masuk akal"),  # before PPPK existed
        ("198507182027212013", "Tahun pengangkatan pada NI PPPK (digit 9-12) tidak masuk akal"),  # next year
        ("198513182022212013", "Digit 1-8 NI PPPK harus tanggal lahir"),
    ],
)
def test_rejects_bad_ni_pppk_naming_the_digit(nip, message):
    with pytest.raises(InvalidNip) as excinfo:
        parse_nip(nip, today=TODAY, status="PPPK")
    assert str(excinfo.value).startswith(message)


def test_the_real_pppk_numbers_are_refused_as_pns_with_a_pointer_to_the_status():
    with pytest.raises(InvalidNip) as excinfo:
        parse_nip("198507182022212013", today=TODAY, status="PNS")
    assert str(excinfo.value) == (
        "Digit 13-14 NIP PNS harus bulan TMT CPNS 01-12, tertulis 21. "
        "Nomor ini sesuai pola NI PPPK: periksa status kepegawaian."
    )


def test_a_pns_number_given_as_pppk_points_to_the_status():
    with pytest.raises(InvalidNip, match="sesuai pola NIP PNS: periksa status kepegawaian"):
        parse_nip("198503152010011003", today=TODAY, status="PPPK")


def test_layout_of_names_the_one_layout_a_number_fits():
    assert layout_of("199203142019102007", today=TODAY) == "PNS"
    assert layout_of("1985 0718 2022 2 1 2 013", today=TODAY) == "PPPK"
    assert layout_of("198507182022012000", today=TODAY) is None
    assert layout_of("12345", today=TODAY) is None


def test_nip_summary_reports_a_number_that_does_not_fit():
    assert nip_summary("198507182022212013", status="PPPK", today=TODAY).startswith("Tanggal lahir: 18 Juli 1985")
    assert "periksa status" in nip_summary("198507182022212013", status="PNS", today=TODAY)
