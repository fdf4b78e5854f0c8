"""Penilaian kinerja per SKP and period (PermenPAN-RB 6/2022).

The atasan rates each RHK and each BerAKHLAK value, then the overall Rating Hasil
Kerja and Rating Perilaku Kerja; the predikat is computed from the regulation's
matrix when the evaluation is finalised, never typed. Before finalising, the
atasan is warned when the team's predikat do not fit the kurva distribusi of the
organisation's predikat that the instansi's admin set for the period.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from ekinerja.access import Actor, require
from ekinerja.clock import local_today, utcnow
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.predikat import (
    OrganisationPredikat,
    Predikat,
    Rating,
    distribution_problems,
    predikat_of,
)
from ekinerja.domain.validation import Errors, ValidationFailed
from ekinerja.models import Employee, Skp
from ekinerja.models.evaluation import (
    Evaluation,
    EvaluationPerilakuRating,
    EvaluationRhkRating,
    EvaluationSettings,
    OrganisationPredikatSetting,
)
from ekinerja.services import audit
from ekinerja.services.conflicts import one_outcome
from ekinerja.services.org import org_snapshot
from ekinerja.services.org_admin import require_admin
from ekinerja.services.skp import is_atasan, readable_skp, rhks_of

ONLY_ATASAN = "Hanya atasan langsung pegawai yang dapat menilai kinerjanya."
FINAL = "Penilaian ini sudah final dan tidak dapat diubah."
RATINGS = tuple(r.value for r in Rating)
ORG_PREDIKAT_LABELS = {
    "istimewa": "Istimewa", "baik": "Baik", "butuh_perbaikan": "Butuh Perbaikan", "kurang": "Kurang", "sangat_kurang": "Sangat Kurang",
}


def period_label(kind: str, number: int, year: int) -> str:
    if kind == "bulanan":
        from ekinerja.services.tpp import MONTHS

        return f"{MONTHS[number - 1]} {year}"
    if kind == "triwulanan":
        return f"Triwulan {['I', 'II', 'III', 'IV'][number - 1]} {year}"
    return f"Tahunan {year}"


def _check_period(kind: str, number: int) -> None:
    limit = {"bulanan": 12, "triwulanan": 4, "tahunan": 1}.get(kind)
    if limit is None or not 1 <= number <= limit:
        raise ValidationFailed({"period": "Periode penilaian tidak dikenal."})


# Agency settings


def periodic_kind(session: Session, instansi_id: int | None) -> str:
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
    session.add(row)
    session.flush()
    audit.record(session, actor_id=actor.employee_id, action="update", entity="evaluation_settings", entity_id=row.id, before=before, after=audit.snapshot(row))


def organisation_predikat(session: Session, *, instansi_id: int | None, year: int, kind: str, number: int) -> str | None:
    return session.exec(
        select(OrganisationPredikatSetting.predikat).where(
            OrganisationPredikatSetting.instansi_id == instansi_id, OrganisationPredikatSetting.year == year,
            OrganisationPredikatSetting.period_kind == kind, OrganisationPredikatSetting.period_no == number,
        )
    ).first()


def set_organisation_predikat(session: Session, *, actor: Actor, year: int, kind: str, number: int, predikat: str) -> OrganisationPredikatSetting:
    instansi_id = require_admin(actor)
    _check_period(kind, number)
    if predikat not in ORG_PREDIKAT_LABELS:
        raise ValidationFailed({"predikat": "Predikat organisasi wajib dipilih."})
    row = session.exec(
        select(OrganisationPredikatSetting).where(
            OrganisationPredikatSetting.instansi_id == instansi_id, OrganisationPredikatSetting.year == year,
            OrganisationPredikatSetting.period_kind == kind, OrganisationPredikatSetting.period_no == number,
        )
    ).first()
    before = audit.snapshot(row)
    row = row or OrganisationPredikatSetting(instansi_id=instansi_id, year=year, period_kind=kind, period_no=number, predikat=predikat, set_by_id=actor.employee_id)
    row.predikat, row.set_by_id, row.updated_at = predikat, actor.employee_id, utcnow()
    session.add(row)
    session.flush()
    audit.record(session, actor_id=actor.employee_id, action="update", entity="organisation_predikat", entity_id=row.id, before=before, after=audit.snapshot(row))
    return row


# The atasan's work


def _instansi_of(session: Session, employee_id: int) -> int | None:
    snapshot = org_snapshot(session, on=local_today())
    unit = snapshot.unit_of_employee(employee_id)
    return snapshot.instansi_of_unit(unit) if unit else None


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
    _check_period(kind, number)
    snapshot = org_snapshot(session, on=local_today())
    team = snapshot.direct_subordinates(actor.employee_id)
    if not team:
        return []
    skps = session.exec(
        select(Skp).where(col(Skp.employee_id).in_(team), Skp.year == year, Skp.status == "disetujui").order_by(Skp.employee_id, Skp.period_start)
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
    skp, snapshot = readable_skp(session, actor, skp_id)
    require(is_atasan(actor, snapshot, skp), ONLY_ATASAN)
    return skp


def open_evaluation(session: Session, *, actor: Actor, skp_id: int, kind: str, number: int) -> Evaluation:
    """The draft (or final) evaluation of the SKP for the period, created by its atasan on first open."""
    _check_period(kind, number)
    skp = _atasan_skp(session, actor, skp_id)
    require(skp.status == "disetujui", "Hanya SKP yang sudah disetujui yang dapat dinilai.")
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
        audit.record(session, actor_id=actor.employee_id, action="create", entity="evaluation", entity_id=row.id, after=audit.snapshot(row))
    return row


def _draft_for_atasan(session: Session, actor: Actor, evaluation_id: int) -> Evaluation:
    row = session.get(Evaluation, evaluation_id)
    require(row is not None, "Penilaian tidak ditemukan.")
    _atasan_skp(session, actor, row.skp_id)
    require(row.status == "draft", FINAL)
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


def save_ratings(session: Session, *, actor: Actor, evaluation_id: int, form: Mapping[str, str], complete: bool = False) -> Evaluation:
    """Store the ratings and feedback. ``form``: ``rhk_<id>``, ``rhk_fb_<id>``, ``val_<code>``, ``val_fb_<code>``,
    ``rating_hasil``, ``rating_perilaku``. With ``complete`` every rating is required."""
    row = _draft_for_atasan(session, actor, evaluation_id)
    errors: Errors = {}
    rhks = rhks_of(session, row.skp_id)
    rhk_ratings = {r.id: _rating(errors, f"rhk_{r.id}", form.get(f"rhk_{r.id}", ""), label=f"Rating RHK {i}", required=complete) for i, r in enumerate(rhks, 1)}
    value_ratings = {v.code: _rating(errors, f"val_{v.code}", form.get(f"val_{v.code}", ""), label=f"Rating {v.name}", required=complete) for v in BERAKHLAK}
    hasil = _rating(errors, "rating_hasil", form.get("rating_hasil", ""), label="Rating Hasil Kerja", required=complete)
    perilaku = _rating(errors, "rating_perilaku", form.get("rating_perilaku", ""), label="Rating Perilaku Kerja", required=complete)
    for key, value in form.items():
        if key.startswith(("rhk_fb_", "val_fb_")) and len(value) > 2000:
            errors[key] = "Umpan balik maksimal 2000 karakter."
    if errors:
        raise ValidationFailed(errors)
    before = audit.snapshot(row)
    _store_items(session, EvaluationRhkRating, "rhk_id", row.id, rhk_ratings, {k: form.get(f"rhk_fb_{k}", "") for k in rhk_ratings})
    _store_items(session, EvaluationPerilakuRating, "value_code", row.id, value_ratings, {k: form.get(f"val_fb_{k}", "") for k in value_ratings})
    row.rating_hasil, row.rating_perilaku, row.updated_at = hasil, perilaku, utcnow()
    session.add(row)
    session.flush()
    audit.record(session, actor_id=actor.employee_id, action="update", entity="evaluation", entity_id=row.id, before=before, after=audit.snapshot(row))
    return row


def kurva_problems(session: Session, *, evaluation: Evaluation, predikat: Predikat | None = None) -> list[str]:
    """Where the evaluator's team (final predikat, plus this one's) misfits the kurva of the organisation's predikat."""
    org = organisation_predikat(
        session, instansi_id=_instansi_of(session, evaluation.employee_id), year=evaluation.year, kind=evaluation.period_kind, number=evaluation.period_no,
    )
    if org is None:
        return []
    team = org_snapshot(session, on=local_today()).direct_subordinates(evaluation.evaluator_id)
    others = session.exec(
        select(Evaluation.predikat).where(
            col(Evaluation.employee_id).in_(team), Evaluation.year == evaluation.year, Evaluation.period_kind == evaluation.period_kind,
            Evaluation.period_no == evaluation.period_no, Evaluation.status == "final", Evaluation.id != evaluation.id,
        )
    ).all()
    values = [Predikat(p) for p in others if p]
    if predikat is not None:
        values.append(predikat)
    return distribution_problems(OrganisationPredikat(org), values)


