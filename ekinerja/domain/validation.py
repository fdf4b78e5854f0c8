"""Form validation: raw strings from HTML forms in, cleaned values or field errors out.

Pure code. Whatever a rule needs from the database (the level of the chosen parent
unit, the start of the current assignment) the caller looks up and passes in.
Every validator returns ``(cleaned, errors)``: ``cleaned`` is None exactly when
``errors`` (field name -> message in Bahasa Indonesia) is not empty.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Protocol, TypeVar

from ekinerja.domain.angka_kredit import JENJANG, JENJANG_CODES, JenjangSpan, jenjang_in_name
from ekinerja.domain.dates import format_date
from ekinerja.domain.nip import InvalidNip, layout_of, parse_nip
from ekinerja.domain.roles import KNOWN_ROLES

T = TypeVar("T")
Errors = dict[str, str]

UNIT_LEVELS = ("instansi", "opd", "bidang", "subbidang")
LEVEL_LABELS = {"instansi": "instansi", "opd": "OPD", "bidang": "bidang", "subbidang": "sub-bidang"}
POSITION_KINDS = ("struktural", "fungsional", "pelaksana")
ESELONS = ("I.a", "I.b", "II.a", "II.b", "III.a", "III.b", "IV.a", "IV.b")
KELAS_RANGE = (1, 17)
EMPLOYEE_STATUSES = ("PNS", "PPPK")
ANNOUNCEMENT_KINDS = ("umum", "koreksi_data")
MAX_FUTURE = timedelta(days=365)  # how far ahead a TMT may be entered


class ValidationFailed(Exception):
    """Field errors for a form to show beside its fields."""

    def __init__(self, errors: Errors) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = dict(errors)


def ensure_valid(result: tuple[T | None, Errors]) -> T:
    """The cleaned value of a validator's result, or ValidationFailed with its errors."""
    cleaned, errors = result
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def to_int(raw: str) -> int | None:
    """The id in a form field, or None when blank or not a plain number.

    The length cap keeps absurd input from overflowing a database integer.
    """
    value = raw.strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


# Field helpers: each cleans one value and records at most one error for its field.


def _either(options: Sequence[str]) -> str:
    return options[0] if len(options) == 1 else f"{', '.join(options[:-1])} atau {options[-1]}"


def _blank(errors: Errors, field: str, value: str, *, label: str, required: bool, verb: str = "diisi") -> bool:
    """Whether nothing was typed; a required field then says it must be filled in (or chosen)."""
    if value:
        return False
    if required:
        errors[field] = f"{label} wajib {verb}."
    return True


def read_text(
    errors: Errors,
    field: str,
    raw: str,
    *,
    label: str,
    max_len: int,
    min_len: int = 1,
    required: bool = True,
    multiline: bool = False,
) -> str:
    # Single-line values also lose doubled inner spaces pasted in from documents.
    value = raw.strip() if multiline else " ".join(raw.split())
    if _blank(errors, field, value, label=label, required=required):
        return ""
    if value.startswith("="):
        # A leading "=" turns into a formula when the value is later opened in a spreadsheet.
        errors[field] = f"{label} tidak boleh diawali tanda '='."
    elif not min_len <= len(value) <= max_len:
        bound = f"harus {min_len}-{max_len}" if min_len > 1 else f"maksimal {max_len}"
        errors[field] = f"{label} {bound} karakter (yang diisi {len(value)})."
    return value


def read_choice(errors: Errors, field: str, raw: str, *, label: str, options: Sequence[str]) -> str:
    value = raw.strip()
    match = next((option for option in options if option.lower() == value.lower()), None)
    if match is None:
        errors[field] = (
            f"{label} wajib dipilih." if not value else f"{label} harus {_either(options)} (yang diisi: {value})."
        )
    return match or ""


def read_ref(errors: Errors, field: str, raw: str, *, label: str, required: bool) -> int | None:
    value = raw.strip()
    if _blank(errors, field, value, label=label, required=required, verb="dipilih"):
        return None
    number = to_int(value)
    if number is None:
        errors[field] = f"{label} harus berupa nomor id (angka), bukan '{value}'."
    return number


def read_date(errors: Errors, field: str, raw: str, *, label: str, required: bool) -> date | None:
    value = raw.strip()
    if _blank(errors, field, value, label=label, required=required):
        return None
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        errors[field] = f"{label} harus berformat TTTT-BB-HH, misalnya 2025-01-31 (yang diisi: {value})."
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[field] = f"{label} {value} bukan tanggal yang ada di kalender."
        return None


