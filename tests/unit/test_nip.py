from datetime import date

import pytest

from ekinerja.domain.nip import InvalidNip, normalize_nip, parse_nip

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
