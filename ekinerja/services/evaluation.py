"""Penilaian kinerja per SKP and period (PermenPAN-RB 6/2022).

The atasan rates each RHK and each BerAKHLAK value, then the overall Rating Hasil
Kerja and Rating Perilaku Kerja; the predikat is computed from the regulation's
matrix when the evaluation is finalised, never typed. A unit head's Rating Hasil
Kerja is not chosen: it follows the capaian of the unit they lead (SE MenPAN-RB
3/2023, see services/unit_capaian.py). The kurva distribusi is checked over a
whole unit when its evaluations are closed (services/kurva.py), not on each one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session, col, select

from ekinerja.access import Actor, require
from ekinerja.clock import local_today, utcnow
from ekinerja.domain.annual_rating import needs_reason, propose_ratings
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.evaluation_period import check_period, period_label
from ekinerja.domain.evaluation_rules import may_rate
from ekinerja.domain.predikat import Predikat, Rating, predikat_of
from ekinerja.domain.skp_rules import approved
from ekinerja.domain.statuses import EvaluationStatus, SkpStatus
from ekinerja.domain.validation import Errors, ValidationFailed
from ekinerja.models import Employee, Skp
from ekinerja.models.evaluation import (
    Evaluation,
    EvaluationPerilakuRating,
    EvaluationProposal,
    EvaluationRhkRating,
    EvaluationSettings,
)
from ekinerja.services import audit
from ekinerja.services.conflicts import one_outcome
from ekinerja.services.org import org_snapshot
from ekinerja.services.org_admin import require_admin
from ekinerja.services.skp import is_atasan, readable_skp, rhks_of
from ekinerja.services.unit_capaian import HeadRule, head_rule, unit_closing

ONLY_ATASAN = "Hanya atasan langsung pegawai yang dapat menilai kinerjanya."
FINAL = "Penilaian ini sudah final dan tidak dapat diubah."
UNIT_CLOSED = "Penilaian unit kerja pegawai ini untuk periode ini sudah ditutup; minta admin membukanya kembali."
RATINGS = tuple(r.value for r in Rating)


# Agency settings


def periodic_kind(session: Session, *, instansi_id: int | None) -> str:
    row = session.exec(select(EvaluationSettings).where(EvaluationSettings.instansi_id == instansi_id)).first()
    return row.periodic_kind if row else "triwulanan"


def save_periodic_kind(session: Session, *, actor: Actor, kind: str) -> None:
    instansi_id = require_admin(actor)
    if kind not in ("bulanan", "triwulanan"):
        raise ValidationFailed({"periodic_kind": "Pilih bulanan atau triwulanan."})
    row = session.exec(select(EvaluationSettings).where(EvaluationSettings.instansi_id == instansi_id)).first()
    before = audit.snapshot(row)
    row = row or EvaluationSettings(instansi_id=instansi_id)
    row.periodic_kind, row.updated_by_id, row.updated_at = kind, actor.employee_id, utcnow()
    audit.write(session, actor=actor, action="update", entity="evaluation_settings", row=row, before=before, store=True)


# The atasan's work


@dataclass(frozen=True)
class TeamEvaluationRow:
    employee_id: int
    name: str
    skp_id: int
    evaluation_id: int | None
    status: str  # belum | draft | final
    predikat: str  # label, or ""


def team_evaluations(session: Session, *, actor: Actor, year: int, kind: str, number: int) -> list[TeamEvaluationRow]:
    """The actor's direct subordinates with an approved SKP for the year, and where their evaluation stands."""
    check_period(kind, number)
    snapshot = org_snapshot(session, on=local_today())
    team = snapshot.direct_subordinates(actor.employee_id)
    if not team:
        return []
    skps = session.exec(
        select(Skp).where(col(Skp.employee_id).in_(team), Skp.year == year, Skp.status == SkpStatus.DISETUJUI).order_by(Skp.employee_id, Skp.period_start)
    ).all()
    skps = [s for s in skps if is_atasan(actor, snapshot, s)]
    evaluations = {
        e.skp_id: e
        for e in session.exec(
            select(Evaluation).where(col(Evaluation.skp_id).in_([s.id for s in skps]), Evaluation.period_kind == kind, Evaluation.period_no == number)
        )
    }
    names = dict(session.exec(select(Employee.id, Employee.name).where(col(Employee.id).in_(team))).all())
    rows = []
    for skp in skps:
        ev = evaluations.get(skp.id)
        rows.append(
            TeamEvaluationRow(
                skp.employee_id, names.get(skp.employee_id, ""), skp.id, ev.id if ev else None,
                ev.status if ev else "belum", Predikat(ev.predikat).label if ev and ev.predikat else "",
            )
        )
    return rows


