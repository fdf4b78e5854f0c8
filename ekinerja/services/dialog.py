"""Dialog kinerja: threads, replies and meeting records between an employee and their atasan.

Two sides take part in an employee's dialog: the employee, and whoever validates for them today
(their atasan, or a Plt/Plh the atasan appointed through ekinerja.services.delegation: exactly the
team of ekinerja.services.activity_review.team_of). Nobody else reads it: a dialog is between the
two. A new atasan inherits the conversation with the jabatan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from ekinerja.access import Actor, require
from ekinerja.clock import format_local, local_today, utcnow
from ekinerja.db import among
from ekinerja.domain import dialog as rules
from ekinerja.domain.berakhlak import BY_CODE
from ekinerja.domain.dates import month_label
from ekinerja.domain.labelled import Choice
from ekinerja.domain.names import display_name
from ekinerja.domain.statuses import DialogStatus, SkpStatus
from ekinerja.domain.validation import ValidationFailed, ensure_valid
from ekinerja.models import (
    DailyActivity,
    DialogMeeting,
    DialogMessage,
    DialogRead,
    DialogThread,
    Employee,
    Evaluation,
    Rhk,
    Skp,
)
from ekinerja.services import audit
from ekinerja.services.activity_review import team_of
from ekinerja.services.markers import per_employee

NOT_FOUND = "Dialog kinerja tidak ditemukan atau Anda tidak berwenang membukanya."
ONLY_ATASAN = "Hanya atasan (atau Plt/Plh-nya) yang mencatat pertemuan dialog kinerja."
TOPIC_NOT_THEIRS = "Hal yang dipilih bukan milik pegawai ini pada tahun tersebut."
ACTIVITY_TOPICS = 15  # recent kegiatan harian offered as a topic


@dataclass(frozen=True)
class Side:
    """How the actor takes part in an employee's dialog."""

    employee_id: int
    is_atasan: bool
    acting_for_id: int | None  # the atasan a Plt/Plh acts for


def side_of(session: Session, *, actor: Actor, employee_id: int) -> Side:
    """The actor's side in ``employee_id``'s dialog; AccessDenied when they have none."""
    if employee_id == actor.employee_id:
        return Side(employee_id, False, None)
    team = team_of(session, actor=actor)
    require(employee_id in team, NOT_FOUND)
    atasan_id = team[employee_id]
    return Side(employee_id, True, None if atasan_id == actor.employee_id else atasan_id)


def _thread(session: Session, actor: Actor, thread_id: int) -> tuple[DialogThread, Side]:
    thread = session.get(DialogThread, thread_id)
    require(thread is not None, NOT_FOUND)
    return thread, side_of(session, actor=actor, employee_id=thread.employee_id)


# -- what the page shows ---------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: int
    name: str


def people(session: Session, *, actor: Actor) -> list[Person]:
    """Whose dialogs the actor takes part in: their own first, then their team by name."""
    team = team_of(session, actor=actor)
    ids = [actor.employee_id, *team]
    rows = {e.id: e for e in session.exec(select(Employee).where(col(Employee.id).in_(ids)))}
    others = sorted((Person(i, display_name(rows[i])) for i in team if i in rows), key=lambda p: p.name)
    return [Person(actor.employee_id, f"{display_name(rows[actor.employee_id])} (saya)"), *others]


@dataclass(frozen=True)
class ThreadRow:
    id: int
    title: str
    topic: str
    status: str  # terbuka | selesai
    opened_by: str
    last_message_at: str
    preview: str
    messages: int
    unread: bool


@dataclass(frozen=True)
class MeetingRow:
    id: int
    held_on: date
    topics: str
    agreements: str
    follow_up_on: date | None
    follow_up_due: bool
    recorded_by: str


@dataclass(frozen=True)
class DialogView:
    employee_id: int
    employee_name: str
    year: int
    is_atasan: bool
    threads: list[ThreadRow]
    meetings: list[MeetingRow]
    topics: list[Choice]


def _names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {e.id: display_name(e) for e in session.exec(select(Employee).where(col(Employee.id).in_(wanted)))}


def _author_label(names: dict[int, str], author_id: int, acting_for_id: int | None) -> str:
    name = names.get(author_id, "-")
    return f"{name} (Plt/Plh atasan {names.get(acting_for_id, '-')})" if acting_for_id else name


