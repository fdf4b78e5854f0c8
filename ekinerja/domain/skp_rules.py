"""Rules of the SKP (PermenPAN-RB No. 6 Tahun 2022) and of tracking its realisation.

Pure code: form validation, the workflow, cascading (RHK atasan yang diintervensi),
SKP periods around a mutasi, target splits and progress. Whatever a rule needs from
the database the caller looks up and passes in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from ekinerja.domain.statuses import SkpStatus
from ekinerja.domain.validation import (
    Errors,
    read_choice,
    read_decimal,
    read_ref,
    read_text,
    validated,
)

APPROACHES = ("kuantitatif", "kualitatif")
RHK_KINDS = ("utama", "tambahan")
ASPEKS = ("kuantitas", "kualitas", "waktu")
PERSPEKTIF = {
    "penerima_layanan": "Perspektif Penerima Layanan",
    "penguatan_internal": "Perspektif Penguatan Internal",
    "proses_bisnis": "Perspektif Proses Bisnis",
    "anggaran": "Perspektif Anggaran",
}
STATUS_LABELS = {
    SkpStatus.DRAFT: "Draf",
    SkpStatus.DIAJUKAN: "Diajukan",
    SkpStatus.DISETUJUI: "Disetujui",
    SkpStatus.DIGANTI: "Diganti revisi",
}
# Not yet approved: the plan may still change (expectations, plan problems) and blocks a new revision.
IN_PROGRESS = (SkpStatus.DRAFT, SkpStatus.DIAJUKAN)
# Every status but diganti: the SKPs that hold a period.
CURRENT = (SkpStatus.DRAFT, SkpStatus.DIAJUKAN, SkpStatus.DISETUJUI)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
MAX_TARGET = Decimal("999999999999.99")  # Numeric(14, 2)
LAG_TOLERANCE = Decimal(10)  # percentage points behind the time elapsed before an RHK counts as lagging
CENT = Decimal("0.01")


# ---------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------


def parse_amount(errors: Errors, field: str, raw: str, *, label: str, allow_zero: bool = True) -> Decimal | None:
    """A number with at most two decimals; Indonesian users type a comma as the decimal mark."""
    return read_decimal(errors, field, raw, label=label, decimals=2, maximum=MAX_TARGET, allow_zero=allow_zero)


@dataclass(frozen=True)
class RhkForm:
    kind: str = "utama"
    description: str = ""
    atasan_rhk_id: str = ""
    perspektif: str = ""


@dataclass(frozen=True)
class RhkData:
    kind: str
    description: str
    atasan_rhk_id: int | None
    perspektif: str | None


def validate_rhk(
    form: RhkForm, *, has_atasan: bool, atasan_rhk_ids: frozenset[int], jpt: bool
) -> tuple[RhkData | None, Errors]:
    """``atasan_rhk_ids``: the approved RHKs of the atasan's current SKP, the only ones that may be named."""
    errors: Errors = {}
    kind = read_choice(errors, "kind", form.kind, label="Jenis RHK", options=RHK_KINDS)
    description = read_text(errors, "description", form.description, label="Rencana hasil kerja", min_len=5, max_len=1000, multiline=True)
    atasan_rhk_id = read_ref(errors, "atasan_rhk_id", form.atasan_rhk_id, label="RHK atasan yang diintervensi", required=False)
    if has_atasan and "atasan_rhk_id" not in errors:
        if not atasan_rhk_ids:
            errors["atasan_rhk_id"] = NO_ATASAN_SKP
        elif atasan_rhk_id is None:
            errors["atasan_rhk_id"] = "RHK atasan yang diintervensi wajib dipilih."
        elif atasan_rhk_id not in atasan_rhk_ids:
            errors["atasan_rhk_id"] = "Pilih salah satu RHK dari SKP atasan yang sudah disetujui."
    elif not has_atasan:
        atasan_rhk_id = None  # the top of the tree supports no one's RHK
    perspektif = form.perspektif.strip() or None
    if jpt and perspektif not in PERSPEKTIF:
        errors["perspektif"] = "Jabatan pimpinan tinggi wajib memilih perspektif RHK."
    elif not jpt:
        perspektif = None
    return validated(RhkData(kind=kind, description=description, atasan_rhk_id=atasan_rhk_id, perspektif=perspektif), errors)


NO_ATASAN_SKP = "Atasan Anda belum memiliki SKP yang disetujui; RHK belum dapat dikaitkan."