def _atasan_skp(session: Session, actor: Actor, skp_id: int) -> Skp:
    skp, snapshot = readable_skp(session, actor=actor, skp_id=skp_id)
    require(is_atasan(actor, snapshot, skp), ONLY_ATASAN)
    return skp


def open_evaluation(session: Session, *, actor: Actor, skp_id: int, kind: str, number: int) -> Evaluation:
    """The draft (or final) evaluation of the SKP for the period, created by its atasan on first open."""
    check_period(kind, number)
    skp = _atasan_skp(session, actor, skp_id)
    require(approved(skp.status), "Hanya SKP yang sudah disetujui yang dapat dinilai.")
    existing = select(Evaluation).where(Evaluation.skp_id == skp_id, Evaluation.period_kind == kind, Evaluation.period_no == number)
    row = session.exec(existing).first()
    if row is None:
        row = Evaluation(skp_id=skp_id, employee_id=skp.employee_id, evaluator_id=actor.employee_id, year=skp.year, period_kind=kind, period_no=number)
        try:
            with one_outcome(session):
                session.add(row)
        except ValidationFailed:
            # Opened at the same moment in another window: the unique key kept one; open that one.
            return session.exec(existing).one()
        audit.write(session, actor=actor, action="create", entity="evaluation", row=row)
    if row.period_kind == "tahunan" and may_rate(row.status):
        _refresh_proposals(session, actor, row)
    return row


# The annual evaluation's proposals (domain/annual_rating.py)


def _periodic_ratings(session: Session, row: Evaluation) -> list[tuple[str, dict[str, str]]]:
    """(period label, {form field: rating}) of the SKP's final periodic evaluations of the year, in period
    order: of the instansi's periodic kind, or of the other kind when the year has none of it."""
    finals = session.exec(
        select(Evaluation).where(
            Evaluation.skp_id == row.skp_id, Evaluation.year == row.year, Evaluation.status == EvaluationStatus.FINAL,
            col(Evaluation.period_kind).in_(("bulanan", "triwulanan")),
        ).order_by(Evaluation.period_no)
    ).all()
    if not finals:
        return []
    snapshot = org_snapshot(session, on=local_today())
    unit_id = snapshot.unit_of_employee(row.employee_id)
    instansi_id = snapshot.instansi_of_unit(unit_id) if unit_id else None
    kind = periodic_kind(session, instansi_id=instansi_id)
    chosen = [e for e in finals if e.period_kind == kind] or [e for e in finals if e.period_kind != kind]
    ids = [e.id for e in chosen]
    items: dict[int, dict[str, str]] = {e.id: {"rating_hasil": e.rating_hasil, "rating_perilaku": e.rating_perilaku} for e in chosen}
    for r in session.exec(select(EvaluationRhkRating).where(col(EvaluationRhkRating.evaluation_id).in_(ids))):
        items[r.evaluation_id][f"rhk_{r.rhk_id}"] = r.rating
    for r in session.exec(select(EvaluationPerilakuRating).where(col(EvaluationPerilakuRating.evaluation_id).in_(ids))):
        items[r.evaluation_id][f"val_{r.value_code}"] = r.rating
    return [(period_label(e.period_kind, e.period_no, e.year), {k: v for k, v in items[e.id].items() if v}) for e in chosen]


