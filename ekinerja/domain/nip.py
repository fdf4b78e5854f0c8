"""Employee numbers: the NIP of a PNS and the NI PPPK, both 18 digits with different layouts.

NIP PNS (Perka BKN No. 43 Tahun 2007): digits 1-8 birth date (YYYYMMDD), 9-14 TMT CPNS year and
month (YYYYMM), 15 gender (1 = laki-laki, 2 = perempuan), 16-18 sequence number.

NI PPPK (BKN's NI PPPK layout, as the open-source parser muzhawir/indonesian_id ``lib/nip/pppk.ex``
and BKN's public explanations read it): digits 1-8 birth date, 9-12 TMT year of the first
appointment as PPPK, 13 the PPPK code ``2``, 14 the count of perjanjian kerja (1-9), 15 gender,
16-18 sequence number. PPPK paruh waktu numbers published so far (e.g. ``199009132025242014``)
fit the same layout; BKN has not documented a separate one, so they are read as NI PPPK.

Which layout applies follows the employee's status: the same 18 digits can fit both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ekinerja.domain.dates import format_date, month_label

PNS, PPPK = "PNS", "PPPK"
LAYOUT_NAMES = {PNS: "NIP PNS", PPPK: "NI PPPK"}
# PPPK exist since PP No. 49 Tahun 2018; the first were appointed in 2019.
PPPK_FIRST_YEAR = 2019
MIN_ENTRY_AGE = 15  # no TMT before this age: a typo in the year


class InvalidNip(ValueError):
    """Raised with a message in Bahasa Indonesia that a user can act on."""


@dataclass(frozen=True)
class NipInfo:
    nip: str
    status: str  # the layout it was read with: "PNS" or "PPPK"
    birth_date: date
    tmt_year: int
    tmt_month: int | None  # the NIP PNS carries the month; the NI PPPK the year alone
    contract_count: int | None  # NI PPPK only: perjanjian kerja ke-
    gender: str  # "L" or "P"
    sequence: int

    @property
    def initial_password(self) -> str:
        """The first eight digits, as the Sulsel e-Kinerja hands out first passwords."""
        return self.nip[:8]

    @property
    def tmt_label(self) -> str:
        """"Januari 2010" for a PNS, "2022" for a PPPK."""
        return month_label(self.tmt_year, self.tmt_month) if self.tmt_month else str(self.tmt_year)

    def facts(self) -> list[tuple[str, str]]:
        """What the number says, as (label, value) lines for a page."""
        lines = [
            ("Tanggal lahir", format_date(self.birth_date)),
            ("TMT CPNS" if self.status == PNS else "Tahun pengangkatan PPPK", self.tmt_label),
        ]
        if self.contract_count is not None:
            lines.append(("Perjanjian kerja ke-", str(self.contract_count)))
        lines += [("Jenis kelamin", "Laki-laki" if self.gender == "L" else "Perempuan"), ("Nomor urut", f"{self.sequence:03d}")]
        return lines

    def summary(self) -> str:
        """"Lahir 15 Maret 1985 · TMT CPNS Januari 2010 · Laki-laki · nomor urut 003"."""
        return " · ".join(f"{label}: {value}" for label, value in self.facts())


def normalize_nip(raw: str) -> str:
    """Strip the spaces and dots people paste in from printed documents."""
    return "".join(ch for ch in str(raw) if ch not in " .\t-")


def _check_shape(nip: str) -> None:
    if not nip:
        raise InvalidNip("NIP wajib diisi.")
    if not nip.isascii() or not nip.isdigit():
        raise InvalidNip("NIP hanya boleh berisi angka.")
    if len(nip) != 18:
        raise InvalidNip(f"NIP harus 18 digit (yang diisi {len(nip)} digit).")


def _birth_date(nip: str, name: str, today: date) -> date:
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise InvalidNip(f"Digit 1-8 {name} harus tanggal lahir yang sah (TTTTBBHH).") from None
    if birth.year < 1940 or birth > today:
        raise InvalidNip(f"Tahun lahir pada {name} (digit 1-4) tidak masuk akal.")
    return birth


def _gender_and_sequence(nip: str, name: str) -> tuple[str, int]:
    if nip[14] not in "12":
        raise InvalidNip(f"Digit ke-15 {name} (jenis kelamin) harus 1 atau 2, tertulis {nip[14]}.")
    sequence = int(nip[15:18])
    if sequence == 0:
        raise InvalidNip(f"Nomor urut {name} (digit 16-18) tidak boleh 000.")
    return ("L" if nip[14] == "1" else "P"), sequence


def _parse_pns(nip: str, today: date) -> NipInfo:
    name = LAYOUT_NAMES[PNS]
    birth = _birth_date(nip, name, today)
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12:
        raise InvalidNip(f"Digit 13-14 {name} harus bulan TMT CPNS 01-12, tertulis {nip[12:14]}.")
    if tmt_year < birth.year + MIN_ENTRY_AGE or (tmt_year, tmt_month) > (today.year, today.month):
        raise InvalidNip(f"Tahun-bulan TMT CPNS pada {name} (digit 9-14) tidak masuk akal.")
    gender, sequence = _gender_and_sequence(nip, name)
    return NipInfo(nip, PNS, birth, tmt_year, tmt_month, None, gender, sequence)


def _parse_pppk(nip: str, today: date) -> NipInfo:
    name = LAYOUT_NAMES[PPPK]
    birth = _birth_date(nip, name, today)
    # The PPPK code first: it is what tells this layout from a NIP PNS.
    if nip[12] != "2":
        raise InvalidNip(f"Digit ke-13 {name} harus 2 (kode PPPK), tertulis {nip[12]}.")
    if nip[13] == "0":
        raise InvalidNip(f"Digit ke-14 {name} (perjanjian kerja ke-) harus 1-9, tertulis 0.")
    tmt_year = int(nip[8:12])
    if tmt_year < max(PPPK_FIRST_YEAR, birth.year + MIN_ENTRY_AGE) or tmt_year > today.year:
        raise InvalidNip(
            f"Tahun pengangkatan pada {name} (digit 9-12) tidak masuk akal: PPPK ada sejak {PPPK_FIRST_YEAR}."
        )
    gender, sequence = _gender_and_sequence(nip, name)
    return NipInfo(nip, PPPK, birth, tmt_year, None, int(nip[13]), gender, sequence)


_PARSERS = {PNS: _parse_pns, PPPK: _parse_pppk}


def parse_nip(raw: str, *, today: date, status: str = PNS) -> NipInfo:
    """Read ``raw`` with the layout of ``status`` ("PNS" or "PPPK").

    When the number does not fit that layout but fits the other, the message says so: the
    status picked is then the likelier mistake.
    """
    nip = normalize_nip(raw)
    _check_shape(nip)
    try:
        return _PARSERS.get(status, _parse_pns)(nip, today)
    except InvalidNip as problem:
        other = layout_of(nip, today=today)
        if other is None:
            raise
        raise InvalidNip(f"{problem} Nomor ini sesuai pola {LAYOUT_NAMES[other]}: periksa status kepegawaian.") from None


def layout_of(raw: str, *, today: date) -> str | None:
    """The status whose layout the number fits ("PNS" or "PPPK"), or None.

    Never both: digit 13 is 0 or 1 in a NIP PNS (a month) and always 2 in a NI PPPK.
    """
    nip = normalize_nip(raw)
    for status, parse in _PARSERS.items():
        try:
            _check_shape(nip)
            parse(nip, today)
        except InvalidNip:
            continue
        return status
    return None


def nip_summary(nip: str, *, status: str, today: date) -> str:
    """What a stored number says, for a page; a number that no longer parses says why."""
    try:
        return parse_nip(nip, today=today, status=status).summary()
    except InvalidNip as problem:
        return str(problem)