def read_time(errors: Errors, field: str, raw: str, *, label: str, required: bool) -> time | None:
    """A clock time typed as JJ:MM (or JJ.MM, seconds ignored)."""
    value = raw.strip()
    if _blank(errors, field, value, label=label, required=required):
        return None
    match = re.fullmatch(r"([0-9]{1,2})[:.]([0-9]{2})(?::[0-9]{2})?", value)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        errors[field] = f"{label} harus berformat JJ:MM, misalnya 07:30 (yang diisi: {value})."
        return None
    return time(int(match[1]), int(match[2]))


def read_decimal(
    errors: Errors,
    field: str,
    raw: str,
    *,
    label: str,
    decimals: int,
    maximum: Decimal,
    allow_zero: bool = True,
    required: bool = True,
) -> Decimal | None:
    """A number with at most ``decimals`` decimals; Indonesian users type a comma as the decimal mark."""
    value = raw.strip().replace(" ", "")
    if _blank(errors, field, value, label=label, required=required):
        return None
    if "," in value and "." in value:
        value = value.replace(".", "")  # "1.250,5": dots group thousands
    value = value.replace(",", ".")
    if not re.fullmatch(rf"[0-9]+(\.[0-9]{{1,{decimals}}})?", value):
        words = {2: "dua", 3: "tiga"}.get(decimals, str(decimals))
        errors[field] = f"{label} harus berupa angka, paling banyak {words} angka di belakang koma (yang diisi: {raw.strip()})."
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        errors[field] = f"{label} harus berupa angka."
        return None
    if number > maximum:
        errors[field] = f"{label} terlalu besar."
    elif number == 0 and not allow_zero:
        errors[field] = f"{label} harus lebih dari 0."
    return number


def _not_too_far(errors: Errors, field: str, value: date | None, *, label: str, today: date) -> None:
    limit = today + MAX_FUTURE
    if value is not None and field not in errors and value > limit:
        errors[field] = f"{label} paling lambat {limit.isoformat()} (satu tahun dari hari ini)."


def validated(cleaned: T, errors: Errors) -> tuple[T | None, Errors]:
    return (None, errors) if errors else (cleaned, errors)


# Units


@dataclass(frozen=True)
class UnitForm:
    code: str = ""
    name: str = ""
    level: str = ""
    parent_id: str = ""
    active: bool = True


@dataclass(frozen=True)
class UnitData:
    code: str
    name: str
    level: str
    parent_id: int | None
    active: bool


def expected_parent_level(level: str) -> str | None:
    """The level directly above ``level``; None for an instansi, which has no parent."""
    index = UNIT_LEVELS.index(level)
    return UNIT_LEVELS[index - 1] if index else None


def validate_unit(form: UnitForm, *, parent_level: str | None) -> tuple[UnitData | None, Errors]:
    """``parent_level`` is the level of the unit ``form.parent_id`` names, or None when
    that id names no unit the user may choose."""
    errors: Errors = {}
    code = read_text(errors, "code", form.code, label="Kode unit", max_len=30)
    if code and "code" not in errors and not re.fullmatch(r"[A-Za-z0-9._-]+", code):
        errors["code"] = "Kode unit hanya boleh berisi huruf, angka, titik, tanda hubung dan garis bawah, tanpa spasi."
    name = read_text(errors, "name", form.name, label="Nama unit", max_len=200)
    level = read_choice(errors, "level", form.level, label="Tingkat unit", options=UNIT_LEVELS)
    parent_id = read_ref(errors, "parent_id", form.parent_id, label="Unit induk", required=False)
    if level and "parent_id" not in errors:
        expected = expected_parent_level(level)
        if expected is None and parent_id is not None:
            errors["parent_id"] = "Unit tingkat instansi tidak boleh memiliki unit induk."
        elif expected is not None and parent_id is None:
            errors["parent_id"] = (
                f"Unit tingkat {LEVEL_LABELS[level]} wajib berada di bawah unit tingkat {LEVEL_LABELS[expected]}."
            )
        elif parent_id is not None and parent_level is None:
            errors["parent_id"] = "Unit induk tidak ditemukan di instansi Anda."
        elif parent_id is not None and parent_level != expected:
            errors["parent_id"] = (
                f"Unit tingkat {LEVEL_LABELS[level]} harus berada langsung di bawah unit tingkat "
                f"{LEVEL_LABELS[expected]}, bukan {LEVEL_LABELS.get(parent_level, parent_level)}."
            )
    return validated(UnitData(code=code, name=name, level=level, parent_id=parent_id, active=form.active), errors)


# Positions


