"""Kurva distribusi per satuan organisasi (SE MenPAN-RB No. 3 Tahun 2023).

Three steps, as the circular orders them:
1. the level above sets each unit's capaian kinerja for the period (the head of the parent unit,
   or the instansi's admin on behalf of the PPK for any unit of the instansi);
2. the unit's atasan rate their staff as usual (a unit head's Rating Hasil Kerja follows the
   capaian of the unit they lead: services/unit_capaian.py);
3. when every evaluation of the unit's employees is final, the unit head (or the admin) closes the
   unit's period: the predikat of the unit's own employees are checked against the pattern of
   its capaian (domain/predikat.kurva_report), and a pattern that does not fit needs a reason.

Closing freezes the period for the unit (no more finalising); the admin can reopen it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from ekinerja.access import Actor, require
from ekinerja.clock import format_local, local_today, utcnow
from ekinerja.domain.evaluation_period import check_period, period_label
from ekinerja.domain.hierarchy import OrgSnapshot, ancestors, unit_members
from ekinerja.domain.names import display_name
from ekinerja.domain.predikat import (
    ORGANISATION_LABELS,
    PREDIKAT_LABELS,
    KurvaReport,
    OrganisationPredikat,
    Predikat,
    kurva_report,
)
from ekinerja.domain.statuses import EvaluationStatus, KeberatanStatus, SkpStatus
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import Employee, Keberatan, OrgUnit, Skp
from ekinerja.models.evaluation import Evaluation, UnitEvaluationClosing, UnitPredikat
from ekinerja.services import audit
from ekinerja.services.analysis_scope import headed_units
from ekinerja.services.conflicts import one_outcome
from ekinerja.services.org import org_snapshot
from ekinerja.services.unit_capaian import (
    head_of_unit,
    head_positions,
    head_rule,
    unit_closing,
    unit_predikat,
)

NOT_YOURS = "Unit kerja ini di luar lingkup Anda."
NO_CAPAIAN = "Capaian kinerja unit ini belum ditetapkan pimpinan di atasnya untuk periode ini."
MIN_REASON = 20


def _snapshot(session: Session) -> OrgSnapshot:
    return org_snapshot(session, on=local_today())


def _is_admin_of(actor: Actor, snapshot: OrgSnapshot, unit_id: int) -> bool:
    return actor.is_admin and unit_id in snapshot.parent_of_unit and snapshot.instansi_of_unit(unit_id) == actor.instansi_id


def _can_set(session: Session, actor: Actor, snapshot: OrgSnapshot, unit_id: int) -> bool:
    """The level above: the head of the parent unit, or the instansi's admin."""
    if _is_admin_of(actor, snapshot, unit_id):
        return True
    parent = snapshot.parent_of_unit.get(unit_id)
    return parent is not None and head_of_unit(session, snapshot=snapshot, unit_id=parent) == actor.employee_id


def _can_close(session: Session, actor: Actor, snapshot: OrgSnapshot, unit_id: int) -> bool:
    return _is_admin_of(actor, snapshot, unit_id) or head_of_unit(session, snapshot=snapshot, unit_id=unit_id) == actor.employee_id


def _can_view(session: Session, actor: Actor, snapshot: OrgSnapshot, unit_id: int) -> bool:
    """The admin, the unit's head, and the head of any unit above it."""
    if unit_id not in snapshot.parent_of_unit:
        return False
    if _is_admin_of(actor, snapshot, unit_id):
        return True
    return any(head_of_unit(session, snapshot=snapshot, unit_id=u) == actor.employee_id for u in ancestors(unit_id, snapshot.parent_of_unit))


# -- the units an actor works with -----------------------------------------------------


@dataclass(frozen=True)
class UnitKurvaRow:
    unit_id: int
    name: str
    depth: int  # 0 for the actor's top units, for indenting
    capaian: str  # OrganisationPredikat value, or ""
    members: int  # the unit's own employees with an approved SKP for the year
    final: int  # of them, with a final evaluation for the period
    closed: bool
    fits: bool | None  # None while open
    can_set: bool
    can_close: bool


