"""Keberatan (objection) against a final predikat, PP 30/2019 Pasal 59 (rules: domain/keberatan.py).

The employee files it, with reasons and optionally a bukti file, within the instansi's period after
the result became final. It goes to the atasan of the pejabat penilai (the evaluator's own atasan when
it was filed), or whoever stands in for them as Plt/Plh (services/delegation.py). They decide once:
upheld, setting new ratings (the predikat follows from the matrix, and the TPP of months not yet locked
follows from it at once; a locked month stays as paid and the difference is reported), or rejected,
always with reasons. Every step is audited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, col, select

from ekinerja.access import Actor, require
from ekinerja.clock import local_date, local_today, utcnow
from ekinerja.db import among
from ekinerja.domain.dates import month_bounds, month_label
from ekinerja.domain.evaluation_period import period_label
from ekinerja.domain.evaluation_rules import is_final
from ekinerja.domain.keberatan import (
    DECISION_REASON_MIN,
    DECISIONS,
    DEFAULT_FILING_DAYS,
    MAX_FILING_DAYS,
    REASONS_MAX,
    REASONS_MIN,
    STATUS_LABELS,
    KurvaRecheck,
    TppChange,
    decidable,
    filing_deadline,
    months_of_period,
    tpp_changes_from_json,
    tpp_changes_json,
    unsettled_difference,
    upheld,
    within_filing_period,
)
from ekinerja.domain.money import format_rupiah
from ekinerja.domain.names import display_name
from ekinerja.domain.predikat import Predikat, Rating, predikat_of
from ekinerja.domain.statuses import EvaluationStatus, KeberatanStatus
from ekinerja.domain.validation import Errors, ValidationFailed
from ekinerja.models import Employee, Evaluation, EvaluationSettings, Keberatan
from ekinerja.services import audit, kurva, tpp
from ekinerja.services.conflicts import one_outcome
from ekinerja.services.delegation import atasan_delegating_to
from ekinerja.services.evidence import EvidenceDownload, evidence_content, store_evidence
from ekinerja.services.markers import per_employee
from ekinerja.services.org import org_snapshot
from ekinerja.services.org_admin import require_admin

NOT_FOUND = "Keberatan tidak ditemukan atau Anda tidak berwenang membukanya."
ONLY_REVIEWER = "Hanya atasan pejabat penilai (atau Plt/Plh-nya) yang dapat memutus keberatan ini."
DECIDED = "Keberatan ini sudah diputus; keputusannya final."


# The instansi's setting


def filing_days(session: Session, *, instansi_id: int | None) -> int:
    row = session.exec(select(EvaluationSettings).where(EvaluationSettings.instansi_id == instansi_id)).first()
    return row.keberatan_days if row else DEFAULT_FILING_DAYS


def save_filing_days(session: Session, *, actor: Actor, days: str) -> None:
    instansi_id = require_admin(actor)
    text = (days or "").strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_FILING_DAYS:
        raise ValidationFailed({"keberatan_days": f"Isi jumlah hari 1 sampai {MAX_FILING_DAYS} (PP 30/2019 Pasal 59: 14 hari)."})
    row = session.exec(select(EvaluationSettings).where(EvaluationSettings.instansi_id == instansi_id)).first()
    before = audit.snapshot(row)
    row = row or EvaluationSettings(instansi_id=instansi_id)
    row.keberatan_days, row.updated_by_id, row.updated_at = int(text), actor.employee_id, utcnow()
    audit.write(session, actor=actor, action="update", entity="evaluation_settings", row=row, before=before, store=True)


def _instansi_of(session: Session, employee_id: int) -> int | None:
    snapshot = org_snapshot(session, on=local_today())
    unit_id = snapshot.unit_of_employee(employee_id)
    return snapshot.instansi_of_unit(unit_id) if unit_id else None


def _received_on(row: Evaluation, zone: str | None) -> date:
    return local_date(row.finalised_at, zone)


# The employee: what may be objected to, and filing


@dataclass(frozen=True)
class Filable:
    evaluation_id: int
    period: str
    predikat: str  # label
    deadline: date
    reviewer: str  # who will decide, or "" when the evaluator has no atasan on record


def _reviewer_of(session: Session, evaluator_id: int) -> int | None:
    holding = org_snapshot(session, on=local_today()).atasan_of(evaluator_id)
    return holding.employee_id if holding else None


def filable_evaluations(session: Session, *, actor: Actor) -> list[Filable]:
    """The actor's final evaluations still within the filing period and not objected to yet."""
    days = filing_days(session, instansi_id=actor.instansi_id)
    today = local_today(actor.timezone)
    filed = set(session.exec(select(Keberatan.evaluation_id).where(Keberatan.employee_id == actor.employee_id)))
    rows = session.exec(
        select(Evaluation).where(Evaluation.employee_id == actor.employee_id, Evaluation.status == EvaluationStatus.FINAL)
        .order_by(Evaluation.finalised_at.desc())
    ).all()
    found = []
    for row in rows:
        received = _received_on(row, actor.timezone)
        if row.id in filed or not within_filing_period(today, received, days):
            continue
        reviewer_id = _reviewer_of(session, row.evaluator_id)
        reviewer = session.get(Employee, reviewer_id) if reviewer_id else None
        found.append(Filable(
            row.id, period_label(row.period_kind, row.period_no, row.year), Predikat(row.predikat).label,
            filing_deadline(received, days), display_name(reviewer) if reviewer else "",
        ))
    return found


