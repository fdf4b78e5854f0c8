"""Foreground events wait for a slot before Reflex takes the tab's state lock.

Reflex runs every incoming event as its own task: it takes the tab's state lock (in Redis, with
an expiry: Reflex's ``redis_lock_expiration``, 10 s), loads the state, runs the handler, stores
the state and releases the lock. When thousands of tabs send at once, thousands of such tasks
share one worker's event loop: each has taken its lock and then waits its turn on the loop for
every Redis round trip, and many outlive their lock. Measured at 2,000 concurrent employees: saves committed and answered, then their
state write-back failed with LockExpiredError, although the handlers themselves were bounded.

So each worker lets at most ``EKINERJA_MAX_INFLIGHT_EVENTS`` foreground events through at once
(the same bound as ekinerja.admission's threads); up to WAITING_PER_SLOT times as many wait
here, before the lock, in arrival order. An event beyond those, or one that has waited
``EKINERJA_EVENT_WAIT_SECONDS``, is answered with the honest "server sibuk" message and does
nothing. Background events (a live page's registration, long exports) hold no
lock while they run and are not gated.
"""

from __future__ import annotations

import asyncio
import contextlib

from reflex_base.event.processor.base_state_processor import BaseStateEventProcessor, chain_updates

from ekinerja import toasts
from ekinerja.admission import BUSY_MESSAGE, start_lock_clock
from ekinerja.config import get_settings

# Events allowed to wait per slot: 128 a worker with the default 8 slots. At month end a slot serves
# an event in tens of milliseconds, so such a queue clears in a second or two; much beyond it the wait
# would outlast what the slots can serve in the allowed time and end in a late "busy" after the user
# waited for nothing: answering at once sheds the excess cheaply (no lock, no state).
WAITING_PER_SLOT = 16


class Gate:
    """This worker's slots for foreground events (one per event loop)."""

    def __init__(self, slots: int, wait_seconds: float) -> None:
        self.slots = asyncio.Semaphore(slots)
        self.wait_seconds = wait_seconds
        self.max_waiting = WAITING_PER_SLOT * slots
        self.waiting = 0
        self.in_flight = 0  # foreground events past the gate, not yet done
        self.quiet = asyncio.Event()  # set while none is
        self.quiet.set()
        self.loop = asyncio.get_running_loop()
        self.refused = 0

    async def enter(self) -> bool:
        """Wait for a slot (no lock held); False at once when the queue is full, or when no slot
        came within ``wait_seconds``."""
        if self.waiting >= self.max_waiting:
            self.refused += 1
            return False
        self.waiting += 1
        try:
            async with asyncio.timeout(self.wait_seconds):
                await self.slots.acquire()
        except TimeoutError:
            self.refused += 1
            return False
        finally:
            self.waiting -= 1
        self.in_flight += 1
        self.quiet.clear()
        return True

    def leave(self) -> None:
        self.in_flight -= 1
        if not self.in_flight:
            self.quiet.set()
        self.slots.release()

    async def after_foreground(self, longest: float) -> None:
        """Work done for the users' tabs in the background (a live tab's refresh) waits while any of
        the worker's foreground events runs, at most ``longest`` seconds: a save comes first."""
        if self.in_flight:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(longest):
                    await self.quiet.wait()


_gate: Gate | None = None


def gate() -> Gate:
    global _gate
    if _gate is None or _gate.loop is not asyncio.get_running_loop():
        settings = get_settings()
        _gate = Gate(settings.max_inflight_events, settings.event_wait_seconds)
    return _gate


class GatedEventProcessor(BaseStateEventProcessor):
    async def _execute_event(self, *, entry, registered_handler) -> None:
        if registered_handler.handler.is_background:
            await super()._execute_event(entry=entry, registered_handler=registered_handler)
            return
        slots = gate()
        if not await slots.enter():
            # Answered without touching the tab's state: nothing was written, nothing is stale.
            await chain_updates(events=toasts.warning(BUSY_MESSAGE), handler_name="ekinerja.event_gate")
            return
        try:
            start_lock_clock()  # the handler's commit deadline counts from here (ekinerja.admission)
            await super()._execute_event(entry=entry, registered_handler=registered_handler)
        finally:
            slots.leave()

