"""Kegiatan Harian: the employee's month, the chosen day's entries and the entry form."""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass
from datetime import date, timedelta

import reflex as rx

from ekinerja import toasts
from ekinerja.access import Actor, Rule
from ekinerja.clock import local_date, local_today
from ekinerja.config import get_settings
from ekinerja.db import session_scope
from ekinerja.domain import activity_rules, dates
from ekinerja.domain.activity_rules import ActivityForm
from ekinerja.domain.evidence_rules import RejectedFile
from ekinerja.domain.statuses import ActivityStatus
from ekinerja.domain.validation import to_int
from ekinerja.routes import KEGIATAN_HARIAN
from ekinerja.services import activities, activity_review, evidence, feedback
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import NONE, EditorMixin, form_of
from ekinerja.state.evidence import EvidenceDownloadMixin
from ekinerja.state.guard import guarded
from ekinerja.state.live import Feed, Marker, client_token, live_event, own_change
from ekinerja.state.presentation import HARI_SHORT, activity_row, day_short

MAX_CATALOG_OPTIONS = 60
# A select item cannot carry an empty value: this one stands for "none of these".


def minutes_text(minutes: int) -> str:
    return f"{minutes // 60} j {minutes % 60:02d} m"


class KegiatanHarianState(EvidenceDownloadMixin, EditorMixin, AppState):
    year: int = 0
    month: int = 0
    month_label: str = ""
    selected_day: str = ""
    selected_label: str = ""
    days: list[dict[str, str]] = []
    leading_blanks: list[str] = []  # empty cells before the 1st, so weekdays line up
    entries: list[dict[str, str]] = []
    approved_text: str = ""
    pending_text: str = ""
    target_text: str = ""
    progress: int = 0
    window_text: str = ""
    catalog_filter: str = ""
    catalog_options: list[dict[str, str]] = []
    rhk_options: list[dict[str, str]] = []
    task_options: list[dict[str, str]] = []
    my_tasks: list[dict[str, str]] = []
    my_feedback: list[dict[str, str]] = []
    evidence_name: str = ""
    copy_report: list[str] = []
    # Server-side only (a leading underscore keeps it out of the browser): the uploaded bukti.
    _evidence_id: int = 0

    def _shown_month(self) -> tuple[int, int, str]:
        """What the page shows: the month and the selected day."""
        return self.year, self.month, self.selected_day

    def _refresh(self, actor: Actor) -> None:
        """The month, the selected day, the open tasks and the feedback, read afresh."""
        self._show_page(_read_page(actor, self._shown_month()))

    def _show_page(self, page: PageView) -> None:
        self._show_month(page.summary, page.entries, page.today)
        self.my_tasks = page.tasks
        self.my_feedback = page.feedback

    def _refresh_month(self, actor: Actor) -> None:
        """The month and the selected day only: what navigating or deleting changes."""
        today = local_today()
        with session_scope() as session:
            view = _read_month(session, actor, self._shown_month(), today)
        self._show_month(*view, today)

    def _show_month(self, summary: activities.MonthSummary, entries: list[activities.ActivityRow], today: date) -> None:
        day = date.fromisoformat(self.selected_day)
        self.month_label = dates.month_label(self.year, self.month)
        self.selected_label = day_short(day)
        self.entries = [activity_row(r) for r in entries]
        self.leading_blanks = [""] * summary.days[0].day.weekday()
        self.days = [
            {
                "iso": d.day.isoformat(),
                "num": str(d.day.day),
                "weekday": HARI_SHORT[d.day.weekday()],
                "minutes": str(d.minutes) if d.minutes else "",
                "status": _day_status(d, today),
            }
            for d in summary.days
        ]
        self.approved_text = minutes_text(summary.approved_minutes)
        self.pending_text = minutes_text(summary.pending_minutes)
        self.target_text = f"{summary.target_minutes:,}".replace(",", ".")
        self.progress = min(100, round(100 * summary.approved_minutes / max(1, summary.target_minutes)))
        self.window_text = (
            f"Norma {summary.daily_norm} menit/hari, maksimal {summary.daily_max} menit/hari. "
            f"Pengisian paling awal untuk tanggal {summary.earliest:%d-%m-%Y}."
        )

    def _load_choices(self, actor: Actor, day: date) -> None:
        with session_scope() as session:
            catalog = activities.catalog_for(session, employee_id=actor.employee_id, on=day)
            rhks = activities.rhk_options(session, employee_id=actor.employee_id, on=day)
            open_tasks = activities.open_tasks(session, employee_id=actor.employee_id)
        term = self.catalog_filter.strip().lower()
        self.catalog_options = [{"id": NONE, "label": "— tidak ada di katalog (tulis sendiri) —"}] + [
            {"id": str(c.id), "label": f"{c.name} ({c.standard_minutes} menit/{c.output_unit})"}
            for c in catalog
            if not term or term in c.name.lower()
        ][:MAX_CATALOG_OPTIONS]
        self.rhk_options = [{"id": NONE, "label": "Tanpa RHK"}] + [{"id": str(i), "label": text[:120]} for i, text in rhks]
        self.task_options = [
            {"id": str(a.id), "label": f"{t.title} (batas {t.due_date:%d-%m-%Y})"} for a, t in open_tasks
        ]
        if self.task_options:
            self.task_options = [{"id": NONE, "label": "Bukan tugas atasan"}, *self.task_options]

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        today = local_today()
        self.year, self.month = today.year, today.month
        self.selected_day = today.isoformat()
        self.form_open = ""
        self.copy_report = []
        self._refresh(actor)
        return KegiatanHarianState.watch

    @live_event(Rule.SIGNED_IN, route=KEGIATAN_HARIAN)
    async def watch(self, actor: Actor):
        """Live status: an atasan's decision shows here without a reload."""
        await self._keep_page_live(actor, route=KEGIATAN_HARIAN, feed=Feed(
            watch=[actor.employee_id], marker=Marker.of(activity_review.change_markers),
            params=KegiatanHarianState._shown_month, read=lambda shown: _read_page(actor, shown),
            show=KegiatanHarianState._show_page,
        ))

    @guarded(Rule.SIGNED_IN)
    def shift_month(self, actor: Actor, step: int):
        first = date(self.year, self.month, 1)
        moved = (first + timedelta(days=32)).replace(day=1) if int(step) > 0 else (first - timedelta(days=1)).replace(day=1)
        if moved > local_today():
            return
        self.year, self.month = moved.year, moved.month
        self.selected_day = min(local_today(), moved).isoformat() if moved.month == local_today().month else moved.isoformat()
        self._refresh_month(actor)

    @guarded(Rule.SIGNED_IN)
    def select_day(self, actor: Actor, iso: str):
        try:
            day = date.fromisoformat(str(iso))
        except ValueError:
            return
        self.selected_day = day.isoformat()
        self.copy_report = []
        self._refresh_month(actor)

    def _open_form(self, actor: Actor, editing_id: int, values: dict[str, str]) -> None:
        self.catalog_filter = ""
        self.evidence_name = ""
        self._evidence_id = 0
        self._load_choices(actor, date.fromisoformat(values.get("activity_date") or self.selected_day))
        self._open("activity", editing_id=editing_id, values=values)

    @guarded(Rule.SIGNED_IN)
    def open_new(self, actor: Actor):
        self._open_form(actor, 0, {"activity_date": self.selected_day, "start_time": "08:00", "end_time": "09:00", "quantity": "1"})

    @guarded(Rule.SIGNED_IN)
    def open_edit(self, actor: Actor, activity_id: int):
        """Edit a pending entry, or start a corrected copy of a rejected one."""
        with session_scope() as session:
            row = activities.own_activity(session, actor=actor, activity_id=int(activity_id))
        if not (activity_rules.editable(row.status) or activity_rules.correctable(row.status)):
            return toasts.error(activities.ALREADY_DECIDED)
        values = asdict(activities.form_of(row))
        self._open_form(actor, row.id if activity_rules.editable(row.status) else 0, values)
        return None

    @guarded(Rule.SIGNED_IN)
    def filter_catalog(self, actor: Actor, term: str):
        self.catalog_filter = str(term)[:100]
        self._load_choices(actor, date.fromisoformat(self.form_values.get("activity_date") or self.selected_day))

    @guarded(Rule.SIGNED_IN)
    async def upload_evidence(self, actor: Actor, files: list[rx.UploadFile], session_token: str = ""):
        # session_token: the tab's, checked before this runs (socket_binding: uploads come without a connection).
        if not files:
            return
        upload = files[0]
        data = await upload.read(get_settings().evidence_max_bytes + 1)
        name = upload.filename or upload.name or "bukti"

        def store() -> int:
            with session_scope() as session:
                return evidence.store_evidence(session, actor=actor, data=data, filename=name).id

        try:
            self._evidence_id = await asyncio.to_thread(store)
        except RejectedFile as rejected:
            self.form_errors = {**self.form_errors, "evidence": str(rejected)}
            return
        self.evidence_name = name
        self.form_errors = {k: v for k, v in self.form_errors.items() if k != "evidence"}
        return

    @guarded(Rule.SIGNED_IN)
    def save(self, actor: Actor, form_data: dict):
        """One transaction: the settings and calendar that check the entry also lay out the month it
        lands in, read after the write. Tasks are read again only when the entry reports one."""
        form = form_of(ActivityForm, form_data)
        evidence_id = self._evidence_id or None
        editing_id = self.editing_id
        token = client_token(self)
        today = local_today()

        def write(session):
            rules = activities.rules_for(session, actor=actor, today=today)
            if editing_id:
                activities.update_activity(
                    session, actor=actor, activity_id=editing_id, form=form, evidence_file_id=evidence_id, today=today, rules=rules
                )
            else:
                activities.create_activity(session, actor=actor, form=form, evidence_file_id=evidence_id, today=today, rules=rules)
            day = date.fromisoformat(form.activity_date.strip())  # valid: the write passed the rules
            view = activities.month_view(session, actor=actor, year=day.year, month=day.month, day=day, today=today, rules=rules)
            tasks = _task_rows(session, actor) if form.task_assignee_id else None
            own_change(session, token)  # this tab shows the save from its result: the live hub leaves it asleep
            return day, view, tasks

        def show(saved) -> None:  # the day the entry landed on
            day, view, tasks = saved
            self.selected_day, self.year, self.month = day.isoformat(), day.year, day.month
            self._show_month(*view, today)
            if tasks is not None:
                self.my_tasks = tasks

        return self._save(form_data, write, "Kegiatan disimpan dan diajukan ke atasan.", show=show)

    @guarded(Rule.SIGNED_IN)
    def delete(self, actor: Actor, activity_id: int):
        token, today = client_token(self), local_today()

        def write(session):
            activities.delete_activity(session, actor=actor, activity_id=int(activity_id))
            own_change(session, token)
            return _read_month(session, actor, self._shown_month(), today)

        return self._write(
            write, done="Kegiatan dihapus.", show=lambda view: self._show_month(*view, today),
            refused=lambda _message: self._refresh_month(actor),
        )

    @guarded(Rule.SIGNED_IN)
    def copy_yesterday(self, actor: Actor):
        day = date.fromisoformat(self.selected_day)
        with session_scope() as session:
            result = activities.copy_previous_day(session, actor=actor, to_day=day)
            own_change(session, client_token(self))
        self.copy_report = result.skipped
        self._refresh_month(actor)
        if result.source is None or (result.copied == 0 and not result.skipped):
            return toasts.info("Tidak ada kegiatan di hari kerja sebelumnya untuk disalin.")
        return toasts.success(f"{result.copied} kegiatan dari {result.source:%d-%m-%Y} disalin.")

    @guarded(Rule.SIGNED_IN)
    def finish_task(self, actor: Actor, assignee_id: int):
        """Report a task: open the entry form linked to it."""
        self._open_form(actor, 0, {
            "activity_date": self.selected_day, "start_time": "08:00", "end_time": "09:00", "quantity": "1",
            "task_assignee_id": str(to_int(str(assignee_id)) or ""),
        })