@dataclass(frozen=True)
class IndikatorForm:
    aspek: str = "kuantitas"
    description: str = ""
    target_value: str = ""
    target_unit: str = ""


@dataclass(frozen=True)
class IndikatorData:
    aspek: str
    description: str
    target_value: Decimal
    target_unit: str


def validate_indikator(form: IndikatorForm) -> tuple[IndikatorData | None, Errors]:
    errors: Errors = {}
    aspek = read_choice(errors, "aspek", form.aspek, label="Aspek", options=ASPEKS)
    description = read_text(errors, "description", form.description, label="Indikator kinerja", min_len=5, max_len=1000, multiline=True)
    target = parse_amount(errors, "target_value", form.target_value, label="Target", allow_zero=False)
    unit = read_text(errors, "target_unit", form.target_unit, label="Satuan target", max_len=40)
    if aspek == "kualitas" and unit == "%" and target is not None and target > 100:
        errors["target_value"] = "Target dalam persen paling tinggi 100."
    return validated(IndikatorData(aspek=aspek, description=description, target_value=target or Decimal(0), target_unit=unit), errors)


@dataclass(frozen=True)
class LampiranForm:
    approach: str = "kuantitatif"
    dukungan_sumber_daya: str = ""
    skema_pertanggungjawaban: str = ""
    konsekuensi: str = ""


def validate_lampiran(form: LampiranForm) -> tuple[LampiranForm | None, Errors]:
    errors: Errors = {}
    cleaned = LampiranForm(
        approach=read_choice(errors, "approach", form.approach, label="Pendekatan", options=APPROACHES),
        dukungan_sumber_daya=read_text(errors, "dukungan_sumber_daya", form.dukungan_sumber_daya, label="Dukungan sumber daya", max_len=5000, required=False, multiline=True),
        skema_pertanggungjawaban=read_text(errors, "skema_pertanggungjawaban", form.skema_pertanggungjawaban, label="Skema pertanggungjawaban", max_len=5000, required=False, multiline=True),
        konsekuensi=read_text(errors, "konsekuensi", form.konsekuensi, label="Konsekuensi", max_len=5000, required=False, multiline=True),
    )
    return validated(cleaned, errors)


def validate_note(raw: str, *, field: str = "return_note", label: str = "Catatan") -> tuple[str | None, Errors]:
    errors: Errors = {}
    note = read_text(errors, field, raw, label=label, min_len=5, max_len=2000, multiline=True)
    return validated(note, errors)


@dataclass(frozen=True)
class RealisasiForm:
    month: str = ""
    value: str = ""
    note: str = ""
    evidence_link: str = ""


@dataclass(frozen=True)
class RealisasiData:
    month: int
    value: Decimal
    note: str
    evidence_link: str


def validate_realisasi(form: RealisasiForm, *, months: Sequence[int], last_month: int) -> tuple[RealisasiData | None, Errors]:
    """``months``: the months of the SKP period; ``last_month``: the current month (no future realisation)."""
    errors: Errors = {}
    month = read_ref(errors, "month", form.month, label="Bulan", required=True)
    if month is not None and "month" not in errors:
        if month not in months:
            errors["month"] = "Bulan harus berada di dalam periode SKP."
        elif month > last_month:
            errors["month"] = "Realisasi bulan yang belum berjalan belum dapat diisi."
    value = parse_amount(errors, "value", form.value, label="Realisasi")
    note = read_text(errors, "note", form.note, label="Keterangan", max_len=2000, required=False, multiline=True)
    link = form.evidence_link.strip()
    if link and not re.fullmatch(r"https?://[^\s<>\"']{3,490}", link, flags=re.IGNORECASE):
        errors["evidence_link"] = "Tautan bukti dukung harus diawali http:// atau https:// tanpa spasi."
    return validated(RealisasiData(month=month or 0, value=value or Decimal(0), note=note, evidence_link=link), errors)


# ---------------------------------------------------------------------------
# Positions and the workflow
# ---------------------------------------------------------------------------


def is_jpt(kind: str, eselon: str | None, kelas: int) -> bool:
    """Jabatan pimpinan tinggi: struktural at eselon I/II (or, without an eselon, kelas 14 and up)."""
    if kind != "struktural":
        return False
    if eselon:
        return eselon.split(".")[0] in ("I", "II")
    return kelas >= 14


@dataclass(frozen=True)
class Transition:
    source: SkpStatus
    target: SkpStatus
    by: str  # owner | atasan