def _expected_and_final(session: Session, employee_ids: list[int], *, year: int, kind: str, number: int) -> tuple[set[int], dict[int, Predikat]]:
    """Who has an approved SKP for the year, and the final predikat of each for the period."""
    if not employee_ids:
        return set(), {}
    expected = set(
        session.exec(select(Skp.employee_id).where(col(Skp.employee_id).in_(employee_ids), Skp.year == year, Skp.status == SkpStatus.DISETUJUI)).all()
    )
    final: dict[int, Predikat] = {}
    for employee_id, predikat in session.exec(
        select(Evaluation.employee_id, Evaluation.predikat)
        .where(
            col(Evaluation.employee_id).in_(employee_ids), Evaluation.year == year, Evaluation.period_kind == kind,
            Evaluation.period_no == number, Evaluation.status == EvaluationStatus.FINAL,
        )
        .order_by(Evaluation.id)  # two SKPs in one period (a mutasi): the later evaluation counts
    ):
        if predikat:
            final[employee_id] = Predikat(predikat)
    return expected | set(final), final


def kurva_units(session: Session, *, actor: Actor, year: int, kind: str, number: int) -> list[UnitKurvaRow]:
    """The admin: every unit of the instansi. A unit head: the units they lead and the units just below."""
    check_period(kind, number)
    snapshot = _snapshot(session)
    if actor.is_admin and actor.instansi_id is not None:
        top = {actor.instansi_id}
        children_depth = None  # the whole tree
    else:
        top = headed_units(session, snapshot=snapshot, employee_id=actor.employee_id)
        children_depth = 1
    if not top:
        return []
    children: dict[int, list[int]] = {}
    for unit_id, parent in snapshot.parent_of_unit.items():
        if parent is not None:
            children.setdefault(parent, []).append(unit_id)
    units = session.exec(select(OrgUnit).where(OrgUnit.active)).all()
    by_id = {u.id: u for u in units}
    ordered: list[tuple[int, int]] = []
    seen: set[int] = set()
    stack = [(u, 0) for u in sorted(top, key=lambda u: by_id[u].code if u in by_id else "", reverse=True)]
    while stack:
        unit_id, depth = stack.pop()
        if unit_id in seen or unit_id not in by_id:
            continue
        seen.add(unit_id)
        ordered.append((unit_id, depth))
        if children_depth is None or depth < children_depth:
            below = sorted(children.get(unit_id, ()), key=lambda u: by_id[u].code if u in by_id else "", reverse=True)
            stack.extend((child, depth + 1) for child in below)
    ids = [u for u, _ in ordered]
    heads = head_positions(session, snapshot=snapshot, unit_ids=set(ids))
    members = {u: unit_members(snapshot, u, heads.get(u)) for u in ids}
    expected, final = _expected_and_final(session, [e for m in members.values() for e in m], year=year, kind=kind, number=number)
    capaian = dict(session.exec(
        select(UnitPredikat.unit_id, UnitPredikat.predikat).where(
            col(UnitPredikat.unit_id).in_(ids), UnitPredikat.year == year, UnitPredikat.period_kind == kind, UnitPredikat.period_no == number,
        )
    ).all())
    closings = {
        c.unit_id: c for c in session.exec(
            select(UnitEvaluationClosing).where(
                col(UnitEvaluationClosing.unit_id).in_(ids), UnitEvaluationClosing.year == year,
                UnitEvaluationClosing.period_kind == kind, UnitEvaluationClosing.period_no == number,
            )
        )
    }
    rows = []
    for unit_id, depth in ordered:
        people = [e for e in members[unit_id] if e in expected]
        closing = closings.get(unit_id)
        rows.append(UnitKurvaRow(
            unit_id, by_id[unit_id].name, depth, capaian.get(unit_id, ""), len(people), sum(1 for e in people if e in final),
            closing is not None, closing.fits if closing else None,
            _can_set(session, actor, snapshot, unit_id), _can_close(session, actor, snapshot, unit_id),
        ))
    return rows


