"""Laporan: gathering each document's data with its access check, and producing the bytes.

Who gets what: an employee their own documents, an atasan those of everyone below them in the
tree, an admin those of their instansi (``can_view_employee``); the rekap per unit only atasan
(their subordinates) and admins (units of their instansi); the rekap TPP only admins, as the TPP
service's instansi recap allows. An evaluation document exists only for a final evaluation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, col, select

from ekinerja.access import Actor, can_view_employee, require
from ekinerja.clock import local_date, local_now, local_today, zone_name
from ekinerja.domain.activity_rules import month_status_note
from ekinerja.domain.angka_kredit import PREDIKAT_PERCENT, format_ak, parts_text
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.dates import format_date, format_number, month_label
from ekinerja.domain.hierarchy import OrgSnapshot, descendants
from ekinerja.domain.money import format_rupiah
from ekinerja.domain.predikat import Predikat, Rating
from ekinerja.domain.skp_rules import evaluated_months, fmt, month_bounds, period_months, realised_total
from ekinerja.domain.statuses import ActivityStatus, EvaluationStatus, KeberatanStatus, SkpStatus
from ekinerja.domain.tpp import ABSENCE_LABELS, TppLine
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import DailyActivity, Employee, OrgUnit, Position, Skp
from ekinerja.models.evaluation import Evaluation, Keberatan
from ekinerja.reports import registry
from ekinerja.reports.activity_report import activity_report_pdf, total_line
from ekinerja.reports.data import (
    ActivityLine,
    ActivityReport,
    AngkaKreditLine,
    AngkaKreditRecap,
    CapaianLine,
    CapaianRecap,
    EvaluationDocument,
    EvaluationIndikatorLine,
    EvaluationPerilakuLine,
    EvaluationRhkLine,
    KeberatanDocument,
    KehadiranLine,
    KehadiranRecap,
    PerilakuLine,
    Person,
    SkpDocument,
    SkpIndikatorLine,
    SkpRhkLine,
    TppRecapDocument,
    TppRecapLine,
    ValidatorLine,
)
from ekinerja.reports.evaluation_document import evaluation_pdf
from ekinerja.reports.pdf import Progress, Stamp
from ekinerja.reports.recap_angka_kredit import angka_kredit_xlsx
from ekinerja.reports.recap_capaian import capaian_xlsx
from ekinerja.reports.recap_kehadiran import kehadiran_xlsx
from ekinerja.reports.recap_tpp import tpp_xlsx
from ekinerja.reports.skp_document import period_text, skp_document_pdf
from ekinerja.services import angka_kredit as angka_kredit_service
from ekinerja.services import evaluation as evaluation_service
from ekinerja.services import keberatan as keberatan_service
from ekinerja.services import progress as progress_service
from ekinerja.services import skp as skp_service
from ekinerja.services import tpp as tpp_service
from ekinerja.services.activities import activity_rows, atasan_name
from ekinerja.services.attendance import discipline_inputs
from ekinerja.services.auth import display_name
from ekinerja.services.org import org_snapshot
from ekinerja.services.org_admin import list_units_tree, unit_scope
from ekinerja.services.skp import (
    person_view,  # the SKP page's identity look-up, shared
)
from ekinerja.services.tpp import (
    opd_of,  # the TPP recap's grouping by OPD, shared
)
from ekinerja.services.work_calendar import calendar_for, settings_for

NOT_ALLOWED = "Anda tidak berwenang membuka laporan pegawai ini."
TEAM_ONLY = "Rekap per unit hanya untuk atasan dan admin."
UNIT_NOT_FOUND = "Unit kerja tidak ditemukan di lingkup Anda."
NOT_FINAL = "Dokumen evaluasi hanya dapat dicetak dari penilaian yang sudah final."
MAX_OPTIONS = 500
_CHUNK = 500


def _noop(_: float) -> None:
    return None


@dataclass(frozen=True)
class ReportParams:
    key: str
    year: int
    month: int
    employee_id: int | None = None
    skp_id: int | None = None
    unit_id: int | None = None
    evaluation_id: int | None = None


@dataclass(frozen=True)
class Generated:
    filename: str
    mime: str
    data: bytes


@dataclass(frozen=True)
class Preview:
    columns: list[str]
    rows: list[list[str]]
    total: int
    summary: str


# -- who and what may be chosen ----------------------------------------------


def is_team_viewer(actor: Actor) -> bool:
    return actor.is_admin or actor.is_supervisor


def _instansi_of(snapshot: OrgSnapshot, employee_id: int) -> int | None:
    unit_id = snapshot.unit_of_employee(employee_id)
    return snapshot.instansi_of_unit(unit_id) if unit_id else None


def require_viewable(actor: Actor, snapshot: OrgSnapshot, employee_id: int) -> None:
    require(
        can_view_employee(actor, employee_id, snapshot, employee_instansi_id=_instansi_of(snapshot, employee_id)),
        NOT_ALLOWED,
    )


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), _CHUNK):
        yield wanted[start : start + _CHUNK]


def _employees(session: Session, ids: Iterable[int]) -> dict[int, Employee]:
    return {e.id: e for chunk in _chunks(ids) for e in session.exec(select(Employee).where(col(Employee.id).in_(chunk)))}


def _holders_in(snapshot: OrgSnapshot, unit_ids: set[int]) -> list[int]:
    """Employees whose definitive jabatan today lies in one of ``unit_ids``."""
    return sorted({
        h.employee_id
        for position_id, holdings in snapshot.holders.items()
        if snapshot.unit_of_position.get(position_id) in unit_ids
        for h in holdings
        if h.kind == "definitif"
    })


def _team_scope(session: Session, actor: Actor, snapshot: OrgSnapshot, unit_id: int | None) -> list[int]:
    """The employees a team report covers: an admin's unit (and below) in their instansi, an atasan's subordinates."""
    if actor.is_admin and actor.instansi_id is not None:
        return _holders_in(snapshot, unit_scope(session, instansi_id=actor.instansi_id, unit_id=unit_id))
    require(actor.is_supervisor, TEAM_ONLY)
    people = snapshot.all_subordinates(actor.employee_id)
    if unit_id is not None:
        below = descendants({unit_id}, snapshot.parent_of_unit)
        people = [p for p in people if snapshot.unit_of_employee(p) in below]
    return people


def _check_unit(session: Session, actor: Actor, unit_id: int | None) -> None:
    """A unit a team report is narrowed to lies in the admin's instansi, or holds one of the atasan's subordinates."""
    if unit_id is None:
        return
    if actor.is_admin and actor.instansi_id is not None:
        require(unit_id in unit_scope(session, instansi_id=actor.instansi_id), UNIT_NOT_FOUND)
    else:
        require(unit_id in {u for u, _ in report_units(session, actor=actor)}, UNIT_NOT_FOUND)


def report_units(session: Session, *, actor: Actor) -> list[tuple[int, str]]:
    """Units a team report may be narrowed to: the admin's instansi tree, or the units of an atasan's subordinates."""
    if actor.is_admin and actor.instansi_id is not None:
        return [(u.id, f"{'— ' * u.depth}{u.name}") for u in list_units_tree(session, actor=actor)]
    if not actor.is_supervisor:
        return []
    snapshot = org_snapshot(session, on=local_today())
    unit_ids = {snapshot.unit_of_employee(p) for p in snapshot.all_subordinates(actor.employee_id)} - {None}
    units = session.exec(select(OrgUnit).where(col(OrgUnit.id).in_(unit_ids)).order_by(OrgUnit.code)).all() if unit_ids else []
    return [(u.id, u.name) for u in units]


def report_people(session: Session, *, actor: Actor, unit_id: int | None = None) -> list[tuple[int, str]]:
    """Whose documents the actor may produce (themselves first), narrowed to a unit; at most MAX_OPTIONS."""
    snapshot = org_snapshot(session, on=local_today())
    others = _team_scope(session, actor, snapshot, unit_id) if is_team_viewer(actor) else []
    ids = [actor.employee_id, *[i for i in others if i != actor.employee_id]][:MAX_OPTIONS]
    people = _employees(session, ids)
    first, rest = ids[:1], sorted(ids[1:], key=lambda i: people[i].name if i in people else "")
    return [(i, f"{display_name(people[i])} — {people[i].nip}") for i in first + rest if i in people]


def angka_kredit_people(session: Session, *, actor: Actor) -> list[tuple[int, str]]:
    """The pejabat fungsional whose angka kredit the actor may see: themselves first, then their team."""
    people = report_people(session, actor=actor)
    fungsional = angka_kredit_service.fungsional_among(session, [i for i, _ in people])
    return [(i, label) for i, label in people if i in fungsional]


def skp_choices(session: Session, *, actor: Actor, employee_id: int) -> list[tuple[int, str]]:
    require_viewable(actor, org_snapshot(session, on=local_today()), employee_id)
    skps = session.exec(
        select(Skp).where(Skp.employee_id == employee_id, Skp.status != SkpStatus.DIGANTI)
        .order_by(Skp.year.desc(), Skp.period_start.desc())
    ).all()
    labels = {SkpStatus.DRAFT: "draf", SkpStatus.DIAJUKAN: SkpStatus.DIAJUKAN, SkpStatus.DISETUJUI: SkpStatus.DISETUJUI}
    return [
        (s.id, f"SKP {s.year} ({format_date(s.period_start)} s.d. {format_date(s.period_end)}) — {labels.get(s.status, s.status)}")
        for s in skps
    ]


# -- identities ----------------------------------------------------------------


def _as_person(view: skp_service.PersonView) -> Person:
    return Person(view.name, view.nip, view.pangkat, view.jabatan, view.unit or "-")


def _person(session: Session, snapshot: OrgSnapshot, employee_id: int, position_id: int | None = None) -> Person:
    """The employee with the jabatan given, or else the one they hold definitively on the snapshot's day."""
    if position_id is None:
        holding = snapshot.definitive_position(employee_id)
        position_id = holding.position_id if holding else None
    return _as_person(person_view(session, employee_id, position_id))


