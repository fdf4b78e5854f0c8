"""Penilaian diri: the employee's own assessment of each RHK's realisasi for an evaluation period,
sent to the atasan before they rate (the atasan sees it beside their own rating)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ekinerja.clock import utcnow
from ekinerja.domain.statuses import SelfAssessmentStatus
from ekinerja.models.base import OfSkp, check_in, period_kind_check
from ekinerja.models.evaluation import RATING_CHECK


class SelfAssessment(OfSkp, table=True):
    __tablename__ = "self_assessment"
    __table_args__ = (
        period_kind_check("ck_self_assessment_period_kind"),
        check_in("status", SelfAssessmentStatus, name="ck_self_assessment_status"),
        UniqueConstraint("skp_id", "period_kind", "period_no", name="uq_self_assessment_period"),
    )

    year: int
    period_kind: str = Field(max_length=10)
    period_no: int
    status: str = Field(default=SelfAssessmentStatus.DRAFT, max_length=8)
    submitted_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class SelfAssessmentRhk(SQLModel, table=True):
    """The employee's own rating of one RHK and what they realised, with where the evidence is."""

    __tablename__ = "self_assessment_rhk"
    __table_args__ = (
        CheckConstraint(f"rating IS NULL OR rating IN {RATING_CHECK}", name="ck_self_assessment_rating"),
        UniqueConstraint("self_assessment_id", "rhk_id", name="uq_self_assessment_rhk"),
    )

    id: int | None = Field(default=None, primary_key=True)
    self_assessment_id: int = Field(foreign_key="self_assessment.id", index=True)
    rhk_id: int = Field(foreign_key="rhk.id")
    rating: str | None = Field(default=None, max_length=8)
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
