"""TPP: the employee's month with its explained lines; the admin's ruleset, recap and lock."""

from __future__ import annotations

import asyncio

import reflex as rx

from ekinerja import toasts
from ekinerja.access import Actor, Rule
from ekinerja.clock import local_today
from ekinerja.db import session_scope
from ekinerja.domain.dates import month_label, previous_month
from ekinerja.domain.kinerja_target import progress_text
from ekinerja.domain.money import format_rupiah
from ekinerja.domain.tpp import PRESETS, ruleset_sources
from ekinerja.domain.tpp_ruleset import ruleset_form
from ekinerja.services import tpp
from ekinerja.state.app_state import AppState
from ekinerja.state.background import running
from ekinerja.state.editor import EditorMixin
from ekinerja.state.guard import guarded
from ekinerja.state.presentation import MonthPickMixin, month_options, parse_month


class TppState(MonthPickMixin, AppState):
    lines: list[dict[str, str]] = []
    total: str = ""
    locked: bool = False
    minutes: str = ""

    def _show(self, actor: Actor) -> None:
        year, month = self._year_month()
        with session_scope() as session:
            result = tpp.employee_month(session, actor=actor, employee_id=actor.employee_id, year=year, month=month)
        self.lines = [
            {"label": line.label, "detail": line.detail, "amount": line.amount_text, "in_total": "1" if line.in_total else ""}
            for line in result.lines
        ]
        self.total = result.total_text
        self.locked = result.locked
        self.minutes = "" if result.target is None else progress_text(result.approved_minutes, result.target)

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        self._pick_default_month(str(self.router.url.query_parameters.get("bulan", "")))
        self._show(actor)

    @guarded(Rule.SIGNED_IN)
    def choose_month(self, actor: Actor, value: str):
        if self._set_month(value):
            self._show(actor)


class AdminTppState(EditorMixin, AppState):
    year: str = ""
    years: list[str] = []
    has_saved: bool = False
    month: str = ""
    months: list[dict[str, str]] = []
    recap_units: list[dict[str, str]] = []
    recap_total: str = ""
    recap_locked: bool = False
    recap_running: bool = False

    rule_sources: dict[str, str] = {}

    def _show_rules(self, ruleset) -> None:
        self.form_values = ruleset_form(ruleset)
        self.rule_sources = ruleset_sources(ruleset)
        self.form_errors = {}
        self.form_version += 1

    def _load_rules(self, actor: Actor) -> None:
        with session_scope() as session:
            ruleset, self.has_saved = tpp.ruleset_for(session, instansi_id=actor.instansi_id, year=int(self.year))
        self._show_rules(ruleset)

    @guarded(Rule.ADMIN)
    def apply_preset(self, actor: Actor, key: str):
        """Fill the form with a preset (the money per kelas stays); nothing is saved until the admin saves."""
        if key not in PRESETS:
            return None
        with session_scope() as session:
            self._show_rules(tpp.preset_ruleset(session, actor=actor, year=int(self.year), key=key))
        return toasts.info(f"Preset \"{PRESETS[key].name}\" dimuat. Periksa, ubah bila perlu, lalu simpan.")

    @guarded(Rule.ADMIN)
    def load(self, actor: Actor):
        today = local_today()
        self.year = str(today.year)
        self.years = [str(y) for y in range(today.year - 2, today.year + 2)]
        self.months = month_options(today)
        year, month = previous_month(today)
        self.month = f"{year}-{month:02d}"
        self.recap_units = []
        self.recap_total = ""
        self._load_rules(actor)
        return AdminTppState.run_recap

    @guarded(Rule.ADMIN)
    def choose_year(self, actor: Actor, value: str):
        if value.isdigit() and 2000 <= int(value) <= 2100:
            self.year = value
            self._load_rules(actor)

    @guarded(Rule.ADMIN)
    def save_rules(self, actor: Actor, form_data: dict):
        year = int(self.year)
        saved = []
        result = self._save(
            form_data, lambda session: saved.append(tpp.save_ruleset(session, actor=actor, year=year, form=form_data)), f"Aturan TPP {year} disimpan."
        )
        if saved:
            self.has_saved = True
            self.rule_sources = ruleset_sources(saved[0])
        return result

    @guarded(Rule.ADMIN)
    def choose_month(self, actor: Actor, value: str):
        if parse_month(value):
            self.month = value
            return AdminTppState.run_recap
        return None

    @rx.event(background=True)
    @guarded(Rule.ADMIN)
    async def run_recap(self, actor: Actor):
        """The instansi-wide recap runs outside the state lock; only its result is written back."""
        def compute():
            with session_scope() as session:
                return tpp.instansi_recap(session, actor=actor, year=year, month=month)

        async with running(self, "recap_running") as claimed:
            if not claimed:
                return
            async with self:
                year, month = parse_month(self.month) or previous_month(local_today())
            recap = await asyncio.to_thread(compute)
        async with self:
            self.recap_units = [
                {"unit": u.unit_name, "employees": str(u.employees), "total": format_rupiah(u.total)} for u in recap.units
            ]
            self.recap_total = format_rupiah(recap.total)
            self.recap_locked = recap.locked

    @rx.event(background=True)
    @guarded(Rule.ADMIN)
    async def lock(self, actor: Actor):
        """Freezing the month computes every employee's TPP: outside the state lock and the event loop."""
        async with self:
            parsed = parse_month(self.month)
        if parsed is None:
            return None
        async with running(self, "recap_running") as claimed:
            if not claimed:
                return None
            return await self._write_in_background(
                lambda session: tpp.lock_month(session, actor=actor, year=parsed[0], month=parsed[1]),
                done=lambda _: [toasts.success(f"TPP {month_label(parsed[0], parsed[1])} dikunci."), AdminTppState.run_recap],
                show=lambda _: setattr(self, "recap_locked", True),
            )
