"""The SKP draft: creating it (new, copied from last year, a revision of an approved one) and
editing its parts (RHK, indikator, rencana aksi, lampiran, expected perilaku). Only the owner
edits, and only while it is a draft (``own_draft``)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import delete, func
from sqlmodel import Session, select

from ekinerja.access import Actor, require
from ekinerja.clock import utcnow
from ekinerja.domain import skp_rules as rules
from ekinerja.domain.berakhlak import BY_CODE
from ekinerja.domain.hierarchy import resolve_atasan
from ekinerja.domain.statuses import SkpStatus
from ekinerja.domain.validation import ValidationFailed, ensure_valid
from ekinerja.models import (
    Indikator,
    PerilakuExpectation,
    RencanaAksi,
    Rhk,
    Skp,
)
from ekinerja.services import audit
from ekinerja.services.conflicts import one_outcome
from ekinerja.services.skp import (
    NOT_FOUND,
    OPEN,
    atasan_rhks,
    definitive_assignments,
    holds_jpt,
    indikators_of,
    is_atasan,
    own_draft,
    readable_skp,
    rhks_of,
    today_snapshot,
)

T = TypeVar("T", Rhk, Indikator)
SKP_EXISTS = "SKP untuk jabatan dan tahun ini sudah ada."
REVISION_PENDING = "Masih ada revisi SKP ini yang belum disetujui."



def _period_for(session: Session, actor: Actor, year: int, position_id: int | None) -> rules.Period:
    candidates = rules.skp_periods(
        year, [rules.Assignment(a.position_id, a.start_date, a.end_date) for a in definitive_assignments(session, employee_id=actor.employee_id)]
    )
    if position_id is not None:
        candidates = [p for p in candidates if p.position_id == position_id]
    if not candidates:
        raise ValidationFailed({"period": f"Anda tidak memegang jabatan definitif yang sesuai pada tahun {year}."})
    return candidates[-1]


def _close_overlapping(session: Session, actor: Actor, period: rules.Period) -> None:
    """A mutasi closes the SKP of the previous jabatan the day before the new period starts."""
    overlapping = session.exec(
        select(Skp).where(
            Skp.employee_id == actor.employee_id,
            Skp.position_id != period.position_id,
            Skp.year == period.start.year,
            Skp.period_end >= period.start,
        )
    ).all()
    for old in overlapping:
        if old.period_start >= period.start:
            raise ValidationFailed({"period": "Periode SKP ini bertumpang tindih dengan SKP lain; hubungi admin."})
        before = audit.snapshot(old)
        old.period_end = period.start - timedelta(days=1)
        _touch(session, old)
        session.flush()
        audit.write(session, actor=actor, action="update", entity="skp", row=old, before=before, detail="Periode SKP ditutup karena mutasi")


def _new_skp(session: Session, actor: Actor, year: int, position_id: int | None) -> Skp:
    period = _period_for(session, actor, year, position_id)
    exists = session.exec(
        select(Skp.id).where(
            Skp.employee_id == actor.employee_id, Skp.position_id == period.position_id,
            Skp.year == year, Skp.status.in_(OPEN),
        )
    ).first()
    if exists is not None:
        raise ValidationFailed({"period": SKP_EXISTS})
    _close_overlapping(session, actor, period)
    snapshot = today_snapshot(session)
    skp = Skp(
        employee_id=actor.employee_id, position_id=period.position_id, year=year,
        period_start=period.start, period_end=period.end,
    )
    boss = resolve_atasan(period.position_id, snapshot.reports_to, snapshot.holders)
    if boss is not None:
        skp.atasan_employee_id, skp.atasan_position_id = boss.employee_id, boss.position_id
    with one_outcome(session, field="period", message=SKP_EXISTS):
        session.add(skp)
    skp.lineage_id = skp.id
    session.add(skp)
    session.flush()
    return skp


def create_draft(session: Session, *, actor: Actor, year: int, position_id: int | None = None) -> Skp:
    """A new, empty draft for the actor's jabatan in ``year`` (by default the latest one held)."""
    skp = _new_skp(session, actor, year, position_id)
    audit.write(session, actor=actor, action="create", entity="skp", row=skp)
    return skp


