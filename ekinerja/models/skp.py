"""Sasaran Kinerja Pegawai (SKP) under PermenPAN-RB No. 6 Tahun 2022.

An SKP belongs to one employee in one position for one period inside a year.
Approved SKPs are locked: a change is a new revision of the same SKP that the
atasan approves again; earlier revisions stay readable.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, Index, Numeric, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ekinerja.clock import utcnow
from ekinerja.domain.statuses import SkpStatus
from ekinerja.models.base import check_in


class Skp(SQLModel, table=True):
    __tablename__ = "skp"
    __table_args__ = (
        CheckConstraint("approach IN ('kuantitatif','kualitatif')", name="ck_skp_approach"),
        check_in("status", SkpStatus, name="ck_skp_status"),
        CheckConstraint("period_end >= period_start", name="ck_skp_period"),
        UniqueConstraint("lineage_id", "revision", name="uq_skp_lineage_revision"),
        Index("ix_skp_employee_period", "employee_id", "period_start"),
        # One lineage per employee, jabatan and year: creating it twice cannot make two.
        Index("uq_skp_position_year_revision", "employee_id", "position_id", "year", "revision", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    # All revisions of one SKP share the lineage id (the id of revision 1).
    lineage_id: int | None = Field(default=None, index=True)
    revision: int = 1
    employee_id: int = Field(foreign_key="employee.id")
    position_id: int = Field(foreign_key="position.id")
    # Pejabat penilai kinerja: the atasan of record when the SKP was drafted (re-resolved on approval).
    atasan_employee_id: int | None = Field(default=None, foreign_key="employee.id")
    atasan_position_id: int | None = Field(default=None, foreign_key="position.id")
    year: int
    period_start: date
    period_end: date
    approach: str = Field(default="kuantitatif", max_length=12)
    # draft -> diajukan -> disetujui; a newer approved revision marks the old one "diganti".
    status: str = Field(default=SkpStatus.DRAFT, max_length=10)
    return_note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    dukungan_sumber_daya: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    skema_pertanggungjawaban: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    konsekuensi: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    submitted_at: datetime | None = None
    approved_at: datetime | None = None
    approved_by_id: int | None = Field(default=None, foreign_key="employee.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Rhk(SQLModel, table=True):
    """Rencana Hasil Kerja: what the employee promises to deliver."""

    __tablename__ = "rhk"
    __table_args__ = (
        CheckConstraint("kind IN ('utama','tambahan')", name="ck_rhk_kind"),
        CheckConstraint(
            "perspektif IS NULL OR perspektif IN ('penerima_layanan','penguatan_internal','proses_bisnis','anggaran')",
            name="ck_rhk_perspektif",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    skp_id: int = Field(foreign_key="skp.id", index=True)
    kind: str = Field(default="utama", max_length=8)
    description: str = Field(sa_column=Column(Text, nullable=False))
    # "RHK atasan yang diintervensi": the approved RHK of the atasan this one supports.
    atasan_rhk_id: int | None = Field(default=None, foreign_key="rhk.id", index=True)
    perspektif: str | None = Field(default=None, max_length=20)  # JPT positions only
    sort_order: int = 0


class Indikator(SQLModel, table=True):
    """Indikator kinerja individu of an RHK, with its target."""

    __tablename__ = "indikator"
    __table_args__ = (CheckConstraint("aspek IN ('kuantitas','kualitas','waktu')", name="ck_indikator_aspek"),)

    id: int | None = Field(default=None, primary_key=True)
    rhk_id: int = Field(foreign_key="rhk.id", index=True)
    aspek: str = Field(default="kuantitas", max_length=10)
    description: str = Field(sa_column=Column(Text, nullable=False))
    target_value: Decimal = Field(sa_column=Column(Numeric(14, 2), nullable=False))
    target_unit: str = Field(max_length=40)  # satuan: "dokumen", "%", "bulan", ...
    sort_order: int = 0


class RencanaAksi(SQLModel, table=True):
    """A target split: per quarter (TW1-TW4) or per month."""

    __tablename__ = "rencana_aksi"
    __table_args__ = (
        CheckConstraint("period_kind IN ('triwulan','bulan')", name="ck_rencana_aksi_kind"),
        UniqueConstraint("indikator_id", "period_kind", "period_no", name="uq_rencana_aksi_period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    indikator_id: int = Field(foreign_key="indikator.id", index=True)
    period_kind: str = Field(max_length=8)
    period_no: int  # 1-4 for triwulan, 1-12 for bulan
    target_value: Decimal = Field(sa_column=Column(Numeric(14, 2), nullable=False))
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class PerilakuExpectation(SQLModel, table=True):
    """Ekspektasi khusus pimpinan for one BerAKHLAK value of one SKP."""

    __tablename__ = "perilaku_expectation"
    __table_args__ = (UniqueConstraint("skp_id", "value_code", name="uq_perilaku_expectation"),)

    id: int | None = Field(default=None, primary_key=True)
    skp_id: int = Field(foreign_key="skp.id", index=True)
    value_code: str = Field(max_length=30)
    ekspektasi_khusus: str = Field(sa_column=Column(Text, nullable=False))


class Realisasi(SQLModel, table=True):
    """The employee's realisation of an indikator for one month, with its evidence (bukti dukung)."""

    __tablename__ = "realisasi"
    __table_args__ = (
        CheckConstraint("month BETWEEN 1 AND 12", name="ck_realisasi_month"),
        UniqueConstraint("indikator_id", "month", name="uq_realisasi_month"),
    )

    id: int | None = Field(default=None, primary_key=True)
    indikator_id: int = Field(foreign_key="indikator.id", index=True)
    month: int
    value: Decimal = Field(sa_column=Column(Numeric(14, 2), nullable=False))
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    evidence_link: str = Field(default="", max_length=500)
    evidence_file_id: int | None = Field(default=None, foreign_key="evidence_file.id")
    updated_by_id: int = Field(foreign_key="employee.id")
    updated_at: datetime = Field(default_factory=utcnow)
