"""Masukan rekan kerja: peers and bawahan asked by the evaluator for input on an employee's
BerAKHLAK perilaku in one evaluation; each answers every value with a rating and a reason."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from ekinerja.clock import utcnow
from ekinerja.models.base import OfEvaluation
from ekinerja.models.evaluation import RATING_CHECK


class PeerInputRequest(OfEvaluation, table=True):
    """One person asked for input on one evaluation; ``answered_at`` set once they answer (once)."""

    __tablename__ = "peer_input_request"
    __table_args__ = (
        CheckConstraint("relation IN ('rekan','bawahan')", name="ck_peer_input_relation"),
        UniqueConstraint("evaluation_id", "respondent_id", name="uq_peer_input_respondent"),
    )

    respondent_id: int = Field(foreign_key="employee.id", index=True)
    relation: str = Field(max_length=8)  # rekan (same atasan) | bawahan (reports to the employee)
    requested_by_id: int = Field(foreign_key="employee.id")
    requested_at: datetime = Field(default_factory=utcnow)
    answered_at: datetime | None = None


class PeerInputAnswer(SQLModel, table=True):
    __tablename__ = "peer_input_answer"
    __table_args__ = (
        CheckConstraint(f"rating IN {RATING_CHECK}", name="ck_peer_input_rating"),
        UniqueConstraint("request_id", "value_code", name="uq_peer_input_value"),
    )

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="peer_input_request.id", index=True)
    value_code: str = Field(max_length=30)
    rating: str = Field(max_length=8)
    reason: str = Field(sa_column=Column(Text, nullable=False))
