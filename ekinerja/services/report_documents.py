"""Laporan: gathering each document's data, with its access check, into the plain dataclasses of
ekinerja.reports.data that the builders print. The rekap TPP only for admins, as the TPP service's
instansi recap allows; an evaluation document exists only for a final evaluation."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, col, select

from ekinerja.access import Actor, require
from ekinerja.clock import local_date, local_today
from ekinerja.domain.angka_kredit import PREDIKAT_PERCENT, parts_text
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.dates import format_date, month_bounds
from ekinerja.domain.evaluation_rules import is_final
from ekinerja.domain.hierarchy import OrgSnapshot, opd_of
from ekinerja.domain.keberatan import decidable
from ekinerja.domain.names import display_name
from ekinerja.domain.predikat import Rating
from ekinerja.domain.skp_rules import evaluated_months, fmt, period_months, realised_total
from ekinerja.domain.statuses import ActivityStatus
from ekinerja.domain.tpp import TppLine
from ekinerja.domain.validation import ValidationFailed
from ekinerja.models import DailyActivity, Employee, OrgUnit, Position, Skp
from ekinerja.models.evaluation import Evaluation, Keberatan
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
from ekinerja.reports.pdf import Progress
from ekinerja.services import angka_kredit as angka_kredit_service
from ekinerja.services import evaluation as evaluation_service
from ekinerja.services import keberatan as keberatan_service
from ekinerja.services import progress as progress_service
from ekinerja.services import skp as skp_service
from ekinerja.services import tpp as tpp_service
from ekinerja.services.activities import activity_rows, atasan_name
from ekinerja.services.attendance import discipline_inputs
from ekinerja.services.org import org_snapshot
from ekinerja.services.org_admin import unit_scope
from ekinerja.services.report_scope import (
    TEAM_ONLY,
    check_unit,
    employees_by_id,
    id_chunks,
    is_team_viewer,
    require_viewable,
    scope_name,
    team_scope,
)
from ekinerja.services.skp import (
    person_view,  # the SKP page's identity look-up, shared
)
from ekinerja.services.work_calendar import calendar_for, settings_for

NOT_FINAL = "Dokumen evaluasi hanya dapat dicetak dari penilaian yang sudah final."


def _noop(_: float) -> None:
    return None


def _as_person(view: skp_service.PersonView) -> Person:
    return Person(view.name, view.nip, view.pangkat, view.jabatan, view.unit or "-")


def _person(session: Session, snapshot: OrgSnapshot, employee_id: int, position_id: int | None = None) -> Person:
    """The employee with the jabatan given, or else the one they hold definitively on the snapshot's day."""
    if position_id is None:
        holding = snapshot.definitive_position(employee_id)
        position_id = holding.position_id if holding else None
    return _as_person(person_view(session, employee_id=employee_id, position_id=position_id))


def _instansi_name(session: Session, snapshot: OrgSnapshot, employee_id: int) -> str:
    instansi_id = snapshot.instansi_of_employee(employee_id)
    unit = session.get(OrgUnit, instansi_id) if instansi_id else None
    return unit.name if unit else ""