def _refresh_proposals(session: Session, actor: Actor, row: Evaluation) -> None:
    """Propose from the periodic evaluations final by now, and fill each still-blank rating with its proposal.

    A rating the evaluator already set is never overwritten; a unit head's Rating Hasil Kerja follows the
    unit's capaian, so it is not proposed."""
    proposals = propose_ratings(_periodic_ratings(session, row))
    if _head_rule(session, row) is not None:
        proposals.pop("rating_hasil", None)
    existing = {p.subject: p for p in session.exec(select(EvaluationProposal).where(EvaluationProposal.evaluation_id == row.id))}
    changed = False
    for subject, stale in existing.items():
        if subject not in proposals:
            session.delete(stale)
            changed = True
    for subject, proposal in proposals.items():
        item = existing.get(subject) or EvaluationProposal(evaluation_id=row.id, subject=subject, proposed=proposal.rating.value)
        if item.id is None or item.proposed != proposal.rating.value or item.basis != proposal.explanation:
            item.proposed, item.basis, item.updated_at = proposal.rating.value, proposal.explanation, utcnow()
            session.add(item)
            changed = True
    rhk_rated = set(session.exec(select(EvaluationRhkRating.rhk_id).where(EvaluationRhkRating.evaluation_id == row.id)))
    val_rated = set(session.exec(select(EvaluationPerilakuRating.value_code).where(EvaluationPerilakuRating.evaluation_id == row.id)))
    rhk_ids = {r.id for r in rhks_of(session, skp_id=row.skp_id)}
    filled = []
    for subject, proposal in proposals.items():
        kind, _, key = subject.partition("_")
        if kind == "rhk" and key.isdigit() and int(key) in rhk_ids and int(key) not in rhk_rated:
            session.add(EvaluationRhkRating(evaluation_id=row.id, rhk_id=int(key), rating=proposal.rating.value))
        elif kind == "val" and key not in val_rated and any(v.code == key for v in BERAKHLAK):
            session.add(EvaluationPerilakuRating(evaluation_id=row.id, value_code=key, rating=proposal.rating.value))
        elif subject in ("rating_hasil", "rating_perilaku") and getattr(row, subject) is None:
            setattr(row, subject, proposal.rating.value)
            session.add(row)
        else:
            continue
        filled.append(subject)
    if changed or filled:
        session.flush()
        audit.write(
            session, actor=actor, action="propose", entity="evaluation", entity_id=row.id,
            after={"proposals": {k: p.rating.value for k, p in proposals.items()}, "filled": filled},
            detail="Usulan rating tahunan dari penilaian periodik final",
        )


def _proposals(session: Session, evaluation_id: int) -> dict[str, EvaluationProposal]:
    return {p.subject: p for p in session.exec(select(EvaluationProposal).where(EvaluationProposal.evaluation_id == evaluation_id))}


CHANGE_REASON_MAX = 1000


def _check_changes(errors: Errors, proposals: Mapping[str, EvaluationProposal], chosen: Mapping[str, str | None], form: Mapping[str, str], *, complete: bool) -> dict[str, str]:
    """The reason for each rating set against its proposal (required to finalise); "" where it agrees."""
    reasons: dict[str, str] = {}
    for subject, proposal in proposals.items():
        reason = (form.get(f"alasan_{subject}") or "").strip()
        if len(reason) > CHANGE_REASON_MAX:
            errors[f"alasan_{subject}"] = f"Alasan maksimal {CHANGE_REASON_MAX} karakter."
        if not needs_reason(proposal.proposed, chosen.get(subject)):
            reasons[subject] = ""
            continue
        if complete and not reason:
            errors[f"alasan_{subject}"] = f"Rating berbeda dari usulan ({Rating(proposal.proposed).label}); tuliskan alasannya."
        reasons[subject] = reason
    return reasons


def _store_reasons(session: Session, actor: Actor, proposals: Mapping[str, EvaluationProposal], reasons: Mapping[str, str]) -> None:
    for subject, reason in reasons.items():
        proposal = proposals[subject]
        if proposal.change_reason == reason:
            continue
        before = audit.snapshot(proposal)
        proposal.change_reason, proposal.updated_at = reason, utcnow()
        audit.write(
            session, actor=actor, action="update", entity="evaluation_proposal", row=proposal, before=before, store=True,
        )


def _draft_for_atasan(session: Session, actor: Actor, evaluation_id: int) -> Evaluation:
    row = session.get(Evaluation, evaluation_id)
    require(row is not None, "Penilaian tidak ditemukan.")
    _atasan_skp(session, actor, row.skp_id)
    require(may_rate(row.status), FINAL)
    return row


def _rating(errors: Errors, field: str, raw: str, *, label: str, required: bool) -> str | None:
    value = (raw or "").strip()
    if not value:
        if required:
            errors[field] = f"{label} wajib dipilih."
        return None
    if value not in RATINGS:
        errors[field] = f"{label}: pilih Di Atas, Sesuai atau Di Bawah Ekspektasi."
        return None
    return value


def _store_items(session: Session, table, key: str, evaluation_id: int, ratings: Mapping, feedback: Mapping) -> None:
    """Upsert one rating (with feedback) per RHK or BerAKHLAK value; an unrated one is removed."""
    existing = {getattr(r, key): r for r in session.exec(select(table).where(table.evaluation_id == evaluation_id))}
    for subject, rating in ratings.items():
        item = existing.get(subject)
        if rating is None:
            if item is not None:
                session.delete(item)
            continue
        item = item or table(evaluation_id=evaluation_id, rating=rating, **{key: subject})
        item.rating, item.feedback = rating, feedback[subject].strip()
        session.add(item)


