"""Tanda integritas: the atasan's section in Input Pimpinan and the admin's page, month by month.

The atasan's handlers are Rule.SIGNED_IN like the rest of Input Pimpinan (a Plt/Plh delegate
may have no subordinates of their own); the service decides whose flags the actor sees.
"""

from __future__ import annotations

from ekinerja.access import Actor, Rule
from ekinerja.config import get_settings
from ekinerja.db import session_scope
from ekinerja.services import integrity
from ekinerja.services.integrity import FlagRow
from ekinerja.state.admin_common import (
    AdminPagedMixin,
    UnitFilterMixin,
    load_unit_options,
)
from ekinerja.state.app_state import AppState
from ekinerja.state.guard import guarded
from ekinerja.state.presentation import MonthPickMixin


def flag_dict(row: FlagRow) -> dict[str, str]:
    return {
        "kind": row.kind, "label": row.label, "name": row.name, "nip": row.nip, "summary": row.summary,
        "evidence": "\n".join(row.evidence), "count": str(len(row.evidence)),
    }


class TeamIntegrityState(MonthPickMixin, AppState):
    flags: list[dict[str, str]] = []

    def _show(self, actor: Actor) -> None:
        year, month = self._year_month()
        with session_scope() as session:
            self.flags = [flag_dict(r) for r in integrity.team_flags(session, actor=actor, year=year, month=month)]

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        self._pick_default_month()
        self._show(actor)

    @guarded(Rule.SIGNED_IN)
    def choose_month(self, actor: Actor, value: str):
        if self._set_month(value):
            self._show(actor)


class AdminIntegrityState(MonthPickMixin, UnitFilterMixin, AdminPagedMixin, AppState):
    def _load(self, actor: Actor) -> None:
        year, month = self._year_month()
        with session_scope() as session:
            rows, total = integrity.instansi_flags(
                session, actor=actor, year=year, month=month, unit_id=self._unit_filter_id(), page=self.page,
                page_size=get_settings().page_size,
            )
        self._set_total(total)
        self.rows = [flag_dict(r) for r in rows]

    @guarded(Rule.ADMIN)
    def load(self, actor: Actor):
        self._pick_default_month()
        with session_scope() as session:
            self.unit_options = load_unit_options(session, actor)
        self._first_page(actor)

    @guarded(Rule.ADMIN)
    def choose_month(self, actor: Actor, value: str):
        if self._set_month(value):
            self._first_page(actor)
