"""Analisis Organisasi: beban kerja (ABK) per jabatan, kinerja unit per month and the ranking of units.

Counting runs in background events, in a worker thread, holding the state lock only for the short
writes. The state keeps the choices and the rows shown (one page of ABK lines, the units of one
ranking, twelve trend points); every figure is recomputed server-side from the choices.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import reflex as rx

from ekinerja import toasts
from ekinerja.access import AccessDenied, Actor, Rule
from ekinerja.clock import local_today
from ekinerja.config import get_settings
from ekinerja.db import session_scope
from ekinerja.domain.abk import DEFAULT_EFFECTIVE_HOURS, read_effective_hours
from ekinerja.domain.dates import BULAN
from ekinerja.domain.predikat import PREDIKAT_LABELS
from ekinerja.domain.validation import ValidationFailed
from ekinerja.services import abk, analysis_scope, org_performance
from ekinerja.state.app_state import AppState
from ekinerja.state.background import running
from ekinerja.state.guard import guarded
from ekinerja.state.paging import clamp_page, page_count

TABS = ("abk", "kinerja", "peringkat")
WHOLE_YEAR_OPTION = {"id": "0", "label": "Setahun penuh"}
MONTH_OPTIONS = [{"id": str(i), "label": name} for i, name in enumerate(BULAN, start=1)]


def _int(raw: str) -> int | None:
    return int(raw) if str(raw).isdigit() else None


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}".replace(".", ",")


def _num(value: float) -> str:
    return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _problem(exc: Exception) -> str:
    return " ".join(exc.errors.values()) if isinstance(exc, ValidationFailed) else str(exc)


def _abk_row(line) -> dict[str, str]:
    return {
        "unit": line.unit_name, "jabatan": line.name, "beban": _num(line.workload_hours), "kebutuhan": _num(line.needed),
        "pemangku": _num(line.holders), "selisih": _num(line.gap), "status": line.status, "status_label": line.status_label,
        "catatan": " ".join(line.flags),
    }


def _measure_row(rank: int | None, m, own: frozenset[int]) -> dict[str, str]:
    total = sum(m.predikat.values())
    predikat = ", ".join(f"{PREDIKAT_LABELS[k]} {n}" for k, n in sorted(m.predikat.items(), key=lambda kv: list(PREDIKAT_LABELS).index(kv[0])))
    return {
        "id": str(m.unit_id), "rank": "-" if rank is None else str(rank), "unit": m.unit_name, "pegawai": str(m.employees),
        "pengisian": _pct(m.logging), "capaian": _pct(m.capaian), "validasi": _pct(m.validation), "disiplin": _pct(m.discipline),
        "skor": _pct(m.score), "predikat": f"{predikat} ({total} dinilai)" if total else "Belum ada",
        "own": "1" if m.unit_id in own else "",
    }


class AnalisisState(AppState):
    tab: str = "abk"
    is_lead: bool = False
    year_options: list[dict[str, str]] = []
    unit_options: list[dict[str, str]] = []
    parent_options: list[dict[str, str]] = []
    # ABK
    unit_id: str = ""
    year: str = ""
    month: str = ""
    effective_hours: str = str(DEFAULT_EFFECTIVE_HOURS)
    hours_error: str = ""
    abk_rows: list[dict[str, str]] = []
    abk_chart: list[dict] = []
    abk_summary: str = ""
    abk_error: str = ""
    page: int = 1
    page_count: int = 1
    total: int = 0
    abk_loading: bool = False
    generating: bool = False
    _abk_all: list[dict[str, str]] = []
    _abk_seq: int = 0
    # Kinerja unit and peringkat
    parent_id: str = ""
    perf_year: str = ""
    perf_month: str = ""
    perf_rows: list[dict[str, str]] = []
    perf_title: str = ""
    perf_error: str = ""
    perf_loading: bool = False
    trend_unit_id: str = ""
    trend_rows: list[dict] = []
    own_place: str = ""
    _perf_seq: int = 0

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        today = local_today()
        previous = today.replace(day=1) - timedelta(days=1)  # ABK opens on the last full month
        self.year, self.month = str(previous.year), str(previous.month)
        self.perf_year, self.perf_month = str(today.year), str(today.month)
        self.year_options = [{"id": str(y), "label": str(y)} for y in range(today.year, today.year - 5, -1)]
        with session_scope() as session:
            units = analysis_scope.unit_options(session, actor=actor)
            parents = org_performance.ranking_parents(session, actor=actor)
            place = org_performance.own_place(session, actor=actor, today=today)
            own_chain = analysis_scope.own_units(session, actor=actor)
        self.is_lead = bool(units)
        self.unit_options = [{"id": str(i), "label": label} for i, label in units]
        self.parent_options = [{"id": str(i), "label": label} for i, label in parents]
        self.unit_id = self.trend_unit_id = str(_default_unit(units, own_chain)) if units else ""
        self.parent_id = self.parent_options[0]["id"] if parents else ""
        self.own_place = own_place_text(place)
        self.tab = "abk" if self.is_lead else "peringkat"
        self.effective_hours, self.hours_error, self.abk_error, self.perf_error = str(DEFAULT_EFFECTIVE_HOURS), "", "", ""
        self.abk_rows, self.abk_chart, self._abk_all, self.perf_rows, self.trend_rows = [], [], [], [], []
        if not self.is_lead:
            return None
        return [AnalisisState.refresh_abk, AnalisisState.refresh_perf]

    @guarded(Rule.SIGNED_IN)
    def choose_tab(self, actor: Actor, tab: str):
        if tab in TABS:
            self.tab = tab

    @guarded(Rule.SIGNED_IN)
    def choose_abk(self, actor: Actor, field: str, value: str):
        allowed = {
            "unit_id": {o["id"] for o in self.unit_options},
            "year": {o["id"] for o in self.year_options},
            "month": {"0", *(o["id"] for o in MONTH_OPTIONS)},
        }
        if value not in allowed.get(field, ()):
            return None
        setattr(self, field, value)
        return AnalisisState.refresh_abk

    @guarded(Rule.SIGNED_IN)
    def submit_hours(self, actor: Actor, form: dict):
        raw = str(form.get("effective_hours", ""))[:12]
        self.effective_hours = raw
        hours, errors = read_effective_hours(raw)
        self.hours_error = errors.get("effective_hours", "")
        if hours is None:
            return None
        self.effective_hours = str(hours)
        return AnalisisState.refresh_abk

    @guarded(Rule.SIGNED_IN)
    def go_to_page(self, actor: Actor, page: int):
        size = get_settings().page_size
        self.page = clamp_page(page, len(self._abk_all), size)
        self.abk_rows = self._abk_all[(self.page - 1) * size : self.page * size]

    def _abk_params(self) -> dict:
        return {
            "unit_id": _int(self.unit_id), "year": _int(self.year) or 0, "month": _int(self.month) or 0,
            "effective_hours": self.effective_hours,
        }

    @rx.event(background=True)
    @guarded(Rule.SIGNED_IN)
    async def refresh_abk(self, actor: Actor):
        async with self:
            self._abk_seq += 1
            seq, self.abk_loading, self.abk_error = self._abk_seq, True, ""
            params = self._abk_params()

        def compute() -> abk.AbkResult:
            with session_scope() as session:
                return abk.analyse(session, actor=actor, **params)

        try:
            result = await asyncio.to_thread(compute)
        except (ValidationFailed, AccessDenied) as problem:
            async with self:
                if seq == self._abk_seq:
                    self.abk_loading, self.abk_error = False, _problem(problem)
                    self.abk_rows, self.abk_chart, self._abk_all, self.total = [], [], [], 0
            if isinstance(problem, AccessDenied):
                raise  # the guard logs the refusal and says it
            return
        except BaseException:
            async with self:
                self.abk_loading = False
            raise
        size = get_settings().page_size
        rows = [_abk_row(line) for line in result.lines]
        async with self:
            if seq != self._abk_seq:  # a newer choice is being counted
                return
            self._abk_all, self.total, self.page = rows, len(rows), 1
            self.page_count = page_count(len(rows), size)
            self.abk_rows = rows[:size]
            self.abk_chart = [
                {"unit": t.unit_name[:28], "kebutuhan": round(t.needed, 2), "pemangku": round(t.holders, 2)} for t in result.totals
            ]
            self.abk_summary = (
                f"{result.period}: {result.period_days} hari kerja tercatat ({result.first:%d-%m-%Y} s.d. "
                f"{result.last:%d-%m-%Y}), diproyeksikan ke {result.year_days} hari kerja setahun; "
                f"jam kerja efektif {result.effective_hours} jam/tahun per pegawai."
            )
            self.abk_loading = False

    @rx.event(background=True)
    @guarded(Rule.SIGNED_IN)
    async def download_abk(self, actor: Actor):
        def produce() -> tuple[str, bytes]:
            with session_scope() as session:
                return abk.excel(abk.analyse(session, actor=actor, **params), actor=actor)

        async with running(self, "generating") as claimed:
            if not claimed:
                return
            async with self:
                params = self._abk_params()
            try:
                filename, data = await asyncio.to_thread(produce)
            except ValidationFailed as problem:  # a refusal (AccessDenied) goes to the guard, which logs it
                yield toasts.error(_problem(problem))
                return
        yield rx.download(data=data, filename=filename, mime_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    # Kinerja unit and peringkat

    @guarded(Rule.SIGNED_IN)
    def choose_perf(self, actor: Actor, field: str, value: str):
        allowed = {
            "parent_id": {o["id"] for o in self.parent_options},
            "perf_year": {o["id"] for o in self.year_options},
            "perf_month": {o["id"] for o in MONTH_OPTIONS},
            "trend_unit_id": {o["id"] for o in self.unit_options},
        }
        if value not in allowed.get(field, ()):
            return None
        setattr(self, field, value)
        return AnalisisState.refresh_perf

    @rx.event(background=True)
    @guarded(Rule.SIGNED_IN)
    async def refresh_perf(self, actor: Actor):
        async with self:
            self._perf_seq += 1
            seq, self.perf_loading, self.perf_error = self._perf_seq, True, ""
            parent, year, month, trend_unit = _int(self.parent_id), _int(self.perf_year) or 0, _int(self.perf_month) or 0, _int(self.trend_unit_id)

        def compute():
            with session_scope() as session:
                view = org_performance.ranking(session, actor=actor, parent_id=parent, year=year, month=month)
                points = org_performance.trend(session, actor=actor, unit_id=trend_unit)
            return view, points

        try:
            view, points = await asyncio.to_thread(compute)
        except (ValidationFailed, AccessDenied) as problem:
            async with self:
                if seq == self._perf_seq:
                    self.perf_loading, self.perf_error, self.perf_rows, self.trend_rows = False, _problem(problem), [], []
            if isinstance(problem, AccessDenied):
                raise  # the guard logs the refusal and says it
            return
        except BaseException:
            async with self:
                self.perf_loading = False
            raise
        async with self:
            if seq != self._perf_seq:
                return
            self.perf_rows = [_measure_row(r.rank, r.measures, view.own_unit_ids) for r in view.ranking]
            self.perf_title = f"Unit di bawah {view.parent_name} — {view.period}"
            self.trend_rows = [
                {
                    "bulan": p.label[:3] + " " + p.label[-2:], "pengisian": _round(p.measures.logging), "capaian": _round(p.measures.capaian),
                    "validasi": _round(p.measures.validation), "disiplin": _round(p.measures.discipline), "skor": _round(p.measures.score),
                }
                for p in points
            ]
            self.perf_loading = False


def _default_unit(units: list[tuple[int, str]], own_chain: list[int]) -> int:
    """The actor's own perangkat daerah when they may open it (an admin), else the first unit offered."""
    offered = {uid for uid, _ in units}
    return own_chain[-2] if len(own_chain) >= 2 and own_chain[-2] in offered else units[0][0]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def own_place_text(place: org_performance.OwnPlace | None) -> str:
    if place is None:
        return ""
    if place.rank is None:
        return f"{place.unit_name} belum masuk peringkat {place.period}: belum ada data."
    return f"Unit Anda ({place.unit_name}) peringkat {place.rank} dari {place.ranked} bulan ini ({place.period})."


class UnitPlaceState(AppState):
    """The dashboard card: the employee's own perangkat daerah's place this month."""

    own_place: str = ""

    @rx.event(background=True)
    @guarded(Rule.SIGNED_IN)
    async def load(self, actor: Actor):
        def compute() -> str:
            with session_scope() as session:
                return own_place_text(org_performance.own_place(session, actor=actor))

        text = await asyncio.to_thread(compute)
        async with self:
            self.own_place = text