def finalise(session: Session, *, actor: Actor, evaluation_id: int, form: Mapping[str, str], confirm_kurva: bool = False) -> Evaluation:
    """Save complete ratings, compute the predikat and make it final.

    When the team's distribution does not fit the kurva, ValidationFailed on "kurva" carries
    the warning until the atasan confirms (``confirm_kurva``).
    """
    row = save_ratings(session, actor=actor, evaluation_id=evaluation_id, form=form, complete=True)
    predikat = predikat_of(Rating(row.rating_hasil), Rating(row.rating_perilaku))
    problems = kurva_problems(session, evaluation=row, predikat=predikat)
    if problems and not confirm_kurva:
        raise ValidationFailed({"kurva": "Distribusi predikat tim belum sesuai kurva: " + " ".join(problems)})
    before = audit.snapshot(row)
    row.predikat, row.status, row.finalised_at, row.updated_at = predikat.value, "final", utcnow(), utcnow()
    session.add(row)
    session.flush()
    audit.record(
        session, actor_id=actor.employee_id, action="finalise", entity="evaluation", entity_id=row.id, before=before, after=audit.snapshot(row),
        detail=("Kurva tidak sesuai, dikonfirmasi atasan: " + " ".join(problems)) if problems else "",
    )
    return row


# Reading


