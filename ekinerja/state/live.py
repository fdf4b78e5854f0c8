"""Live pages: a background event that reloads what a page shows when the database changes.

The database is the source of truth, so this works the same with one backend worker
or several sharing Redis. Each worker process runs one hub (an asyncio task, started
with the first open live tab and ending with the last): about once a second it reads,
in one thread and one database session, the change markers of every employee watched
by the tabs of this worker (one grouped query per kind of marker, see
ekinerja.services.markers) and wakes only the tabs whose employees' markers moved.
A tab whose own event made the change already shows it (``own_change``) and stays
asleep. A woken tab reads the page in the worker's refresh lane (one thread, shared by
the worker's live tabs), without its state lock; then takes the lock, checks it is
still on the page, and shows what it read. An idle tab costs no query, no lock and no
thread of its own; nothing here touches the database on the event loop.

A poller stops when its tab leaves the page or its session ends: the hub checks the
sessions of all its tabs together every SESSION_CHECK_SECONDS (without touching
them: only the user's own events advance the idle clock), and a woken tab checks its
route. The same check keeps the worker's cached actors of those sessions while they still
resolve to the same actors, so a tab's events need no session lookup of their own
(ekinerja.state.actor_cache). Reflex cancels it when the tab navigates (it was started from the page-load
chain); the app's event processor cancels it when the tab disconnects
(ekinerja/event_limits.py); it ends after MAX_LIFETIME; as a safety net a tab also
re-checks its route every EKINERJA_LIVE_RECHECK_SECONDS (600 by default; the check takes the tab's
state lock, so it is rare). The handlers are declared
``supersedes``, so a reload or a second on_load replaces the running poller. A tab runs one
poller: a live page's carries the menu's unread badge as a second ``Feed`` (each poller keeps a
task, its waits and, between its locked blocks, a proxy: about 27 KB a tab, issue 17).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Collection, Hashable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import reflex as rx
import wrapt
from reflex.istate.proxy import StateProxy
from sqlalchemy import event
from sqlmodel import Session

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


# Woken tabs read what they show one at a time per worker. Beside the users' own events every
# thread running Python takes its share of the GIL: a save waiting for PostgreSQL then waits again
# for the GIL behind each refresh, once per statement. Refreshes set off together by a second's
# saves (an atasan's tabs) queue here instead (issue 17, docs/performance.md, fifth round).
_refresh_lane = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ekinerja-live")

# Reflex names the index page's route "/index" while the app links to it as "/".
_ROUTE_ALIASES = {"/index": "/"}

# This worker's live tabs by client token (a tab's events and its poller run in the same worker).
_by_token: dict[str, Watcher] = {}


@dataclass(frozen=True)
class Marker:
    """What a live page watches: ``read(session, employee_ids=..., **params)`` returns a
    fingerprint per employee id (employees without one may be missing). Equal markers
    are read together, in one query for all the tabs of a worker."""

    read: Callable[..., Mapping[int, object]]
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, read: Callable[..., Mapping[int, object]], **params: Any) -> Marker:
        return cls(read, tuple(sorted(params.items())))

    def fetch(self, session: Session, employee_ids: Collection[int]) -> Mapping[int, object]:
        return self.read(session, employee_ids=sorted(employee_ids), **dict(self.params))


@dataclass(eq=False)
class Watcher:
    """One open tab, as the hub sees it."""

    marker: Marker
    employee_ids: frozenset[int]
    session_id: int
    seen: tuple = ()  # the fingerprint last read by the hub
    shown: tuple = ()  # the fingerprint of what the tab shows
    # Fingerprints of this tab's own changes whose transaction has not settled yet: the hub may
    # read one between the commit and the commit hook, and must not wake the tab for it.
    own_pending: set[tuple] = field(default_factory=set)
    signed_out: bool = False
    wake: asyncio.Event = field(default_factory=asyncio.Event)  # shared by the feeds of one poller
    # Not yet compared by the hub with a round's readings: its first round compares it whatever moved
    # (its page may have read before a change the hub saw in a round it was not part of yet).
    fresh: bool = True
    order: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.order = tuple(sorted(self.employee_ids))

    def fingerprint(self, readings: Mapping[int, object]) -> tuple:
        return tuple(readings.get(employee_id) for employee_id in self.order)

    def observe(self, readings: Mapping[int, object]) -> None:
        current = self.fingerprint(readings)
        if current != self.seen:
            self.seen = current
            self.wake.set()

    def end_session(self) -> None:
        self.signed_out = True
        self.wake.set()


def read_markers(watchers: Collection[Watcher], *, check_sessions: bool) -> tuple[dict[Marker, Mapping[int, object]], set[int] | None]:
    """One round for the hub: every marker for the union of its watchers' employees, and
    (when asked) which of their sessions are still valid."""
    wanted: dict[Marker, set[int]] = defaultdict(set)
    for watcher in watchers:
        wanted[watcher.marker] |= watcher.employee_ids
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
        self.task: asyncio.Task | None = None

    def add(self, watcher: Watcher) -> None:
        self.watchers.add(watcher)
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self.run(), name="ekinerja-live-hub")

    def remove(self, watcher: Watcher) -> None:
        self.watchers.discard(watcher)

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
    return {employee_id for employee_id, value in after.items() if before.get(employee_id, _ABSENT) != value} | (before.keys() - after.keys())


_ABSENT = object()
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
    """The route of the page the tab is on, as ``poll_while_open`` compares it."""
    path = state.router.route_id
    return _ROUTE_ALIASES.get(path, path)


def client_token(state: rx.State) -> str:
    return state.router.session.client_token


def own_change(session: Session, token: str) -> None:
    """Call inside a transaction that changed what this tab's live page watches, after the
    write: the tab shows the change from the transaction's own result, so once it commits
    the hub does not wake this tab for it (other tabs watching the same employees are woken)."""
    watcher = _by_token.get(token)
    if watcher is None:
        return
    fingerprint = watcher.fingerprint(watcher.marker.fetch(session, watcher.employee_ids))
    watcher.own_pending.add(fingerprint)  # before the commit: the hub may see it before any hook runs

    def committed(_session: Session) -> None:
        watcher.shown = fingerprint
        watcher.own_pending.discard(fingerprint)

    def rolled_back(_session: Session) -> None:
        # A version number rolled back can be reached again by someone else's change.
        watcher.own_pending.discard(fingerprint)

    event.listen(session, "after_commit", committed, once=True)
    event.listen(session, "after_rollback", rolled_back, once=True)


# The routes whose page starts a poller of its own from its load (``live_event(route=...)``). That
# poller carries the menu's badge too, so the page's load returns either it or, when the page has
# nothing live to show (no team), the badge's own poller; on every other page the session's load
# starts the badge's poller (state/app_state.py). One poller per tab either way.
page_pollers: set[str] = set()


def live_event(rule: Rule, *, route: str | None = None) -> Callable[[Callable[..., Any]], Any]:
    """A live poller (it calls ``poll_while_open``): a background event guarded by ``rule`` that a
    reload or a second on_load supersedes, so a tab runs one of each. ``route``: the page whose load
    starts it (see ``page_pollers``)."""
    if route is not None:
        page_pollers.add(route)

    def decorate(fn: Callable[..., Any]) -> Any:
        return rx.event(background=True, supersedes=True)(guarded(rule)(fn))

    return decorate


@dataclass(frozen=True)
class Feed:
    """One thing a live tab keeps current: whenever ``marker`` moves for one of the employees in
    ``watch`` (or read by ``watch()`` in a thread first), and not by this tab's own change (see
    ``own_change``), ``read(params())`` runs in the worker's refresh lane without the tab's state
    lock and ``show(view)`` with it held, and only if ``params()`` (what the page shows: month,
    filter, page) is unchanged. ``own_changes=False``: a feed beside the page's own (the menu's badge),
    which the page's writes never mark as shown: the tab's one ``own_change`` slot stays the page's."""

    watch: Collection[int] | Callable[[], Collection[int]]
    marker: Marker
    read: Callable[[Hashable], Any]
    show: Callable[[Any], None]
    params: Callable[[], Hashable] = lambda: None
    own_changes: bool = True


