"""Live pages: what a page shows is reloaded when the database changes, with no task per tab.

The database is the source of truth, so this works the same with one backend worker
or several sharing Redis. Each worker process runs one hub (an asyncio task, started
with the first open live tab and ending with the last): about once a second it reads,
in one thread and one database session, the change markers of every employee watched
by the tabs of this worker (one grouped query per kind of marker, see
ekinerja.services.markers) and wakes only the tabs whose employees' markers moved.
A tab whose own event made the change already shows it (``own_change``) and stays
asleep. A woken tab is refreshed by a short task of the hub's: it reads the page in the
worker's refresh lane (one thread, shared by the worker's live tabs), without the tab's
state lock; then takes the lock (``app.modify_state``), checks the tab is still on the
page, and shows what it read. The worker's woken tabs refresh one at a time, each after the
users' own events running on the worker (a save comes first; the changes that come meanwhile
show together). Between changes a tab is only a record here (``LiveTab``:
what it watches, how to read and show it): no task, no state tree, no query, no lock
and no thread of its own (issue 17: a waiting background event per tab cost about 27 KB).
Nothing here touches the database on the event loop.

A page's load starts ``keep_live`` (a background event that registers the tab and
returns); a later load of the same tab replaces its record. A record is dropped when
its tab is found on another page or its session ended: the hub checks the sessions of
all its tabs together every SESSION_CHECK_SECONDS (without touching them: only the
user's own events advance the idle clock), and a woken tab checks its route. The same
check keeps the worker's cached actors of those sessions while they still resolve to
the same actors, so a tab's events need no session lookup of their own
(ekinerja.state.actor_cache). The app's event processor drops the record when the tab
disconnects (ekinerja/event_limits.py); a record ends after MAX_LIFETIME; as a safety
net the hub re-checks a quiet tab's route every EKINERJA_LIVE_RECHECK_SECONDS (600 by
default; the check takes the tab's state lock, so it is rare). A tab has one record: a
live page's carries the menu's unread badge as a second ``Feed``.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import itertools
import logging
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Collection, Hashable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import reflex as rx
from sqlalchemy import event
from sqlmodel import Session

from ekinerja import event_gate
from ekinerja.access import Actor, Rule
from ekinerja.config import get_settings
from ekinerja.db import session_scope
from ekinerja.services.auth import live_sessions, touch_sessions
from ekinerja.services.org import org_revision
from ekinerja.state import actor_cache
from ekinerja.state.actor_cache import actors
from ekinerja.state.guard import guarded
from ekinerja.state.socket_binding import presented_token

log = logging.getLogger("ekinerja.live")

POLL_SECONDS = 1.0
SESSION_CHECK_SECONDS = 5.0  # between the hub's checks that its tabs' sessions are still valid
MAX_LIFETIME = 12 * 60 * 60.0
# A woken tab's refresh waits, up to this long, until none of the worker's users' own events is running
# (ekinerja.event_gate), before its read and again before it shows: a save comes first, and the changes
# meanwhile show together (issue 17: the refreshes' work had doubled a save's p95).
YIELD_TO_USERS_SECONDS = 1.0


# Woken tabs read what they show one at a time per worker. Beside the users' own events every
# thread running Python takes its share of the GIL: a save waiting for PostgreSQL then waits again
# for the GIL behind each refresh, once per statement. Refreshes set off together by a second's
# saves (an atasan's tabs) queue here instead (issue 17, docs/performance.md, fifth round).
_refresh_lane = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ekinerja-live")

# Reflex names the index page's route "/index" while the app links to it as "/".
_ROUTE_ALIASES = {"/index": "/"}

# Registrations in the order their loads started: a slow one must not replace a later load's record.
_registrations = itertools.count()
# The running app, whose state manager holds the tabs' states (set when its event processor starts).
_app: rx.App | None = None


@dataclass(frozen=True, eq=False)
class Marker:
    """What a live page watches: ``read(session, employee_ids=..., **params)`` returns a
    fingerprint per employee id (employees without one may be missing). Equal markers
    are read together, in one query for all the tabs of a worker. Made by ``of``: one object
    per read and params, so a hub round's thousands of lookups by marker hash and compare
    by identity."""

    read: Callable[..., Mapping[int, object]]
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, read: Callable[..., Mapping[int, object]], **params: Any) -> Marker:
        return _marker(cls, read, tuple(sorted(params.items())))

    def fetch(self, session: Session, employee_ids: Collection[int]) -> Mapping[int, object]:
        return self.read(session, employee_ids=sorted(employee_ids), **dict(self.params))


@functools.lru_cache(maxsize=1024)
def _marker(cls: type[Marker], read: Callable[..., Mapping[int, object]], params: tuple[tuple[str, Any], ...]) -> Marker:
    return cls(read, params)


def _asleep() -> None:
    """A watcher that nobody has asked to be woken for (one the hub is merely tested with)."""


# A worker keeps these records for every open tab, so they have slots and share what they can (an
# empty ``own_pending``, the employee ids as one sorted tuple): issue 17, memory per tab.
@dataclass(eq=False, slots=True)
class Watcher:
    """One feed of one open tab, as the hub sees it."""

    marker: Marker
    employee_ids: Collection[int]  # kept as a sorted tuple, the order of a fingerprint's parts
    session_id: int
    on_wake: Callable[[], None] = _asleep  # the tab's (``LiveTab.wake``), shared by its feeds
    seen: tuple = ()  # the fingerprint last read by the hub
    shown: tuple = ()  # the fingerprint of what the tab shows
    # Fingerprints of this tab's own changes whose transaction has not settled yet: the hub may
    # read one between the commit and the commit hook, and must not wake the tab for it. Replaced,
    # never changed in place: only the tab's own events write it, one at a time (its state lock).
    own_pending: frozenset[tuple] = frozenset()
    signed_out: bool = False
    # Not yet compared by the hub with a round's readings: its first round compares it whatever moved
    # (its page may have read before a change the hub saw in a round it was not part of yet).
    fresh: bool = True

    def __post_init__(self) -> None:
        self.employee_ids = tuple(sorted(set(self.employee_ids)))

    def fingerprint(self, readings: Mapping[int, object]) -> tuple:
        return tuple(readings.get(employee_id) for employee_id in self.employee_ids)

    def observe(self, readings: Mapping[int, object]) -> None:
        current = self.fingerprint(readings)
        if current != self.seen:
            self.seen = current
            self.on_wake()

    def end_session(self) -> None:
        self.signed_out = True
        self.on_wake()


def read_markers(watchers: Collection[Watcher], *, check_sessions: bool) -> tuple[dict[Marker, Mapping[int, object]], set[int] | None]:
    """One round for the hub: every marker for the union of its watchers' employees, and
    (when asked) which of their sessions are still valid."""
    wanted: dict[Marker, set[int]] = defaultdict(set)
    for watcher in watchers:
        wanted[watcher.marker].update(watcher.employee_ids)
    with session_scope() as session:
        readings = {marker: marker.fetch(session, employee_ids) for marker, employee_ids in wanted.items()}
        alive = _check_sessions(session, {w.session_id for w in watchers}) if check_sessions else None
    return readings, alive


# How long the hub's session check keeps a watched session's actor in the worker's cache: until a
# little after the next check is due (a round may start up to POLL_SECONDS late and take a moment).
CONFIRMED_FOR_SECONDS = SESSION_CHECK_SECONDS + 2 * POLL_SECONDS


def _check_sessions(session: Session, watched: set[int]) -> set[int]:
    """The watched sessions still valid. Advances the idle clock of the sessions whose events the
    actor cache answered, then keeps their cached actors while the database still resolves them to
    the same ones (ekinerja.state.actor_cache)."""
    checked_at = actor_cache.monotonic()
    touch_sessions(session, session_ids=actors.take_untouched())
    alive = live_sessions(session, session_ids=watched)
    actors.confirm(alive, watched=watched, org_revision=org_revision(session), checked_at=checked_at,
                   valid_for=CONFIRMED_FOR_SECONDS)
    return set(alive)


class Hub:
    """The per-worker poller: one task on this event loop for all of its live tabs."""

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.watchers: set[Watcher] = set()
        # This worker's live tabs by client token (a tab's events and its refreshes run in one worker).
        self.tabs: dict[str, LiveTab] = {}
        self.task: asyncio.Task | None = None
        self.refreshes: set[asyncio.Task] = set()  # the woken tabs' refreshes under way
        # Woken tabs refresh one at a time, each after the users' events running (YIELD_TO_USERS_SECONDS):
        # the wakes that come meanwhile merge into one refresh per tab.
        self.refresh_turn = asyncio.Lock()

    def add(self, watcher: Watcher) -> None:
        self.watchers.add(watcher)
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self.run(), name="ekinerja-live-hub")

    def remove(self, watcher: Watcher) -> None:
        self.watchers.discard(watcher)

    def recheck_quiet_tabs(self, now: float) -> None:
        """The safety net for a tab that left its page without a disconnect or a change: every
        EKINERJA_LIVE_RECHECK_SECONDS its refresh checks the route under the tab's lock; a record
        past MAX_LIFETIME ends."""
        recheck = get_settings().live_recheck_seconds
        for tab in list(self.tabs.values()):
            if now - tab.opened_at >= MAX_LIFETIME:
                _end(tab)
            elif now - tab.checked_at >= recheck:
                tab.wake()

    def refresh(self, tab: LiveTab) -> None:
        task = asyncio.create_task(_refresh(tab), name="ekinerja-live-refresh")
        self.refreshes.add(task)
        task.add_done_callback(self.refreshes.discard)

    async def run(self) -> None:
        checked = time.monotonic()
        previous: dict[Marker, Mapping[int, object]] = {}  # the last successful round's readings
        while self.watchers:
            await asyncio.sleep(POLL_SECONDS)
            watchers = list(self.watchers)
            if not watchers:
                break
            started = time.monotonic()
            check_sessions = started - checked >= SESSION_CHECK_SECONDS
            try:
                readings, alive = await asyncio.to_thread(read_markers, watchers, check_sessions=check_sessions)
            except Exception:  # a database hiccup must not end live updates for the whole worker
                log.exception("live hub: reading the change markers failed")
                continue
            if check_sessions:
                checked = started  # checks start every SESSION_CHECK_SECONDS, however long one takes
                self.recheck_quiet_tabs(started)
            for watcher in watchers:
                if alive is not None and watcher.session_id not in alive:
                    watcher.end_session()
            observe_moved([w for w in watchers if not w.signed_out], readings, previous)
            previous = readings


def observe_moved(watchers: Collection[Watcher], readings: Mapping[Marker, Mapping[int, object]],
                  previous: Mapping[Marker, Mapping[int, object]]) -> None:
    """One hub round's comparisons: only a tab watching an employee whose marker moved since the
    ``previous`` round, or a tab new to the hub, is compared with ``readings``. At month end a round
    reads thousands of markers, of which a second's saves move a few dozen."""
    moved = {marker: _moved(previous.get(marker, {}), current) for marker, current in readings.items()}
    for watcher in watchers:
        if watcher.fresh or not moved[watcher.marker].isdisjoint(watcher.employee_ids):
            watcher.fresh = False
            watcher.observe(readings[watcher.marker])


