"""Dashboard, atasan: the team's month (minutes, pending entries, attendance flags, predikat), live.

The table follows the team's changes without a reload through the worker's live hub
(ekinerja.state.live) watching services.dashboard.team_markers.
"""

from __future__ import annotations

from datetime import date

from ekinerja import routes
from ekinerja.access import Actor, Rule
from ekinerja.clock import local_today
from ekinerja.db import session_scope
from ekinerja.services import dashboard, development
from ekinerja.state.app_state import AppState
from ekinerja.state.guard import guarded
from ekinerja.state.live import Feed, Marker, live_event


def _short(name: str) -> str:
    """A chart label: the first word of the name (titles before it dropped)."""
    words = [w for w in name.replace(",", " ").split() if not w.endswith(".")]
    return words[0] if words else name[:12]


def _read_team(actor: Actor) -> tuple[list, str, dict]:
    today = local_today()
    with session_scope() as session:
        rows = dashboard.team_overview(session, actor=actor, today=today)
        period = dashboard.period_caption(session, actor=actor, today=today) if rows else ""
        plans = development.plan_summaries(session, employee_ids=[r.employee_id for r in rows], today=today)
    return rows, period, plans


def _team_members(actor: Actor, today: date) -> list[int]:
    with session_scope() as session:
        return list(dashboard.team_members(session, actor=actor, today=today))


class DashboardTeamState(AppState):
    team_rows: list[dict[str, str]] = []
    team_chart: list[dict[str, int | str]] = []
    team_period: str = ""

    def _refresh(self, actor: Actor) -> None:
        self._show_team(_read_team(actor))

    def _show_team(self, view: tuple[list, str, dict]) -> None:
        rows, self.team_period, plans = view
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
        # Without a team, nothing here is live but the menu's badge.
        return DashboardTeamState.watch_team if self.team_rows else AppState.watch_unread

    @live_event(Rule.SIGNED_IN, route=routes.DASHBOARD)
    async def watch_team(self, actor: Actor):
        today = local_today()
        await self._keep_page_live(actor, route=routes.DASHBOARD, feed=Feed(
            watch=lambda: _team_members(actor, today), marker=Marker.of(dashboard.team_markers, since=today.replace(day=1)),
            read=lambda _: _read_team(actor), show=DashboardTeamState._show_team,
        ))