TRANSITIONS = {
    "ajukan": Transition(SkpStatus.DRAFT, SkpStatus.DIAJUKAN, "owner"),
    "kembalikan": Transition(SkpStatus.DIAJUKAN, SkpStatus.DRAFT, "atasan"),
    "setujui": Transition(SkpStatus.DIAJUKAN, SkpStatus.DISETUJUI, "atasan"),
}


def transition_problem(action: str, status: str, *, is_owner: bool, is_atasan: bool) -> str | None:
    """Why ``action`` may not happen now, or None when it may."""
    rule = TRANSITIONS[action]
    if rule.by == "owner" and not is_owner:
        return "Hanya pegawai pemilik SKP yang dapat mengajukannya."
    if rule.by == "atasan" and not is_atasan:
        return "Hanya atasan langsung (atau Plt/Plh-nya) yang dapat memproses SKP ini."
    if status != rule.source:
        return f"SKP berstatus {STATUS_LABELS.get(status, status)}; tindakan ini hanya untuk SKP berstatus {STATUS_LABELS[rule.source]}."
    return None


def editable(status: str, *, is_owner: bool) -> bool:
    """Only the owner edits, and only a draft: a submitted or approved SKP is locked."""
    return is_owner and status == SkpStatus.DRAFT


def in_progress(status: str) -> bool:
    """Not yet approved (draft or diajukan)."""
    return status in IN_PROGRESS


def expectations_open(status: str) -> bool:
    """The atasan's ekspektasi khusus may change until the SKP is approved; after that only through a revision."""
    return in_progress(status)


def sent_back(status: str, *, return_note: str | None) -> bool:
    """A draft carrying the atasan's note was returned for rework; once submitted again the note is history."""
    return status == SkpStatus.DRAFT and bool(return_note)


def revisable(status: str, *, is_owner: bool, revision_pending: bool) -> bool:
    """The owner revises an approved SKP, one revision at a time."""
    return is_owner and status == SkpStatus.DISETUJUI and not revision_pending


def approved(status: str) -> bool:
    """An approved SKP is the plan in force: its realisation is tracked, assessed and evaluated."""
    return status == SkpStatus.DISETUJUI


@dataclass(frozen=True)
class SkpActions:
    """What the person looking at an SKP may do with it now."""

    edit: bool
    submit: bool
    decide: bool  # approve or return
    revise: bool
    expect: bool  # set the ekspektasi khusus


def allowed_actions(status: str, *, is_owner: bool, is_atasan: bool, revision_pending: bool) -> SkpActions:
    """The actions of an SKP in ``status`` for its owner and/or its atasan; the services enforce the same rules."""
    return SkpActions(
        edit=editable(status, is_owner=is_owner),
        submit=transition_problem("ajukan", status, is_owner=is_owner, is_atasan=is_atasan) is None,
        decide=transition_problem("setujui", status, is_owner=is_owner, is_atasan=is_atasan) is None,
        revise=revisable(status, is_owner=is_owner, revision_pending=revision_pending),
        expect=is_atasan and expectations_open(status),
    )


@dataclass(frozen=True)
class RhkLink:
    description: str
    atasan_rhk_id: int | None
    perspektif: str | None
    indikator_count: int


def plan_problems(rhks: Sequence[RhkLink], *, has_atasan: bool, atasan_rhk_ids: frozenset[int], jpt: bool) -> list[str]:
    """What keeps an SKP from being submitted or approved, in words the employee understands."""
    problems: list[str] = []
    if not rhks:
        problems.append("SKP belum memiliki Rencana Hasil Kerja.")
    if has_atasan and not atasan_rhk_ids and rhks:
        problems.append(NO_ATASAN_SKP)
    for number, rhk in enumerate(rhks, start=1):
        short = rhk.description if len(rhk.description) <= 60 else f"{rhk.description[:57]}..."
        label = f"RHK {number} ({short})"
        if rhk.indikator_count == 0:
            problems.append(f"{label} belum memiliki indikator kinerja.")
        if has_atasan and atasan_rhk_ids and rhk.atasan_rhk_id not in atasan_rhk_ids:
            problems.append(f"{label} belum terkait dengan RHK atasan yang disetujui.")
        if jpt and rhk.perspektif not in PERSPEKTIF:
            problems.append(f"{label} belum memiliki perspektif.")
    return problems


# ---------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Assignment:
    position_id: int
    start: date
    end: date | None  # None: still held


@dataclass(frozen=True)
class Period:
    position_id: int
    start: date
    end: date


