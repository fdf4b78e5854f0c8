"""Laporan: choose a report, its period and whom it is about; read it as a table; download it.

Documents are produced in a background event, in a worker thread, so a long report never blocks
this user's page nor anyone else's; the progress bar follows it. The state keeps only the
choices and one page of preview rows, never a document.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from ekinerja import toasts
from ekinerja.access import AccessDenied, Actor, Rule
from ekinerja.clock import local_today
from ekinerja.config import get_settings
from ekinerja.db import session_scope
from ekinerja.domain.dates import BULAN
from ekinerja.domain.validation import ValidationFailed
from ekinerja.reports import registry
from ekinerja.services import activities, report_scope, reports
from ekinerja.state.app_state import AppState
from ekinerja.state.background import running
from ekinerja.state.guard import guarded
from ekinerja.state.paging import clamp_page, page_count

MONTH_OPTIONS = [{"id": str(i), "label": name} for i, name in enumerate(BULAN, start=1)]
PROGRESS_TICK = 0.4  # seconds between progress-bar updates


def _int_or_none(raw: str) -> int | None:
    return int(raw) if str(raw).isdigit() else None


def _offered(actor: Actor) -> list[registry.ReportSpec]:
    return registry.offered(is_team_viewer=report_scope.is_team_viewer(actor), is_admin=actor.is_admin and actor.instansi_id is not None)


class LaporanState(AppState):
    report_key: str = registry.KEGIATAN_BULANAN
    subject: str = "pegawai"
    format_label: str = "PDF"
    year: str = ""
    month: str = ""
    unit_id: str = ""
    employee_id: str = ""
    skp_id: str = ""
    evaluation_id: str = ""
    report_options: list[dict[str, str]] = []
    year_options: list[dict[str, str]] = []
    unit_options: list[dict[str, str]] = []
    people_options: list[dict[str, str]] = []
    skp_options: list[dict[str, str]] = []
    evaluation_options: list[dict[str, str]] = []
    coming_soon: list[dict[str, str]] = []
    preview_columns: list[str] = []
    preview_rows: list[list[str]] = []
    preview_summary: str = ""
    page: int = 1
    page_count: int = 1
    total: int = 0
    error: str = ""
    generating: bool = False
    progress: int = 0

    def _params(self, actor: Actor) -> reports.ReportParams:
        return reports.ReportParams(
            key=self.report_key,
            year=_int_or_none(self.year) or 0,
            month=_int_or_none(self.month) or 0,
            employee_id=_int_or_none(self.employee_id) or actor.employee_id,
            skp_id=_int_or_none(self.skp_id),
            unit_id=_int_or_none(self.unit_id),
            evaluation_id=_int_or_none(self.evaluation_id),
        )

    def _clear_preview(self) -> None:
        self.preview_columns, self.preview_rows, self.preview_summary = [], [], ""
        self.page, self.page_count, self.total, self.error = 1, 1, 0, ""

    def _load_people(self, actor: Actor) -> None:
        with session_scope() as session:
            people = report_scope.report_people(session, actor=actor, unit_id=_int_or_none(self.unit_id))
        self.people_options = [{"id": str(i), "label": label} for i, label in people]
        if self.employee_id not in {o["id"] for o in self.people_options}:
            self.employee_id = str(actor.employee_id)
        self._load_skps(actor)

    def _load_skps(self, actor: Actor) -> None:
        """The chosen employee's SKPs and final evaluations, the newest of each chosen."""
        employee_id = _int_or_none(self.employee_id) or actor.employee_id
        with session_scope() as session:
            skps = report_scope.skp_choices(session, actor=actor, employee_id=employee_id)
            evaluations = report_scope.evaluation_choices(session, actor=actor, employee_id=employee_id)
        self.skp_options = [{"id": str(i), "label": label} for i, label in skps]
        self.skp_id = self.skp_options[0]["id"] if self.skp_options else ""
        self.evaluation_options = [{"id": str(i), "label": label} for i, label in evaluations]
        self.evaluation_id = self.evaluation_options[0]["id"] if self.evaluation_options else ""

    def _show(self, actor: Actor) -> None:
        size = get_settings().page_size
        try:
            with session_scope() as session:
                found = reports.preview(session, actor=actor, params=self._params(actor), page=self.page, page_size=size)
        except ValidationFailed as failed:
            self._clear_preview()
            self.error = " ".join(failed.errors.values())
            return
        self.preview_columns, self.preview_rows, self.preview_summary = found.columns, found.rows, found.summary
        self.total, self.page_count, self.error = found.total, page_count(found.total, size), ""

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        today = local_today()
        with session_scope() as session:
            year, month = activities.last_month_with_approved(session, employee_id=actor.employee_id, today=today)
        self.year, self.month = str(year), str(month)
        self.year_options = [{"id": str(y), "label": str(y)} for y in range(today.year, today.year - 5, -1)]
        self.report_options = [{"id": s.key, "label": f"{s.label} ({s.format_label})"} for s in _offered(actor)]
        self.coming_soon = [{"label": s.label, "description": s.description} for s in registry.coming_soon()]
        with session_scope() as session:
            self.unit_options = [{"id": str(i), "label": label} for i, label in report_scope.report_units(session, actor=actor)]
        self.unit_id, self.generating, self.progress = "", False, 0
        self._select(registry.KEGIATAN_BULANAN)
        self._load_people(actor)
        self._show(actor)

    def _select(self, key: str) -> None:
        spec = registry.BY_KEY[key]
        self.report_key, self.subject, self.format_label = spec.key, spec.subject, spec.format_label
        self._clear_preview()

    @guarded(Rule.SIGNED_IN)
    def choose_report(self, actor: Actor, key: str):
        if key not in {s.key for s in _offered(actor)}:
            return toasts.error("Jenis laporan ini belum tersedia.")
        self._select(key)
        self._show(actor)
        return None

    @guarded(Rule.SIGNED_IN)
    def choose_period(self, actor: Actor, field: str, value: str):
        if field == "year" and value in {o["id"] for o in self.year_options}:
            self.year = value
        elif field == "month" and value in {o["id"] for o in MONTH_OPTIONS}:
            self.month = value
        self.page = 1
        self._show(actor)

    @guarded(Rule.SIGNED_IN)
    def choose_unit(self, actor: Actor, unit_id: str):
        self.unit_id = "" if unit_id == "semua" else str(unit_id)
        self.page = 1
        self._load_people(actor)
        self._show(actor)

    @guarded(Rule.SIGNED_IN)
    def choose_employee(self, actor: Actor, employee_id: str):
        self.employee_id = str(employee_id)
        self.page = 1
        self._load_skps(actor)
        self._show(actor)

    @guarded(Rule.SIGNED_IN)
    def choose_skp(self, actor: Actor, skp_id: str):
        self.skp_id = str(skp_id)
        self.page = 1
        self._show(actor)

    @guarded(Rule.SIGNED_IN)
    def choose_evaluation(self, actor: Actor, evaluation_id: str):
        self.evaluation_id = str(evaluation_id)
        self.page = 1
        self._show(actor)

    @guarded(Rule.SIGNED_IN)
    def go_to_page(self, actor: Actor, page: int):
        self.page = clamp_page(page, self.total, get_settings().page_size)
        self._show(actor)

    @rx.event(background=True)
    @guarded(Rule.SIGNED_IN)
    async def download(self, actor: Actor):
        done = {"fraction": 0.0}

        def produce() -> reports.Generated:
            with session_scope() as session:
                return reports.generate(session, actor=actor, params=params, progress=lambda f: done.update(fraction=f))

        async with running(self, "generating", progress=0, error="") as claimed:
            if not claimed:
                return
            async with self:
                params = self._params(actor)
            job = asyncio.ensure_future(asyncio.to_thread(produce))
            try:
                while not job.done():
                    await asyncio.wait({job}, timeout=PROGRESS_TICK)
                    async with self:
                        self.progress = int(done["fraction"] * 100)
                result = job.result()
            except (ValidationFailed, AccessDenied) as problem:
                refused = isinstance(problem, AccessDenied)
                message = str(problem) if refused else " ".join(problem.errors.values())
                async with self:
                    self.error = message
                if refused:
                    raise  # the guard logs and counts the refusal, and says it in a toast
                yield toasts.error(message)
                return
        async with self:
            self.progress = 100
        yield rx.download(data=result.data, filename=result.filename, mime_type=result.mime)
