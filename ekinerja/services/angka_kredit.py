"""Angka kredit of jabatan fungsional: each year's from the final annual predikat, the cumulative
figure in the jenjang, and what the next pangkat and jenjang need (rules: ekinerja.domain.angka_kredit).

Who sees what: an employee their own statement, an atasan those of everyone below them in the tree,
an admin those of their instansi (``can_view_employee``), as for every other document of a person.
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
    kebutuhan,
    yearly_credits,
)
from ekinerja.domain.predikat import Predikat
from ekinerja.models import Employee
from ekinerja.models.evaluation import Evaluation
from ekinerja.services.auth import display_name
from ekinerja.services.employees import employee_instansi_id
from ekinerja.services.org import org_snapshot

NOT_ALLOWED = "Anda tidak berwenang melihat angka kredit pegawai ini."
NOT_FUNGSIONAL = "Pegawai ini tidak tercatat sebagai pejabat fungsional."


@dataclass(frozen=True)
class AkStatement:
    employee_id: int
    nip: str
    name: str
    pangkat_golongan: str
    golongan: str | None
    jenjang: str
    jenjang_label: str
    kategori: str
    koefisien: Decimal
    tmt: date
    awal: Decimal
    years: tuple[YearCredit, ...]
    cumulative: Decimal
    kebutuhan: Kebutuhan


def annual_predikat(session: Session, *, employee_ids: Iterable[int], years: Iterable[int] | None = None) -> dict[tuple[int, int], Predikat]:
    """(employee, year) -> the final annual predikat; with two annual evaluations in a year (a mutasi
    with an SKP per jabatan) the one finalised last, which closes the year."""
    ids = sorted(set(employee_ids))
    if not ids:
        return {}
    query = select(Evaluation.employee_id, Evaluation.year, Evaluation.predikat).where(
        col(Evaluation.employee_id).in_(ids), Evaluation.period_kind == "tahunan", Evaluation.status == "final",
        col(Evaluation.predikat).is_not(None),
    )
    if years is not None:
        query = query.where(col(Evaluation.year).in_(sorted(set(years))))
    found: dict[tuple[int, int], Predikat] = {}
    for employee_id, year, predikat in session.exec(query.order_by(Evaluation.finalised_at, Evaluation.id)):
        found[(employee_id, year)] = Predikat(predikat)
    return found


def build_statement(employee: Employee, predikat: dict[tuple[int, int], Predikat], *, through_year: int) -> AkStatement:
    """The statement of a jabatan fungsional employee from their annual predikat (no access check)."""
    rule = JENJANG[employee.jf_jenjang]
    tmt = employee.jf_tmt
    by_year = {year: p for (eid, year), p in predikat.items() if eid == employee.id}
    years = tuple(yearly_credits(rule.code, tmt, by_year, through_year=through_year))
    awal = employee.jf_angka_kredit_awal or Decimal(0)
    total = cumulative(awal, years)
    golongan = golongan_of(employee.pangkat_golongan)
    return AkStatement(
        employee.id, employee.nip, display_name(employee), employee.pangkat_golongan, golongan, rule.code, rule.label,
        rule.kategori.value, rule.koefisien, tmt, awal, years, total, kebutuhan(rule.code, golongan, total),
    )


def is_fungsional(employee: Employee | None) -> bool:
    return employee is not None and employee.jf_jenjang in JENJANG and employee.jf_tmt is not None


def statement(session: Session, *, actor: Actor, employee_id: int, today: date | None = None) -> AkStatement:
    """One employee's angka kredit statement, for whoever may see their documents."""
    employee = session.get(Employee, employee_id)
    snapshot = org_snapshot(session, on=local_today())
    require(
        employee is not None
        and can_view_employee(actor, employee_id, snapshot, employee_instansi_id=employee_instansi_id(session, employee_id)),
        NOT_ALLOWED,
    )
    require(is_fungsional(employee), NOT_FUNGSIONAL)
    return build_statement(employee, annual_predikat(session, employee_ids=[employee_id]), through_year=(today or local_today()).year)


def fungsional_among(session: Session, employee_ids: Iterable[int]) -> dict[int, Employee]:
    """The jabatan fungsional employees among ``employee_ids``."""
    ids = sorted(set(employee_ids))
    found: dict[int, Employee] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for employee in session.exec(select(Employee).where(col(Employee.id).in_(chunk), Employee.jf_jenjang != "")):
            if is_fungsional(employee):
                found[employee.id] = employee
    return found
