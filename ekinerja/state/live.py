"""Live pages: a background event that reloads what a page shows when the database changes.

The database is the source of truth, so this works the same with one backend worker
or several sharing Redis: each tab's poller (on the worker holding its websocket)
reads a cheap change marker about once a second and takes the state lock only when
the marker moved, or every few seconds to see whether it should stop.

A poller stops when its tab leaves the page (router path), when its session ends,
when the tab disconnects or navigates (Reflex cancels the page-load chain it was
started from), and after MAX_LIFETIME. The handlers are declared ``supersedes``, so
a reload or a second on_load replaces the running poller: one per tab.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import reflex as rx

from ekinerja.db import session_scope
from ekinerja.state.guard import lookup_session

log = logging.getLogger("ekinerja.live")

POLL_SECONDS = 1.0
RECHECK_EVERY = 5  # polls between checks that the tab is still on the page and signed in
MAX_LIFETIME = 12 * 60 * 60.0


# Reflex names the index page's route "/index" while the app links to it as "/".
_ROUTE_ALIASES = {"/index": "/"}


def _still_here(state: rx.State, route: str, employee_id: int) -> bool:
    path = state.router.page.path
    if _ROUTE_ALIASES.get(path, path) != route:
        return False
    actor = lookup_session(getattr(state, "session_token", "")).actor
    return actor is not None and actor.employee_id == employee_id


async def poll_while_open(
    state: Any, *, route: str, employee_id: int, marker: Callable[[Any], object], refresh: Callable[[], None]
) -> None:
    """Run inside ``@rx.event(background=True)``: ``marker(session)`` is the cheap fingerprint,
    ``refresh()`` reloads the visible rows (called with the state lock held)."""

    def read_marker() -> object:
        with session_scope() as session:
            return marker(session)

    last = await asyncio.to_thread(read_marker)
    started = time.monotonic()
    polls = 0
    while time.monotonic() - started < MAX_LIFETIME:
        await asyncio.sleep(POLL_SECONDS)
        polls += 1
        current = await asyncio.to_thread(read_marker)
        changed = current != last
        if not changed and polls % RECHECK_EVERY:
            continue
        async with state:
            if not _still_here(state, route, employee_id):
                break
            if changed:
                refresh()
                last = current
    log.debug("live poller for %s on %s stopped", employee_id, route)