def topic_label(session: Session, *, thread: DialogThread) -> str:
    if thread.rhk_id is not None:
        rhk = session.get(Rhk, thread.rhk_id)
        return f"RHK: {rhk.description[:90]}" if rhk else "RHK"
    if thread.value_code is not None:
        value = BY_CODE.get(thread.value_code)
        return f"Perilaku: {value.name if value else thread.value_code}"
    if thread.month is not None:
        return f"Bulan: {month_label(thread.year, thread.month)}"
    if thread.activity_id is not None:
        activity = session.get(DailyActivity, thread.activity_id)
        return f"Kegiatan {activity.activity_date:%d-%m-%Y}" if activity else "Kegiatan harian"
    return "Umum"


def _read_marks(session: Session, reader_id: int, thread_ids: list[int]) -> dict[int, int]:
    if not thread_ids:
        return {}
    rows = session.exec(
        select(DialogRead.thread_id, DialogRead.last_message_id)
        .where(DialogRead.reader_id == reader_id, col(DialogRead.thread_id).in_(thread_ids))
    ).all()
    return dict(rows)


def _last_from_others(session: Session, reader_id: int, thread_ids: list[int]) -> dict[int, int]:
    """The newest message id per thread written by someone other than the reader."""
    if not thread_ids:
        return {}
    rows = session.exec(
        select(DialogMessage.thread_id, func.max(DialogMessage.id))
        .where(col(DialogMessage.thread_id).in_(thread_ids), DialogMessage.author_id != reader_id)
        .group_by(DialogMessage.thread_id)
    ).all()
    return dict(rows)


def dialog_view(session: Session, *, actor: Actor, employee_id: int, year: int, today: date | None = None) -> DialogView:
    today = today or local_today()
    side = side_of(session, actor=actor, employee_id=employee_id)
    threads = session.exec(
        select(DialogThread)
        .where(DialogThread.employee_id == employee_id, DialogThread.year == year)
        .order_by(col(DialogThread.status).desc(), col(DialogThread.last_message_at).desc())  # terbuka before selesai
    ).all()
    ids = [t.id for t in threads]
    counts = dict(session.exec(
        select(DialogMessage.thread_id, func.count()).where(col(DialogMessage.thread_id).in_(ids)).group_by(DialogMessage.thread_id)
    ).all()) if ids else {}
    last_ids = dict(session.exec(
        select(DialogMessage.thread_id, func.max(DialogMessage.id)).where(col(DialogMessage.thread_id).in_(ids)).group_by(DialogMessage.thread_id)
    ).all()) if ids else {}
    previews = {m.thread_id: m.body for m in session.exec(select(DialogMessage).where(col(DialogMessage.id).in_(list(last_ids.values()))))}
    marks = _read_marks(session, actor.employee_id, ids)
    others = _last_from_others(session, actor.employee_id, ids)
    meetings = meeting_rows(session, employee_id=employee_id, year=year, today=today)
    names = _names(session, [employee_id, *(t.opened_by_id for t in threads)])
    return DialogView(
        employee_id, names.get(employee_id, "-"), year, side.is_atasan,
        [
            ThreadRow(
                t.id, t.title, topic_label(session, thread=t), t.status, names.get(t.opened_by_id, "-"),
                format_local(t.last_message_at, actor.timezone), previews.get(t.id, "")[:140], counts.get(t.id, 0),
                rules.unread(others.get(t.id), marks.get(t.id)),
            )
            for t in threads
        ],
        meetings,
        topic_options(session, employee_id=employee_id, year=year),
    )


def meeting_rows(session: Session, *, employee_id: int, year: int, today: date) -> list[MeetingRow]:
    """The year's dialog meetings, newest first (no access check: callers check the side)."""
    rows = session.exec(
        select(DialogMeeting)
        .where(DialogMeeting.employee_id == employee_id, DialogMeeting.year == year)
        .order_by(col(DialogMeeting.held_on).desc(), col(DialogMeeting.id).desc())
    ).all()
    names = _names(session, [r.recorded_by_id for r in rows] + [r.acting_for_id for r in rows])
    return [
        MeetingRow(
            r.id, r.held_on, r.topics, r.agreements, r.follow_up_on,
            rules.follow_up_due(r.follow_up_on, today=today, later_meeting=any(o.held_on > r.held_on for o in rows)),
            _author_label(names, r.recorded_by_id, r.acting_for_id),
        )
        for r in rows
    ]


