"""Penilaian diri: the employee writes it on their approved SKP for a period and sends it; the atasan
who evaluates reads it beside their own ratings.

Who may do what: only the SKP's owner writes, while it is a draft and the period's evaluation is
not final; the owner and the atasan (the pejabat penilai, or the Plt/Plh of the jabatan) read a
sent one. The realisasi shown beside each RHK is the one entered in Progres Pekerjaan, with its
bukti dukung, so nothing is typed twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, select

from ekinerja.access import Actor, require
from ekinerja.clock import local_today, utcnow
from ekinerja.domain import self_assessment as rules
from ekinerja.domain.evaluation_period import check_period, period_label
from ekinerja.domain.skp_rules import approved, evaluated_months, fmt, realised_total
from ekinerja.domain.statuses import EvaluationStatus, SelfAssessmentStatus, SkpStatus
from ekinerja.domain.validation import ValidationFailed, ensure_valid
from ekinerja.models import Evaluation, SelfAssessment, SelfAssessmentRhk, Skp
from ekinerja.services import audit, progress
from ekinerja.services.skp import is_atasan, readable_skp

NOT_OWNER = "Hanya pemilik SKP yang dapat mengisi penilaian dirinya."
SENT = "Penilaian diri ini sudah dikirim kepada atasan dan tidak dapat diubah."
EVALUATED = "Penilaian atasan untuk periode ini sudah final; penilaian diri tidak dapat diubah lagi."


@dataclass(frozen=True)
class RhkSelfView:
    rhk_id: int
    description: str
    realisasi: str  # the period's realisasi per indikator, from Progres Pekerjaan
    evidence: str
    rating: str
    note: str


@dataclass(frozen=True)
class SelfView:
    skp_id: int
    period: str
    status: str  # belum | draft | diajukan
    can_edit: bool
    rhks: list[RhkSelfView]


def own_skp(session: Session, *, actor: Actor, year: int) -> Skp | None:
    """The actor's approved SKP of the year (the latest period when a mutasi split the year)."""
    return session.exec(
        select(Skp).where(Skp.employee_id == actor.employee_id, Skp.year == year, Skp.status == SkpStatus.DISETUJUI)
        .order_by(Skp.period_start.desc(), Skp.id.desc())
    ).first()


def _row(session: Session, skp_id: int, kind: str, number: int) -> SelfAssessment | None:
    return session.exec(
        select(SelfAssessment).where(SelfAssessment.skp_id == skp_id, SelfAssessment.period_kind == kind, SelfAssessment.period_no == number)
    ).first()


def _final(session: Session, skp_id: int, kind: str, number: int) -> bool:
    return session.exec(
        select(Evaluation.id).where(
            Evaluation.skp_id == skp_id, Evaluation.period_kind == kind, Evaluation.period_no == number, Evaluation.status == EvaluationStatus.FINAL
        )
    ).first() is not None


def _view(session: Session, skp: Skp, kind: str, number: int, *, editable: bool) -> SelfView:
    row = _row(session, skp.id, kind, number)
    items = {i.rhk_id: i for i in session.exec(select(SelfAssessmentRhk).where(SelfAssessmentRhk.self_assessment_id == row.id))} if row else {}
    computed = progress.compute(session, skp=skp, today=local_today())
    rhks = []
    for rhk in computed.rhks:
        lines, evidence = [], 0
        for ind in rhk.indikators:
            months = set(evaluated_months(kind, number, [c.month for c in ind.months]))
            cells = [c for c in ind.months if c.month in months]
            counted = [c.counted for c in cells if c.entered is not None or c.from_activities]
            lines.append(f"{ind.description}: {fmt(realised_total(ind.aspek, counted))} {ind.target_unit} (target SKP {fmt(ind.target_value)})")
            evidence += sum(1 for c in cells if c.evidence_link or c.evidence_file_id)
        item = items.get(rhk.id)
        rhks.append(RhkSelfView(
            rhk.id, rhk.description, "\n".join(lines),
            f"Bukti dukung di Progres Pekerjaan: {evidence} isian" if evidence else "Belum ada bukti dukung di Progres Pekerjaan",
            (item.rating or "") if item else "", item.note if item else "",
        ))
    status = row.status if row else "belum"
    can_edit = editable and not rules.sent(status) and not _final(session, skp.id, kind, number)
    return SelfView(skp.id, period_label(kind, number, skp.year), status, can_edit, rhks)