# -- setting a unit's capaian ----------------------------------------------------------


def set_unit_predikat(session: Session, *, actor: Actor, unit_id: int, year: int, kind: str, number: int, predikat: str) -> UnitPredikat:
    check_period(kind, number)
    snapshot = _snapshot(session)
    require(_can_set(session, actor, snapshot, unit_id), "Capaian kinerja unit ditetapkan oleh pimpinan unit di atasnya atau admin instansi.")
    if predikat not in {p.value for p in OrganisationPredikat}:
        raise ValidationFailed({"predikat": "Capaian kinerja unit wajib dipilih: Istimewa, Baik, Butuh Perbaikan, Kurang atau Sangat Kurang."})
    if unit_closing(session, unit_id=unit_id, year=year, kind=kind, number=number):
        raise ValidationFailed({"predikat": "Penilaian unit ini untuk periode ini sudah ditutup; minta admin membukanya kembali."})
    row = session.exec(
        select(UnitPredikat).where(
            UnitPredikat.unit_id == unit_id, UnitPredikat.year == year, UnitPredikat.period_kind == kind, UnitPredikat.period_no == number,
        )
    ).first()
    before = audit.snapshot(row)
    row = row or UnitPredikat(unit_id=unit_id, year=year, period_kind=kind, period_no=number, predikat=predikat, set_by_id=actor.employee_id)
    row.predikat, row.set_by_id, row.updated_at = predikat, actor.employee_id, utcnow()
    with one_outcome(session):
        session.add(row)
    audit.write(session, actor=actor, action="update", entity="unit_predikat", row=row, before=before)
    return row


# -- one unit's report -----------------------------------------------------------------


@dataclass(frozen=True)
class MemberLine:
    name: str
    nip: str
    predikat: str  # label, or "" while not final


@dataclass(frozen=True)
class UnitKurvaView:
    unit_id: int
    name: str
    period: str
    capaian: str  # label, or ""
    head: str  # the head's name and their rating rule, or ""
    members: list[MemberLine]
    missing: list[str]  # names whose evaluation is not final yet
    counts: list[tuple[str, int, str]]  # (predikat label, count, share)
    report: KurvaReport | None  # None until the capaian is set
    closed: str  # "Ditutup oleh ... pada ..." or ""
    reason: str  # the reason given when closing a unit that breaks the pattern
    rechecks: list[tuple[str, bool]]  # (what an upheld keberatan changed and found, whether the kurva is broken)
    can_set: bool
    can_close: bool
    can_reopen: bool


def _report(session: Session, snapshot: OrgSnapshot, unit_id: int, year: int, kind: str, number: int):
    members = unit_members(snapshot, unit_id, head_positions(session, snapshot=snapshot, unit_ids={unit_id}).get(unit_id))
    expected, final = _expected_and_final(session, members, year=year, kind=kind, number=number)
    people = sorted(expected, key=lambda e: e)
    capaian = unit_predikat(session, unit_id=unit_id, year=year, kind=kind, number=number)
    report = kurva_report(capaian, [final[e] for e in people if e in final]) if capaian else None
    return people, final, capaian, report


