"""Organisation tree, positions (jabatan), employees (pegawai) and their assignments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, Index, Integer, Numeric, UniqueConstraint
from sqlmodel import Field, SQLModel

from ekinerja.clock import utcnow


class OrgUnit(SQLModel, table=True):
    """Unit kerja: instansi > OPD/perangkat daerah > bidang > sub-bidang."""

    __tablename__ = "org_unit"
    __table_args__ = (
        CheckConstraint("level IN ('instansi','opd','bidang','subbidang')", name="ck_org_unit_level"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=30, unique=True)
    name: str = Field(max_length=200)
    level: str = Field(max_length=10)
    parent_id: int | None = Field(default=None, foreign_key="org_unit.id", index=True)
    active: bool = True


class Position(SQLModel, table=True):
    """Jabatan. The supervisor hierarchy is position-based: ``reports_to_id``."""

    __tablename__ = "position"
    __table_args__ = (
        CheckConstraint("kind IN ('struktural','fungsional','pelaksana')", name="ck_position_kind"),
        CheckConstraint("kelas_jabatan BETWEEN 1 AND 17", name="ck_position_kelas"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=12)
    eselon: str | None = Field(default=None, max_length=6)
    kelas_jabatan: int
    unit_id: int = Field(foreign_key="org_unit.id", index=True)
    reports_to_id: int | None = Field(default=None, foreign_key="position.id", index=True)
    active: bool = True


class Employee(SQLModel, table=True):
    """Pegawai (PNS or PPPK), identified by the 18-digit NIP."""

    __tablename__ = "employee"
    __table_args__ = (CheckConstraint("status IN ('PNS','PPPK')", name="ck_employee_status"),)

    id: int | None = Field(default=None, primary_key=True)
    nip: str = Field(max_length=18, unique=True)
    name: str = Field(max_length=120)
    gelar_depan: str = Field(default="", max_length=40)
    gelar_belakang: str = Field(default="", max_length=60)
    status: str = Field(default="PNS", max_length=4)
    pangkat_golongan: str = Field(default="", max_length=60)
    # A pejabat fungsional's jenjang over time: JenjangFungsional rows.
    active: bool = True
    password_hash: str = Field(max_length=255)
    must_change_password: bool = True
    password_changed_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class EmployeeRole(SQLModel, table=True):
    __tablename__ = "employee_role"
    __table_args__ = (UniqueConstraint("employee_id", "role", name="uq_employee_role"),)

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id", index=True)
    role: str = Field(max_length=20)


class PositionAssignment(SQLModel, table=True):
    """Who holds which position from when to when.

    ``definitif`` rows form an employee's job history (a mutasi closes one row and
    opens the next, never rewriting the past); ``plt``/``plh`` rows are acting
    appointments held beside the definitive one.
    """

    __tablename__ = "position_assignment"
    __table_args__ = (
        CheckConstraint("kind IN ('definitif','plt','plh')", name="ck_assignment_kind"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="ck_assignment_dates"),
        Index("ix_assignment_position_dates", "position_id", "start_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id", index=True)
    position_id: int = Field(foreign_key="position.id")
    kind: str = Field(default="definitif", max_length=10)
    start_date: date
    end_date: date | None = None
    note: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class JenjangFungsional(SQLModel, table=True):
    """One jenjang of a jabatan fungsional an employee held (PermenPAN-RB 1/2023), as the BKD records
    it from the SK: from its TMT to the day before the next one (``end_date`` None while held), with
    the cumulative angka kredit the PAK gave at the TMT. A kenaikan jenjang closes one row and opens
    the next; the yearly angka kredit is pro-rated over the rows (ekinerja.domain.angka_kredit)."""

    __tablename__ = "jenjang_fungsional"
    __table_args__ = (
        UniqueConstraint("employee_id", "tmt", name="uq_jenjang_fungsional_tmt"),
        CheckConstraint("end_date IS NULL OR end_date >= tmt", name="ck_jenjang_fungsional_dates"),
    )

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id", index=True)
    jabatan: str = Field(default="", max_length=200)  # as the SK names it, e.g. "Analis SDM Aparatur Ahli Muda"
    jenjang: str = Field(max_length=12)  # ekinerja.domain.angka_kredit.JENJANG
    tmt: date
    end_date: date | None = None
    sk_nomor: str = Field(default="", max_length=100)
    sk_tanggal: date | None = None
    angka_kredit_awal: Decimal | None = Field(default=None, sa_column=Column(Numeric(10, 3), nullable=True))
    created_by_id: int | None = Field(default=None, foreign_key="employee.id")
    created_at: datetime = Field(default_factory=utcnow)


class OrgRevision(SQLModel, table=True):
    """A single row of counters, so each backend worker knows when what it caches is stale.
    ``value``: bumped by every change to units, positions or assignments (the org snapshot).
    ``reference_value``: bumped by database triggers on every change to work settings, holidays
    and duty days (migration i17_reference_0012), whoever writes them."""

    __tablename__ = "org_revision"

    id: int = Field(default=1, primary_key=True)
    value: int = 0
    reference_value: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
