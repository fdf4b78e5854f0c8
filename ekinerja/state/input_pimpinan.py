"""Input Pimpinan: the atasan's queue of pending kegiatan harian, tasks, feedback and Plt/Plh.

Every handler is Rule.SIGNED_IN: a Plt/Plh delegate may have no subordinates of their
own. The services check, per activity, that the actor is the atasan of record on the
activity's date or that atasan's delegate.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session

from ekinerja import toasts
from ekinerja.access import Actor, Rule
from ekinerja.clock import local_today
from ekinerja.config import get_settings
from ekinerja.db import session_scope
from ekinerja.domain.activity_rules import read_approved_minutes
from ekinerja.domain.berakhlak import BERAKHLAK
from ekinerja.domain.validation import to_int
from ekinerja.routes import INPUT_PIMPINAN
from ekinerja.services import activity_review as review
from ekinerja.services import delegation, feedback, tasks, work_calendar
from ekinerja.services.activities import rhk_options
from ekinerja.state.app_state import AppState
from ekinerja.state.editor import EditorMixin
from ekinerja.state.evidence import EvidenceDownloadMixin
from ekinerja.state.guard import guarded
from ekinerja.state.live import Feed, Marker, client_token, live_event, own_change
from ekinerja.state.paging import clamp_page, page_count
from ekinerja.state.presentation import activity_row, day_short

VALUE_OPTIONS = [{"id": f"nilai:{v.code}", "label": f"Perilaku: {v.name}"} for v in BERAKHLAK]


def _ids(raw: list[str]) -> list[int]:
    return [i for i in (to_int(str(x)) for x in raw) if i is not None]


def _queue_in(session: Session, actor: Actor, shown: tuple[str, str, int, int]) -> review.QueueView:
    filter_employee, filter_date, page, opened_after_id = shown
    day = None
    if filter_date:
        try:
            day = date.fromisoformat(filter_date)
        except ValueError:
            day = None
    return review.queue_view(
        session, actor=actor, employee_id=to_int(filter_employee), day=day, page=page, page_size=get_settings().page_size,
        new_after_id=opened_after_id,
    )


def _read_queue(actor: Actor, shown: tuple[str, str, int, int]) -> review.QueueView:
    with session_scope() as session:
        return _queue_in(session, actor, shown)


def _team_of(actor: Actor) -> list[int]:
    with session_scope() as session:
        return list(review.team_of(session, actor=actor))


def _with_day_heads(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Each row with ``day_head`` set where a new group starts: the new arrivals, then each day."""
    today = f"{local_today():%d-%m-%Y}"
    headed, last = [], None
    for row in rows:
        day = datetime.strptime(row["date"], "%d-%m-%Y").date()
        group = "Baru masuk" if row["new"] else "Hari ini" if row["date"] == today else day_short(day)
        headed.append({**row, "day_head": group if group != last else ""})
        last = group
    return headed