def _rechecks(session: Session, actor: Actor, unit_id: int, year: int, kind: str, number: int) -> list[tuple[str, bool]]:
    """The upheld keberatan that changed a predikat counted in the unit's kurva of the period, oldest first."""
    rows = session.exec(
        select(Keberatan).join(Evaluation, Evaluation.id == Keberatan.evaluation_id).where(
            Keberatan.kurva_unit_id == unit_id, Keberatan.status == KeberatanStatus.DIKABULKAN, Evaluation.year == year,
            Evaluation.period_kind == kind, Evaluation.period_no == number,
        ).order_by(Keberatan.decided_at, Keberatan.id)
    ).all()
    names = {e.id: display_name(e) for e in session.exec(
        select(Employee).where(col(Employee.id).in_({i for r in rows for i in (r.employee_id, r.decided_by_id)}))
    )} if rows else {}
    return [
        (
            (
                f"Keberatan {names.get(r.employee_id, '-')} dikabulkan oleh {names.get(r.decided_by_id, '-')} pada "
                f"{format_local(r.decided_at, actor.timezone)}: predikat {Predikat(r.predikat_before).label} menjadi "
                f"{Predikat(r.predikat_after).label}. {r.kurva_note}"
            ),
            r.kurva_fits is False,
        )
        for r in rows
    ]


def unit_kurva(session: Session, *, actor: Actor, unit_id: int, year: int, kind: str, number: int) -> UnitKurvaView:
    check_period(kind, number)
    snapshot = _snapshot(session)
    require(_can_view(session, actor, snapshot, unit_id), NOT_YOURS)
    people, final, capaian, report = _report(session, snapshot, unit_id, year, kind, number)
    employees = {e.id: e for e in session.exec(select(Employee).where(col(Employee.id).in_(people)))}
    members = sorted(
        (MemberLine(display_name(employees[e]), employees[e].nip, PREDIKAT_LABELS[final[e]] if e in final else "") for e in people),
        key=lambda m: (m.predikat == "", m.name),
    )
    counts = [
        (PREDIKAT_LABELS[p], report.counts.get(p, 0), f"{report.share(p):.0%}")
        for p in Predikat
    ] if report and report.total else []
    head_id = head_of_unit(session, snapshot=snapshot, unit_id=unit_id)
    head = ""
    if head_id is not None:
        rule = head_rule(session, snapshot=snapshot, employee_id=head_id, year=year, kind=kind, number=number)
        head_name = display_name(session.get(Employee, head_id))
        head = f"{head_name}: {rule.explanation}" if rule else head_name
    closing = unit_closing(session, unit_id=unit_id, year=year, kind=kind, number=number)
    closed = ""
    if closing:
        closer = session.get(Employee, closing.closed_by_id)
        verdict = "sesuai kurva" if closing.fits else "tidak sesuai kurva"
        closed = f"Ditutup oleh {display_name(closer)} pada {format_local(closing.closed_at, actor.timezone)} ({verdict})."
    return UnitKurvaView(
        unit_id, session.get(OrgUnit, unit_id).name, period_label(kind, number, year),
        ORGANISATION_LABELS[capaian] if capaian else "", head, members,
        [m.name for m in members if not m.predikat], counts, report, closed, closing.reason if closing else "",
        _rechecks(session, actor, unit_id, year, kind, number),
        _can_set(session, actor, snapshot, unit_id) and closing is None,
        _can_close(session, actor, snapshot, unit_id) and closing is None,
        _is_admin_of(actor, snapshot, unit_id) and closing is not None,
    )


# -- closing and reopening -------------------------------------------------------------


