"""NIP (Nomor Induk Pegawai) parsing and validation.

Layout of the 18 digits: 1-8 birth date (YYYYMMDD), 9-14 TMT CPNS/PPPK year and
month (YYYYMM), 15 gender (1 = laki-laki, 2 = perempuan), 16-18 sequence number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


class InvalidNip(ValueError):
    """Raised with a message in Bahasa Indonesia that a user can act on."""


@dataclass(frozen=True)
class NipInfo:
    nip: str
    birth_date: date
    tmt_year: int
    tmt_month: int
    gender: str  # "L" or "P"
    sequence: int

    @property
    def initial_password(self) -> str:
        """The first eight digits, as the Sulsel e-Kinerja hands out first passwords."""
        return self.nip[:8]


def normalize_nip(raw: str) -> str:
    """Strip the spaces and dots people paste in from printed documents."""
    return "".join(ch for ch in str(raw) if ch not in " .\t-")


def parse_nip(raw: str, *, today: date) -> NipInfo:
    nip = normalize_nip(raw)
    if not nip:
        raise InvalidNip("NIP wajib diisi.")
    if not nip.isascii() or not nip.isdigit():
        raise InvalidNip("NIP hanya boleh berisi angka.")
    if len(nip) != 18:
        raise InvalidNip(f"NIP harus 18 digit (yang diisi {len(nip)} digit).")
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise InvalidNip("Digit 1-8 NIP harus tanggal lahir yang sah (TTTTBBHH).") from None
    if birth.year < 1940 or birth > today:
        raise InvalidNip("Tahun lahir pada NIP (digit 1-4) tidak masuk akal.")
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12:
        raise InvalidNip("Digit 13-14 NIP harus bulan TMT 01-12.")
    if tmt_year < birth.year + 15 or (tmt_year, tmt_month) > (today.year, today.month):
        raise InvalidNip("Tahun-bulan TMT pada NIP (digit 9-14) tidak masuk akal.")
    if nip[14] not in "12":
        raise InvalidNip("Digit ke-15 NIP (jenis kelamin) harus 1 atau 2.")
    sequence = int(nip[15:18])
    if sequence == 0:
        raise InvalidNip("Nomor urut NIP (digit 16-18) tidak boleh 000.")
    return NipInfo(
        nip=nip,
        birth_date=birth,
        tmt_year=tmt_year,
        tmt_month=tmt_month,
        gender="L" if nip[14] == "1" else "P",
        sequence=sequence,
    )
