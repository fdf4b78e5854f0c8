"""Admin: the audit trail, read-only."""

from __future__ import annotations

from ekinerja.access import Actor, Rule
from ekinerja.clock import format_local
from ekinerja.db import session_scope
from ekinerja.services.audit import list_entries
from ekinerja.state.admin_common import AdminSearchMixin
from ekinerja.state.app_state import AppState
from ekinerja.state.guard import guarded


class AdminAuditState(AdminSearchMixin, AppState):
    def _load(self, actor: Actor) -> None:
        with session_scope() as session:
            rows, total = list_entries(
                session, actor=actor, search=self.search, page=self.page, page_size=self._page_size()
            )
        self._set_total(total)
        self.rows = [
            {
                "at": format_local(row.at, actor.timezone, seconds=True),
                "actor": row.actor,
                "action": row.action,
                "entity": row.subject,
                "changes": row.changes or row.detail,
            }
            for row in rows
        ]

    @guarded(Rule.ADMIN)
    def load(self, actor: Actor):
        self._first_page(actor)
