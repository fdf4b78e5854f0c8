"""Dashboard, admin: instansi-wide completion per unit and this month's TPP per unit.

Both are heavy for a large instansi, so they run in a background event outside the
state lock; only the rows shown are written back.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from ekinerja.access import Actor, Rule
from ekinerja.clock import local_today
from ekinerja.db import session_scope
from ekinerja.domain.dates import month_label
from ekinerja.domain.money import format_rupiah
from ekinerja.services import dashboard, tpp
from ekinerja.services.work_calendar import settings_for
from ekinerja.state.app_state import AppState
from ekinerja.state.background import running
from ekinerja.state.guard import guarded


class DashboardAdminState(AppState):
    overview_running: bool = False
    completion_rows: list[dict[str, str]] = []
    tpp_units: list[dict[str, str]] = []
    tpp_total: str = ""
    tpp_month: str = ""
    window_days: str = ""

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        if not actor.is_admin:
            self.completion_rows, self.tpp_units = [], []
            return None
        return DashboardAdminState.run_overview

    @rx.event(background=True)
    @guarded(Rule.ADMIN)
    async def run_overview(self, actor: Actor):
        today = local_today()

        def compute():
            with session_scope() as session:
                completion = dashboard.instansi_completion(session, actor=actor, today=today)
                window = settings_for(session, instansi_id=actor.instansi_id).entry_window_working_days
                recap = tpp.instansi_recap(session, actor=actor, year=today.year, month=today.month)
            return completion, window, recap

        async with running(self, "overview_running") as claimed:
            if not claimed:
                return
            completion, window, recap = await asyncio.to_thread(compute)
        async with self:
            self.window_days = str(window)
            self.completion_rows = [
                {"unit": c.unit_name, "employees": str(c.employees), "not_logged": str(c.not_logged),
                 "names": c.not_logged_names, "overdue": str(c.overdue_pending)}
                for c in completion
            ]
            self.tpp_units = [
                {"unit": u.unit_name, "employees": str(u.employees), "total": format_rupiah(u.total)} for u in recap.units
            ]
            self.tpp_total = format_rupiah(recap.total)
            self.tpp_month = month_label(today.year, today.month)
