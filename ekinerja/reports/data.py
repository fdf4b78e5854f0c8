"""The plain data each document is built from. Services fill these (with access checks);
builders in this package turn them into bytes without touching the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Person:
    name: str
    nip: str
    pangkat: str = ""
    jabatan: str = ""
    unit: str = ""


# -- Laporan kegiatan harian bulanan -----------------------------------------


@dataclass(frozen=True)
class ActivityLine:
    day: date
    start: str
    end: str
    task: str
    quantity: str
    output_unit: str
    description: str
    rhk: str
    minutes: int  # approved minutes


@dataclass(frozen=True)
class ActivityReport:
    pegawai: Person
    atasan: Person | None
    instansi: str
    year: int
    month: int
    lines: list[ActivityLine]
    approved_minutes: int
    target_minutes: int
    pending_count: int
    pending_minutes: int
    rejected_count: int
    atasan_now: str = ""  # today's atasan by name: whom the entries still pending wait for

    @property
    def percent(self) -> Decimal:
        if self.target_minutes <= 0:
            return Decimal(0)
        return (Decimal(self.approved_minutes) * 100 / Decimal(self.target_minutes)).quantize(Decimal("0.01"))


# -- Dokumen SKP --------------------------------------------------------------


@dataclass(frozen=True)
class SkpIndikatorLine:
    aspek: str
    description: str
    target: str


@dataclass(frozen=True)
class SkpRhkLine:
    kind: str  # utama | tambahan
    description: str
    atasan_rhk: str
    perspektif: str
    indikators: list[SkpIndikatorLine]


@dataclass(frozen=True)
class PerilakuLine:
    name: str
    behaviours: tuple[str, ...]
    ekspektasi: str


@dataclass(frozen=True)
class SkpDocument:
    pegawai: Person
    penilai: Person | None
    instansi: str
    year: int
    period_start: date
    period_end: date
    status: str
    revision: int
    approach: str
    rhks: list[SkpRhkLine]
    perilaku: list[PerilakuLine]
    dukungan_sumber_daya: str
    skema_pertanggungjawaban: str
    konsekuensi: str
    approved_on: date | None


# -- Rekap capaian -----------------------------------------------------------


@dataclass(frozen=True)
class CapaianLine:
    unit: str
    name: str
    nip: str
    jabatan: str
    atasan: str
    working_days: int  # working days of the month so far
    days_logged: int
    entries: int
    pending: int
    approved: int
    rejected: int
    approved_minutes: int
    target_minutes: int

    @property
    def missing_days(self) -> int:
        return max(self.working_days - self.days_logged, 0)


@dataclass(frozen=True)
class ValidatorLine:
    """An atasan with entries of their subordinates still waiting for validation."""

    unit: str
    name: str
    nip: str
    pending: int
    oldest: date


@dataclass(frozen=True)
class CapaianRecap:
    scope: str  # the unit (and below) or "Bawahan <name>"
    year: int
    month: int
    lines: list[CapaianLine]
    validators: list[ValidatorLine] = field(default_factory=list)


# -- Dokumen evaluasi kinerja ---------------------------------------------------


@dataclass(frozen=True)
class EvaluationIndikatorLine:
    aspek: str
    description: str
    target: str
    realisasi: str  # realised in the evaluation's period, with its unit


@dataclass(frozen=True)
class EvaluationRhkLine:
    kind: str  # utama | tambahan
    description: str
    indikators: list[EvaluationIndikatorLine]
    rating: str  # label
    feedback: str


@dataclass(frozen=True)
class EvaluationPerilakuLine:
    name: str
    rating: str  # label
    feedback: str


@dataclass(frozen=True)
class EvaluationDocument:
    pegawai: Person
    penilai: Person | None
    instansi: str
    period: str  # "Triwulan I 2026"
    skp_period: str
    rhks: list[EvaluationRhkLine]
    perilaku: list[EvaluationPerilakuLine]
    rating_hasil: str  # labels
    rating_perilaku: str
    predikat: str
    finalised_on: date | None
    # An annual evaluation's ratings set against what the periodic ones proposed: (subject, proposed, set, reason)
    changes: tuple[tuple[str, str, str, str], ...] = ()


@dataclass(frozen=True)
class KeberatanDocument:
    """Keputusan atas keberatan hasil penilaian kinerja (PP 30/2019 Pasal 59)."""

    pegawai: Person
    penilai: Person
    reviewer: Person  # atasan pejabat penilai kinerja (or the Plt/Plh who decided)
    reviewer_role: str
    instansi: str
    period: str
    filed_on: date
    reasons: str
    before: tuple[str, str, str]  # rating hasil, rating perilaku, predikat (labels)
    after: tuple[str, str, str] | None
    status: str  # Dikabulkan | Ditolak
    decision_reason: str
    decided_on: date | None
    tpp: tuple[tuple[str, str, str, str, str], ...]  # month, locked, before, after, difference
    tpp_note: str


# -- Rekap TPP and rekap kehadiran: one sheet per unit -----------------------------


@dataclass(frozen=True)
class TppRecapLine:
    unit: str  # the OPD the TPP recap groups by
    nip: str
    name: str
    base: Decimal
    kinerja: Decimal
    disiplin: Decimal
    tambahan: Decimal  # Plt/Plh
    total: Decimal  # rounded to whole rupiah once, as paid


@dataclass(frozen=True)
class TppRecapDocument:
    scope: str
    year: int
    month: int
    lines: list[TppRecapLine]
    locked: bool


@dataclass(frozen=True)
class KehadiranLine:
    unit: str  # the OPD
    sub_unit: str  # the employee's own unit
    nip: str
    name: str
    working_days: int
    present: int
    tl: tuple[int, int, int, int]
    psw: tuple[int, int, int, int]
    absent_without_reason: int
    absences: dict[str, int]  # absence kind -> working days


@dataclass(frozen=True)
class KehadiranRecap:
    scope: str
    year: int
    month: int
    lines: list[KehadiranLine]


# -- Rekap angka kredit jabatan fungsional -----------------------------------------


@dataclass(frozen=True)
class AngkaKreditLine:
    unit: str  # the OPD
    nip: str
    name: str
    pangkat: str
    jenjang: str  # label, e.g. "Ahli Pertama"
    tmt: date
    predikat: str  # label of the year's final annual predikat, "" while there is none
    percent: Decimal | None
    months: int  # in the jenjang of the line
    koefisien: Decimal
    angka_kredit: Decimal  # of the year, across every jenjang held in it
    parts: str  # the year's months and angka kredit per jenjang, when more than one was held
    awal: Decimal  # at the TMT, from the last PAK
    cumulative: Decimal  # in the jenjang, through the year
    pangkat_target: str
    pangkat_needed: Decimal | None
    pangkat_short: Decimal | None
    jenjang_target: str
    jenjang_needed: Decimal | None
    jenjang_short: Decimal | None


@dataclass(frozen=True)
class AngkaKreditRecap:
    scope: str
    year: int
    lines: list[AngkaKreditLine]