def topic_options(session: Session, *, employee_id: int, year: int) -> list[Choice]:
    """What a new thread may be about: in general, an RHK of the year's approved SKP, a month, a recent kegiatan."""
    rhks = session.exec(
        select(Rhk.id, Rhk.description)
        .join(Skp, Rhk.skp_id == Skp.id)
        .where(Skp.employee_id == employee_id, Skp.year == year, Skp.status == SkpStatus.DISETUJUI)
        .order_by(Rhk.sort_order, Rhk.id)
    ).all()
    activities = session.exec(
        select(DailyActivity.id, DailyActivity.activity_date, DailyActivity.task_text, DailyActivity.description)
        .where(DailyActivity.employee_id == employee_id, DailyActivity.activity_date >= date(year, 1, 1),
               DailyActivity.activity_date <= date(year, 12, 31))
        .order_by(col(DailyActivity.activity_date).desc(), col(DailyActivity.start_time).desc())
        .limit(ACTIVITY_TOPICS)
    ).all()
    return [
        Choice("umum", "Umum"),
        *(Choice(f"rhk:{i}", f"RHK: {text[:80]}") for i, text in rhks),
        *(Choice(f"bulan:{m}", f"Bulan: {month_label(year, m)}") for m in range(1, 13)),
        *(Choice(f"kegiatan:{i}", f"Kegiatan {day:%d-%m}: {(task or desc)[:60]}") for i, day, task, desc in activities),
    ]


# -- one thread ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MessageRow:
    id: int
    author: str
    mine: bool
    body: str
    created_at: str


@dataclass(frozen=True)
class ThreadView:
    id: int
    employee_id: int
    year: int
    title: str
    topic: str
    status: str
    closed_note: str
    messages: list[MessageRow]


def read_thread(session: Session, *, actor: Actor, thread_id: int) -> ThreadView:
    """The thread with its messages, oldest first; what the reader sees is now read."""
    thread, _ = _thread(session, actor, thread_id)
    messages = session.exec(select(DialogMessage).where(DialogMessage.thread_id == thread.id).order_by(DialogMessage.id)).all()
    names = _names(session, [m.author_id for m in messages] + [m.acting_for_id for m in messages] + [thread.closed_by_id])
    if messages:
        mark_read(session, reader_id=actor.employee_id, thread_id=thread.id, up_to=messages[-1].id)
    closed = ""
    if rules.closed(thread.status) and thread.closed_at is not None:
        closed = f"Ditandai selesai oleh {names.get(thread.closed_by_id, '-')} pada {format_local(thread.closed_at, actor.timezone)}."
    return ThreadView(
        thread.id, thread.employee_id, thread.year, thread.title, topic_label(session, thread=thread), thread.status, closed,
        [
            MessageRow(m.id, _author_label(names, m.author_id, m.acting_for_id), m.author_id == actor.employee_id, m.body,
                       format_local(m.created_at, actor.timezone))
            for m in messages
        ],
    )


def mark_read(session: Session, *, reader_id: int, thread_id: int, up_to: int) -> None:
    mark = session.exec(select(DialogRead).where(DialogRead.thread_id == thread_id, DialogRead.reader_id == reader_id)).first()
    if mark is None:
        session.add(DialogRead(thread_id=thread_id, reader_id=reader_id, last_message_id=up_to))
    elif mark.last_message_id < up_to:
        mark.last_message_id = up_to
        session.add(mark)
    session.flush()


def _topic_fields(session: Session, topic: rules.Topic, *, employee_id: int, year: int) -> dict:
    """The thread's columns for a topic, after checking it is the employee's, in that year."""
    ref = topic.ref
    if topic.kind == "rhk":
        found = session.exec(
            select(Rhk.id).join(Skp, Rhk.skp_id == Skp.id)
            .where(Rhk.id == ref, Skp.employee_id == employee_id, Skp.year == year, Skp.status == SkpStatus.DISETUJUI)
        ).first()
        if found is None:
            raise ValidationFailed({"topic": TOPIC_NOT_THEIRS})
        return {"rhk_id": ref}
    if topic.kind == "kegiatan":
        activity = session.get(DailyActivity, ref)
        if activity is None or activity.employee_id != employee_id or activity.activity_date.year != year:
            raise ValidationFailed({"topic": TOPIC_NOT_THEIRS})
        return {"activity_id": ref}
    if topic.kind == "bulan":
        return {"month": ref}
    if topic.kind == "nilai":
        return {"value_code": topic.key}
    return {}