async def poll_while_open(state: Any, *, route: str, actor: Actor, feeds: Sequence[Feed]) -> None:
    """Run inside ``@rx.event(background=True)``: keep each of ``feeds`` current while the tab stays
    on ``route`` (see ``Feed``). One task, one wake-up and one state lock for all of a tab's feeds:
    a signed-in tab holds one poller, whatever its page and menu keep live."""
    watches = [await asyncio.to_thread(feed.watch) if callable(feed.watch) else feed.watch for feed in feeds]
    wake = asyncio.Event()
    watchers = [Watcher(feed.marker, frozenset(watch), actor.session_id, wake=wake) for feed, watch in zip(feeds, watches, strict=True)]
    session_token, token = presented_token(state), client_token(state)
    shown_params = [feed.params() for feed in feeds]
    _release(state)  # nothing below reads the tab's state outside ``_locked(state)``
    for watcher, readings in zip(watchers, await asyncio.to_thread(_read_each, watchers), strict=True):
        watcher.seen = watcher.shown = watcher.fingerprint(readings)
    live = hub()
    for watcher in watchers:
        live.add(watcher)
    own_watchers = [w for feed, w in zip(feeds, watchers, strict=True) if feed.own_changes]
    assert len(own_watchers) <= 1, "a tab has one own_change slot"
    own_watcher = own_watchers[0] if own_watchers else None
    if own_watcher is not None:
        _by_token[token] = own_watcher
    recheck = get_settings().live_recheck_seconds
    started = time.monotonic()
    try:
        while (left := MAX_LIFETIME - (time.monotonic() - started)) > 0:
            try:
                async with asyncio.timeout(min(recheck, left)):  # unlike wait_for, no task of its own
                    await wake.wait()
            except TimeoutError:
                async with _locked(state):
                    if not _still_here(state, route, session_token):
                        break
                continue
            wake.clear()
            if any(watcher.signed_out for watcher in watchers):
                break
            due = []  # (index, the fingerprint it will show)
            for index, watcher in enumerate(watchers):
                target = watcher.seen
                if target == watcher.shown or target in watcher.own_pending:
                    watcher.shown = target  # this tab's own change, already shown; or a quiet recheck
                else:
                    due.append((index, target))
            if not due:
                continue
            # Read outside the lock with what the tab showed at its last ``async with``; a change of
            # month or filter since is caught below. No session lookup here (it would count as the
            # user's activity): the hub's session check sets signed_out, and _still_here checks the
            # token under the lock.
            wanted = list(shown_params)
            reads = [(feeds[index], wanted[index]) for index, _ in due]
            views = await asyncio.get_running_loop().run_in_executor(_refresh_lane, contextvars.copy_context().run, _read_views, reads)
            async with _locked(state):
                if not _still_here(state, route, session_token):
                    break
                for (index, target), view in zip(due, views, strict=True):
                    shown_params[index] = feeds[index].params()
                    if shown_params[index] != wanted[index]:
                        wake.set()  # read again for what the tab shows now
                        continue
                    feeds[index].show(view)
                    watchers[index].shown = target
    finally:
        for watcher in watchers:
            live.remove(watcher)
        if own_watcher is not None and _by_token.get(token) is own_watcher:
            del _by_token[token]
    log.debug("live poller for %s on %s stopped", actor.employee_id, route)