def _instansi_name(session: Session, snapshot: OrgSnapshot, employee_id: int) -> str:
    instansi_id = _instansi_of(snapshot, employee_id)
    unit = session.get(OrgUnit, instansi_id) if instansi_id else None
    return unit.name if unit else ""


def stamp_for(actor: Actor, period: str) -> Stamp:
    return Stamp(actor.display_name, actor.nip, local_now(actor.timezone), zone_name(actor.timezone), period)


def _month(year: int, month: int) -> tuple[date, date]:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise ValidationFailed({"period": "Pilih bulan dan tahun laporan."})
    return month_bounds(year, month)


# -- Laporan kegiatan harian bulanan -----------------------------------------------


def activity_report(session: Session, *, actor: Actor, employee_id: int, year: int, month: int) -> ActivityReport:
    first, last = _month(year, month)
    today = local_today()
    require_viewable(actor, org_snapshot(session, on=today), employee_id)
    # Jabatan and atasan as they were at the end of the month (or today, for the running month).
    snapshot = org_snapshot(session, on=min(last, today))
    activities = session.exec(
        select(DailyActivity)
        .where(DailyActivity.employee_id == employee_id, DailyActivity.activity_date >= first, DailyActivity.activity_date <= last)
        .order_by(DailyActivity.activity_date, DailyActivity.start_time)
    ).all()
    approved = activity_rows(session, [a for a in activities if a.status == ActivityStatus.DISETUJUI])
    pending = [a for a in activities if a.status == ActivityStatus.DIAJUKAN]
    atasan = snapshot.atasan_of(employee_id)
    instansi_id = _instansi_of(snapshot, employee_id)
    return ActivityReport(
        pegawai=_person(session, snapshot, employee_id),
        atasan=_person(session, snapshot, atasan.employee_id, atasan.position_id) if atasan and atasan.employee_id != employee_id else None,
        instansi=_instansi_name(session, snapshot, employee_id),
        year=year,
        month=month,
        lines=[
            ActivityLine(a.activity_date, a.start, a.end, a.task, a.quantity, a.unit, a.description, a.rhk, a.approved_minutes or 0)
            for a in approved
        ],
        approved_minutes=sum(a.approved_minutes or 0 for a in approved),
        target_minutes=settings_for(session, instansi_id).monthly_target_minutes,
        pending_count=len(pending),
        pending_minutes=sum(a.effective_minutes for a in pending),
        rejected_count=sum(1 for a in activities if a.status == ActivityStatus.DITOLAK),
    )