def open_thread(session: Session, *, actor: Actor, employee_id: int, year: int, form: rules.ThreadForm) -> DialogThread:
    """Either side opens a thread on the employee's year with its first message."""
    side = side_of(session, actor=actor, employee_id=employee_id)
    raw_topic = "" if form.topic == "umum" else form.topic
    data = ensure_valid(rules.validate_thread(rules.ThreadForm(form.title, raw_topic, form.body)))
    fields = _topic_fields(session, data.topic, employee_id=employee_id, year=year)
    now = utcnow()
    thread = DialogThread(
        employee_id=employee_id, year=year, title=data.title, opened_by_id=actor.employee_id, created_at=now,
        last_message_at=now, **fields,
    )
    session.add(thread)
    session.flush()
    _add_message(session, actor, side, thread, data.body, now)
    audit.write(session, actor=actor, action="create", entity="dialog_thread", row=thread)
    return thread


def _add_message(session: Session, actor: Actor, side: Side, thread: DialogThread, body: str, now: datetime) -> DialogMessage:
    message = DialogMessage(thread_id=thread.id, author_id=actor.employee_id, acting_for_id=side.acting_for_id, body=body, created_at=now)
    session.add(message)
    thread.last_message_at = now
    session.add(thread)
    session.flush()
    # The writer has read their own message (and everything before it).
    mark_read(session, reader_id=actor.employee_id, thread_id=thread.id, up_to=message.id)
    return message


def reply(session: Session, *, actor: Actor, thread_id: int, body: str) -> DialogMessage:
    thread, side = _thread(session, actor, thread_id)
    errors: dict[str, str] = {}
    text = rules.read_body(errors, body)
    if rules.closed(thread.status):
        errors["body"] = rules.CLOSED_THREAD
    if errors:
        raise ValidationFailed(errors)
    message = _add_message(session, actor, side, thread, text, utcnow())
    audit.write(session, actor=actor, action="create", entity="dialog_message", row=message)
    return message


def set_done(session: Session, *, actor: Actor, thread_id: int, done: bool) -> DialogThread:
    """Either side marks a thread selesai, or opens it again."""
    thread, _ = _thread(session, actor, thread_id)
    status = DialogStatus.SELESAI if done else DialogStatus.TERBUKA
    if thread.status == status:
        return thread
    before = audit.snapshot(thread)
    thread.status = status
    thread.closed_by_id, thread.closed_at = (actor.employee_id, utcnow()) if done else (None, None)
    audit.write(
        session, actor=actor, action="close" if done else "reopen", entity="dialog_thread", row=thread, before=before,
        store=True,
    )
    return thread


# -- meetings --------------------------------------------------------------------------------


def save_meeting(
    session: Session, *, actor: Actor, employee_id: int, year: int, form: rules.MeetingForm, meeting_id: int | None = None,
    today: date | None = None,
) -> DialogMeeting:
    """The atasan (or their Plt/Plh) records a dialog meeting, or corrects one of the year's."""
    side = side_of(session, actor=actor, employee_id=employee_id)
    require(side.is_atasan, ONLY_ATASAN)
    data = ensure_valid(rules.validate_meeting(form, year=year, today=today or local_today()))
    meeting = None if meeting_id is None else session.get(DialogMeeting, meeting_id)
    require(meeting_id is None or (meeting is not None and meeting.employee_id == employee_id and meeting.year == year), NOT_FOUND)
    before = audit.snapshot(meeting)
    meeting = meeting or DialogMeeting(
        employee_id=employee_id, year=year, held_on=data.held_on, topics=data.topics, agreements=data.agreements,
        recorded_by_id=actor.employee_id,
    )
    meeting.held_on, meeting.topics, meeting.agreements, meeting.follow_up_on = data.held_on, data.topics, data.agreements, data.follow_up_on
    meeting.recorded_by_id, meeting.acting_for_id, meeting.updated_at = actor.employee_id, side.acting_for_id, utcnow()
    audit.write(
        session, actor=actor, action="update" if before else "create", entity="dialog_meeting", row=meeting,
        before=before, store=True,
    )
    return meeting


