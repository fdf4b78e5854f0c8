"""Dashboard, atasan: the team's month (minutes, pending entries, attendance flags, predikat), live.

The table follows the team's changes without a reload through the shared live poller
(ekinerja.state.live) watching services.dashboard.team_markers.
"""

from __future__ import annotations

import reflex as rx

from ekinerja import routes
from ekinerja.access import Actor, Rule
from ekinerja.clock import local_today
from ekinerja.db import session_scope
from ekinerja.services import dashboard, development
from ekinerja.state.app_state import AppState
from ekinerja.state.guard import guarded
from ekinerja.state.live import Marker, poll_while_open


def _short(name: str) -> str:
    """A chart label: the first word of the name (titles before it dropped)."""
    words = [w for w in name.replace(",", " ").split() if not w.endswith(".")]
    return words[0] if words else name[:12]


class DashboardTeamState(AppState):
    team_rows: list[dict[str, str]] = []
    team_chart: list[dict[str, int | str]] = []
    team_period: str = ""

    def _refresh(self, actor: Actor) -> None:
        today = local_today()
        with session_scope() as session:
            rows = dashboard.team_overview(session, actor=actor, today=today)
            self.team_period = dashboard.period_caption(session, actor=actor, today=today) if rows else ""
            plans = development.plan_summaries(session, employee_ids=[r.employee_id for r in rows], today=today)
        self.team_rows = [
            {
                "employee_id": str(r.employee_id), "name": r.name, "nip": r.nip,
                "minutes": f"{r.approved_minutes:,}".replace(",", "."), "percent": f"{r.percent}%",
                "low": "1" if r.percent < 50 else "", "pending": str(r.pending),
                "late": str(r.late), "early": str(r.early), "absent": str(r.absent),
                "flagged": "1" if r.late or r.early or r.absent else "", "predikat": r.predikat_status,
                "plan": plans[r.employee_id].text if r.employee_id in plans else "",
            }
            for r in rows
        ]
        self.team_chart = [{"name": _short(r.name), "menit": r.approved_minutes, "target": r.target_minutes} for r in rows]

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        """Everyone may load it: a Plt/Plh delegate may have no subordinates of their own."""
        self._refresh(actor)
        return DashboardTeamState.watch_team if self.team_rows else None

    @rx.event(background=True, supersedes=True)
    @guarded(Rule.SIGNED_IN)
    async def watch_team(self, actor: Actor):
        today = local_today()
        with session_scope() as session:
            team = dashboard.team_members(session, actor=actor, today=today)
        since = today.replace(day=1)
        await poll_while_open(
            self,
            route=routes.DASHBOARD,
            actor=actor,
            watch=team,
            marker=Marker.of(dashboard.team_markers, since=since),
            refresh=lambda: self._refresh(actor),
        )
