"""Angka kredit of jabatan fungsional: each year's from the final annual predikat, the cumulative
figure in the jenjang, and what the next pangkat and jenjang need (rules: ekinerja.domain.angka_kredit).

Who sees what: an employee their own statement, an atasan those of everyone below them in the tree,
an admin those of their instansi (``can_view_employee``), as for every other document of a person.
The jenjang history (ekinerja.services.jenjang_fungsional) is part of the statement; only the admin
of the employee's instansi records a change of jenjang, as they keep the rest of the master data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session, col, select

from ekinerja.access import Actor, can_view_employee, require
from ekinerja.clock import local_today
from ekinerja.domain.angka_kredit import (
    JENJANG,
    Kebutuhan,
    YearCredit,
    cumulative,
    golongan_of,
    jenjang_label,
    kebutuhan,
    span_in_force,
    yearly_credits,
)
from ekinerja.domain.names import display_name
from ekinerja.domain.predikat import Predikat
from ekinerja.domain.statuses import EvaluationStatus
from ekinerja.domain.validation import JenjangChangeForm, ensure_valid, validate_jenjang_change
from ekinerja.models import Employee, JenjangFungsional
from ekinerja.models.evaluation import Evaluation
from ekinerja.services import jenjang_fungsional
from ekinerja.services.employees import employee_instansi_id
from ekinerja.services.org import org_snapshot
from ekinerja.services.org_admin import require_admin

NOT_ALLOWED = "Anda tidak berwenang melihat angka kredit pegawai ini."
NOT_FUNGSIONAL = "Pegawai ini tidak tercatat sebagai pejabat fungsional."


@dataclass(frozen=True)
class JenjangLine:
    """One row of the jenjang history, as the statement shows it."""

    jabatan: str
    jenjang: str
    jenjang_label: str
    tmt: date
    end: date | None
    sk_nomor: str
    sk_tanggal: date | None
    awal: Decimal | None


@dataclass(frozen=True)
class AkStatement:
    employee_id: int
    nip: str
    name: str
    pangkat_golongan: str
    golongan: str | None
    jabatan: str
    jenjang: str  # in force in the statement's last year
    jenjang_label: str
    kategori: str
    koefisien: Decimal
    tmt: date  # of that jenjang: the cumulative counts from here
    awal: Decimal
    years: tuple[YearCredit, ...]
    cumulative: Decimal
    kebutuhan: Kebutuhan
    history: tuple[JenjangLine, ...]  # every jenjang held, latest first


def annual_predikat(session: Session, *, employee_ids: Iterable[int], years: Iterable[int] | None = None) -> dict[tuple[int, int], Predikat]:
    """(employee, year) -> the final annual predikat; with two annual evaluations in a year (a mutasi
    with an SKP per jabatan) the one finalised last, which closes the year."""
    ids = sorted(set(employee_ids))
    if not ids:
        return {}
    query = select(Evaluation.employee_id, Evaluation.year, Evaluation.predikat).where(
        col(Evaluation.employee_id).in_(ids), Evaluation.period_kind == "tahunan", Evaluation.status == EvaluationStatus.FINAL,
        col(Evaluation.predikat).is_not(None),
    )
    if years is not None:
        query = query.where(col(Evaluation.year).in_(sorted(set(years))))
    found: dict[tuple[int, int], Predikat] = {}
    for employee_id, year, predikat in session.exec(query.order_by(Evaluation.finalised_at, Evaluation.id)):
        found[(employee_id, year)] = Predikat(predikat)
    return found


def build_statement(
    employee: Employee, rows: list[JenjangFungsional], predikat: dict[tuple[int, int], Predikat], *, through_year: int
) -> AkStatement | None:
    """The statement through ``through_year`` from the jenjang history and the annual predikat (no
    access check); None when no jenjang was held in that year."""
    spans = jenjang_fungsional.spans(rows)
    current = span_in_force(spans, through_year)
    if current is None:
        return None
    row = next(r for r in rows if r.tmt == current.start)
    rule = JENJANG[current.jenjang]
    by_year = {year: p for (eid, year), p in predikat.items() if eid == employee.id}
    years = tuple(yearly_credits(spans, by_year, through_year=through_year))
    awal = current.awal or Decimal(0)
    total = cumulative(awal, years)
    golongan = golongan_of(employee.pangkat_golongan)
    history = tuple(
        JenjangLine(r.jabatan, r.jenjang, jenjang_label(r.jenjang), r.tmt, r.end_date, r.sk_nomor, r.sk_tanggal, r.angka_kredit_awal)
        for r in reversed(rows)
    )
    return AkStatement(
        employee.id, employee.nip, display_name(employee), employee.pangkat_golongan, golongan, row.jabatan, rule.code, rule.label,
        rule.kategori.value, rule.koefisien, current.start, awal, years, total, kebutuhan(rule.code, golongan, total), history,
    )


def statements(session: Session, *, employees: Iterable[Employee], through_year: int) -> dict[int, AkStatement]:
    """The statements of those of ``employees`` who held a jenjang in ``through_year`` (no access check)."""
    people = {e.id: e for e in employees}
    rows = jenjang_fungsional.histories(session, employee_ids=people)
    predikat = annual_predikat(session, employee_ids=rows)
    built = {eid: build_statement(people[eid], rows[eid], predikat, through_year=through_year) for eid in rows}
    return {eid: st for eid, st in built.items() if st is not None}


def _viewable(session: Session, actor: Actor, employee_id: int) -> Employee:
    employee = session.get(Employee, employee_id)
    snapshot = org_snapshot(session, on=local_today())
    require(
        employee is not None
        and can_view_employee(actor, employee_id, snapshot, employee_instansi_id=employee_instansi_id(session, employee_id=employee_id)),
        NOT_ALLOWED,
    )
    return employee


def statement(session: Session, *, actor: Actor, employee_id: int, today: date | None = None) -> AkStatement:
    """One employee's angka kredit statement, for whoever may see their documents."""
    employee = _viewable(session, actor, employee_id)
    found = statements(session, employees=[employee], through_year=(today or local_today()).year).get(employee_id)
    require(found is not None, NOT_FUNGSIONAL)
    return found