class InputPimpinanState(EvidenceDownloadMixin, EditorMixin, AppState):
    rows: list[dict[str, str]] = []
    page: int = 1
    page_count: int = 1
    total: int = 0
    filter_employee: str = ""
    filter_date: str = ""
    team_options: list[dict[str, str]] = []
    selected: list[str] = []
    bulk_message: str = ""
    overdue_count: int = 0
    overdue_rows: list[dict[str, str]] = []
    pending_counts: list[dict[str, str]] = []  # per subordinate: the chips that filter the queue
    pending_total: int = 0
    # Backend only: the newest entry when the page opened; anything after it is marked new.
    _opened_after_id: int = 0
    delegations: list[dict[str, str]] = []
    subject_options: list[dict[str, str]] = []
    decision_info: str = ""
    duty_people: list[dict[str, str]] = []
    duty_days: list[dict[str, str]] = []  # recent and coming piket days of the team

    def _shown_queue(self) -> tuple[str, str, int, int]:
        """What the queue shows: the filter, the page and what counts as new."""
        return self.filter_employee, self.filter_date, self.page, self._opened_after_id

    def _refresh(self, actor: Actor) -> None:
        self._show_queue(_read_queue(actor, self._shown_queue()))

    def _show_queue(self, queue: review.QueueView) -> None:
        """Each subordinate's save shows here: what it left as it was (mostly the overdue group) is not
        sent again."""
        rows = _with_day_heads([self._queue_row(r) for r in queue.rows])
        overdue_rows = [self._queue_row(r) for r in queue.overdue_rows]
        visible = {r["id"] for r in (*rows, *overdue_rows)}
        self._assign_changed(
            total=queue.total,
            overdue_count=sum(c.overdue for c in queue.counts),
            pending_total=sum(c.pending for c in queue.counts),
            pending_counts=[
                {"id": str(c.employee_id), "name": c.name, "pending": str(c.pending), "overdue": str(c.overdue)} for c in queue.counts
            ],
            page_count=page_count(queue.total, get_settings().page_size),
            rows=rows,
            overdue_rows=overdue_rows,
            selected=[i for i in self.selected if i in visible],
        )

    def _queue_row(self, row) -> dict[str, str]:
        return {**activity_row(row), "new": "ya" if row.id > self._opened_after_id else ""}

    def _load_people(self, actor: Actor) -> None:
        """The team for the task, feedback, piket and Plt/Plh dialogs, read when one opens: a tab that
        only validates does not carry (nor send, nor store at every refresh) two lists of the whole team."""
        with session_scope() as session:
            team = review.team_names(session, actor=actor)
        self.team_options = [{"id": str(i), "label": name} for i, _, name in team]
        # Duty days are marked for direct subordinates, by NIP (work_calendar.mark_duty_day checks it).
        self.duty_people = [{"id": nip, "label": name} for _, nip, name in team]

    def _load_side(self, actor: Actor) -> None:
        with session_scope() as session:
            self.duty_days = [
                {"id": str(d.id), "day": f"{d.day:%d-%m-%Y}", "name": d.name, "reason": d.reason}
                for d in work_calendar.list_duty_days(session, actor=actor, year=local_today().year)
                if d.day >= local_today() - timedelta(days=31)
            ]
            self.delegations = [
                {
                    "id": str(d.id), "atasan": d.atasan, "delegate": d.delegate, "kind": d.kind.upper(),
                    "period": f"{d.start_date:%d-%m-%Y} s.d. {d.end_date:%d-%m-%Y}", "note": d.note,
                    "revoked": "ya" if d.revoked else "", "mine": "ya" if d.mine and not d.revoked else "",
                }
                for d in delegation.list_delegations(session, actor=actor)
            ]

    @guarded(Rule.SIGNED_IN)
    def load(self, actor: Actor):
        self.page = 1
        self.form_open = ""
        self.selected = []
        self.filter_employee = self.filter_date = ""
        with session_scope() as session:
            self._opened_after_id = review.latest_activity_id(session)
        self._load_side(actor)
        self._refresh(actor)
        return InputPimpinanState.watch

    @live_event(Rule.SIGNED_IN, route=INPUT_PIMPINAN)
    async def watch(self, actor: Actor):
        """Live queue: a subordinate's new entry shows here without a reload."""
        await self._keep_page_live(actor, route=INPUT_PIMPINAN, feed=Feed(
            watch=lambda: _team_of(actor), marker=Marker.of(review.change_markers),
            params=InputPimpinanState._shown_queue, read=lambda shown: _read_queue(actor, shown),
            show=InputPimpinanState._show_queue,
        ))

    @guarded(Rule.SIGNED_IN)
    def apply_filter(self, actor: Actor, form_data: dict):
        """The day filter (the subordinate is chosen with the chips)."""
        self.filter_date = str(form_data.get("day", ""))[:10]
        self.page = 1
        self._refresh(actor)

    @guarded(Rule.SIGNED_IN)
    def filter_employee_to(self, actor: Actor, employee_id: str):
        """A subordinate's chip: only their entries (their own chip again: everyone's)."""
        chosen = str(employee_id)
        self.filter_employee = "" if chosen in ("", self.filter_employee) else chosen
        self.page = 1
        self._refresh(actor)

    @guarded(Rule.SIGNED_IN)
    def go_to_page(self, actor: Actor, page: int):
        self.page = clamp_page(page, self.total, get_settings().page_size)
        self._refresh(actor)

    @guarded(Rule.SIGNED_IN)
    def toggle(self, actor: Actor, activity_id: str, checked: bool):
        ids = [i for i in self.selected if i != str(activity_id)]
        self.selected = [*ids, str(activity_id)] if checked else ids

    @guarded(Rule.SIGNED_IN)
    def select_all(self, actor: Actor, checked: bool):
        self.selected = [r["id"] for r in (*self.overdue_rows, *self.rows)] if checked else []

    @guarded(Rule.SIGNED_IN)
    def approve(self, actor: Actor, activity_id: int):
        token = client_token(self)

        def write(session) -> review.QueueView:  # one transaction: the decision, then the queue as it now stands
            review.decide(session, actor=actor, activity_id=int(activity_id), decision="approve")
            own_change(session, token)
            return _queue_in(session, actor, self._shown_queue())

        return self._write(write, done="Kegiatan disetujui.", show=self._show_queue, refused=lambda _message: self._refresh(actor))

    @guarded(Rule.SIGNED_IN)
    def open_decision(self, actor: Actor, activity_id: int, mode: str):
        """The dialog for a rejection or an approval with fewer minutes: both need a reason."""
        row = next((r for r in (*self.rows, *self.overdue_rows) if r["id"] == str(activity_id)), None)
        if row is None or mode not in ("reject", "partial"):
            return
        self.decision_info = f"{row['employee']} — {row['date']} {row['time']}: {row['task']} ({row['claimed']} menit)"
        self._open(mode, editing_id=int(activity_id), values={"approved_minutes": row["claimed"]})

    @guarded(Rule.SIGNED_IN)
    def save_decision(self, actor: Actor, form_data: dict):
        mode = self.form_open
        if mode not in ("reject", "partial"):
            return None
        minutes, problem = read_approved_minutes(str(form_data.get("approved_minutes", ""))) if mode == "partial" else (None, None)
        if problem:
            self.form_values = {k: str(v) for k, v in form_data.items()}
            self.form_errors = {"approved_minutes": problem}
            return None
        done = "Kegiatan ditolak; pegawai akan melihat alasannya." if mode == "reject" else "Kegiatan disetujui dengan menit yang dikurangi."
        token, activity_id = client_token(self), self.editing_id

        def write(session) -> review.QueueView:  # the decision, then the queue as its own transaction saw it
            review.decide(
                session, actor=actor, activity_id=activity_id, decision=mode, reason=str(form_data.get("reason", "")),
                approved_minutes=minutes,
            )
            own_change(session, token)
            return _queue_in(session, actor, self._shown_queue())

        return self._save(form_data, write, done, show=self._show_queue, refused=lambda _message: self._refresh(actor))

    @guarded(Rule.SIGNED_IN)
    def preview_bulk(self, actor: Actor):
        with session_scope() as session:
            preview = review.bulk_preview(session, actor=actor, activity_ids=_ids(self.selected))
        if not preview.count:
            return toasts.info("Pilih kegiatan yang masih menunggu validasi terlebih dahulu.")
        self.bulk_message = (
            f"Setujui {preview.count} kegiatan dengan total {preview.minutes} menit efektif? "
            "Menit setiap kegiatan disetujui penuh."
        )
        self._open("bulk")
        return None

    @guarded(Rule.SIGNED_IN)
    def confirm_bulk(self, actor: Actor):
        token = client_token(self)

        def write(session):
            done = review.bulk_approve(session, actor=actor, activity_ids=_ids(self.selected))
            own_change(session, token)
            return done, _queue_in(session, actor, self._shown_queue())

        def show(approved) -> None:
            self.form_open = ""
            self.selected = []
            self._show_queue(approved[1])

        return self._write(write, done=lambda approved: f"{approved[0].count} kegiatan disetujui ({approved[0].minutes} menit).", show=show)

    # -- tasks, feedback, delegation ------------------------------------------

    @guarded(Rule.SIGNED_IN)
    def open_task(self, actor: Actor):
        self._load_people(actor)
        self._open("task", values={"due_date": local_today().isoformat()})

    @guarded(Rule.SIGNED_IN)
    def save_task(self, actor: Actor, form_data: dict):
        chosen = [o["id"] for o in self.team_options if form_data.get(f"assignee_{o['id']}") in ("on", True, "true")]
        return self._save(
            form_data,
            lambda s: tasks.assign_task(
                s, actor=actor, title=str(form_data.get("title", "")), description=str(form_data.get("description", "")),
                due_date=str(form_data.get("due_date", "")), assignee_ids=_ids(chosen),
            ),
            "Tugas diberikan; tampil di Kegiatan Harian bawahan.",
        )

    @guarded(Rule.SIGNED_IN)
    def open_feedback(self, actor: Actor):
        self._load_people(actor)
        self.subject_options = list(VALUE_OPTIONS)
        self._open("feedback")

    @guarded(Rule.SIGNED_IN)
    def choose_feedback_employee(self, actor: Actor, employee_id: str):
        """The subject list offers the chosen subordinate's RHKs beside the BerAKHLAK values."""
        self.form_values = {**self.form_values, "to_employee_id": str(employee_id)}
        options = list(VALUE_OPTIONS)
        person = to_int(str(employee_id))
        with session_scope() as session:
            if person is not None and person in review.team_of(session, actor=actor):
                options = [
                    {"id": f"rhk:{i}", "label": f"RHK: {text[:90]}"}
                    for i, text in rhk_options(session, employee_id=person, on=local_today())
                ] + options
        self.subject_options = options

    @guarded(Rule.SIGNED_IN)
    def save_feedback(self, actor: Actor, form_data: dict):
        return self._save(
            form_data,
            lambda s: feedback.give_feedback(
                s, actor=actor, to_employee=str(form_data.get("to_employee_id", "")),
                subject=str(form_data.get("subject", "")), body=str(form_data.get("body", "")),
            ),
            "Umpan balik terkirim; bawahan dapat membalasnya di Dialog Kinerja.",
        )

    @guarded(Rule.SUPERVISOR)
    def open_duty(self, actor: Actor):
        """Assign a piket/duty day: the subordinate may then record that non-working day's work."""
        self._load_people(actor)
        self._open("duty", values={"reason": "Piket"})

    @guarded(Rule.SUPERVISOR)
    def save_duty(self, actor: Actor, form_data: dict):
        result = self._save(
            form_data,
            lambda s: work_calendar.mark_duty_day(
                s, actor=actor, nip=str(form_data.get("nip", "")), day=str(form_data.get("day", "")),
                reason=str(form_data.get("reason", "")),
            ),
            "Tugas piket dicatat; pegawai kini dapat mencatat kegiatan pada hari itu.",
        )
        self._load_side(actor)
        return result

    @guarded(Rule.SUPERVISOR)
    def delete_duty(self, actor: Actor, duty_id: int):
        return self._write(
            lambda s: work_calendar.delete_duty_day(s, actor=actor, duty_id=int(duty_id)),
            done="Tugas piket dihapus.", show=lambda _: self._load_side(actor),
        )

    @guarded(Rule.SIGNED_IN)
    def open_delegation(self, actor: Actor):
        self._load_people(actor)
        self._open("delegation", values={"kind": "plh", "start_date": local_today().isoformat()})

    @guarded(Rule.SIGNED_IN)
    def save_delegation(self, actor: Actor, form_data: dict):
        result = self._save(
            form_data,
            lambda s: delegation.create_delegation(
                s, actor=actor, atasan_id=actor.employee_id, delegate=str(form_data.get("delegate_id", "")),
                kind=str(form_data.get("kind", "")), start=str(form_data.get("start_date", "")),
                end=str(form_data.get("end_date", "")), note=str(form_data.get("note", "")),
            ),
            "Plt/Plh ditunjuk.",
        )
        self._load_side(actor)
        return result

    @guarded(Rule.SIGNED_IN)
    def revoke_delegation(self, actor: Actor, delegation_id: int):
        return self._write(
            lambda s: delegation.revoke_delegation(s, actor=actor, delegation_id=int(delegation_id)),
            done="Penunjukan dicabut.", show=lambda _: self._load_side(actor),
        )