# -- Dokumen SKP ---------------------------------------------------------------------


def skp_document(session: Session, *, actor: Actor, skp_id: int) -> SkpDocument:
    detail = skp_service.get_detail(session, actor=actor, skp_id=skp_id)  # its access check: owner, above, atasan, admin
    skp = detail.skp
    snapshot = org_snapshot(session, on=local_today())
    return SkpDocument(
        pegawai=_as_person(detail.pegawai),
        penilai=_as_person(detail.penilai) if detail.penilai else None,
        instansi=_instansi_name(session, snapshot, skp.employee_id),
        year=skp.year,
        period_start=skp.period_start,
        period_end=skp.period_end,
        status=skp.status,
        revision=skp.revision,
        approach=skp.approach,
        rhks=[
            SkpRhkLine(
                kind=r.kind, description=r.description, atasan_rhk=r.atasan_rhk_text, perspektif=r.perspektif or "",
                indikators=[SkpIndikatorLine(i.aspek, i.description, f"{fmt(i.target_value)} {i.target_unit}".strip()) for i in r.indikators],
            )
            for r in detail.rhks
        ],
        perilaku=[PerilakuLine(v.name, v.behaviours, detail.expectations.get(v.code, "")) for v in BERAKHLAK],
        dukungan_sumber_daya=skp.dukungan_sumber_daya,
        skema_pertanggungjawaban=skp.skema_pertanggungjawaban,
        konsekuensi=skp.konsekuensi,
        approved_on=local_date(skp.approved_at, actor.timezone) if skp.approved_at else None,
    )


# -- Rekap capaian ---------------------------------------------------------------------


def _working_days(session: Session, instansi_id: int | None, first: date, last: date) -> int:
    cal = calendar_for(session, employee_id=0, instansi_id=instansi_id, around=first)
    count, day = 0, first
    while day <= last:
        count += cal.is_working_day(day)
        day += timedelta(days=1)
    return count