class NamedPost(Protocol):
    """What placing someone needs to know of a jabatan (a Position row will do)."""

    name: str
    active: bool


def position_problem(position_id: int, positions: Mapping[int, NamedPost]) -> str | None:
    """Why an employee (or a catalogue item) cannot be placed in the position; ``positions``: the instansi's own."""
    position = positions.get(position_id)
    if position is None:
        return f"Jabatan dengan id {position_id} tidak ditemukan di instansi Anda."
    if not position.active:
        return f"Jabatan {position.name} (id {position_id}) tidak aktif."
    return None


@dataclass(frozen=True)
class PositionForm:
    name: str = ""
    kind: str = ""
    eselon: str = ""
    kelas_jabatan: str = ""
    unit_id: str = ""
    reports_to_id: str = ""
    active: bool = True


@dataclass(frozen=True)
class PositionData:
    name: str
    kind: str
    eselon: str | None
    kelas_jabatan: int
    unit_id: int
    reports_to_id: int | None
    active: bool


def validate_position(form: PositionForm) -> tuple[PositionData | None, Errors]:
    errors: Errors = {}
    name = read_text(errors, "name", form.name, label="Nama jabatan", max_len=200)
    kind = read_choice(errors, "kind", form.kind, label="Jenis jabatan", options=POSITION_KINDS)
    eselon = None
    if form.eselon.strip():
        if kind and kind != "struktural":
            errors["eselon"] = "Eselon hanya boleh diisi untuk jabatan struktural."
        else:
            eselon = read_choice(errors, "eselon", form.eselon, label="Eselon", options=ESELONS) or None
    kelas = to_int(form.kelas_jabatan)
    low, high = KELAS_RANGE
    if not form.kelas_jabatan.strip():
        errors["kelas_jabatan"] = "Kelas jabatan wajib diisi."
    elif kelas is None or not low <= kelas <= high:
        errors["kelas_jabatan"] = f"Kelas jabatan harus {low}-{high}."
    unit_id = read_ref(errors, "unit_id", form.unit_id, label="Unit kerja", required=True)
    reports_to_id = read_ref(errors, "reports_to_id", form.reports_to_id, label="Jabatan atasan", required=False)
    cleaned = PositionData(
        name=name,
        kind=kind,
        eselon=eselon,
        kelas_jabatan=kelas or 0,
        unit_id=unit_id or 0,
        reports_to_id=reports_to_id,
        active=form.active,
    )
    return validated(cleaned, errors)


# Employees


@dataclass(frozen=True)
class EmployeeForm:
    nip: str = ""
    name: str = ""
    gelar_depan: str = ""
    gelar_belakang: str = ""
    status: str = ""
    pangkat_golongan: str = ""
    position_id: str = ""  # new employees only
    start_date: str = ""  # TMT jabatan; new employees only
    roles: tuple[str, ...] = ()
    jf_jenjang: str = ""  # jabatan fungsional: jenjang code, "" for none
    jf_tmt: str = ""  # TMT in that jenjang
    jf_angka_kredit_awal: str = ""  # angka kredit in the jenjang at that TMT (the last PAK)


@dataclass(frozen=True)
class EmployeeData:
    nip: str
    name: str
    gelar_depan: str
    gelar_belakang: str
    status: str
    pangkat_golongan: str
    position_id: int | None
    start_date: date | None
    roles: frozenset[str]
    jf_jenjang: str = ""
    jf_tmt: date | None = None
    jf_angka_kredit_awal: Decimal | None = None


