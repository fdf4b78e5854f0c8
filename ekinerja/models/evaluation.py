"""Penilaian kinerja (PermenPAN-RB 6/2022): ratings per SKP and period, the predikat they give,
each unit's capaian that sets its kurva distribusi (SE MenPAN-RB 3/2023), and the unit's closing."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ekinerja.clock import utcnow
from ekinerja.domain.predikat import Rating
from ekinerja.domain.statuses import EvaluationStatus, KeberatanStatus
from ekinerja.models.base import (
    PERIODIC_KINDS,
    InstansiSettings,
    OfEvaluation,
    OfSkp,
    UnitCapaian,
    check_in,
    in_list,
    period_kind_check,
)

RATING_CHECK = in_list(Rating)
ORG_PREDIKAT_CHECK = "('istimewa','baik','butuh_perbaikan','kurang','sangat_kurang')"


class Evaluation(OfSkp, table=True):
    """The atasan's evaluation of one SKP for one period; ``predikat`` is only ever computed on finalising."""

    __tablename__ = "evaluation"
    __table_args__ = (
        period_kind_check("ck_evaluation_period_kind"),
        check_in("status", EvaluationStatus, name="ck_evaluation_status"),
        CheckConstraint(f"rating_hasil IS NULL OR rating_hasil IN {RATING_CHECK}", name="ck_evaluation_rating_hasil"),
        CheckConstraint(f"rating_perilaku IS NULL OR rating_perilaku IN {RATING_CHECK}", name="ck_evaluation_rating_perilaku"),
        UniqueConstraint("skp_id", "period_kind", "period_no", name="uq_evaluation_period"),
    )

    evaluator_id: int = Field(foreign_key="employee.id")
    year: int
    period_kind: str = Field(max_length=10)
    period_no: int  # month 1-12, quarter 1-4, or 1 for the year
    status: str = Field(default=EvaluationStatus.DRAFT, max_length=5)
    rating_hasil: str | None = Field(default=None, max_length=8)
    rating_perilaku: str | None = Field(default=None, max_length=8)
    predikat: str | None = Field(default=None, max_length=16)
    finalised_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class EvaluationRhkRating(OfEvaluation, table=True):
    __tablename__ = "evaluation_rhk_rating"
    __table_args__ = (
        CheckConstraint(f"rating IN {RATING_CHECK}", name="ck_evaluation_rhk_rating"),
        UniqueConstraint("evaluation_id", "rhk_id", name="uq_evaluation_rhk"),
    )

    rhk_id: int = Field(foreign_key="rhk.id")
    rating: str = Field(max_length=8)
    feedback: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class EvaluationPerilakuRating(OfEvaluation, table=True):
    __tablename__ = "evaluation_perilaku_rating"
    __table_args__ = (
        CheckConstraint(f"rating IN {RATING_CHECK}", name="ck_evaluation_perilaku_rating"),
        UniqueConstraint("evaluation_id", "value_code", name="uq_evaluation_perilaku"),
    )

    value_code: str = Field(max_length=30)
    rating: str = Field(max_length=8)
    feedback: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class UnitPredikat(UnitCapaian, table=True):
    """Capaian kinerja of one satuan organisasi for a period, set by the level above it
    (SE MenPAN-RB 3/2023): it decides the unit's kurva and is its head's Rating Hasil Kerja."""

    __tablename__ = "unit_predikat"
    __table_args__ = (
        CheckConstraint(f"predikat IN {ORG_PREDIKAT_CHECK}", name="ck_unit_predikat"),
        period_kind_check("ck_unit_predikat_period_kind"),
        UniqueConstraint("unit_id", "year", "period_kind", "period_no", name="uq_unit_predikat_period"),
    )

    set_by_id: int = Field(foreign_key="employee.id")
    updated_at: datetime = Field(default_factory=utcnow)


class UnitEvaluationClosing(UnitCapaian, table=True):
    """A unit's evaluations of a period, closed by its head once all are final: the kurva was
    checked over the unit's employees then, and a pattern that did not fit carries the reason."""

    __tablename__ = "unit_evaluation_closing"
    __table_args__ = (
        CheckConstraint(f"predikat IN {ORG_PREDIKAT_CHECK}", name="ck_unit_closing_predikat"),
        period_kind_check("ck_unit_closing_period_kind"),
        UniqueConstraint("unit_id", "year", "period_kind", "period_no", name="uq_unit_closing_period"),
    )

    # predikat: the capaian the kurva was checked against
    employees: int  # how many predikat were counted
    fits: bool
    problems: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    closed_by_id: int = Field(foreign_key="employee.id")
    closed_at: datetime = Field(default_factory=utcnow)


