"""The one access mechanism every event handler goes through.

``@guarded(Rule.X)`` resolves the actor from the server-side session table on
every event (never from anything the browser sent besides its opaque token, and
only when that token was presented on the event's own connection),
refuses the event unless ``Rule.X`` permits that actor, and passes the actor to
the handler as its first argument. ``tests/test_access_walk.py`` fails when a
handler of any state class lacks a rule.
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

from ekinerja.access import AccessDenied, Actor, Rule, permits
from ekinerja.db import session_scope
from ekinerja.routes import CHANGE_PASSWORD as CHANGE_PASSWORD_ROUTE
from ekinerja.routes import LOGIN as LOGIN_ROUTE
from ekinerja.services.auth import SessionLookup, resolve_session
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


def lookup_session(token: str) -> SessionLookup:
    with session_scope() as session:
        return resolve_session(session, token=token)


def _refusal(handler: str, rule: Rule, lookup: SessionLookup) -> Any:
    actor = lookup.actor
    who = "anonim" if actor is None else actor.nip
    refusals.add(handler, who)
    log.warning("refused %s (%s) for %s", handler, rule.value, who)
    if actor is None:
        target = f"{LOGIN_ROUTE}?alasan=sesi-berakhir" if lookup.expired else LOGIN_ROUTE
        return rx.redirect(target)
    if actor.must_change_password:
        return rx.redirect(CHANGE_PASSWORD_ROUTE)
    return rx.toast.error(NOT_ALLOWED)


def _denied(handler: str, actor: Actor, exc: AccessDenied) -> Any:
    refusals.add(handler, actor.nip)
    log.warning("denied inside %s for %s: %s", handler, actor.nip, exc)
    return rx.toast.error(str(exc) or NOT_ALLOWED)


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

        if inspect.isasyncgenfunction(fn):

            async def wrapper(self, *args, **kwargs):
                lookup, ok = authorize(self)
                if not ok:
                    yield _refusal(name, rule, lookup)
                    return
                try:
                    async for update in fn(self, lookup.actor, *args, **kwargs):
                        yield update
                except AccessDenied as exc:
                    yield _denied(name, lookup.actor, exc)

        else:
            blocking = not inspect.iscoroutinefunction(fn)

            async def wrapper(self, *args, **kwargs):
                # The session lookup and a plain handler's queries block: run them in a thread so the
                # worker's event loop keeps serving every other tab meanwhile (the tab's state stays
                # locked for this event, so nothing else touches it).
                lookup, ok = await asyncio.to_thread(authorize, self)
                if not ok:
                    return _refusal(name, rule, lookup)
                try:
                    if blocking:
                        return await asyncio.to_thread(fn, self, lookup.actor, *args, **kwargs)
                    return await fn(self, lookup.actor, *args, **kwargs)
                except AccessDenied as exc:
                    return _denied(name, lookup.actor, exc)

        functools.update_wrapper(wrapper, fn)
        # Reflex reads the handler's arguments from these: hide the injected actor.
        wrapper.__signature__ = signature.replace(parameters=[params[0], *params[2:]])
        wrapper.__annotations__ = {k: v for k, v in fn.__annotations__.items() if k != "actor"}
        setattr(wrapper, ACCESS_RULE_ATTR, rule)
        return wrapper

    return decorate
