"""Dashboard: this month's minutes by day, attendance tally and estimated TPP of the signed-in employee."""

from __future__ import annotations

from datetime import timedelta

from ekinerja.access import Actor, Rule
from ekinerja.clock import local_today
from ekinerja.db import session_scope
from ekinerja.domain import skp_rules
from ekinerja.domain.activity_rules import month_status_note
from ekinerja.domain.dates import month_bounds
from ekinerja.domain.kinerja_target import progress_text
from ekinerja.domain.money import format_rupiah
from ekinerja.services import activities, progress, tpp
from ekinerja.services.skp import current_skp
from ekinerja.state.app_state import AppState
from ekinerja.state.guard import guarded
from ekinerja.state.presentation import counts_summary


class DashboardKinerjaState(AppState):
    minutes_by_day: list[dict[str, int | str]] = []
    minutes_text: str = ""
    month_note: str = ""  # what the month still waits for, and what to do
    attendance_summary: list[dict[str, str]] = []
    tpp_estimate: str = ""
    tpp_note: str = ""
    skp_percent: str = ""  # "" when there is no approved SKP for today
    skp_bar: int = 0
    skp_elapsed: str = ""

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        today = local_today()
        first, last = month_bounds(today.year, today.month)
        with session_scope() as session:
            result, data = tpp.compute_month(session, employee_id=actor.employee_id, year=today.year, month=today.month)
            per_day = activities.approved_minutes_by_day(session, employee_id=actor.employee_id, first=first, last=last)
            waiting = activities.month_pending(session, employee_id=actor.employee_id, year=today.year, month=today.month, today=today)
            skp = current_skp(session, employee_id=actor.employee_id, today=today)
            skp_view = progress.compute(session, skp=skp, today=today) if skp is not None and skp_rules.approved(skp.status) else None
        rows = []
        running = 0
        day = first
        while day <= min(last, today):
            running += per_day.get(day, 0)
            rows.append({"day": f"{day:%d}", "menit": per_day.get(day, 0), "kumulatif": running})
            day += timedelta(days=1)
        self.minutes_by_day = rows
        self.minutes_text = progress_text(data.approved_minutes, data.target)
        self.month_note = month_status_note(
            approved=waiting.approved, pending=waiting.pending, pending_minutes=waiting.pending_minutes, atasan=waiting.atasan
        )
        self.attendance_summary = counts_summary(data.discipline)
        self.tpp_estimate = format_rupiah(result.total)
        self.tpp_note = (
            f"Perkiraan: kinerja diukur terhadap {data.target.text}; "
            "potongan kehadiran dihitung dari hari kerja yang sudah berlalu."
        )
        self.skp_percent = skp_rules.fmt(skp_view.percent) if skp_view else ""
        self.skp_bar = int(skp_rules.capped(skp_view.percent)) if skp_view else 0
        self.skp_elapsed = skp_rules.fmt(skp_view.elapsed) if skp_view else ""