@dataclass(frozen=True)
class RatedItem:
    key: str  # form field: rhk_<id> or val_<code>
    label: str
    rating: str
    feedback: str


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
    kurva: list[str]


def evaluation_view(session: Session, *, actor: Actor, evaluation_id: int) -> EvaluationView:
    row = session.get(Evaluation, evaluation_id)
    require(row is not None, "Penilaian tidak ditemukan.")
    skp, snapshot = readable_skp(session, actor, row.skp_id)
    can_rate = is_atasan(actor, snapshot, skp) and row.status == "draft"
    rhk_ratings = {r.rhk_id: r for r in session.exec(select(EvaluationRhkRating).where(EvaluationRhkRating.evaluation_id == row.id))}
    val_ratings = {r.value_code: r for r in session.exec(select(EvaluationPerilakuRating).where(EvaluationPerilakuRating.evaluation_id == row.id))}
    rhk = [
        RatedItem(f"rhk_{r.id}", r.description, rhk_ratings[r.id].rating if r.id in rhk_ratings else "", rhk_ratings[r.id].feedback if r.id in rhk_ratings else "")
        for r in rhks_of(session, row.skp_id)
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
    return EvaluationView(
        row.id, row.employee_id, name, period_label(row.period_kind, row.period_no, row.year), row.status, rhk, perilaku,
        row.rating_hasil or "", row.rating_perilaku or "", preview.label if preview else "", can_rate,
        kurva_problems(session, evaluation=row, predikat=preview) if can_rate else [],
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
                Evaluation.period_no == number, Evaluation.status == "final",
            )
        ):
            found[eid] = predikat
    return found


def current_period(kind: str, today: date) -> tuple[int, int]:
    """(year, number) of the last finished period of ``kind`` before ``today`` (for the default view)."""
    if kind == "bulanan":
        return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    if kind == "triwulanan":
        quarter = (today.month - 1) // 3
        return (today.year, quarter) if quarter else (today.year - 1, 4)
    return today.year - 1, 1