def close_unit(session: Session, *, actor: Actor, unit_id: int, year: int, kind: str, number: int, reason: str = "") -> UnitEvaluationClosing:
    """Close the unit's evaluations of the period, the kurva checked over its employees."""
    check_period(kind, number)
    snapshot = _snapshot(session)
    require(_can_close(session, actor, snapshot, unit_id), "Penilaian unit ditutup oleh kepala unit itu atau admin instansi.")
    if unit_closing(session, unit_id=unit_id, year=year, kind=kind, number=number):
        raise ValidationFailed({"form": "Penilaian unit ini untuk periode ini sudah ditutup."})
    people, final, capaian, report = _report(session, snapshot, unit_id, year, kind, number)
    if capaian is None or report is None:
        raise ValidationFailed({"form": NO_CAPAIAN})
    missing = [e for e in people if e not in final]
    if missing:
        names = [display_name(e) for e in session.exec(select(Employee).where(col(Employee.id).in_(missing)).order_by(Employee.name))]
        raise ValidationFailed({"form": f"Masih ada {len(missing)} penilaian pegawai unit ini yang belum final: {', '.join(names)}."})
    reason = reason.strip()
    if not report.fits and len(reason) < MIN_REASON:
        raise ValidationFailed({
            "reason": f"Distribusi predikat belum sesuai kurva. Tuliskan alasannya (paling sedikit {MIN_REASON} karakter) "
            "atau tinjau kembali penilaian yang menyimpang."
        })
    row = UnitEvaluationClosing(
        unit_id=unit_id, year=year, period_kind=kind, period_no=number, predikat=capaian.value, employees=report.total,
        fits=report.fits, problems="\n".join(report.problems), reason=reason if not report.fits else "",
        closed_by_id=actor.employee_id,
    )
    with one_outcome(session, message="Penilaian unit ini baru saja ditutup di jendela lain."):
        session.add(row)
    audit.write(
        session, actor=actor, action="close", entity="unit_evaluation", row=row,
        detail=f"Kurva {'sesuai' if report.fits else 'tidak sesuai'}: {report.total} pegawai, capaian {capaian.label}",
    )
    return row


def reopen_unit(session: Session, *, actor: Actor, unit_id: int, year: int, kind: str, number: int) -> None:
    snapshot = _snapshot(session)
    require(_is_admin_of(actor, snapshot, unit_id), "Hanya admin instansi yang dapat membuka kembali penilaian unit.")
    row = unit_closing(session, unit_id=unit_id, year=year, kind=kind, number=number)
    require(row is not None, "Penilaian unit ini belum ditutup.")
    audit.write(
        session, actor=actor, action="reopen", entity="unit_evaluation", entity_id=row.id, before=audit.snapshot(row),
    )
    session.delete(row)
    session.flush()


# -- re-checking a unit after an upheld keberatan (services/keberatan.py) ----------------


@dataclass(frozen=True)
class UnitStanding:
    """Where the kurva of the unit counting an employee's predikat stands now."""

    unit_id: int
    name: str
    closing: UnitEvaluationClosing | None
    report: KurvaReport


def standing_of(session: Session, *, employee_id: int, year: int, kind: str, number: int) -> UnitStanding | None:
    """The kurva the employee's predikat of the period counts in, as it stands now: the unit of their
    definitive jabatan (today's tree, as closing uses). None when they count in no kurva (they head
    their unit, whose capaian rates them instead, or hold no definitive jabatan) or the unit's capaian
    is not set yet."""
    snapshot = _snapshot(session)
    holding = snapshot.definitive_position(employee_id)
    unit_id = snapshot.unit_of_position.get(holding.position_id) if holding else None
    if unit_id is None or head_positions(session, snapshot=snapshot, unit_ids={unit_id}).get(unit_id) == holding.position_id:
        return None
    report = _report(session, snapshot, unit_id, year, kind, number)[3]
    if report is None:
        return None
    closing = unit_closing(session, unit_id=unit_id, year=year, kind=kind, number=number)
    return UnitStanding(unit_id, session.get(OrgUnit, unit_id).name, closing, report)


def follow_closed_unit(session: Session, *, actor: Actor, standing: UnitStanding, detail: str) -> None:
    """A closed unit stays closed, and its closing now says where the distribution stands (audited)."""
    closing, report = standing.closing, standing.report
    if closing is None:
        return
    before = audit.snapshot(closing)
    closing.fits, closing.problems, closing.employees = report.fits, "\n".join(report.problems), report.total
    audit.write(
        session, actor=actor, action="recheck", entity="unit_evaluation", row=closing, before=before, detail=detail,
        store=True,
    )