def capaian_recap(
    session: Session, *, actor: Actor, unit_id: int | None, year: int, month: int, progress: Progress = _noop
) -> CapaianRecap:
    first, last = _month(year, month)
    today = local_today()
    require(is_team_viewer(actor), TEAM_ONLY)
    snapshot = org_snapshot(session, on=today)
    _check_unit(session, actor, unit_id)
    people = _team_scope(session, actor, snapshot, unit_id)
    # Today is still open for entries: the days counted as missed end yesterday.
    counted_until = min(last, today - timedelta(days=1))
    working = _working_days(session, actor.instansi_id, first, counted_until) if counted_until >= first else 0
    target = settings_for(session, actor.instansi_id).monthly_target_minutes
    employees = _employees(session, people)
    unit_names = dict(session.exec(select(OrgUnit.id, OrgUnit.name)).all())
    position_names: dict[int, str] = {}
    lines: list[CapaianLine] = []
    pending_by_atasan: dict[int, list] = {}
    chunks = list(_chunks(people))
    for done, chunk in enumerate(chunks, start=1):
        stats: dict[int, dict[str, int]] = {}
        for employee_id, status, count, minutes in session.exec(
            select(DailyActivity.employee_id, DailyActivity.status, func.count(), func.sum(DailyActivity.approved_minutes))
            .where(col(DailyActivity.employee_id).in_(chunk), DailyActivity.activity_date >= first, DailyActivity.activity_date <= last)
            .group_by(DailyActivity.employee_id, DailyActivity.status)
        ).all():
            stats.setdefault(employee_id, {})[status] = count
            if status == ActivityStatus.DISETUJUI:
                stats[employee_id]["minutes"] = int(minutes or 0)
        days: dict[int, int] = {}
        for employee_id, n in session.exec(
            select(DailyActivity.employee_id, func.count(func.distinct(DailyActivity.activity_date)))
            .where(col(DailyActivity.employee_id).in_(chunk), DailyActivity.status != ActivityStatus.DITOLAK,
                   DailyActivity.activity_date >= first, DailyActivity.activity_date <= counted_until)
            .group_by(DailyActivity.employee_id)
        ).all():
            days[employee_id] = n
        for employee_id, oldest in session.exec(
            select(DailyActivity.employee_id, func.min(DailyActivity.activity_date))
            .where(col(DailyActivity.employee_id).in_(chunk), DailyActivity.status == ActivityStatus.DIAJUKAN,
                   DailyActivity.activity_date >= first, DailyActivity.activity_date <= last)
            .group_by(DailyActivity.employee_id)
        ).all():
            boss = snapshot.atasan_of(employee_id)
            if boss is not None:
                pending_by_atasan.setdefault(boss.employee_id, []).append((stats[employee_id].get(ActivityStatus.DIAJUKAN, 0), oldest))
        for employee_id in chunk:
            person = employees.get(employee_id)
            holding = snapshot.definitive_position(employee_id)
            if person is None or holding is None:
                continue
            if holding.position_id not in position_names:
                position = session.get(Position, holding.position_id)
                position_names[holding.position_id] = position.name if position else "-"
            boss = snapshot.atasan_of(employee_id)
            boss_row = employees.get(boss.employee_id) if boss else None
            if boss is not None and boss_row is None:
                boss_row = session.get(Employee, boss.employee_id)
            s = stats.get(employee_id, {})
            lines.append(CapaianLine(
                unit=unit_names.get(snapshot.unit_of_position.get(holding.position_id), "-"),
                name=display_name(person), nip=person.nip, jabatan=position_names[holding.position_id],
                atasan=display_name(boss_row) if boss_row else "-", working_days=working,
                days_logged=days.get(employee_id, 0), entries=sum(v for k, v in s.items() if k != "minutes"),
                pending=s.get(ActivityStatus.DIAJUKAN, 0), approved=s.get(ActivityStatus.DISETUJUI, 0), rejected=s.get(ActivityStatus.DITOLAK, 0),
                approved_minutes=s.get("minutes", 0), target_minutes=target,
            ))
        progress(0.8 * done / len(chunks))
    lines.sort(key=lambda l: (l.unit, l.name))
    bosses = _employees(session, pending_by_atasan)
    validators = []
    for boss_id, items in pending_by_atasan.items():
        boss = bosses.get(boss_id)
        if boss is None:
            continue
        holding = snapshot.definitive_position(boss_id)
        unit = unit_names.get(snapshot.unit_of_position.get(holding.position_id), "-") if holding else "-"
        validators.append(ValidatorLine(unit, display_name(boss), boss.nip, sum(n for n, _ in items), min(d for _, d in items)))
    validators.sort(key=lambda v: (-v.pending, v.name))
    return CapaianRecap(scope=_scope_name(session, actor, unit_id), year=year, month=month, lines=lines, validators=validators)


# -- Dokumen evaluasi kinerja ---------------------------------------------------------


def _label(rating: str) -> str:
    return Rating(rating).label if rating else ""


def evaluation_choices(session: Session, *, actor: Actor, employee_id: int) -> list[tuple[int, str]]:
    """The employee's final evaluations, newest first."""
    require_viewable(actor, org_snapshot(session, on=local_today()), employee_id)
    rows = session.exec(
        select(Evaluation).where(Evaluation.employee_id == employee_id, Evaluation.status == EvaluationStatus.FINAL)
        .order_by(Evaluation.year.desc(), Evaluation.period_kind, Evaluation.period_no.desc())
    ).all()
    return [
        (e.id, f"{evaluation_service.period_label(e.period_kind, e.period_no, e.year)} — predikat {Predikat(e.predikat).label}")
        for e in rows
    ]