def _moved(before: Mapping[int, object], after: Mapping[int, object]) -> set[int]:
    """The employees whose marker differs between two rounds (appeared and vanished ones included)."""
    return {employee_id for employee_id, _ in after.items() - before.items()} | (before.keys() - after.keys())


_hub: Hub | None = None


def hub() -> Hub:
    """This worker's hub (one per event loop; tests run several loops in one process)."""
    global _hub
    if _hub is None or _hub.loop is not asyncio.get_running_loop():
        _hub = Hub()
    return _hub


def _still_here(state: rx.State, route: str, session_token: str) -> bool:
    """Still on the page, with the session it started under presented on this connection. No lookup
    here: resolving the session would refresh its idle clock, and a page left open is no activity
    (the hub checks the sessions, without touching them, every SESSION_CHECK_SECONDS)."""
    return page_route(state) == route and presented_token(state) == session_token


def page_route(state: rx.State) -> str:
    """The route of the page the tab is on, as a live tab's refresh compares it."""
    path = state.router.route_id
    return _ROUTE_ALIASES.get(path, path)


def client_token(state: rx.State) -> str:
    return state.router.session.client_token


def own_change(session: Session, token: str) -> None:
    """Call inside a transaction that changed what this tab's live page watches, after the
    write: the tab shows the change from the transaction's own result, so once it commits
    the hub does not wake this tab for it (other tabs watching the same employees are woken)."""
    tab = _hub.tabs.get(token) if _hub is not None else None  # a thread may read the dict
    watcher = tab.own_watcher if tab is not None else None
    if watcher is None:
        return
    fingerprint = watcher.fingerprint(watcher.marker.fetch(session, watcher.employee_ids))
    watcher.own_pending |= {fingerprint}  # before the commit: the hub may see it before any hook runs
    session.info.setdefault(_OWN_CHANGES, []).append((watcher, fingerprint))


