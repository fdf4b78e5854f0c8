"""Dashboard: announcements and per-employee notices."""

from __future__ import annotations

from ekinerja.access import Actor, Rule
from ekinerja.clock import local_date, local_today
from ekinerja.db import session_scope
from ekinerja.services import activities, activity_review
from ekinerja.services.announcements import visible_announcements
from ekinerja.state.app_state import AppState
from ekinerja.state.guard import guarded


class DashboardState(AppState):
    announcements: list[dict[str, str]] = []
    rejected_activities: list[dict[str, str]] = []  # kegiatan harian to fix
    pending_approvals: int = 0
    overdue_approvals: int = 0

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        with session_scope() as session:
            rows = visible_announcements(session, actor=actor, today=local_today())
            rejected = activities.rejected_to_fix(session, actor=actor)
            self.pending_approvals, self.overdue_approvals = activity_review.pending_count(session, actor=actor)
        self.rejected_activities = [
            {"date": f"{r.activity_date:%d-%m-%Y}", "task": r.task, "reason": r.reason} for r in rejected
        ]
        self.announcements = [
            {
                "id": str(row.id),
                "kind": row.kind,
                "title": row.title,
                "body": row.body,
                "date": f"{local_date(row.created_at, actor.timezone):%d-%m-%Y}",
            }
            for row in rows
        ]