def fungsional_among(session: Session, *, employee_ids: Iterable[int], year: int | None = None) -> dict[int, Employee]:
    """The pejabat fungsional among ``employee_ids``: holding a jenjang today, or in ``year``."""
    rows = jenjang_fungsional.histories(session, employee_ids=employee_ids)
    if year is None:
        held = [eid for eid, history in rows.items() if jenjang_fungsional.open_row(history) is not None]
    else:
        held = [eid for eid, history in rows.items() if span_in_force(jenjang_fungsional.spans(history), year) is not None]
    found: dict[int, Employee] = {}
    for start in range(0, len(held), 500):
        for employee in session.exec(select(Employee).where(col(Employee.id).in_(held[start : start + 500]))):
            found[employee.id] = employee
    return found


def record_jenjang_change(
    session: Session, *, actor: Actor, employee_id: int, form: JenjangChangeForm, today: date | None = None
) -> JenjangFungsional:
    """A kenaikan (or other change of) jenjang from its SK, recorded by the admin of the employee's
    instansi: the jenjang held until then ends the day before the new TMT. Audited."""
    instansi_id = require_admin(actor)
    employee = session.get(Employee, employee_id)
    require(employee is not None and employee_instansi_id(session, employee_id=employee_id) == instansi_id, NOT_ALLOWED)
    rows = jenjang_fungsional.history(session, employee_id=employee_id)
    current = jenjang_fungsional.open_row(rows)
    change = ensure_valid(validate_jenjang_change(
        form, held=jenjang_fungsional.spans(rows), current_jabatan=current.jabatan if current else "", today=today or local_today(),
    ))
    return jenjang_fungsional.open_jenjang(
        session, actor_id=actor.employee_id, employee_id=employee_id, rows=rows, jabatan=change.jabatan, jenjang=change.jenjang,
        tmt=change.tmt, awal=change.angka_kredit_awal, sk_nomor=change.sk_nomor, sk_tanggal=change.sk_tanggal,
        detail=f"perubahan jenjang, SK {change.sk_nomor}",
    )