# A transaction's own changes, settled by the two hooks below. Hooks on the class, not a pair of
# listeners added to each saving session: adding them cost about 0.1 ms a save (issue 17).
_OWN_CHANGES = "ekinerja_own_changes"


@event.listens_for(Session, "after_commit")
def _own_changes_committed(session: Session) -> None:
    for watcher, fingerprint in session.info.pop(_OWN_CHANGES, ()):
        watcher.shown = fingerprint
        watcher.own_pending -= {fingerprint}


@event.listens_for(Session, "after_rollback")
def _own_changes_rolled_back(session: Session) -> None:
    # A version number rolled back can be reached again by someone else's change.
    for watcher, fingerprint in session.info.pop(_OWN_CHANGES, ()):
        watcher.own_pending -= {fingerprint}


# The routes whose page keeps itself live from its load (``live_event(route=...)``). Its record
# carries the menu's badge too, so the page's load registers either it or, when the page has
# nothing live to show (no team), the badge's alone; on every other page the session's load
# registers the badge's (state/app_state.py). One record per tab either way.
page_pollers: set[str] = set()


def live_event(rule: Rule, *, route: str | None = None) -> Callable[[Callable[..., Any]], Any]:
    """The event that keeps a page live (it calls ``keep_live``): a background event guarded by
    ``rule`` that a reload or a second on_load supersedes. ``route``: the page whose load sends it
    (see ``page_pollers``)."""
    if route is not None:
        page_pollers.add(route)

    def decorate(fn: Callable[..., Any]) -> Any:
        return rx.event(background=True, supersedes=True)(guarded(rule)(fn))

    return decorate