def evaluation_document(session: Session, *, actor: Actor, evaluation_id: int) -> EvaluationDocument:
    view = evaluation_service.evaluation_view(session, actor=actor, evaluation_id=evaluation_id)  # its access check
    if view.status != EvaluationStatus.FINAL:
        raise ValidationFailed({"evaluation": NOT_FINAL})
    row = session.get(Evaluation, evaluation_id)
    skp = session.get(Skp, row.skp_id)
    snapshot = org_snapshot(session, on=local_today())
    done = progress_service.compute(session, skp, today=local_today())
    months = evaluated_months(row.period_kind, row.period_no, period_months(skp.period_start, skp.period_end))
    rated = {item.key: item for item in view.rhk}
    rhks = []
    for rhk in done.rhks:
        item = rated.get(f"rhk_{rhk.id}")
        indikators = []
        for ind in rhk.indikators:
            counted = [c.counted for c in ind.months if c.month in months and (c.entered is not None or c.from_activities)]
            indikators.append(EvaluationIndikatorLine(
                ind.aspek, ind.description, f"{fmt(ind.target_value)} {ind.target_unit}".strip(),
                f"{fmt(realised_total(ind.aspek, counted))} {ind.target_unit}".strip(),
            ))
        rhks.append(EvaluationRhkLine(rhk.kind, rhk.description, indikators, _label(item.rating) if item else "", item.feedback if item else ""))
    return EvaluationDocument(
        pegawai=_person(session, snapshot, row.employee_id),
        penilai=_person(session, snapshot, row.evaluator_id),
        instansi=_instansi_name(session, snapshot, row.employee_id),
        period=view.period,
        skp_period=f"{format_date(skp.period_start)} s.d. {format_date(skp.period_end)}",
        rhks=rhks,
        perilaku=[EvaluationPerilakuLine(p.label, _label(p.rating), p.feedback) for p in view.perilaku],
        rating_hasil=_label(view.rating_hasil),
        rating_perilaku=_label(view.rating_perilaku),
        predikat=view.predikat,
        finalised_on=local_date(row.finalised_at, actor.timezone) if row.finalised_at else None,
        changes=tuple(
            (i.label, i.proposed, _label(i.rating), i.reason) for i in view.rhk + view.perilaku + view.overall if i.reason
        ),
    )


def keberatan_document(session: Session, *, actor: Actor, keberatan_id: int) -> KeberatanDocument:
    """The decision on a keberatan, for those who may read it (services/keberatan.py checks)."""
    view = keberatan_service.keberatan_view(session, actor=actor, keberatan_id=keberatan_id)
    if view.status == KeberatanStatus.DIAJUKAN:
        raise ValidationFailed({"keberatan": "Keberatan ini belum diputus."})
    row = session.get(Keberatan, keberatan_id)
    snapshot = org_snapshot(session, on=local_today())
    decider = row.decided_by_id or row.reviewer_id
    return KeberatanDocument(
        pegawai=_person(session, snapshot, row.employee_id),
        penilai=_person(session, snapshot, row.evaluator_id),
        reviewer=_person(session, snapshot, decider),
        reviewer_role="Atasan Pejabat Penilai Kinerja" if decider == row.reviewer_id else "Plt/Plh Atasan Pejabat Penilai Kinerja",
        instansi=_instansi_name(session, snapshot, row.employee_id),
        period=view.period,
        filed_on=view.filed_on,
        reasons=view.reasons,
        before=(view.rating_hasil_before, view.rating_perilaku_before, view.predikat_before),
        after=(view.rating_hasil_after, view.rating_perilaku_after, view.predikat_after) if view.predikat_after else None,
        status=view.status_label,
        decision_reason=view.decision_reason,
        decided_on=view.decided_on,
        tpp=tuple((t.month, "dikunci" if t.locked else "dihitung ulang", t.before, t.after, t.difference) for t in view.tpp),
        tpp_note=view.tpp_note,
    )


# -- Rekap TPP and rekap kehadiran ---------------------------------------------------------


def _scope_name(session: Session, actor: Actor, unit_id: int | None) -> str:
    if unit_id is not None:
        unit = session.get(OrgUnit, unit_id)
        return unit.name if unit else "-"
    if actor.is_admin and actor.instansi_id is not None:
        unit = session.get(OrgUnit, actor.instansi_id)
        return unit.name if unit else "Instansi"
    return f"Bawahan {actor.display_name}"