def skp_periods(year: int, assignments: Iterable[Assignment]) -> list[Period]:
    """One SKP period per definitive assignment held during ``year``, clipped to the year.

    A mutasi closes the old assignment the day before the move, so the periods
    follow each other without a gap or an overlap.
    """
    first, last = date(year, 1, 1), date(year, 12, 31)
    periods = []
    for a in assignments:
        start = max(a.start, first)
        end = min(a.end or last, last)
        if start <= end:
            periods.append(Period(a.position_id, start, end))
    return sorted(periods, key=lambda p: p.start)


def default_period(year: int, tmt: date) -> tuple[date, date]:
    """From 1 January (or the TMT of the current jabatan, when later) to 31 December."""
    return max(date(year, 1, 1), tmt), date(year, 12, 31)


def period_months(start: date, end: date) -> list[int]:
    """The months (1-12) a period touches; the period lies within one year."""
    return list(range(start.month, end.month + 1))


def evaluated_months(kind: str, number: int, skp_months: list[int]) -> list[int]:
    """The SKP's months an evaluation period covers: one month, one quarter, or all of them (tahunan)."""
    wanted = {"bulanan": {number}, "triwulanan": set(range(3 * number - 2, 3 * number + 1))}.get(kind, set(skp_months))
    return [m for m in skp_months if m in wanted]


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def period_label(start: date, end: date) -> str:
    return f"{start:%d-%m-%Y} s.d. {end:%d-%m-%Y}"


# ---------------------------------------------------------------------------
# Target splits (rencana aksi)
# ---------------------------------------------------------------------------


def split_equal(target: Decimal, parts: int) -> list[Decimal]:
    """``target`` in ``parts`` equal shares to the cent; the rounding rest goes to the last share."""
    if parts <= 0:
        return []
    share = (target / parts).quantize(CENT, rounding=ROUND_DOWN)
    return [share] * (parts - 1) + [target - share * (parts - 1)]


def split_slots(start: date, end: date, kind: str) -> list[int]:
    """The quarters (triwulan) or months (bulan) of a period a target can be split into."""
    months = period_months(start, end)
    return sorted({quarter_of(m) for m in months}) if kind == "triwulan" else months


def slot_label(kind: str, no: int) -> str:
    return f"TW{no}" if kind == "triwulan" else MONTHS[no - 1]


def split_problem(target: Decimal, values: Sequence[Decimal]) -> str | None:
    total = sum(values, Decimal(0))
    if total != target:
        return f"Jumlah rencana aksi ({fmt(total)}) harus sama dengan target ({fmt(target)})."
    return None


# ---------------------------------------------------------------------------
# Progress
# ---------------------------------------------------------------------------


def realised_total(aspek: str, monthly: Sequence[Decimal]) -> Decimal:
    """Kuantitas and waktu add up month by month; kualitas is a level, so its average counts."""
    if not monthly:
        return Decimal(0)
    total = sum(monthly, Decimal(0))
    return (total / len(monthly)).quantize(CENT) if aspek == "kualitas" else total


def percent(realised: Decimal, target: Decimal) -> Decimal:
    """The real percentage (may exceed 100); display caps it, averages use the capped value."""
    if target <= 0:
        return Decimal(0)
    return (realised * 100 / target).quantize(Decimal("0.1"))


def capped(value: Decimal) -> Decimal:
    return min(value, Decimal(100))


def elapsed_percent(start: date, end: date, today: date) -> Decimal:
    """How much of the period has passed, counting today."""
    if today < start:
        return Decimal(0)
    if today >= end:
        return Decimal(100)
    days = (end - start).days + 1
    return (Decimal((today - start).days + 1) * 100 / days).quantize(Decimal("0.1"))


def mean_percent(values: Sequence[Decimal]) -> Decimal:
    """Average of capped percentages: one over-achieved indikator must not hide a lagging one."""
    if not values:
        return Decimal(0)
    return (sum((capped(v) for v in values), Decimal(0)) / len(values)).quantize(Decimal("0.1"))


def is_lagging(progress: Decimal, elapsed: Decimal, tolerance: Decimal = LAG_TOLERANCE) -> bool:
    return capped(progress) < elapsed - tolerance


def fmt(value: Decimal) -> str:
    """1250.50 -> "1.250,5"; 12.00 -> "12": numbers the way Indonesian documents print them."""
    normalized = value.quantize(CENT)
    whole, _, frac = f"{normalized:,.2f}".partition(".")
    whole = whole.replace(",", ".")
    frac = frac.rstrip("0")
    return f"{whole},{frac}" if frac else whole