def _head_rule(session: Session, row: Evaluation) -> HeadRule | None:
    snapshot = org_snapshot(session, on=local_today())
    return head_rule(session, snapshot=snapshot, employee_id=row.employee_id, year=row.year, kind=row.period_kind, number=row.period_no)


def save_ratings(session: Session, *, actor: Actor, evaluation_id: int, form: Mapping[str, str], complete: bool = False) -> Evaluation:
    """Store the ratings and feedback. ``form``: ``rhk_<id>``, ``rhk_fb_<id>``, ``val_<code>``, ``val_fb_<code>``,
    ``rating_hasil``, ``rating_perilaku``. With ``complete`` every rating is required.

    A unit head's ``rating_hasil`` is the one their unit's capaian gives, whatever the form says."""
    row = _draft_for_atasan(session, actor, evaluation_id)
    errors: Errors = {}
    rule = _head_rule(session, row)
    if rule is not None:
        form = {**form, "rating_hasil": rule.rating.value if rule.rating else ""}
    rhks = rhks_of(session, skp_id=row.skp_id)
    rhk_ratings = {r.id: _rating(errors, f"rhk_{r.id}", form.get(f"rhk_{r.id}", ""), label=f"Rating RHK {i}", required=complete) for i, r in enumerate(rhks, 1)}
    value_ratings = {v.code: _rating(errors, f"val_{v.code}", form.get(f"val_{v.code}", ""), label=f"Rating {v.name}", required=complete) for v in BERAKHLAK}
    hasil = _rating(errors, "rating_hasil", form.get("rating_hasil", ""), label="Rating Hasil Kerja", required=complete)
    if rule is not None and rule.rating is None and complete:
        errors["rating_hasil"] = rule.explanation
    perilaku = _rating(errors, "rating_perilaku", form.get("rating_perilaku", ""), label="Rating Perilaku Kerja", required=complete)
    proposals = _proposals(session, row.id)
    chosen = {f"rhk_{k}": v for k, v in rhk_ratings.items()} | {f"val_{k}": v for k, v in value_ratings.items()}
    reasons = _check_changes(errors, proposals, chosen | {"rating_hasil": hasil, "rating_perilaku": perilaku}, form, complete=complete)
    for key, value in form.items():
        if key.startswith(("rhk_fb_", "val_fb_")) and len(value) > 2000:
            errors[key] = "Umpan balik maksimal 2000 karakter."
    if errors:
        raise ValidationFailed(errors)
    before = audit.snapshot(row)
    _store_items(session, EvaluationRhkRating, "rhk_id", row.id, rhk_ratings, {k: form.get(f"rhk_fb_{k}", "") for k in rhk_ratings})
    _store_items(session, EvaluationPerilakuRating, "value_code", row.id, value_ratings, {k: form.get(f"val_fb_{k}", "") for k in value_ratings})
    _store_reasons(session, actor, proposals, reasons)
    row.rating_hasil, row.rating_perilaku, row.updated_at = hasil, perilaku, utcnow()
    audit.write(session, actor=actor, action="update", entity="evaluation", row=row, before=before, store=True)
    return row


def finalise(session: Session, *, actor: Actor, evaluation_id: int, form: Mapping[str, str]) -> Evaluation:
    """Save complete ratings, compute the predikat and make it final (not once the unit's period is closed)."""
    row = save_ratings(session, actor=actor, evaluation_id=evaluation_id, form=form, complete=True)
    unit_id = org_snapshot(session, on=local_today()).unit_of_employee(row.employee_id)
    if unit_id is not None and unit_closing(session, unit_id=unit_id, year=row.year, kind=row.period_kind, number=row.period_no):
        raise ValidationFailed({"form": UNIT_CLOSED})
    predikat = predikat_of(Rating(row.rating_hasil), Rating(row.rating_perilaku))
    before = audit.snapshot(row)
    row.predikat, row.status, row.finalised_at, row.updated_at = predikat.value, EvaluationStatus.FINAL, utcnow(), utcnow()
    audit.write(session, actor=actor, action="finalise", entity="evaluation", row=row, before=before, store=True)
    return row


# Reading


@dataclass(frozen=True)
class RatedItem:
    key: str  # form field: rhk_<id> or val_<code>
    label: str
    rating: str
    feedback: str
    proposed: str = ""  # the annual evaluation's proposed rating (label), or ""
    basis: str = ""  # the periodic ratings it came from
    reason: str = ""  # why the rating set differs from the proposal


