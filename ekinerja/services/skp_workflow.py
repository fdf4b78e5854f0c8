"""The SKP's approval workflow: the owner submits, the atasan of the SKP's jabatan on the day
(the acting Plt/Plh when there is one) returns or approves. Status changes are conditional
UPDATEs on the expected status, so two concurrent decisions cannot both win; an approved
revision replaces the earlier one, whose realisation moves over."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import update
from sqlmodel import Session, select

from ekinerja.access import Actor, require
from ekinerja.clock import utcnow
from ekinerja.domain import skp_rules as rules
from ekinerja.domain.hierarchy import OrgSnapshot
from ekinerja.domain.statuses import SkpStatus
from ekinerja.domain.validation import ValidationFailed, ensure_valid
from ekinerja.models import (
    Realisasi,
    Skp,
)
from ekinerja.services import audit
from ekinerja.services.skp import (
    atasan_holding,
    indikators_of,
    is_atasan,
    plan_problems,
    readable_skp,
    rhks_of,
)

CHANGED_MEANWHILE = "SKP ini baru saja diproses oleh orang lain. Muat ulang halaman untuk melihat statusnya."



def _transition(session: Session, skp: Skp, action: str, values: dict) -> None:
    """Moves the SKP only if it is still in the expected status: the loser of a race gets a message."""
    rule = rules.TRANSITIONS[action]
    result = session.exec(
        update(Skp).where(Skp.id == skp.id, Skp.status == rule.source)
        .values(status=rule.target, updated_at=utcnow(), **values)
    )
    if result.rowcount != 1:
        raise ValidationFailed({"status": CHANGED_MEANWHILE})
    session.refresh(skp)


def _decide(session: Session, actor: Actor, skp_id: int, action: str, values: Callable[[Skp, OrgSnapshot], dict], detail: str = "") -> Skp:
    skp, snapshot = readable_skp(session, actor=actor, skp_id=skp_id)
    is_owner, boss = skp.employee_id == actor.employee_id, is_atasan(actor, snapshot, skp)
    problem = rules.transition_problem(action, skp.status, is_owner=is_owner, is_atasan=boss)
    # The wrong person is refused outright; the right person at the wrong moment is told why.
    require(is_owner if rules.TRANSITIONS[action].by == "owner" else boss, problem or "Anda tidak berwenang.")
    if problem is not None:
        raise ValidationFailed({"status": problem})
    if action != "kembalikan" and (problems := plan_problems(session, snapshot=snapshot, skp=skp)):
        raise ValidationFailed({"status": " ".join(problems)})
    before = audit.snapshot(skp)
    _transition(session, skp, action, values(skp, snapshot))
    audit.write(session, actor=actor, action=action, entity="skp", row=skp, before=before, detail=detail)
    return skp


def submit(session: Session, *, actor: Actor, skp_id: int) -> Skp:
    def values(skp: Skp, snapshot: OrgSnapshot) -> dict:
        boss = atasan_holding(snapshot, skp)
        return {
            "submitted_at": utcnow(),
            "atasan_employee_id": boss.employee_id if boss else None,
            "atasan_position_id": boss.position_id if boss else None,
        }

    return _decide(session, actor, skp_id, "ajukan", values)


def return_to_draft(session: Session, *, actor: Actor, skp_id: int, note: str) -> Skp:
    cleaned = ensure_valid(rules.validate_note(note))
    return _decide(session, actor, skp_id, "kembalikan", lambda skp, snapshot: {"return_note": cleaned}, detail=cleaned)


def approve(session: Session, *, actor: Actor, skp_id: int) -> Skp:
    """Locks the SKP; the approver is re-resolved now, and an earlier approved revision becomes "diganti"."""

    def values(skp: Skp, snapshot: OrgSnapshot) -> dict:
        boss = atasan_holding(snapshot, skp)
        return {
            "approved_at": utcnow(),
            "approved_by_id": actor.employee_id,
            "atasan_employee_id": boss.employee_id if boss else None,
            "atasan_position_id": boss.position_id if boss else None,
            "return_note": "",
        }

    skp = _decide(session, actor, skp_id, "setujui", values)
    previous = session.exec(
        select(Skp).where(Skp.lineage_id == skp.lineage_id, Skp.id != skp.id, Skp.status == SkpStatus.DISETUJUI)
    ).all()
    for old in previous:
        session.exec(update(Skp).where(Skp.id == old.id, Skp.status == SkpStatus.DISETUJUI).values(status=SkpStatus.DIGANTI, updated_at=utcnow()))
        _carry_realisasi(session, old, skp)
        audit.write(
            session, actor=actor, action="update", entity="skp", entity_id=old.id, after={"status": SkpStatus.DIGANTI},
            detail=f"Diganti revisi {skp.revision}",
        )
    return skp


def _carry_realisasi(session: Session, old: Skp, new: Skp) -> None:
    """Realisation entered on the replaced revision moves to the indikator with the same RHK and wording."""
    def keyed(skp: Skp) -> dict[tuple[str, str], int]:
        rhks = {r.id: r.description for r in rhks_of(session, skp_id=skp.id)}
        return {(rhks[i.rhk_id], i.description): i.id for i in indikators_of(session, rhk_ids=list(rhks))}

    target_of = keyed(new)
    for key, old_id in keyed(old).items():
        new_id = target_of.get(key)
        if new_id is None:
            continue
        have = set(session.exec(select(Realisasi.month).where(Realisasi.indikator_id == new_id)))
        for row in session.exec(select(Realisasi).where(Realisasi.indikator_id == old_id)):
            if row.month not in have:
                session.add(Realisasi(
                    indikator_id=new_id, month=row.month, value=row.value, note=row.note,
                    evidence_link=row.evidence_link, evidence_file_id=row.evidence_file_id,
                    updated_by_id=row.updated_by_id, updated_at=row.updated_at,
                ))
    session.flush()
