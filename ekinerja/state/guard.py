"""The one access mechanism every event handler goes through.

``@guarded(Rule.X)`` resolves the actor from the server-side session table
(never from anything the browser sent besides its opaque token, and only when
that token was presented on the event's own connection; the worker remembers
the answer for a few seconds, see ekinerja.state.actor_cache), refuses the
event unless ``Rule.X`` permits that actor, and passes the actor to the
handler as its first argument. ``tests/test_access_walk.py`` fails when a
handler of any state class lacks a rule.

The lookup and a plain handler's body run off the event loop on the worker's
admitted threads (ekinerja.admission): beyond the worker's bound an event is
answered "server sibuk" at once with nothing done, and with Redis a transaction
reaching its commit too late for the tab's state lock is rolled back and
answered the same way, so a user never sees "saved" and then an error.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
from collections import deque
from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex.config import get_config
from reflex.event import BACKGROUND_TASK_MARKER

from ekinerja import toasts
from ekinerja.access import AccessDenied, Actor, Rule, may_open, permits
from ekinerja.admission import BUSY_MESSAGE, ServerBusy, admission, deadline_after
from ekinerja.db import session_scope
from ekinerja.routes import CHANGE_PASSWORD as CHANGE_PASSWORD_ROUTE
from ekinerja.routes import LOGIN as LOGIN_ROUTE
from ekinerja.routes import restricted_page
from ekinerja.services.auth import SessionLookup, resolve_session
from ekinerja.services.org import org_revision
from ekinerja.state.actor_cache import actors
from ekinerja.state.socket_binding import presented_token

log = logging.getLogger("ekinerja.access")

ACCESS_RULE_ATTR = "__access_rule__"
NOT_ALLOWED = "Anda tidak berwenang melakukan tindakan ini."

class RefusalLog:
    """How many events were refused, and the most recent ones (handler, who): for tests and monitoring."""

    def __init__(self) -> None:
        self.count = 0
        self.recent: deque[tuple[str, str]] = deque(maxlen=256)

    def add(self, handler: str, who: str) -> None:
        self.count += 1
        self.recent.append((handler, who))


refusals = RefusalLog()


def _resolve(token: str) -> tuple[SessionLookup, int]:
    with session_scope() as session:
        lookup = resolve_session(session, token=token)
        # Already read (and memoised for the transaction) by the lookup when it found an actor.
        return lookup, org_revision(session) if lookup.actor is not None else 0


def lookup_session(token: str) -> SessionLookup:
    """The actor behind ``token``; this worker remembers it for a few seconds (ekinerja.state.actor_cache)."""
    return actors.lookup(token, _resolve)


def commit_within() -> float | None:
    """How long an event may take to its commit: with Redis, 60 % of the state lock's expiry, so
    the state write-back that follows the commit finishes while the lock is still this event's.
    Without Redis the state lives in this process and its lock never expires."""
    config = get_config()
    if not config.redis_url:
        return None
    return 0.6 * config.redis_lock_expiration / 1000


async def _admitted_authorize(authorize, state, background: bool) -> tuple[SessionLookup | None, bool]:
    """The session lookup of an async handler, off the event loop: (None, False) when refused as busy."""
    if background:
        return await asyncio.to_thread(authorize, state)
    gate = admission()
    if not gate.try_enter():
        return None, False
    try:
        return await gate.run(authorize, state)
    finally:
        gate.leave()


def _page_path(state: Any) -> str:
    router = getattr(state, "router", None)  # the page the event came from, when it says
    return router.url.path if router is not None else ""


def _refusal(handler: str, rule: Rule, lookup: SessionLookup, path: str) -> Any:
    actor = lookup.actor
    who = "anonim" if actor is None else actor.nip
    refusals.add(handler, who)
    log.warning("refused %s (%s) for %s", handler, rule.value, who)
    if actor is None:
        target = f"{LOGIN_ROUTE}?alasan=sesi-berakhir" if lookup.expired else LOGIN_ROUTE
        return rx.redirect(target)
    if actor.must_change_password:
        return rx.redirect(CHANGE_PASSWORD_ROUTE)
    item = restricted_page(path)
    if item is not None and not may_open(item.audience, actor):
        # Another role's page: AppState.load_session sends the user back with one message of its own.
        return None
    return toasts.error(NOT_ALLOWED)


def _denied(handler: str, actor: Actor, exc: AccessDenied) -> Any:
    refusals.add(handler, actor.nip)
    log.warning("denied inside %s for %s: %s", handler, actor.nip, exc)
    return toasts.error(str(exc) or NOT_ALLOWED)


def guarded(rule: Rule) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare the access rule of an event handler whose second parameter is ``actor``."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(fn)
        params = list(signature.parameters.values())
        if len(params) < 2 or params[1].name != "actor":
            raise TypeError(f"{fn.__qualname__}: a guarded handler takes (self, actor, ...)")
        name = fn.__qualname__

        def authorize(self: rx.State) -> tuple[SessionLookup, bool]:
            # Only a token presented on this event's own connection counts (socket_binding).
            lookup = lookup_session(presented_token(self))
            return lookup, permits(rule, lookup.actor)

        def background() -> bool:
            # rx.event(background=True) marks this wrapper after it is built. A background
            # handler holds no state lock while it runs, so it needs no admission.
            return bool(getattr(wrapper, BACKGROUND_TASK_MARKER, False))

        if inspect.isasyncgenfunction(fn):

            async def wrapper(self, *args, **kwargs):
                lookup, ok = await _admitted_authorize(authorize, self, background())
                if lookup is None:
                    yield toasts.warning(BUSY_MESSAGE)
                    return
                if not ok:
                    yield _refusal(name, rule, lookup, _page_path(self))
                    return
                try:
                    async for update in fn(self, lookup.actor, *args, **kwargs):
                        yield update
                except AccessDenied as exc:
                    yield _denied(name, lookup.actor, exc)
                except ServerBusy:
                    yield toasts.warning(BUSY_MESSAGE)

        elif inspect.iscoroutinefunction(fn):

            async def wrapper(self, *args, **kwargs):
                lookup, ok = await _admitted_authorize(authorize, self, background())
                if lookup is None:
                    return toasts.warning(BUSY_MESSAGE)
                if not ok:
                    return _refusal(name, rule, lookup, _page_path(self))
                try:
                    return await fn(self, lookup.actor, *args, **kwargs)
                except AccessDenied as exc:
                    return _denied(name, lookup.actor, exc)
                except ServerBusy:
                    return toasts.warning(BUSY_MESSAGE)

        else:

            def run(self, *args, **kwargs):
                lookup, ok = authorize(self)
                if not ok:
                    return _refusal(name, rule, lookup, _page_path(self))
                try:
                    return fn(self, lookup.actor, *args, **kwargs)
                except AccessDenied as exc:
                    return _denied(name, lookup.actor, exc)

            async def wrapper(self, *args, **kwargs):
                # The session lookup and the handler's queries block: they run on one of the
                # worker's admitted threads, so the event loop keeps serving every other tab
                # meanwhile and this event never waits for a thread while it holds the tab's
                # state lock. Beyond the bound it is answered "busy" at once, with nothing done.
                if background():
                    return await asyncio.to_thread(run, self, *args, **kwargs)
                gate = admission()
                if not gate.try_enter():
                    return toasts.warning(BUSY_MESSAGE)
                try:
                    return await gate.run(functools.partial(run, self, *args, **kwargs), deadline=deadline_after(commit_within()))
                except ServerBusy:
                    return toasts.warning(BUSY_MESSAGE)
                finally:
                    gate.leave()

        functools.update_wrapper(wrapper, fn)
        # Reflex reads the handler's arguments from these: hide the injected actor.
        wrapper.__signature__ = signature.replace(parameters=[params[0], *params[2:]])
        wrapper.__annotations__ = {k: v for k, v in fn.__annotations__.items() if k != "actor"}
        setattr(wrapper, ACCESS_RULE_ATTR, rule)
        return wrapper

    return decorate