def _copy_plan(session: Session, source: Skp, target: Skp, *, keep_links: bool) -> dict[int, int]:
    """Copies RHKs, indikators and rencana aksi; returns old indikator id -> new indikator id."""
    indikator_map: dict[int, int] = {}
    for rhk in rhks_of(session, skp_id=source.id):
        copy = Rhk(
            skp_id=target.id, kind=rhk.kind, description=rhk.description, perspektif=rhk.perspektif,
            atasan_rhk_id=rhk.atasan_rhk_id if keep_links else None, sort_order=rhk.sort_order,
        )
        session.add(copy)
        session.flush()
        for ind in indikators_of(session, rhk_ids=[rhk.id]):
            new_ind = Indikator(
                rhk_id=copy.id, aspek=ind.aspek, description=ind.description, target_value=ind.target_value,
                target_unit=ind.target_unit, sort_order=ind.sort_order,
            )
            session.add(new_ind)
            session.flush()
            indikator_map[ind.id] = new_ind.id
            for ra in session.exec(select(RencanaAksi).where(RencanaAksi.indikator_id == ind.id)):
                session.add(RencanaAksi(
                    indikator_id=new_ind.id, period_kind=ra.period_kind, period_no=ra.period_no,
                    target_value=ra.target_value, description=ra.description,
                ))
    for name in ("approach", "dukungan_sumber_daya", "skema_pertanggungjawaban", "konsekuensi"):
        setattr(target, name, getattr(source, name))
    session.add(target)
    session.flush()
    return indikator_map


def copy_last_year(session: Session, *, actor: Actor, year: int) -> Skp:
    """One click: last year's approved plan as this year's draft (links to the atasan are picked again)."""
    source = session.exec(
        select(Skp).where(Skp.employee_id == actor.employee_id, Skp.year == year - 1, Skp.status == SkpStatus.DISETUJUI)
        .order_by(Skp.period_start.desc())
    ).first()
    if source is None:
        raise ValidationFailed({"period": f"Tidak ada SKP tahun {year - 1} yang disetujui untuk disalin."})
    skp = _new_skp(session, actor, year, None)
    _copy_plan(session, source, skp, keep_links=False)
    audit.write(session, actor=actor, action="create", entity="skp", row=skp, detail=f"Salinan SKP tahun {year - 1} (id {source.id})")
    return skp


def create_revision(session: Session, *, actor: Actor, skp_id: int) -> Skp:
    """A new draft revision of an approved SKP; the approved one stays in force until the new one is approved."""
    skp, _ = readable_skp(session, actor=actor, skp_id=skp_id)
    require(skp.employee_id == actor.employee_id, "Hanya pemilik SKP yang dapat membuat revisi.")
    if not rules.approved(skp.status):
        raise ValidationFailed({"status": "Revisi hanya dapat dibuat dari SKP yang sudah disetujui."})
    pending = session.exec(
        select(Skp.id).where(Skp.lineage_id == skp.lineage_id, Skp.status.in_(rules.IN_PROGRESS))
    ).first()
    if pending is not None:
        raise ValidationFailed({"status": REVISION_PENDING})
    latest = session.exec(select(func.max(Skp.revision)).where(Skp.lineage_id == skp.lineage_id)).one()
    revision = Skp(
        lineage_id=skp.lineage_id, revision=latest + 1, employee_id=skp.employee_id, position_id=skp.position_id,
        atasan_employee_id=skp.atasan_employee_id, atasan_position_id=skp.atasan_position_id,
        year=skp.year, period_start=skp.period_start, period_end=skp.period_end,
    )
    with one_outcome(session, field="status", message=REVISION_PENDING):
        session.add(revision)
    _copy_plan(session, skp, revision, keep_links=True)
    for e in session.exec(select(PerilakuExpectation).where(PerilakuExpectation.skp_id == skp.id)):
        session.add(PerilakuExpectation(skp_id=revision.id, value_code=e.value_code, ekspektasi_khusus=e.ekspektasi_khusus))
    audit.write(session, actor=actor, action="create", entity="skp", row=revision, detail=f"Revisi {revision.revision} dari SKP id {skp.id}")
    return revision


def _touch(session: Session, skp: Skp) -> None:
    skp.updated_at = utcnow()
    session.add(skp)


def _store_part(session: Session, actor: Actor, skp: Skp, row: T, *, entity: str, before: dict | None) -> T:
    """A new or changed RHK or indikator of the draft, stored and audited; the SKP is touched."""
    session.add(row)
    session.flush()
    _touch(session, skp)
    audit.write(session, actor=actor, action="update" if before else "create", entity=entity, row=row, before=before)
    return row