# -- unread counts, the evaluation page, live markers ------------------------------------------


def unread_watch(session: Session, *, actor: Actor) -> list[int]:
    """Whose dialogs count in the actor's unread badge: their own, and their team's."""
    return [actor.employee_id, *team_of(session, actor=actor)]


def unread_count(session: Session, *, actor: Actor) -> int:
    """Threads of the actor's dialogs (their own and their team's) with a message from the other side not yet read."""
    employee_ids = unread_watch(session, actor=actor)
    last = (
        select(DialogMessage.thread_id, func.max(DialogMessage.id).label("last_id"))
        .join(DialogThread, DialogMessage.thread_id == DialogThread.id)
        .where(col(DialogThread.employee_id).in_(employee_ids), DialogMessage.author_id != actor.employee_id)
        .group_by(DialogMessage.thread_id)
        .subquery()
    )
    query = (
        select(func.count())
        .select_from(last)
        .outerjoin(DialogRead, (DialogRead.thread_id == last.c.thread_id) & (DialogRead.reader_id == actor.employee_id))
        .where(last.c.last_id > func.coalesce(DialogRead.last_message_id, 0))
    )
    return session.exec(query).one()


@dataclass(frozen=True)
class PeriodRecord:
    """The dialog of an evaluated period, beside the ratings: its meetings, and the year's threads."""

    meetings: list[MeetingRow]
    open_threads: int
    done_threads: int


def evaluation_record(session: Session, *, actor: Actor, evaluation_id: int) -> PeriodRecord | None:
    """None when the actor takes no part in the evaluated employee's dialog (an admin reading the evaluation)."""
    row = session.get(Evaluation, evaluation_id)
    if row is None or (row.employee_id != actor.employee_id and row.employee_id not in team_of(session, actor=actor)):
        return None
    start, end = rules.period_bounds(row.period_kind, row.period_no, row.year)
    statuses = dict(session.exec(
        select(DialogThread.status, func.count())
        .where(DialogThread.employee_id == row.employee_id, DialogThread.year == row.year)
        .group_by(DialogThread.status)
    ).all())
    meetings = [m for m in meeting_rows(session, employee_id=row.employee_id, year=row.year, today=local_today()) if start <= m.held_on <= end]
    return PeriodRecord(meetings, statuses.get(DialogStatus.TERBUKA, 0), statuses.get(DialogStatus.SELESAI, 0))


def _newest_messages(session: Session, employee_ids: list[int], *more):
    """Per employee owning dialogs: their newest message id and message count, then ``more`` per employee."""
    return (
        select(DialogThread.employee_id, func.max(DialogMessage.id), func.count(DialogMessage.id), *more)
        .join(DialogMessage, DialogMessage.thread_id == DialogThread.id)
        .where(among(session, DialogThread.employee_id, employee_ids))
        .group_by(DialogThread.employee_id)
    )


def dialog_marker(session: Session, *, employee_ids: list[int]) -> dict[int, tuple]:
    """Per employee: the newest message and thread change, and the meetings' newest change."""
    return per_employee(
        session,
        _newest_messages(session, employee_ids, func.max(DialogThread.closed_at), func.count(DialogThread.closed_at)),
        select(DialogMeeting.employee_id, func.count(), func.max(DialogMeeting.updated_at))
        .where(among(session, DialogMeeting.employee_id, employee_ids))
        .group_by(DialogMeeting.employee_id),
    )


def unread_marker(session: Session, *, employee_ids: list[int]) -> dict[int, tuple]:
    """Per employee: the newest message of the dialogs they own, and how far they have read any: the
    menu's unread badge (watching the actor and their team, see unread_watch) moves with either."""
    return per_employee(
        session,
        _newest_messages(session, employee_ids),
        select(DialogRead.reader_id, func.count(), func.sum(DialogRead.last_message_id))
        .where(among(session, DialogRead.reader_id, employee_ids))
        .group_by(DialogRead.reader_id),
    )