def file_keberatan(
    session: Session, *, actor: Actor, evaluation_id: int, reasons: str, evidence: tuple[bytes, str] | None = None,
) -> Keberatan:
    """The employee objects to their own final predikat, within the period, once."""
    ev = session.get(Evaluation, evaluation_id)
    require(ev is not None and ev.employee_id == actor.employee_id, "Anda hanya dapat mengajukan keberatan atas penilaian Anda sendiri.")
    require(is_final(ev.status), "Keberatan hanya dapat diajukan atas penilaian yang sudah final.")
    days = filing_days(session, instansi_id=actor.instansi_id)
    received = _received_on(ev, actor.timezone)
    deadline = filing_deadline(received, days)
    errors: Errors = {}
    if not within_filing_period(local_today(actor.timezone), received, days):
        errors["form"] = f"Batas waktu pengajuan keberatan sudah lewat ({days} hari sejak penilaian final, sampai {deadline:%d-%m-%Y})."
    reviewer_id = _reviewer_of(session, ev.evaluator_id)
    if reviewer_id is None:
        errors["form"] = "Pejabat penilai Anda tidak memiliki atasan dalam struktur organisasi; sampaikan keberatan kepada BKPSDM."
    text = (reasons or "").strip()
    if len(text) < REASONS_MIN:
        errors["reasons"] = f"Tuliskan alasan keberatan paling sedikit {REASONS_MIN} karakter."
    elif len(text) > REASONS_MAX:
        errors["reasons"] = f"Alasan keberatan maksimal {REASONS_MAX} karakter."
    if errors:
        raise ValidationFailed(errors)
    evidence_id = None
    if evidence is not None:
        try:
            evidence_id = store_evidence(session, actor=actor, data=evidence[0], filename=evidence[1]).id
        except ValueError as rejected:
            raise ValidationFailed({"evidence": str(rejected)}) from None
    row = Keberatan(
        evaluation_id=ev.id, employee_id=ev.employee_id, evaluator_id=ev.evaluator_id, reviewer_id=reviewer_id,
        reasons=text, evidence_id=evidence_id, deadline=deadline, rating_hasil_before=ev.rating_hasil,
        rating_perilaku_before=ev.rating_perilaku, predikat_before=ev.predikat,
    )
    with one_outcome(session, field="form", message="Keberatan atas penilaian ini sudah diajukan."):
        session.add(row)
    audit.write(session, actor=actor, action="file", entity="keberatan", row=row)
    return row


# The atasan of the pejabat penilai: deciding


def _may_decide(session: Session, actor: Actor, row: Keberatan) -> bool:
    if actor.employee_id == row.reviewer_id:
        return True
    return row.reviewer_id in atasan_delegating_to(session, delegate_id=actor.employee_id, on=local_today(actor.timezone))