@dataclass(frozen=True)
class PageView:
    """Everything the page shows that a live refresh reads again."""

    summary: activities.MonthSummary
    entries: list[activities.ActivityRow]
    today: date
    tasks: list[dict[str, str]]
    feedback: list[dict[str, str]]


def _read_month(
    session, actor: Actor, shown: tuple[int, int, str], today: date
) -> tuple[activities.MonthSummary, list[activities.ActivityRow]]:
    year, month, selected_day = shown
    day = date.fromisoformat(selected_day)
    return activities.month_view(session, actor=actor, year=year, month=month, day=day, today=today)


def _read_page(actor: Actor, shown: tuple[int, int, str]) -> PageView:
    today = local_today()
    with session_scope() as session:
        summary, entries = _read_month(session, actor, shown, today)
        return PageView(
            summary, entries, today, _task_rows(session, actor),
            [
                {"from": f.sender, "subject": f.subject, "body": f.body, "date": f"{local_date(f.created_at, actor.timezone):%d-%m-%Y}"}
                for f in feedback.received(session, actor=actor)
            ],
        )


def _task_rows(session, actor: Actor) -> list[dict[str, str]]:
    return [
        {"id": str(a.id), "title": t.title, "description": t.description, "due": f"{t.due_date:%d-%m-%Y}"}
        for a, t in activities.open_tasks(session, employee_id=actor.employee_id)
    ]


def _day_status(summary: activities.DaySummary, today: date) -> str:
    """The calendar cell's colour: what needs the employee's attention first."""
    if summary.rejected:
        return ActivityStatus.DITOLAK
    if summary.pending:
        return ActivityStatus.DIAJUKAN
    if summary.approved:
        return ActivityStatus.DISETUJUI
    if summary.day > today:
        return "nanti"
    return "kosong" if summary.working else "libur"