def tpp_components(lines: Iterable[TppLine]) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(basis, kinerja, disiplin, tambahan Plt) from an employee's explained lines, live or frozen, in the
    printed rupiah (so the columns add up to the total): the base lines only explain; the kinerja line
    and its predikat factor; the Plt/Plh add-ons; the rest (disiplin, its deductions and their caps)
    is the disiplin component."""
    base = kinerja = disiplin = tambahan = Decimal(0)
    for line in lines:
        amount = line.amount if line.printed is None else line.printed
        if not line.in_total:
            base += amount
        elif line.label.startswith(("Kinerja ", "Faktor predikat")):
            kinerja += amount
        elif line.label.startswith("Tambahan Plt"):
            tambahan += amount
        else:
            disiplin += amount
    return base, kinerja, disiplin, tambahan


def tpp_recap(
    session: Session, *, actor: Actor, unit_id: int | None, year: int, month: int, progress: Progress = _noop
) -> TppRecapDocument:
    """The TPP service's instansi recap (admins only; a locked month from its frozen copy) with each
    employee's components, narrowed to a unit and those below it when one is chosen."""
    _month(year, month)
    _check_unit(session, actor, unit_id)
    recap, lines_of = tpp_service.recap_with_lines(session, actor=actor, year=year, month=month)
    progress(0.7)
    rows = recap.rows
    if unit_id is not None:
        snapshot = org_snapshot(session, on=min(month_bounds(year, month)[1], local_today()))
        wanted = unit_scope(session, instansi_id=actor.instansi_id or 0, unit_id=unit_id)
        rows = [r for r in rows if snapshot.unit_of_employee(r.employee_id) in wanted]
    lines = [
        TppRecapLine(r.unit_name, r.nip, r.name, *tpp_components(lines_of.get(r.employee_id, ())), r.total) for r in rows
    ]
    return TppRecapDocument(_scope_name(session, actor, unit_id), year, month, lines, recap.locked)


def kehadiran_recap(
    session: Session, *, actor: Actor, unit_id: int | None, year: int, month: int, progress: Progress = _noop
) -> KehadiranRecap:
    """Each team member's attendance tally of the month (the Kehadiran service's), grouped by OPD."""
    _month(year, month)
    require(is_team_viewer(actor), TEAM_ONLY)
    _check_unit(session, actor, unit_id)
    snapshot = org_snapshot(session, on=local_today())
    people = _team_scope(session, actor, snapshot, unit_id)
    employees = _employees(session, people)
    units = {u.id: u for u in session.exec(select(OrgUnit))}
    levels = {uid: u.level for uid, u in units.items()}
    lines: list[KehadiranLine] = []
    chunks = list(_chunks(people))
    for done, chunk in enumerate(chunks, start=1):
        for employee_id, data in discipline_inputs(session, employee_ids=chunk, year=year, month=month).items():
            person, own_unit = employees.get(employee_id), snapshot.unit_of_employee(employee_id)
            if person is None or own_unit is None:
                continue
            opd = opd_of(snapshot, own_unit, levels)
            c = data.counts
            lines.append(KehadiranLine(
                units[opd].name if opd in units else "-", units[own_unit].name, person.nip, display_name(person),
                len(data.schedule), c.days_present, tuple(c.tl[i] for i in (1, 2, 3, 4)), tuple(c.psw[i] for i in (1, 2, 3, 4)),
                c.absent_without_reason, dict(c.absences),
            ))
        progress(0.8 * done / len(chunks))
    lines.sort(key=lambda l: (l.unit, l.sub_unit, l.name))
    return KehadiranRecap(_scope_name(session, actor, unit_id), year, month, lines)


def _year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise ValidationFailed({"period": "Tahun tidak valid."})


def angka_kredit_recap(session: Session, *, actor: Actor, unit_id: int | None, year: int, progress: Progress = _noop) -> AngkaKreditRecap:
    """Each pejabat fungsional of the team: the year's angka kredit from the annual predikat and the
    cumulative figure through that year against the next pangkat and jenjang, grouped by OPD."""
    _year(year)
    require(is_team_viewer(actor), TEAM_ONLY)
    _check_unit(session, actor, unit_id)
    snapshot = org_snapshot(session, on=local_today())
    people = angka_kredit_service.fungsional_among(session, _team_scope(session, actor, snapshot, unit_id), year=year)
    held = angka_kredit_service.statements(session, people.values(), through_year=year)
    progress(0.5)
    units = {u.id: u for u in session.exec(select(OrgUnit))}
    levels = {uid: u.level for uid, u in units.items()}
    lines: list[AngkaKreditLine] = []
    for employee_id, st in held.items():
        credit = next((c for c in st.years if c.year == year), None)
        opd = opd_of(snapshot, snapshot.unit_of_employee(employee_id), levels)
        pangkat, jenjang = st.kebutuhan.pangkat, st.kebutuhan.jenjang
        lines.append(AngkaKreditLine(
            units[opd].name if opd in units else "-", st.nip, st.name, st.pangkat_golongan, st.jenjang_label, st.tmt,
            credit.predikat.label if credit and credit.predikat else "",
            PREDIKAT_PERCENT[credit.predikat] if credit and credit.predikat else None,
            credit.months if credit else 0, st.koefisien, credit.year_total if credit else Decimal(0),
            parts_text(credit.parts) if credit else "", st.awal, st.cumulative,
            pangkat.label if pangkat else "", pangkat.needed if pangkat else None, pangkat.short if pangkat else None,
            jenjang.label if jenjang else "", jenjang.needed if jenjang else None, jenjang.short if jenjang else None,
        ))
    lines.sort(key=lambda l: (l.unit, l.name))
    return AngkaKreditRecap(_scope_name(session, actor, unit_id), year, lines)