def _may_read(session: Session, actor: Actor, row: Keberatan) -> bool:
    return actor.employee_id in (row.employee_id, row.evaluator_id, row.reviewer_id, row.decided_by_id) or _may_decide(session, actor, row)


def _readable(session: Session, actor: Actor, keberatan_id: int) -> Keberatan:
    row = session.get(Keberatan, keberatan_id)
    require(row is not None and _may_read(session, actor, row), NOT_FOUND)
    return row


def _tpp_before(session: Session, ev: Evaluation) -> dict[int, tuple[bool, Decimal]]:
    """For each month the predikat decides that has begun: (locked, the TPP as paid or as it stands)."""
    today = local_today()
    found = {}
    for month in months_of_period(ev.period_kind, ev.period_no):
        if month_bounds(ev.year, month)[0] > today:
            continue
        frozen = tpp.locked_total(session, employee_id=ev.employee_id, year=ev.year, month=month)
        if frozen is not None:
            found[month] = (True, frozen)
        else:
            found[month] = (False, tpp.compute_month(session, employee_id=ev.employee_id, year=ev.year, month=month)[0].total)
    return found


def decide(session: Session, *, actor: Actor, keberatan_id: int, form: Mapping[str, str]) -> Keberatan:
    """``form``: ``decision`` (dikabulkan | ditolak), ``decision_reason``; when upheld ``rating_hasil`` and
    ``rating_perilaku``, the ratings as now set (PP 30/2019 Pasal 59 ayat 4: the atasan may change them)."""
    row = session.get(Keberatan, keberatan_id)
    require(row is not None and _may_read(session, actor, row), NOT_FOUND)
    require(_may_decide(session, actor, row), ONLY_REVIEWER)
    require(decidable(row.status), DECIDED)
    ev = session.get(Evaluation, row.evaluation_id)
    errors: Errors = {}
    decision = (form.get("decision") or "").strip()
    if decision not in DECISIONS:
        errors["decision"] = "Pilih keputusan: dikabulkan atau ditolak."
    reason = (form.get("decision_reason") or "").strip()
    if len(reason) < DECISION_REASON_MIN:
        errors["decision_reason"] = f"Tuliskan alasan keputusan paling sedikit {DECISION_REASON_MIN} karakter."
    elif len(reason) > REASONS_MAX:
        errors["decision_reason"] = f"Alasan keputusan maksimal {REASONS_MAX} karakter."
    hasil = perilaku = None
    if upheld(decision):
        ratings = tuple(r.value for r in Rating)
        hasil, perilaku = (form.get("rating_hasil") or "").strip(), (form.get("rating_perilaku") or "").strip()
        if hasil not in ratings:
            errors["rating_hasil"] = "Pilih Rating Hasil Kerja yang ditetapkan."
        if perilaku not in ratings:
            errors["rating_perilaku"] = "Pilih Rating Perilaku Kerja yang ditetapkan."
        if hasil in ratings and perilaku in ratings and predikat_of(Rating(hasil), Rating(perilaku)).value == row.predikat_before:
            errors["form"] = "Rating yang dipilih menghasilkan predikat yang sama; keberatan yang dikabulkan mengubah predikat. Bila tidak, pilih ditolak."
    if errors:
        raise ValidationFailed(errors)
    before = audit.snapshot(row)
    if upheld(decision):
        standing = kurva.standing_of(session, employee_id=ev.employee_id, year=ev.year, kind=ev.period_kind, number=ev.period_no)
        _apply(session, actor, row, ev, Rating(hasil), Rating(perilaku))
        if standing is not None:
            _recheck_kurva(session, actor, row, ev, standing)
    row.status, row.decision_reason, row.decided_by_id = decision, reason, actor.employee_id
    row.decided_at = row.updated_at = utcnow()
    audit.write(
        session, actor=actor, action="decide", entity="keberatan", row=row, before=before,
        detail=f"Keberatan {STATUS_LABELS[decision].lower()}", store=True,
    )
    return row