@dataclass(frozen=True, slots=True)
class Feed:
    """One thing a live tab keeps current: whenever ``marker`` moves for one of the employees in
    ``watch`` (or read by ``watch()`` in a thread first), and not by this tab's own change (see
    ``own_change``), ``read(params(state))`` runs in the worker's refresh lane without the tab's state
    lock and ``show(state, view)`` with it held, and only if ``params(state)`` (what the page shows:
    month, filter, page) is unchanged. ``state`` is the tab's state of the class that called
    ``keep_live``: functions of the class, never bound to one instance, so the record keeps no state.
    ``own_changes=False``: a feed beside the page's own (the menu's badge), which the page's writes
    never mark as shown: the tab's one ``own_change`` slot stays the page's."""

    watch: Collection[int] | Callable[[], Collection[int]]
    marker: Marker
    read: Callable[[Hashable], Any]
    show: Callable[[Any, Any], None]
    params: Callable[[Any], Hashable] = lambda _state: None
    own_changes: bool = True


@dataclass(eq=False, slots=True)
class LiveTab:
    """One open tab's live page between changes: what it watches and how to refresh it."""

    token: str  # the tab's client token
    state_class: type  # whose state ``Feed.show`` and ``Feed.params`` take
    route: str
    session_token: str
    feeds: Sequence[Feed]
    registration: int
    shown_params: list[Hashable]
    watchers: list[Watcher] = field(default_factory=list)
    opened_at: float = field(default_factory=time.monotonic)
    checked_at: float = field(default_factory=time.monotonic)  # its route, last seen under its lock
    woken: bool = False
    refreshing: bool = False
    ended: bool = False

    @property
    def own_watcher(self) -> Watcher | None:
        return next((w for feed, w in zip(self.feeds, self.watchers, strict=True) if feed.own_changes), None)

    def wake(self) -> None:
        """Called by the hub: refresh this tab (once more, if a refresh is already under way)."""
        self.woken = True
        if not self.refreshing and not self.ended:
            self.refreshing = True
            hub().refresh(self)


async def keep_live(state: Any, *, route: str, actor: Actor, feeds: Sequence[Feed]) -> None:
    """Run inside a page load's ``live_event``: keep each of ``feeds`` current while the tab stays
    on ``route`` (see ``Feed``). Registers the tab with this worker's hub and returns; one record for
    all of a tab's feeds, whatever its page and menu keep live."""
    assert sum(feed.own_changes for feed in feeds) <= 1, "a tab has one own_change slot"
    registration = next(_registrations)
    tab = LiveTab(
        token=client_token(state), state_class=state.__class__, route=route, session_token=presented_token(state),
        feeds=tuple(feeds), registration=registration, shown_params=[feed.params(state) for feed in feeds],
    )
    watches = [await asyncio.to_thread(feed.watch) if callable(feed.watch) else feed.watch for feed in feeds]
    tab.watchers = [Watcher(feed.marker, watch, actor.session_id, on_wake=tab.wake) for feed, watch in zip(feeds, watches, strict=True)]
    for watcher, readings in zip(tab.watchers, await asyncio.to_thread(_read_each, tab.watchers), strict=True):
        watcher.seen = watcher.shown = watcher.fingerprint(readings)
    live = hub()
    previous = live.tabs.get(tab.token)
    if previous is not None:
        if previous.registration > registration:
            return  # a later load of this tab registered while this one read
        _end(previous)
    live.tabs[tab.token] = tab
    for watcher in tab.watchers:
        live.add(watcher)