# -- producing and previewing -----------------------------------------------------


def _spec(key: str) -> registry.ReportSpec:
    spec = registry.BY_KEY.get(key)
    if spec is None or not spec.available:
        raise ValidationFailed({"report": "Jenis laporan ini belum tersedia."})
    return spec


def _employee_id(actor: Actor, params: ReportParams) -> int:
    return params.employee_id or actor.employee_id


def _required_skp(params: ReportParams) -> int:
    if not params.skp_id:
        raise ValidationFailed({"skp": "Pilih SKP yang akan dicetak."})
    return params.skp_id


def _required_evaluation(params: ReportParams) -> int:
    if not params.evaluation_id:
        raise ValidationFailed({"evaluation": "Pilih penilaian kinerja yang sudah final."})
    return params.evaluation_id


def _unit_recap(session: Session, actor: Actor, params: ReportParams, progress: Progress = _noop):
    make = {registry.REKAP_CAPAIAN: capaian_recap, registry.REKAP_TPP: tpp_recap, registry.REKAP_KEHADIRAN: kehadiran_recap}[params.key]
    return make(session, actor=actor, unit_id=params.unit_id, year=params.year, month=params.month, progress=progress)


def generate(session: Session, *, actor: Actor, params: ReportParams, progress: Progress = _noop) -> Generated:
    """The document's bytes; ``progress`` hears fractions from 0 to 1 as the work goes."""
    spec = _spec(params.key)
    progress(0.05)
    if spec.key == registry.KEGIATAN_BULANAN:
        report = activity_report(session, actor=actor, employee_id=_employee_id(actor, params), year=params.year, month=params.month)
        progress(0.5)
        data = activity_report_pdf(report, stamp=stamp_for(actor, month_label(report.year, report.month)))
        name = f"laporan-kegiatan-{report.pegawai.nip}-{report.year}-{report.month:02d}.pdf"
    elif spec.key == registry.DOKUMEN_SKP:
        doc = skp_document(session, actor=actor, skp_id=_required_skp(params))
        progress(0.5)
        data = skp_document_pdf(doc, stamp=stamp_for(actor, period_text(doc)))
        name = f"skp-{doc.pegawai.nip}-{doc.year}-revisi-{doc.revision}.pdf"
    elif spec.key == registry.EVALUASI_KINERJA:
        evaluation = evaluation_document(session, actor=actor, evaluation_id=_required_evaluation(params))
        progress(0.5)
        data = evaluation_pdf(evaluation, stamp=stamp_for(actor, evaluation.period))
        name = f"evaluasi-kinerja-{evaluation.pegawai.nip}-{evaluation.period.lower().replace(' ', '-')}.pdf"
    elif spec.key == registry.REKAP_ANGKA_KREDIT:
        ak = angka_kredit_recap(session, actor=actor, unit_id=params.unit_id, year=params.year, progress=progress)
        data = angka_kredit_xlsx(ak, stamp=stamp_for(actor, f"Tahun {ak.year}"))
        name = f"{spec.key}-{ak.year}.xlsx"
    else:
        recap = _unit_recap(session, actor, params, progress)
        stamp = stamp_for(actor, month_label(recap.year, recap.month))
        build = {registry.REKAP_CAPAIAN: capaian_xlsx, registry.REKAP_TPP: tpp_xlsx, registry.REKAP_KEHADIRAN: kehadiran_xlsx}[spec.key]
        data = build(recap, stamp=stamp)
        name = f"{spec.key}-{recap.year}-{recap.month:02d}.xlsx"
    progress(1.0)
    return Generated(name, spec.mime, data)


def _page(rows: list[list[str]], page: int, page_size: int) -> list[list[str]]:
    start = (max(page, 1) - 1) * page_size
    return rows[start : start + page_size]


def _tiers(counts: tuple[int, ...], prefix: str) -> str:
    return ", ".join(f"{prefix}{i}: {n}" for i, n in enumerate(counts, start=1) if n) or "-"