def save_rhk(session: Session, *, actor: Actor, skp_id: int, rhk_id: int | None, form: rules.RhkForm) -> Rhk:
    skp = own_draft(session, actor=actor, skp_id=skp_id)
    snapshot = today_snapshot(session)
    has_atasan, boss_rhks = atasan_rhks(session, snapshot=snapshot, skp=skp)
    data = ensure_valid(
        rules.validate_rhk(form, has_atasan=has_atasan, atasan_rhk_ids=frozenset(r.id for r in boss_rhks), jpt=holds_jpt(session, position_id=skp.position_id))
    )
    if rhk_id:
        rhk = session.get(Rhk, rhk_id)
        require(rhk is not None and rhk.skp_id == skp.id, NOT_FOUND)
        before = audit.snapshot(rhk)
    else:
        count = session.exec(select(func.count()).select_from(Rhk).where(Rhk.skp_id == skp.id)).one()
        rhk, before = Rhk(skp_id=skp.id, description="", sort_order=count + 1), None
    rhk.kind, rhk.description, rhk.atasan_rhk_id, rhk.perspektif = data.kind, data.description, data.atasan_rhk_id, data.perspektif
    return _store_part(session, actor, skp, rhk, entity="rhk", before=before)


def _delete_indikators(session: Session, indikator_ids: list[int]) -> None:
    if indikator_ids:
        session.exec(delete(RencanaAksi).where(RencanaAksi.indikator_id.in_(indikator_ids)))
        session.exec(delete(Indikator).where(Indikator.id.in_(indikator_ids)))


def delete_rhk(session: Session, *, actor: Actor, skp_id: int, rhk_id: int) -> None:
    skp = own_draft(session, actor=actor, skp_id=skp_id)
    rhk = session.get(Rhk, rhk_id)
    require(rhk is not None and rhk.skp_id == skp.id, NOT_FOUND)
    before = audit.snapshot(rhk)
    _delete_indikators(session, [i.id for i in indikators_of(session, rhk_ids=[rhk.id])])
    session.delete(rhk)
    _touch(session, skp)
    session.flush()
    audit.write(session, actor=actor, action="delete", entity="rhk", entity_id=rhk_id, before=before)


def _indikator_in_draft(session: Session, actor: Actor, indikator_id: int) -> tuple[Indikator, Skp]:
    ind = session.get(Indikator, indikator_id)
    require(ind is not None, NOT_FOUND)
    rhk = session.get(Rhk, ind.rhk_id)
    return ind, own_draft(session, actor=actor, skp_id=rhk.skp_id)


def save_indikator(
    session: Session, *, actor: Actor, rhk_id: int, indikator_id: int | None, form: rules.IndikatorForm
) -> Indikator:
    rhk = session.get(Rhk, rhk_id)
    require(rhk is not None, NOT_FOUND)
    skp = own_draft(session, actor=actor, skp_id=rhk.skp_id)
    data = ensure_valid(rules.validate_indikator(form))
    if indikator_id:
        ind = session.get(Indikator, indikator_id)
        require(ind is not None and ind.rhk_id == rhk.id, NOT_FOUND)
        before = audit.snapshot(ind)
        if ind.target_value != data.target_value:
            # A new target invalidates its split; the employee splits it again.
            _clear_rencana(session, ind.id)
    else:
        count = session.exec(select(func.count()).select_from(Indikator).where(Indikator.rhk_id == rhk.id)).one()
        ind, before = Indikator(rhk_id=rhk.id, description="", target_value=Decimal(0), target_unit="", sort_order=count + 1), None
    ind.aspek, ind.description, ind.target_value, ind.target_unit = data.aspek, data.description, data.target_value, data.target_unit
    return _store_part(session, actor, skp, ind, entity="indikator", before=before)


def delete_indikator(session: Session, *, actor: Actor, indikator_id: int) -> None:
    ind, skp = _indikator_in_draft(session, actor, indikator_id)
    before = audit.snapshot(ind)
    _delete_indikators(session, [ind.id])
    _touch(session, skp)
    audit.write(session, actor=actor, action="delete", entity="indikator", entity_id=indikator_id, before=before)