def _apply(session: Session, actor: Actor, row: Keberatan, ev: Evaluation, hasil: Rating, perilaku: Rating) -> None:
    """Set the evaluation's new ratings and predikat; record how each month's TPP moves."""
    tpp_before = _tpp_before(session, ev)
    ev_before = audit.snapshot(ev)
    predikat = predikat_of(hasil, perilaku)
    ev.rating_hasil, ev.rating_perilaku, ev.predikat, ev.updated_at = hasil.value, perilaku.value, predikat.value, utcnow()
    audit.write(
        session, actor=actor, action="keberatan", entity="evaluation", row=ev, before=ev_before,
        detail=f"Predikat diubah karena keberatan #{row.id} dikabulkan", store=True,
    )
    changes = [
        TppChange(ev.year, month, locked, amount, tpp.compute_month(session, employee_id=ev.employee_id, year=ev.year, month=month)[0].total)
        for month, (locked, amount) in tpp_before.items()
    ]
    row.rating_hasil_after, row.rating_perilaku_after, row.predikat_after = hasil.value, perilaku.value, predikat.value
    row.tpp_changes = tpp_changes_json(changes)


def _recheck_kurva(session: Session, actor: Actor, row: Keberatan, ev: Evaluation, before: kurva.UnitStanding) -> None:
    """The unit's distribution after the change against the kurva (domain/keberatan.KurvaRecheck):
    kept with the decision for the official and the unit's pimpinan; a closed unit's closing follows."""
    after = kurva.standing_of(session, employee_id=ev.employee_id, year=ev.year, kind=ev.period_kind, number=ev.period_no)
    if after is None or after.unit_id != before.unit_id:
        return
    recheck = KurvaRecheck(after.name, after.closing is not None, before.report, after.report)
    row.kurva_unit_id, row.kurva_fits, row.kurva_note = after.unit_id, after.report.fits, recheck.note()
    verdict = "sesuai" if after.report.fits else "tidak sesuai"
    kurva.follow_closed_unit(
        session, actor=actor, standing=after,
        detail=f"Kurva diperiksa ulang setelah keberatan #{row.id} dikabulkan: {verdict} ({after.report.total} pegawai)",
    )


# Reading


@dataclass(frozen=True)
class KeberatanRow:
    id: int
    employee: str
    period: str
    status: str  # diajukan | dikabulkan | ditolak
    status_label: str
    predikat_before: str
    predikat_after: str
    filed_on: date
    deadline: date


@dataclass(frozen=True)
class TppLine:
    month: str
    locked: bool
    before: str
    after: str
    difference: str


@dataclass(frozen=True)
class KeberatanView:
    id: int
    employee: str
    evaluator: str
    reviewer: str
    decided_by: str
    period: str
    status: str
    status_label: str
    reasons: str
    has_evidence: bool
    filed_on: date
    rating_hasil_before: str  # labels
    rating_perilaku_before: str
    predikat_before: str
    rating_hasil_after: str
    rating_perilaku_after: str
    predikat_after: str
    decision_reason: str
    decided_on: date | None
    tpp: list[TppLine]
    tpp_note: str  # what the locked months leave to settle, or ""
    kurva_note: str  # the unit's distribution after an upheld decision against the kurva, or ""
    kurva_breach: bool  # that distribution does not fit the kurva
    can_decide: bool


def _names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    return {e.id: display_name(e) for e in session.exec(select(Employee).where(col(Employee.id).in_(wanted)))} if wanted else {}


def _period_of(session: Session, evaluation_id: int) -> str:
    ev = session.get(Evaluation, evaluation_id)
    return period_label(ev.period_kind, ev.period_no, ev.year)


def _label(predikat: str | None) -> str:
    return Predikat(predikat).label if predikat else ""


def _rating_label(rating: str | None) -> str:
    return Rating(rating).label if rating else ""


def _rows(session: Session, actor: Actor, rows: list[Keberatan]) -> list[KeberatanRow]:
    names = _names(session, (r.employee_id for r in rows))
    return [
        KeberatanRow(
            r.id, names.get(r.employee_id, ""), _period_of(session, r.evaluation_id), r.status, STATUS_LABELS[r.status],
            _label(r.predikat_before), _label(r.predikat_after), local_date(r.filed_at, actor.timezone), r.deadline,
        )
        for r in rows
    ]


def own_keberatan(session: Session, *, actor: Actor) -> list[KeberatanRow]:
    rows = session.exec(select(Keberatan).where(Keberatan.employee_id == actor.employee_id).order_by(Keberatan.filed_at.desc())).all()
    return _rows(session, actor, rows)