def _month(year: int, month: int) -> tuple[date, date]:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise ValidationFailed({"period": "Pilih bulan dan tahun laporan."})
    return month_bounds(year, month)


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
    approved = activity_rows(session, activities=[a for a in activities if a.status == ActivityStatus.DISETUJUI])
    pending = [a for a in activities if a.status == ActivityStatus.DIAJUKAN]
    atasan = snapshot.atasan_of(employee_id)
    instansi_id = snapshot.instansi_of_employee(employee_id)
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
        target_minutes=settings_for(session, instansi_id=instansi_id).monthly_target_minutes,
        pending_count=len(pending),
        pending_minutes=sum(a.effective_minutes for a in pending),
        rejected_count=sum(1 for a in activities if a.status == ActivityStatus.DITOLAK),
        atasan_now=atasan_name(session, employee_id=employee_id, on=today),
    )


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
    check_unit(session, actor=actor, unit_id=unit_id)
    people = team_scope(session, actor=actor, snapshot=snapshot, unit_id=unit_id)
    # Today is still open for entries: the days counted as missed end yesterday.
    counted_until = min(last, today - timedelta(days=1))
    working = _working_days(session, actor.instansi_id, first, counted_until) if counted_until >= first else 0
    target = settings_for(session, instansi_id=actor.instansi_id).monthly_target_minutes
    employees = employees_by_id(session, ids=people)
    unit_names = dict(session.exec(select(OrgUnit.id, OrgUnit.name)).all())
    position_names: dict[int, str] = {}
    lines: list[CapaianLine] = []
    pending_by_atasan: dict[int, list] = {}
    chunks = list(id_chunks(people))
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
    bosses = employees_by_id(session, ids=pending_by_atasan)
    validators = []
    for boss_id, items in pending_by_atasan.items():
        boss = bosses.get(boss_id)
        if boss is None:
            continue
        holding = snapshot.definitive_position(boss_id)
        unit = unit_names.get(snapshot.unit_of_position.get(holding.position_id), "-") if holding else "-"
        validators.append(ValidatorLine(unit, display_name(boss), boss.nip, sum(n for n, _ in items), min(d for _, d in items)))
    validators.sort(key=lambda v: (-v.pending, v.name))
    return CapaianRecap(scope=scope_name(session, actor=actor, unit_id=unit_id), year=year, month=month, lines=lines, validators=validators)


def _label(rating: str) -> str:
    return Rating(rating).label if rating else ""


def evaluation_document(session: Session, *, actor: Actor, evaluation_id: int) -> EvaluationDocument:
    view = evaluation_service.evaluation_view(session, actor=actor, evaluation_id=evaluation_id)  # its access check
    if not is_final(view.status):
        raise ValidationFailed({"evaluation": NOT_FINAL})
    row = session.get(Evaluation, evaluation_id)
    skp = session.get(Skp, row.skp_id)
    snapshot = org_snapshot(session, on=local_today())
    done = progress_service.compute(session, skp=skp, today=local_today())
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
    if decidable(view.status):
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
    check_unit(session, actor=actor, unit_id=unit_id)
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
    return TppRecapDocument(scope_name(session, actor=actor, unit_id=unit_id), year, month, lines, recap.locked)


def kehadiran_recap(
    session: Session, *, actor: Actor, unit_id: int | None, year: int, month: int, progress: Progress = _noop
) -> KehadiranRecap:
    """Each team member's attendance tally of the month (the Kehadiran service's), grouped by OPD."""
    _month(year, month)
    require(is_team_viewer(actor), TEAM_ONLY)
    check_unit(session, actor=actor, unit_id=unit_id)
    snapshot = org_snapshot(session, on=local_today())
    people = team_scope(session, actor=actor, snapshot=snapshot, unit_id=unit_id)
    employees = employees_by_id(session, ids=people)
    units = {u.id: u for u in session.exec(select(OrgUnit))}
    levels = {uid: u.level for uid, u in units.items()}
    lines: list[KehadiranLine] = []
    chunks = list(id_chunks(people))
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
    return KehadiranRecap(scope_name(session, actor=actor, unit_id=unit_id), year, month, lines)


def _year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise ValidationFailed({"period": "Tahun tidak valid."})


def angka_kredit_recap(session: Session, *, actor: Actor, unit_id: int | None, year: int, progress: Progress = _noop) -> AngkaKreditRecap:
    """Each pejabat fungsional of the team: the year's angka kredit from the annual predikat and the
    cumulative figure through that year against the next pangkat and jenjang, grouped by OPD."""
    _year(year)
    require(is_team_viewer(actor), TEAM_ONLY)
    check_unit(session, actor=actor, unit_id=unit_id)
    snapshot = org_snapshot(session, on=local_today())
    people = angka_kredit_service.fungsional_among(session, employee_ids=team_scope(session, actor=actor, snapshot=snapshot, unit_id=unit_id), year=year)
    held = angka_kredit_service.statements(session, employees=people.values(), through_year=year)
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
    return AngkaKreditRecap(scope_name(session, actor=actor, unit_id=unit_id), year, lines)
