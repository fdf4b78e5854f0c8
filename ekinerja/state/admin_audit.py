"""Admin: the audit trail, read-only."""

from __future__ import annotations

from ekinerja.access import Actor, Rule
from ekinerja.config import get_settings
from ekinerja.db import session_scope
from ekinerja.services.audit import list_entries
from ekinerja.state.app_state import AppState
from ekinerja.state.guard import guarded
from ekinerja.state.paging import clamp_page, page_count


class AdminAuditState(AppState):
    rows: list[dict[str, str]] = []
    search: str = ""
    page: int = 1
    page_count: int = 1
    total: int = 0

    def _load(self, actor: Actor) -> None:
        size = get_settings().page_size
        with session_scope() as session:
            rows, self.total = list_entries(session, actor=actor, search=self.search, page=self.page, page_size=size)
        self.page_count = page_count(self.total, size)
        self.rows = [
            {
                "at": row.at.strftime("%d-%m-%Y %H:%M:%S UTC"),
                "actor": row.actor,
                "action": row.action,
                "entity": f"{row.entity} #{row.entity_id}" if row.entity_id else row.entity,
                "changes": row.changes or row.detail,
            }
            for row in rows
        ]

    @guarded(Rule.ADMIN)
    def load(self, actor: Actor):
        self.page = 1
        self._load(actor)

    @guarded(Rule.ADMIN)
    def apply_search(self, actor: Actor, form_data: dict):
        self.search = str(form_data.get("search", ""))[:100]
        self.page = 1
        self._load(actor)

    @guarded(Rule.ADMIN)
    def go_to_page(self, actor: Actor, page: int):
        self.page = clamp_page(page, self.total, get_settings().page_size)
        self._load(actor)