def to_decide(session: Session, *, actor: Actor) -> list[KeberatanRow]:
    """Keberatan addressed to the actor, or to an atasan the actor stands in for as Plt/Plh: open ones first."""
    reviewers = [actor.employee_id, *atasan_delegating_to(session, delegate_id=actor.employee_id, on=local_today(actor.timezone))]
    rows = session.exec(
        select(Keberatan).where(col(Keberatan.reviewer_id).in_(reviewers))
        .order_by((Keberatan.status != KeberatanStatus.DIAJUKAN), Keberatan.filed_at.desc()).limit(100)
    ).all()
    return _rows(session, actor, list(rows))


def keberatan_view(session: Session, *, actor: Actor, keberatan_id: int) -> KeberatanView:
    row = _readable(session, actor, keberatan_id)
    names = _names(session, (row.employee_id, row.evaluator_id, row.reviewer_id, row.decided_by_id))
    changes = tpp_changes_from_json(row.tpp_changes)
    lines = [
        TppLine(month_label(c.year, c.month), c.locked, format_rupiah(c.before), format_rupiah(c.after), format_rupiah(c.difference)) for c in changes
    ]
    locked = [c for c in changes if c.locked and c.difference]
    note = ""
    if locked:
        note = (
            f"Bulan yang sudah dikunci tidak diubah; selisihnya {format_rupiah(unsettled_difference(changes))} "
            "diselesaikan melalui pembayaran/koreksi TPP di luar aplikasi."
        )
    return KeberatanView(
        row.id, names.get(row.employee_id, ""), names.get(row.evaluator_id, ""), names.get(row.reviewer_id, ""),
        names.get(row.decided_by_id, "") if row.decided_by_id else "", _period_of(session, row.evaluation_id), row.status,
        STATUS_LABELS[row.status], row.reasons, row.evidence_id is not None, local_date(row.filed_at, actor.timezone),
        _rating_label(row.rating_hasil_before), _rating_label(row.rating_perilaku_before), _label(row.predikat_before),
        _rating_label(row.rating_hasil_after), _rating_label(row.rating_perilaku_after), _label(row.predikat_after),
        row.decision_reason, local_date(row.decided_at, actor.timezone) if row.decided_at else None, lines, note,
        *_kurva_for(actor, row), decidable(row.status) and _may_decide(session, actor, row),
    )


def _kurva_for(actor: Actor, row: Keberatan) -> tuple[str, bool]:
    """The kurva re-check is the officials' (the deciding one, the penilai, the unit's pimpinan on the kurva
    page): the unit's distribution is not the employee's to read."""
    if actor.employee_id == row.employee_id:
        return "", False
    return row.kurva_note, row.kurva_fits is False


def evidence_of(session: Session, *, actor: Actor, keberatan_id: int) -> EvidenceDownload:
    """The keberatan's bukti for those who may read the keberatan (a Plt/Plh too, who is not above the employee)."""
    row = _readable(session, actor, keberatan_id)
    require(row.evidence_id is not None, "Keberatan ini tanpa berkas bukti.")
    return evidence_content(session, evidence_id=row.evidence_id)


def change_markers(session: Session, *, employee_ids: list[int]) -> dict[int, tuple]:
    """Per employee, a fingerprint of the keberatan they filed and of those addressed to them."""
    if not employee_ids:
        return {}
    fingerprint = (func.count(), func.max(Keberatan.updated_at), func.sum(Keberatan.id))
    return per_employee(
        session,
        select(Keberatan.employee_id, *fingerprint).where(among(session, Keberatan.employee_id, employee_ids)).group_by(Keberatan.employee_id),
        select(Keberatan.reviewer_id, *fingerprint).where(among(session, Keberatan.reviewer_id, employee_ids)).group_by(Keberatan.reviewer_id),
    )


def watched_ids(session: Session, *, actor: Actor) -> list[int]:
    """Whose markers the actor's keberatan page follows: their own, and the atasan they stand in for."""
    return sorted({actor.employee_id, *atasan_delegating_to(session, delegate_id=actor.employee_id, on=local_today(actor.timezone))})