def preview(session: Session, *, actor: Actor, params: ReportParams, page: int, page_size: int) -> Preview:
    """What the page shows of a document: its table, one page of rows at a time, and its totals."""
    spec = _spec(params.key)
    if spec.key == registry.KEGIATAN_BULANAN:
        report = activity_report(session, actor=actor, employee_id=_employee_id(actor, params), year=params.year, month=params.month)
        rows = [
            [format_date(l.day), f"{l.start}–{l.end}", l.task, f"{l.quantity} {l.output_unit}", format_number(l.minutes)]
            for l in report.lines
        ]
        note = month_status_note(
            approved=len(report.lines), pending=report.pending_count, pending_minutes=report.pending_minutes,
            atasan=atasan_name(session, employee_id=_employee_id(actor, params), on=local_today()),
        ) if report.pending_count or not report.lines else ""
        return Preview(["Tanggal", "Waktu", "Kegiatan", "Hasil", "Menit"], _page(rows, page, page_size), len(rows),
                       f"{report.pegawai.name} — {month_label(report.year, report.month)}. {total_line(report)}. {note}".strip())
    if spec.key == registry.DOKUMEN_SKP:
        doc = skp_document(session, actor=actor, skp_id=_required_skp(params))
        rows = [
            [r.kind.capitalize(), r.description, i.aspek.capitalize(), i.description, i.target]
            for r in doc.rhks for i in (r.indikators or [SkpIndikatorLine("-", "-", "-")])
        ]
        return Preview(["Jenis", "Rencana hasil kerja", "Aspek", "Indikator", "Target"], _page(rows, page, page_size), len(rows),
                       f"SKP {doc.pegawai.name}, periode {period_text(doc)}: {len(doc.rhks)} RHK, {len(rows)} indikator.")
    if spec.key == registry.EVALUASI_KINERJA:
        ev = evaluation_document(session, actor=actor, evaluation_id=_required_evaluation(params))
        rows = [
            ["Hasil kerja", r.description, f"{i.description}: {i.realisasi} dari {i.target}", r.rating, r.feedback or "-"]
            for r in ev.rhks for i in (r.indikators or [EvaluationIndikatorLine("-", "-", "-", "-")])
        ] + [["Perilaku kerja", p.name, "-", p.rating, p.feedback or "-"] for p in ev.perilaku]
        return Preview(["Bagian", "Uraian", "Realisasi / target", "Rating", "Umpan balik"], _page(rows, page, page_size), len(rows),
                       f"Evaluasi {ev.pegawai.name}, {ev.period}: rating hasil kerja {ev.rating_hasil}, "
                       f"rating perilaku kerja {ev.rating_perilaku}, predikat {ev.predikat}.")
    if spec.key == registry.REKAP_ANGKA_KREDIT:
        ak = angka_kredit_recap(session, actor=actor, unit_id=params.unit_id, year=params.year)
        rows = [
            [l.name, l.jenjang, l.predikat or "Belum ada", format_ak(l.angka_kredit), format_ak(l.cumulative),
             f"{l.pangkat_target}: kurang {format_ak(l.pangkat_short)}" if l.pangkat_target else "-"]
            for l in ak.lines
        ]
        missing = sum(1 for l in ak.lines if not l.predikat)
        return Preview(
            ["Pegawai", "Jenjang", "Predikat tahunan", "AK tahun ini", "AK kumulatif", "Kenaikan pangkat berikutnya"],
            _page(rows, page, page_size), len(rows),
            f"{ak.scope}, tahun {ak.year}: {len(ak.lines)} pejabat fungsional, {missing} belum memiliki predikat tahunan final.",
        )
    recap = _unit_recap(session, actor, params)
    period = month_label(recap.year, recap.month)
    if spec.key == registry.REKAP_TPP:
        rows = [
            [l.unit, l.name, *(format_rupiah(v) for v in (l.base, l.kinerja, l.disiplin, l.tambahan, l.total))] for l in recap.lines
        ]
        total = sum((l.total for l in recap.lines), Decimal(0))
        return Preview(
            ["Unit", "Pegawai", "Basis", "Kinerja", "Disiplin", "Tambahan Plt", "Total"], _page(rows, page, page_size), len(rows),
            f"{recap.scope}, {period}{' (terkunci)' if recap.locked else ''}: {len(recap.lines)} pegawai di "
            f"{len({l.unit for l in recap.lines})} unit, total TPP {format_rupiah(total)}.",
        )
    if spec.key == registry.REKAP_KEHADIRAN:
        rows = [
            [l.sub_unit, l.name, f"{l.present}/{l.working_days}", _tiers(l.tl, "TL"), _tiers(l.psw, "PSW"), str(l.absent_without_reason),
             ", ".join(f"{ABSENCE_LABELS.get(k, k)}: {n}" for k, n in l.absences.items() if n) or "-"]
            for l in recap.lines
        ]
        return Preview(
            ["Unit", "Pegawai", "Hadir", "Terlambat", "Pulang cepat", "Tanpa keterangan", "Izin/cuti/dinas"],
            _page(rows, page, page_size), len(rows),
            f"{recap.scope}, {period}: {len(recap.lines)} pegawai, {sum(l.present for l in recap.lines)} hari hadir, "
            f"{sum(l.absent_without_reason for l in recap.lines)} hari tanpa keterangan.",
        )
    rows = [
        [l.unit, l.name, str(l.days_logged), str(l.missing_days), str(l.pending), format_number(l.approved_minutes)]
        for l in recap.lines
    ]
    not_logged = sum(1 for l in recap.lines if l.entries == 0)
    pending = sum(l.pending for l in recap.lines)
    return Preview(
        ["Unit", "Pegawai", "Hari diisi", "Hari belum diisi", "Menunggu validasi", "Menit disetujui"],
        _page(rows, page, page_size), len(rows),
        f"{recap.scope}, {period}: {len(recap.lines)} pegawai, {not_logged} belum mengisi sama sekali, "
        f"{pending} kegiatan menunggu validasi oleh {len(recap.validators)} atasan.",
    )