def _proposed(item: RatedItem, proposals: Mapping[str, EvaluationProposal]) -> RatedItem:
    p = proposals.get(item.key)
    if p is None:
        return item
    return RatedItem(item.key, item.label, item.rating, item.feedback, Rating(p.proposed).label, p.basis, p.change_reason)


@dataclass(frozen=True)
class EvaluationView:
    id: int
    employee_id: int
    employee_name: str
    period: str
    status: str
    rhk: list[RatedItem]
    perilaku: list[RatedItem]
    rating_hasil: str
    rating_perilaku: str
    predikat: str  # label; computed preview while draft
    can_rate: bool
    rating_hasil_rule: str  # why a unit head's Rating Hasil Kerja is fixed, or ""
    overall: list[RatedItem]  # rating_hasil and rating_perilaku with their proposals (annual evaluation)


def evaluation_view(session: Session, *, actor: Actor, evaluation_id: int) -> EvaluationView:
    row = session.get(Evaluation, evaluation_id)
    require(row is not None, "Penilaian tidak ditemukan.")
    skp, snapshot = readable_skp(session, actor=actor, skp_id=row.skp_id)
    can_rate = is_atasan(actor, snapshot, skp) and may_rate(row.status)
    rhk_ratings = {r.rhk_id: r for r in session.exec(select(EvaluationRhkRating).where(EvaluationRhkRating.evaluation_id == row.id))}
    val_ratings = {r.value_code: r for r in session.exec(select(EvaluationPerilakuRating).where(EvaluationPerilakuRating.evaluation_id == row.id))}
    rhk = [
        RatedItem(f"rhk_{r.id}", r.description, rhk_ratings[r.id].rating if r.id in rhk_ratings else "", rhk_ratings[r.id].feedback if r.id in rhk_ratings else "")
        for r in rhks_of(session, skp_id=row.skp_id)
    ]
    perilaku = [
        RatedItem(f"val_{v.code}", v.name, val_ratings[v.code].rating if v.code in val_ratings else "", val_ratings[v.code].feedback if v.code in val_ratings else "")
        for v in BERAKHLAK
    ]
    preview = None
    if row.predikat:
        preview = Predikat(row.predikat)
    elif row.rating_hasil and row.rating_perilaku:
        preview = predikat_of(Rating(row.rating_hasil), Rating(row.rating_perilaku))
    name = session.get(Employee, row.employee_id).name
    rule = _head_rule(session, row) if can_rate else None
    rating_hasil = (rule.rating.value if rule.rating else "") if rule else row.rating_hasil or ""
    proposals = _proposals(session, row.id)
    overall = [
        RatedItem("rating_hasil", "Rating Hasil Kerja", rating_hasil, ""),
        RatedItem("rating_perilaku", "Rating Perilaku Kerja", row.rating_perilaku or "", ""),
    ]
    return EvaluationView(
        row.id, row.employee_id, name, period_label(row.period_kind, row.period_no, row.year), row.status,
        [_proposed(i, proposals) for i in rhk], [_proposed(i, proposals) for i in perilaku],
        rating_hasil, row.rating_perilaku or "", preview.label if preview else "", can_rate,
        rule.explanation if rule else "", [_proposed(i, proposals) for i in overall],
    )


@dataclass(frozen=True)
class OwnEvaluationRow:
    id: int
    period: str
    status: str
    predikat: str


def own_evaluations(session: Session, *, actor: Actor) -> list[OwnEvaluationRow]:
    rows = session.exec(
        select(Evaluation).where(Evaluation.employee_id == actor.employee_id).order_by(Evaluation.year.desc(), Evaluation.period_kind, Evaluation.period_no.desc())
    ).all()
    return [
        OwnEvaluationRow(r.id, period_label(r.period_kind, r.period_no, r.year), r.status, Predikat(r.predikat).label if r.predikat else "")
        for r in rows
    ]


def predikat_for_month(session: Session, *, employee_ids: list[int], year: int, month: int) -> dict[int, str]:
    """The final predikat of the periodic evaluation covering the month (monthly before quarterly)."""
    found: dict[int, str] = {}
    for kind, number in (("triwulanan", (month - 1) // 3 + 1), ("bulanan", month)):
        for eid, predikat in session.exec(
            select(Evaluation.employee_id, Evaluation.predikat).where(
                col(Evaluation.employee_id).in_(employee_ids), Evaluation.year == year, Evaluation.period_kind == kind,
                Evaluation.period_no == number, Evaluation.status == EvaluationStatus.FINAL,
            )
        ):
            found[eid] = predikat
    return found