class EvaluationSettings(InstansiSettings, table=True):
    """How often the instansi runs periodic evaluations: monthly or quarterly."""

    __tablename__ = "evaluation_settings"
    __table_args__ = (
        check_in("periodic_kind", PERIODIC_KINDS, name="ck_evaluation_settings_kind"),
        CheckConstraint("keberatan_days BETWEEN 1 AND 90", name="ck_evaluation_settings_keberatan_days"),
    )

    periodic_kind: str = Field(default="triwulanan", max_length=10)
    # Days to file a keberatan after a result is final (PP 30/2019 Pasal 59: 14; domain/keberatan.py)
    keberatan_days: int = Field(default=14, sa_column_kwargs={"server_default": "14"})
    updated_by_id: int | None = Field(default=None, foreign_key="employee.id")
    updated_at: datetime = Field(default_factory=utcnow)


class EvaluationProposal(OfEvaluation, table=True):
    """A rating the annual evaluation proposes from the year's final periodic ones (domain/annual_rating.py),
    and the evaluator's reason when the rating set differs from it.

    ``subject`` is the form field rated: ``rhk_<id>``, ``val_<code>``, ``rating_hasil`` or ``rating_perilaku``."""

    __tablename__ = "evaluation_proposal"
    __table_args__ = (
        CheckConstraint(f"proposed IN {RATING_CHECK}", name="ck_evaluation_proposal_rating"),
        UniqueConstraint("evaluation_id", "subject", name="uq_evaluation_proposal"),
    )

    subject: str = Field(max_length=40)
    proposed: str = Field(max_length=8)
    basis: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    change_reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    updated_at: datetime = Field(default_factory=utcnow)


class Keberatan(SQLModel, table=True):
    """An employee's objection to a final predikat, decided by the atasan of the pejabat penilai
    (PP 30/2019 Pasal 59; domain/keberatan.py). One per evaluation: the decision is final."""

    __tablename__ = "keberatan"
    __table_args__ = (
        check_in("status", KeberatanStatus, name="ck_keberatan_status"),
        CheckConstraint(f"rating_hasil_after IS NULL OR rating_hasil_after IN {RATING_CHECK}", name="ck_keberatan_rating_hasil"),
        CheckConstraint(f"rating_perilaku_after IS NULL OR rating_perilaku_after IN {RATING_CHECK}", name="ck_keberatan_rating_perilaku"),
        UniqueConstraint("evaluation_id", name="uq_keberatan_evaluation"),
    )

    id: int | None = Field(default=None, primary_key=True)
    evaluation_id: int = Field(foreign_key="evaluation.id")
    employee_id: int = Field(foreign_key="employee.id", index=True)
    evaluator_id: int = Field(foreign_key="employee.id")
    reviewer_id: int = Field(foreign_key="employee.id", index=True)  # the atasan of the pejabat penilai
    status: str = Field(default=KeberatanStatus.DIAJUKAN, max_length=10)
    reasons: str = Field(sa_column=Column(Text, nullable=False))
    evidence_id: int | None = Field(default=None, foreign_key="evidence_file.id")
    deadline: date  # the last day it could be filed
    rating_hasil_before: str = Field(max_length=8)
    rating_perilaku_before: str = Field(max_length=8)
    predikat_before: str = Field(max_length=16)
    rating_hasil_after: str | None = Field(default=None, max_length=8)
    rating_perilaku_after: str | None = Field(default=None, max_length=8)
    predikat_after: str | None = Field(default=None, max_length=16)
    decision_reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    tpp_changes: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))  # JSON, see TppChange
    # The unit's kurva after an upheld decision (services/keberatan.py): where the predikat counts,
    # whether the distribution still fits (None: not checked), and what was found.
    kurva_unit_id: int | None = Field(default=None, foreign_key="org_unit.id", index=True)
    kurva_fits: bool | None = None
    kurva_note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    decided_by_id: int | None = Field(default=None, foreign_key="employee.id")
    filed_at: datetime = Field(default_factory=utcnow)
    decided_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)
