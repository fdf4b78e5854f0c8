"""Laporan: producing a report of the registry (ekinerja/reports/registry.py) as a file or as the
page's preview. The registry says how each report is built, named, stamped and previewed; here
is the database side, how each one gathers its document (services/report_documents.py, with the
access checks of services/report_scope.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlmodel import Session

from ekinerja.access import Actor
from ekinerja.clock import local_now, zone_name
from ekinerja.domain.validation import ValidationFailed
from ekinerja.reports import registry
from ekinerja.reports.pdf import Progress, Stamp
from ekinerja.reports.previews import Preview
from ekinerja.services.report_documents import (
    activity_report,
    angka_kredit_recap,
    capaian_recap,
    evaluation_document,
    kehadiran_recap,
    skp_document,
    tpp_recap,
)


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


def stamp_for(actor: Actor, period: str) -> Stamp:
    return Stamp(actor.display_name, actor.nip, local_now(actor.timezone), zone_name(actor.timezone), period)


# -- how each report gathers its document ------------------------------------------------


def _required(value: int | None, field: str, message: str) -> int:
    if not value:
        raise ValidationFailed({field: message})
    return value


def _activity(session: Session, actor: Actor, params: ReportParams, progress: Progress) -> Any:
    report = activity_report(
        session, actor=actor, employee_id=params.employee_id or actor.employee_id, year=params.year, month=params.month
    )
    progress(0.5)
    return report


def _skp(session: Session, actor: Actor, params: ReportParams, progress: Progress) -> Any:
    doc = skp_document(session, actor=actor, skp_id=_required(params.skp_id, "skp", "Pilih SKP yang akan dicetak."))
    progress(0.5)
    return doc


def _evaluation(session: Session, actor: Actor, params: ReportParams, progress: Progress) -> Any:
    evaluation_id = _required(params.evaluation_id, "evaluation", "Pilih penilaian kinerja yang sudah final.")
    doc = evaluation_document(session, actor=actor, evaluation_id=evaluation_id)
    progress(0.5)
    return doc


def _angka_kredit(session: Session, actor: Actor, params: ReportParams, progress: Progress) -> Any:
    return angka_kredit_recap(session, actor=actor, unit_id=params.unit_id, year=params.year, progress=progress)


def _unit_recap(make: Callable[..., Any]) -> Callable[[Session, Actor, ReportParams, Progress], Any]:
    def gather(session: Session, actor: Actor, params: ReportParams, progress: Progress) -> Any:
        return make(session, actor=actor, unit_id=params.unit_id, year=params.year, month=params.month, progress=progress)

    return gather


GATHER: dict[str, Callable[[Session, Actor, ReportParams, Progress], Any]] = {
    registry.KEGIATAN_BULANAN: _activity,
    registry.DOKUMEN_SKP: _skp,
    registry.EVALUASI_KINERJA: _evaluation,
    registry.REKAP_ANGKA_KREDIT: _angka_kredit,
    registry.REKAP_CAPAIAN: _unit_recap(capaian_recap),
    registry.REKAP_TPP: _unit_recap(tpp_recap),
    registry.REKAP_KEHADIRAN: _unit_recap(kehadiran_recap),
}


# -- producing and previewing -----------------------------------------------------


def _spec(key: str) -> registry.ReportSpec:
    spec = registry.BY_KEY.get(key)
    if spec is None or not spec.available:
        raise ValidationFailed({"report": "Jenis laporan ini belum tersedia."})
    return spec


def generate(session: Session, *, actor: Actor, params: ReportParams, progress: Progress = _noop) -> Generated:
    """The document's bytes; ``progress`` hears fractions from 0 to 1 as the work goes."""
    spec = _spec(params.key)
    progress(0.05)
    doc = GATHER[spec.key](session, actor, params, progress)
    data = spec.build(doc, stamp=stamp_for(actor, spec.period(doc)))
    progress(1.0)
    return Generated(spec.filename(doc), spec.mime, data)


def preview(session: Session, *, actor: Actor, params: ReportParams, page: int, page_size: int) -> Preview:
    """What the page shows of a document: its table, one page of rows at a time, and its totals."""
    spec = _spec(params.key)
    table = spec.table(GATHER[spec.key](session, actor, params, _noop))
    start = (max(page, 1) - 1) * page_size
    return replace(table, rows=table.rows[start : start + page_size])