def own_view(session: Session, *, actor: Actor, year: int, kind: str, number: int) -> SelfView | None:
    check_period(kind, number)
    skp = own_skp(session, actor=actor, year=year)
    return _view(session, skp, kind, number, editable=True) if skp is not None else None


def save(session: Session, *, actor: Actor, skp_id: int, kind: str, number: int, form: Mapping[str, str], send: bool) -> SelfAssessment:
    """Keep a draft, or (``send``) check it is complete and send it to the atasan, which locks it."""
    check_period(kind, number)
    skp, _ = readable_skp(session, actor=actor, skp_id=skp_id)
    require(skp.employee_id == actor.employee_id, NOT_OWNER)
    require(approved(skp.status), "Penilaian diri diisi pada SKP yang sudah disetujui.")
    if _final(session, skp.id, kind, number):
        raise ValidationFailed({"form": EVALUATED})
    row = _row(session, skp.id, kind, number)
    if row is not None and rules.sent(row.status):
        raise ValidationFailed({"form": SENT})
    rhk_ids = [r.rhk_id for r in _view(session, skp, kind, number, editable=False).rhks]
    items = ensure_valid(rules.validate_self_assessment(rhk_ids, form, send=send))
    if row is None:
        row = SelfAssessment(skp_id=skp.id, employee_id=skp.employee_id, year=skp.year, period_kind=kind, period_no=number)
        session.add(row)
        session.flush()
    existing = {i.rhk_id: i for i in session.exec(select(SelfAssessmentRhk).where(SelfAssessmentRhk.self_assessment_id == row.id))}
    for item in items:
        stored = existing.get(item.rhk_id) or SelfAssessmentRhk(self_assessment_id=row.id, rhk_id=item.rhk_id)
        stored.rating, stored.note = item.rating, item.note
        session.add(stored)
    values = {"updated_at": utcnow()} | ({"status": SelfAssessmentStatus.DIAJUKAN, "submitted_at": utcnow()} if send else {})
    # Conditional: a second tab that already sent it cannot reopen or resend it.
    done = session.exec(update(SelfAssessment).where(SelfAssessment.id == row.id, SelfAssessment.status == SelfAssessmentStatus.DRAFT).values(**values))
    if done.rowcount != 1:
        raise ValidationFailed({"form": SENT})
    session.refresh(row)
    audit.write(
        session, actor=actor, action="ajukan" if send else "update", entity="self_assessment", entity_id=row.id,
        after=audit.snapshot(row) | {"rhk": {i.rhk_id: [i.rating, i.note] for i in items}},
    )
    return row


def for_evaluation(session: Session, *, actor: Actor, evaluation_id: int) -> SelfView | None:
    """The sent penilaian diri of the evaluation's SKP and period, for its atasan or its owner; None when not sent."""
    ev = session.get(Evaluation, evaluation_id)
    require(ev is not None, "Penilaian tidak ditemukan.")
    skp, snapshot = readable_skp(session, actor=actor, skp_id=ev.skp_id)
    require(skp.employee_id == actor.employee_id or is_atasan(actor, snapshot, skp), "Penilaian diri hanya untuk pegawai dan atasan penilainya.")
    row = _row(session, skp.id, ev.period_kind, ev.period_no)
    if row is None or not rules.sent(row.status):
        return None
    return _view(session, skp, ev.period_kind, ev.period_no, editable=False)
