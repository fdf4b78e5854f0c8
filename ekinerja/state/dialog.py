"""Dialog Kinerja: the conversation of an employee's year with their atasan, live.

Rule.SIGNED_IN throughout: anyone may open their own dialog; the service decides whose other
dialogs the actor takes part in (their team, also as Plt/Plh) and who records meetings.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from ekinerja.access import Actor, Rule
from ekinerja.clock import local_today
from ekinerja.db import session_scope
from ekinerja.domain import dialog as dialog_rules
from ekinerja.domain.dialog import MeetingForm, ThreadForm
from ekinerja.domain.validation import to_int
from ekinerja.routes import DIALOG_KINERJA
from ekinerja.services import dialog
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import EditorMixin, form_of, form_value
from ekinerja.state.guard import guarded
from ekinerja.state.live import Feed, Marker, client_token, live_event, own_change
from ekinerja.state.presentation import meeting_row

YEARS_BACK = 2  # this year and the two before: a dialog runs into the next year's evaluation


@dataclass(frozen=True)
class PageView:
    view: dialog.DialogView
    thread: dialog.ThreadView | None
    unread: int


def _read(actor: Actor, shown: tuple[int, int, int]) -> PageView:
    employee_id, year, thread_id = shown
    with session_scope() as session:
        view = dialog.dialog_view(session, actor=actor, employee_id=employee_id, year=year)
        thread = dialog.read_thread(session, actor=actor, thread_id=thread_id) if thread_id else None
        return PageView(view, thread, dialog.unread_count(session, actor=actor))


def _check_side(actor: Actor, employee_id: int) -> None:
    with session_scope() as session:
        dialog.side_of(session, actor=actor, employee_id=employee_id)


class DialogState(EditorMixin, AppState):
    employee_id: int = 0
    year: int = 0
    thread_id: int = 0
    people: list[dict[str, str]] = []
    year_options: list[dict[str, str]] = []
    employee_name: str = ""
    is_atasan: bool = False
    threads: list[dict[str, str]] = []
    meetings: list[dict[str, str]] = []
    topics: list[dict[str, str]] = []
    thread: dict[str, str] = {}
    messages: list[dict[str, str]] = []
    reply_version: int = 0  # bumped after a reply so the text area empties

    def _shown(self) -> tuple[int, int, int]:
        return self.employee_id, self.year, self.thread_id

    def _show(self, page: PageView) -> None:
        view = page.view
        self.employee_name, self.is_atasan = view.employee_name, view.is_atasan
        self.threads = [
            {"id": str(t.id), "title": t.title, "topic": t.topic, "status": t.status, "closed": "1" if dialog_rules.closed(t.status) else "", "opened_by": t.opened_by, "last": t.last_message_at,
             "preview": t.preview, "count": str(t.messages), "unread": "1" if t.unread else ""}
            for t in view.threads
        ]
        self.meetings = [meeting_row(m) for m in view.meetings]
        self.topics = [{"id": o.id, "label": o.label} for o in view.topics]
        thread = page.thread
        self.thread = {} if thread is None else {
            "title": thread.title, "topic": thread.topic, "status": thread.status, "closed": "1" if dialog_rules.closed(thread.status) else "", "closed_note": thread.closed_note,
        }
        self.messages = [] if thread is None else [
            {"id": str(m.id), "author": m.author, "mine": "1" if m.mine else "", "body": m.body, "at": m.created_at} for m in thread.messages
        ]
        self.dialog_unread = page.unread

    def _refresh(self, actor: Actor) -> None:
        self._show(_read(actor, self._shown()))

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        """The caller's own dialog of this year; an atasan also gets their team to choose from."""
        year = local_today().year
        self.employee_id, self.year, self.thread_id, self.form_open = actor.employee_id, year, 0, ""
        self.year_options = [{"id": str(y), "label": str(y)} for y in range(year, year - YEARS_BACK - 1, -1)]
        with session_scope() as session:
            self.people = [{"id": str(p.id), "label": p.name} for p in dialog.people(session, actor=actor)]
        self._refresh(actor)
        return DialogState.watch

    @live_event(Rule.SIGNED_IN, route=DIALOG_KINERJA)
    async def watch(self, actor: Actor):
        """Live: the other side's replies, threads and meetings show without a reload."""
        employee_id = self.employee_id or actor.employee_id
        await asyncio.to_thread(_check_side, actor, employee_id)  # watches only a dialog the caller takes part in
        await self._keep_page_live(actor, route=DIALOG_KINERJA, feed=Feed(
            watch=[employee_id], marker=Marker.of(dialog.dialog_marker),
            params=DialogState._shown, read=lambda shown: _read(actor, shown), show=DialogState._show,
        ))

    @guarded(Rule.SIGNED_IN)
    def choose_employee(self, actor: Actor, employee_id: str):
        """Another person's dialog: the service refuses anyone the caller takes no part in."""
        chosen = to_int(str(employee_id))
        if chosen is None:
            return None
        shown = (chosen, self.year, 0)
        page = _read(actor, shown)
        self.employee_id, self.thread_id, self.form_open = chosen, 0, ""
        self._show(page)
        return DialogState.watch

    @guarded(Rule.SIGNED_IN)
    def choose_year(self, actor: Actor, value: str):
        year = to_int(str(value))
        if year is None or str(year) not in {o["id"] for o in self.year_options}:
            return
        self.year, self.thread_id = year, 0
        self._refresh(actor)

    @guarded(Rule.SIGNED_IN)
    def open_thread(self, actor: Actor, thread_id: int):
        page = _read(actor, (self.employee_id, self.year, int(thread_id)))
        if page.thread is None or page.thread.employee_id != self.employee_id or page.thread.year != self.year:
            return
        self.thread_id = int(thread_id)
        self._show(page)

    @guarded(Rule.SESSION)
    def back_to_list(self, actor: Actor):
        self.thread_id = 0
        self.thread = {}
        self.messages = []

    @guarded(Rule.SIGNED_IN)
    def open_new_thread(self, actor: Actor):
        self._open("thread", values={"topic": "umum"})

    def _save_live(self, actor: Actor, form_data: dict, write, done: str, **shape):
        """``_save`` of this tab's own change (the live hub keeps it asleep), then the dialog read again."""
        token = client_token(self)

        def run(session):
            result = write(session)
            own_change(session, token)
            return result

        result = self._save(form_data, run, done, **shape)
        self._refresh(actor)
        return result

    @guarded(Rule.SIGNED_IN)
    def save_thread(self, actor: Actor, form_data: dict):
        employee_id, year = self.employee_id, self.year

        def write(session) -> int:
            return dialog.open_thread(session, actor=actor, employee_id=employee_id, year=year, form=form_of(ThreadForm, form_data)).id

        def show(thread_id: int) -> None:  # the new thread is the one read and shown
            self.thread_id = thread_id

        return self._save_live(actor, form_data, write, "Percakapan dimulai; pihak lain melihatnya langsung.", show=show)

    @guarded(Rule.SIGNED_IN)
    def send_reply(self, actor: Actor, form_data: dict):
        thread_id = self.thread_id
        token = client_token(self)

        def write(session) -> None:
            dialog.reply(session, actor=actor, thread_id=thread_id, body=form_value(form_data, "body"))
            own_change(session, token)

        def show(_) -> None:
            self.reply_version += 1  # a fresh, empty text area
            self._refresh(actor)

        # What was typed stays in the text area on an error (it is not remounted).
        return self._save(form_data, write, None, show=show, toast_field="body")

    def _set_done(self, actor: Actor, done: bool, message: str):
        thread_id = self.thread_id
        token = client_token(self)

        def write(session) -> None:
            dialog.set_done(session, actor=actor, thread_id=thread_id, done=done)
            own_change(session, token)

        return self._write(write, done=message, show=lambda _: self._refresh(actor))

    @guarded(Rule.SIGNED_IN)
    def mark_done(self, actor: Actor):
        return self._set_done(actor, True, "Percakapan ditandai selesai.")

    @guarded(Rule.SIGNED_IN)
    def reopen(self, actor: Actor):
        return self._set_done(actor, False, "Percakapan dibuka kembali.")

    @guarded(Rule.SIGNED_IN)
    def open_meeting(self, actor: Actor, meeting_id: int):
        """The atasan's form: a new meeting record (0) or one of the year's."""
        meeting = next((m for m in self.meetings if m["id"] == str(meeting_id)), None)
        if not self.is_atasan or (int(meeting_id) and meeting is None):
            return
        values = {"held_on": local_today().isoformat()}
        if meeting is not None:
            values = {k: meeting[k] for k in ("held_on", "topics", "agreements", "follow_up_on")}
        self._open("meeting", editing_id=int(meeting_id), values=values)

    @guarded(Rule.SIGNED_IN)
    def save_meeting(self, actor: Actor, form_data: dict):
        employee_id, year, meeting_id = self.employee_id, self.year, self.editing_id or None
        return self._save_live(
            actor, form_data,
            lambda s: dialog.save_meeting(s, actor=actor, employee_id=employee_id, year=year, form=form_of(MeetingForm, form_data), meeting_id=meeting_id),
            "Pertemuan dialog kinerja dicatat; pegawai dapat melihatnya.",
        )