class _Released:
    """Stands in for the state tree a poller's proxy let go of (see ``_release``)."""


_RELEASED = _Released()


def _release(state: Any) -> None:
    """Let go of the tab's state tree that the background event's proxy keeps between its
    ``async with state`` blocks (each block loads a fresh one). Reflex leaves the tree of the last
    block in the proxy for as long as the event runs, and a live poller runs as long as its page is
    open: with the page's poller and the menu badge's, a signed-in tab held two copies of its
    state, about 67 KB (issue 17, docs/performance.md). Anything else (a test's stand-in) is left
    alone."""
    if isinstance(state, StateProxy):
        wrapt.ObjectProxy.__setattr__(state, "__wrapped__", _RELEASED)


@contextlib.asynccontextmanager
async def _locked(state: Any) -> AsyncIterator[None]:
    """``async with state`` (the tab's lock and a fresh state tree), letting go of the tree after."""
    try:
        async with state:
            yield
    finally:
        _release(state)


def _read_views(reads: list[tuple[Feed, Hashable]]) -> list[Any]:
    return [feed.read(params) for feed, params in reads]


def _read_each(watchers: Collection[Watcher]) -> list[Mapping[int, object]]:
    with session_scope() as session:
        return [watcher.marker.fetch(session, watcher.employee_ids) for watcher in watchers]
