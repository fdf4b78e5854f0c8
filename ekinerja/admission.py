"""Admission control for event handlers: a bounded number in flight per worker, and a commit deadline.

Reflex holds a tab's state lock for the whole of a foreground event; with Redis that lock
expires (``redis_lock_expiration``, 10 s). An event that queued for a thread or a database
connection while holding it could commit its transaction and then fail to write the tab's
state back: the user saw "saved" and then an error, and the tab's state was left stale.
So, per worker process:

* at most ``EKINERJA_MAX_INFLIGHT_EVENTS`` foreground events run at once, each on a thread
  of this module's pool of exactly that size (an admitted event never waits for a thread;
  the engine's connection pool is larger, so it never waits for a connection either). An
  event beyond the bound is answered at once with ``BUSY_MESSAGE`` and does nothing.
* an admitted event may carry a commit deadline (``deadline_after``): a transaction that
  reaches its commit later is rolled back (``ekinerja.db.session_scope`` calls
  ``check_deadline``) and the event is answered with ``BUSY_MESSAGE``, so nothing is
  committed that the state write-back might not follow.

The guard (``ekinerja.state.guard``) applies both; services know nothing of it.
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from ekinerja.config import get_settings

BUSY_MESSAGE = "Server sedang sibuk. Coba lagi sebentar lagi; isian Anda belum disimpan."

T = TypeVar("T")

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("ekinerja_commit_deadline", default=None)


class ServerBusy(Exception):
    """The event was refused or rolled back because the worker is overloaded: nothing was written."""


def check_deadline() -> None:
    """Raise ServerBusy when this event's commit deadline has passed (no deadline: never)."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise ServerBusy


class Admission:
    """This worker's bound on in-flight foreground events and the threads that run them."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.in_flight = 0
        self.refused = 0
        self.executor = ThreadPoolExecutor(max_workers=limit, thread_name_prefix="ekinerja-event")

    def try_enter(self) -> bool:
        # Only ever called on the worker's event loop: a plain counter is enough.
        if self.in_flight >= self.limit:
            self.refused += 1
            return False
        self.in_flight += 1
        return True

    def leave(self) -> None:
        self.in_flight -= 1

    async def run(self, fn: Callable[..., T], *args: Any, deadline: float | None = None) -> T:
        """``fn(*args)`` on one of the admitted threads, with this context (and the deadline, if any)."""
        context = contextvars.copy_context()
        context.run(_deadline.set, deadline)
        return await asyncio.get_running_loop().run_in_executor(self.executor, context.run, fn, *args)


# When the event's state lock was taken (ekinerja.event_gate starts this clock just before Reflex
# takes it). The lock's expiry runs from then: a worker stalled between taking the lock and running
# the handler (loading the state, waiting for the event loop) has used part of it already.
_lock_clock: contextvars.ContextVar[float | None] = contextvars.ContextVar("ekinerja_lock_clock", default=None)


def start_lock_clock() -> None:
    _lock_clock.set(time.monotonic())


def deadline_after(seconds: float | None) -> float | None:
    """``seconds`` after the event's state lock was taken (or from now, outside a gated event)."""
    if seconds is None:
        return None
    started = _lock_clock.get()
    return (started if started is not None else time.monotonic()) + seconds


_admission: Admission | None = None


def admission() -> Admission:
    """This process's admission control, sized by ``EKINERJA_MAX_INFLIGHT_EVENTS``."""
    global _admission
    if _admission is None:
        _admission = Admission(get_settings().max_inflight_events)
    return _admission