def validate_employee(form: EmployeeForm, *, today: date, new: bool) -> tuple[EmployeeData | None, Errors]:
    """Master data of a pegawai; ``new`` also requires the first jabatan and its TMT."""
    errors: Errors = {}
    status = read_choice(errors, "status", form.status, label="Status kepegawaian", options=EMPLOYEE_STATUSES)
    nip = ""
    try:
        # The layout follows the status (NIP PNS or NI PPPK); an unknown status is reported above.
        nip = parse_nip(form.nip, today=today, status=status or "PNS").nip
    except InvalidNip as problem:
        # A stored employee's number that fits the other layout: the status is what to change.
        fits_other = not new and status and layout_of(form.nip, today=today) not in (None, status)
        errors["status" if fits_other else "nip"] = str(problem)
    name = read_text(errors, "name", form.name, label="Nama", max_len=120)
    gelar_depan = read_text(errors, "gelar_depan", form.gelar_depan, label="Gelar depan", max_len=40, required=False)
    gelar_belakang = read_text(
        errors, "gelar_belakang", form.gelar_belakang, label="Gelar belakang", max_len=60, required=False
    )
    pangkat = read_text(
        errors, "pangkat_golongan", form.pangkat_golongan, label="Pangkat/golongan", max_len=60, required=False
    )
    position_id = start_date = None
    if new:
        position_id = read_ref(errors, "position_id", form.position_id, label="Jabatan", required=True)
        start_date = read_date(errors, "start_date", form.start_date, label="TMT jabatan", required=True)
        _not_too_far(errors, "start_date", start_date, label="TMT jabatan", today=today)
    roles = frozenset(role.strip() for role in form.roles if role.strip())
    unknown = sorted(roles - set(KNOWN_ROLES))
    if unknown:
        errors["roles"] = f"Peran tidak dikenal: {', '.join(unknown)}."
    jf_jenjang, jf_tmt, jf_ak = _read_jabatan_fungsional(errors, form, today=today)
    cleaned = EmployeeData(
        nip=nip,
        name=name,
        gelar_depan=gelar_depan,
        gelar_belakang=gelar_belakang,
        status=status,
        pangkat_golongan=pangkat,
        position_id=position_id,
        start_date=start_date,
        roles=roles,
        jf_jenjang=jf_jenjang,
        jf_tmt=jf_tmt,
        jf_angka_kredit_awal=jf_ak,
    )
    return validated(cleaned, errors)


MAX_ANGKA_KREDIT = Decimal("9999999.999")  # Numeric(10, 3)


def _read_jabatan_fungsional(errors: Errors, form: EmployeeForm, *, today: date) -> tuple[str, date | None, Decimal | None]:
    """The jenjang jabatan fungsional, its TMT and the angka kredit at that TMT; all blank for others."""
    if not form.jf_jenjang.strip():
        if form.jf_tmt.strip() or form.jf_angka_kredit_awal.strip():
            errors["jf_jenjang"] = "Pilih jenjang jabatan fungsional, atau kosongkan TMT dan angka kredit awalnya."
        return "", None, None
    # "Ahli Pertama" as written in an SK or a spreadsheet is the code ahli_pertama.
    typed = "_".join(form.jf_jenjang.lower().split())
    jenjang = read_choice(errors, "jf_jenjang", typed, label="Jenjang jabatan fungsional", options=JENJANG_CODES)
    tmt = read_date(errors, "jf_tmt", form.jf_tmt, label="TMT jenjang", required=True)
    _not_too_far(errors, "jf_tmt", tmt, label="TMT jenjang", today=today)
    awal = read_decimal(
        errors, "jf_angka_kredit_awal", form.jf_angka_kredit_awal, label="Angka kredit awal", decimals=3,
        maximum=MAX_ANGKA_KREDIT, required=False,
    )
    return jenjang, tmt, awal if awal is not None else Decimal(0)


@dataclass(frozen=True)
class JenjangChangeForm:
    """A new jenjang jabatan fungsional from a TMT, as the BKD records it from the SK."""

    jabatan: str = ""  # the jabatan fungsional as the SK names it, e.g. "Analis SDM Aparatur Ahli Muda"
    jenjang: str = ""
    tmt: str = ""
    sk_nomor: str = ""
    sk_tanggal: str = ""
    angka_kredit_awal: str = ""  # the PAK's angka kredit at the TMT; blank is 0


@dataclass(frozen=True)
class JenjangChange:
    jabatan: str
    jenjang: str
    tmt: date
    sk_nomor: str
    sk_tanggal: date
    angka_kredit_awal: Decimal