def forget_tab(token: str) -> None:
    """The tab's connection ended (ekinerja/event_limits.py): it needs no refresh any more."""
    if (tab := hub().tabs.get(token)) is not None:
        _end(tab)


def _end(tab: LiveTab) -> None:
    tab.ended = True
    live = hub()
    for watcher in tab.watchers:
        live.remove(watcher)
        watcher.on_wake = _asleep  # no cycle left between the tab and its watchers
    if live.tabs.get(tab.token) is tab:
        del live.tabs[tab.token]
    log.debug("live tab on %s ended", tab.route)


async def _refresh(tab: LiveTab) -> None:
    """A woken tab: read what moved without its lock, then show it under the lock if the tab is
    still on the page and still shows what was read for; again while it was woken meanwhile. One tab
    at a time per worker, after the users' own events (``Hub.refresh_turn``)."""
    try:
        while tab.woken and not tab.ended:
            async with hub().refresh_turn:
                await event_gate.gate().after_foreground(YIELD_TO_USERS_SECONDS)
                await _refresh_once(tab)
    except Exception:  # one tab's failed refresh must not end the others' (the next change retries)
        log.exception("live refresh of a tab on %s failed", tab.route)
    finally:
        tab.refreshing = False


async def _refresh_once(tab: LiveTab) -> None:
    if tab.ended:
        return
    tab.woken = False
    if any(watcher.signed_out for watcher in tab.watchers):
        _end(tab)
        return
    due = []  # (index, the fingerprint it will show)
    for index, watcher in enumerate(tab.watchers):
        target = watcher.seen
        if target == watcher.shown or target in watcher.own_pending:
            watcher.shown = target  # this tab's own change, already shown; or a quiet recheck
        else:
            due.append((index, target))
    if not due and time.monotonic() - tab.checked_at < get_settings().live_recheck_seconds:
        return
    # Read outside the lock with what the tab showed at its last refresh; a change of month
    # or filter since is caught below. No session lookup here (it would count as the user's
    # activity): the hub's session check ends the tab, and _still_here checks the token.
    wanted = list(tab.shown_params)
    reads = [(tab.feeds[index], wanted[index]) for index, _ in due]
    views = await asyncio.get_running_loop().run_in_executor(_refresh_lane, contextvars.copy_context().run, _read_views, reads) if reads else []
    await event_gate.gate().after_foreground(YIELD_TO_USERS_SECONDS)  # showing is the loop's work: again after them
    async with _open_tab(tab.token, tab.state_class) as state:
        tab.checked_at = time.monotonic()
        if not _still_here(state, tab.route, tab.session_token):
            _end(tab)
            return
        for (index, target), view in zip(due, views, strict=True):
            feed = tab.feeds[index]
            tab.shown_params[index] = feed.params(state)
            if tab.shown_params[index] != wanted[index]:
                tab.woken = True  # read again for what the tab shows now
                continue
            feed.show(state, view)
            tab.watchers[index].shown = target


def serve(app: rx.App) -> None:
    """The running app whose tabs the hub refreshes (its event processor calls this as it starts)."""
    global _app
    _app = app


@contextlib.asynccontextmanager
async def _open_tab(token: str, state_class: type) -> AsyncIterator[Any]:
    """The tab's state of ``state_class``, fresh from the state manager under the tab's lock; what
    changes in it is sent to the tab on the way out (Reflex's ``App.modify_state``)."""
    if _app is None:
        raise RuntimeError("the live hub refreshes tabs only in a running app (live.serve)")
    async with _app.modify_state(rx.BaseStateToken(ident=token, cls=state_class)) as root:
        yield await root.get_state(state_class)  # loaded with the root: taken from its tree


def _read_views(reads: list[tuple[Feed, Hashable]]) -> list[Any]:
    return [feed.read(params) for feed, params in reads]


def _read_each(watchers: Collection[Watcher]) -> list[Mapping[int, object]]:
    with session_scope() as session:
        return [watcher.marker.fetch(session, watcher.employee_ids) for watcher in watchers]