def _clear_rencana(session: Session, indikator_id: int, kind: str | None = None) -> None:
    statement = delete(RencanaAksi).where(RencanaAksi.indikator_id == indikator_id)
    if kind is not None:
        statement = statement.where(RencanaAksi.period_kind == kind)
    session.exec(statement)


def save_rencana_aksi(
    session: Session, *, actor: Actor, indikator_id: int, kind: str, values: dict[int, str]
) -> list[RencanaAksi]:
    """The target split per quarter or month; all blank removes the split, otherwise it must add up."""
    ind, skp = _indikator_in_draft(session, actor, indikator_id)
    require(kind in ("triwulan", "bulan"), NOT_FOUND)
    slots = rules.split_slots(skp.period_start, skp.period_end, kind)
    _clear_rencana(session, ind.id, kind)
    if all(not values.get(no, "").strip() for no in slots):
        _touch(session, skp)
        return []
    errors: dict[str, str] = {}
    amounts = {}
    for no in slots:
        amount = rules.parse_amount(errors, f"p{no}", values.get(no, "") or "0", label=rules.slot_label(kind, no))
        amounts[no] = amount or Decimal(0)
    if not errors and (problem := rules.split_problem(ind.target_value, list(amounts.values()))):
        errors["rencana"] = problem
    if errors:
        raise ValidationFailed(errors)
    rows = [RencanaAksi(indikator_id=ind.id, period_kind=kind, period_no=no, target_value=amounts[no]) for no in slots]
    session.add_all(rows)
    _touch(session, skp)
    session.flush()
    audit.write(
        session, actor=actor, action="update", entity="rencana_aksi", entity_id=ind.id,
        after={f"{kind}_{no}": str(amounts[no]) for no in slots},
    )
    return rows


def equal_split(session: Session, *, actor: Actor, indikator_id: int, kind: str) -> dict[int, Decimal]:
    """"Bagi rata": the target in equal parts over the period's quarters or months (shown, then saved by the user)."""
    ind, skp = _indikator_in_draft(session, actor, indikator_id)
    slots = rules.split_slots(skp.period_start, skp.period_end, kind)
    return dict(zip(slots, rules.split_equal(ind.target_value, len(slots)), strict=True))


def save_lampiran(session: Session, *, actor: Actor, skp_id: int, form: rules.LampiranForm) -> Skp:
    skp = own_draft(session, actor=actor, skp_id=skp_id)
    data = ensure_valid(rules.validate_lampiran(form))
    before = audit.snapshot(skp)
    skp.approach = data.approach
    skp.dukungan_sumber_daya = data.dukungan_sumber_daya
    skp.skema_pertanggungjawaban = data.skema_pertanggungjawaban
    skp.konsekuensi = data.konsekuensi
    _touch(session, skp)
    session.flush()
    audit.write(session, actor=actor, action="update", entity="skp", row=skp, before=before, detail="Lampiran SKP")
    return skp


def save_expectations(session: Session, *, actor: Actor, skp_id: int, values: dict[str, str]) -> None:
    """Ekspektasi khusus pimpinan per BerAKHLAK value: the atasan's part, while the SKP is not yet approved."""
    skp, snapshot = readable_skp(session, actor=actor, skp_id=skp_id)
    require(is_atasan(actor, snapshot, skp), "Hanya atasan langsung yang dapat mengisi ekspektasi khusus.")
    if not rules.expectations_open(skp.status):
        raise ValidationFailed({"ekspektasi": "SKP yang sudah disetujui terkunci; ekspektasi diubah melalui revisi."})
    errors: dict[str, str] = {}
    cleaned = {}
    for code, raw in values.items():
        if code not in BY_CODE:
            continue
        text = raw.strip()
        if len(text) > 2000:
            errors[code] = "Ekspektasi khusus maksimal 2000 karakter."
        cleaned[code] = text
    if errors:
        raise ValidationFailed(errors)
    existing = {e.value_code: e for e in session.exec(select(PerilakuExpectation).where(PerilakuExpectation.skp_id == skp.id))}
    for code, text in cleaned.items():
        row = existing.get(code)
        if not text:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(PerilakuExpectation(skp_id=skp.id, value_code=code, ekspektasi_khusus=text))
        else:
            row.ekspektasi_khusus = text
            session.add(row)
    _touch(session, skp)
    session.flush()
    audit.write(session, actor=actor, action="update", entity="perilaku_expectation", entity_id=skp.id, after=cleaned)