def validate_jenjang_change(
    form: JenjangChangeForm, *, held: Sequence[JenjangSpan], current_jabatan: str, today: date
) -> tuple[JenjangChange | None, Errors]:
    """A jenjang change after the ones ``held``: it starts after every earlier TMT, overlaps no
    jenjang that has already ended, and changes something (the jenjang or the jabatan). The jenjang
    held until then ends the day before the new TMT."""
    errors: Errors = {}
    jabatan = read_text(errors, "jabatan", form.jabatan, label="Jabatan fungsional", min_len=3, max_len=200)
    jenjang = read_choice(errors, "jenjang", "_".join(form.jenjang.lower().split()), label="Jenjang", options=JENJANG_CODES)
    tmt = read_date(errors, "tmt", form.tmt, label="TMT jenjang", required=True)
    _not_too_far(errors, "tmt", tmt, label="TMT jenjang", today=today)
    named = jenjang_in_name(jabatan)
    if jenjang and named and named != jenjang and "jabatan" not in errors:
        errors["jabatan"] = f"Nama jabatan menyebut jenjang {JENJANG[named].label}, tidak sesuai dengan jenjang yang dipilih ({JENJANG[jenjang].label})."
    sk_nomor = read_text(errors, "sk_nomor", form.sk_nomor, label="Nomor SK", min_len=3, max_len=100)
    sk_tanggal = read_date(errors, "sk_tanggal", form.sk_tanggal, label="Tanggal SK", required=True)
    if sk_tanggal is not None and sk_tanggal > today:
        errors["sk_tanggal"] = f"Tanggal SK tidak boleh sesudah hari ini ({format_date(today)})."
    awal = read_decimal(
        errors, "angka_kredit_awal", form.angka_kredit_awal, label="Angka kredit awal", decimals=3,
        maximum=MAX_ANGKA_KREDIT, required=False,
    )
    ordered = sorted(held, key=lambda span: span.start)
    if tmt is not None and "tmt" not in errors and ordered:
        last = ordered[-1]
        if tmt <= last.start:
            errors["tmt"] = (f"TMT jenjang harus sesudah TMT jenjang sebelumnya ({JENJANG[last.jenjang].label}, "
                             f"{format_date(last.start)}).")
        elif last.end is not None and tmt <= last.end:
            errors["tmt"] = (f"TMT jenjang tumpang tindih dengan jenjang {JENJANG[last.jenjang].label} yang berlaku sampai "
                             f"{format_date(last.end)}; pilih TMT sesudah tanggal itu.")
        elif last.end is None and jenjang == last.jenjang and jabatan.lower() == current_jabatan.strip().lower():
            errors["jenjang"] = f"Jenjang dan jabatan sama dengan yang sedang berlaku ({JENJANG[last.jenjang].label}); tidak ada perubahan untuk dicatat."
    cleaned = JenjangChange(jabatan, jenjang, tmt, sk_nomor, sk_tanggal, awal if awal is not None else Decimal(0))
    return validated(cleaned, errors)


@dataclass(frozen=True)
class MoveForm:
    """Mutasi: the new jabatan and the date it starts."""

    position_id: str = ""
    start_date: str = ""
    note: str = ""


@dataclass(frozen=True)
class MoveData:
    position_id: int
    start_date: date
    note: str


def validate_move(form: MoveForm, *, today: date, current_start: date) -> tuple[MoveData | None, Errors]:
    """``current_start`` is the TMT of the jabatan being left; the move must come after it."""
    errors: Errors = {}
    position_id = read_ref(errors, "position_id", form.position_id, label="Jabatan baru", required=True)
    start_date = read_date(errors, "start_date", form.start_date, label="TMT mutasi", required=True)
    if start_date is not None and start_date <= current_start:
        errors["start_date"] = f"TMT mutasi harus setelah TMT jabatan saat ini ({current_start.isoformat()})."
    _not_too_far(errors, "start_date", start_date, label="TMT mutasi", today=today)
    note = read_text(errors, "note", form.note, label="Keterangan", max_len=200, required=False)
    return validated(MoveData(position_id=position_id or 0, start_date=start_date or today, note=note), errors)


# Announcements


@dataclass(frozen=True)
class AnnouncementForm:
    title: str = ""
    body: str = ""
    kind: str = "umum"
    target_employee_id: str = ""
    visible_until: str = ""


@dataclass(frozen=True)
class AnnouncementData:
    title: str
    body: str
    kind: str
    target_employee_id: int | None
    visible_until: date | None


def validate_announcement(form: AnnouncementForm, *, today: date) -> tuple[AnnouncementData | None, Errors]:
    errors: Errors = {}
    title = read_text(errors, "title", form.title, label="Judul", min_len=5, max_len=150)
    body = read_text(errors, "body", form.body, label="Isi pengumuman", max_len=20_000, multiline=True)
    kind = read_choice(errors, "kind", form.kind, label="Jenis pengumuman", options=ANNOUNCEMENT_KINDS)
    target = read_ref(errors, "target_employee_id", form.target_employee_id, label="Pegawai tujuan", required=False)
    if kind == "koreksi_data" and target is None and "target_employee_id" not in errors:
        errors["target_employee_id"] = "Pengumuman koreksi data wajib ditujukan kepada satu pegawai."
    visible_until = read_date(errors, "visible_until", form.visible_until, label="Tanggal tayang terakhir", required=False)
    if visible_until is not None and visible_until < today:
        errors["visible_until"] = f"Tanggal tayang terakhir tidak boleh sebelum hari ini ({today.isoformat()})."
    cleaned = AnnouncementData(
        title=title, body=body, kind=kind, target_employee_id=target, visible_until=visible_until
    )
    return validated(cleaned, errors)
