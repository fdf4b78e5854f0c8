"""Foreground events queue for a slot before their state lock; background ones do not; a long wait is answered busy."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

from reflex_base.event.processor.base_state_processor import BaseStateEventProcessor

from ekinerja import event_gate
from ekinerja.admission import BUSY_MESSAGE, deadline_after
from tests import aio


def handler(background: bool = False):
    return SimpleNamespace(handler=SimpleNamespace(is_background=background))


def test_the_app_processes_events_through_the_gate():
    import ekinerja.ekinerja as app_module
    from ekinerja import event_limits

    # The app's one processor bounds each connection's queue and gates what it runs.
    assert isinstance(app_module.app, event_limits.App)
    assert issubclass(event_limits.BoundedEventProcessor, event_gate.GatedEventProcessor)


def test_foreground_events_wait_for_a_slot_before_the_lock_and_a_long_wait_is_answered_busy(monkeypatch):
    running, most, answered = [0], [0], []

    async def locked_event(self, *, entry, registered_handler):  # stands in for Reflex: lock, handler, store
        running[0] += 1
        most[0] = max(most[0], running[0])
        await asyncio.sleep(entry)
        running[0] -= 1

    async def answer(events, handler_name):
        answered.append(str(events))

    monkeypatch.setattr(BaseStateEventProcessor, "_execute_event", locked_event)
    monkeypatch.setattr(event_gate, "chain_updates", answer)
    processor = event_gate.GatedEventProcessor.__new__(event_gate.GatedEventProcessor)

    async def scenario(slots: int, wait: float, durations: list[float], background: bool = False):
        running[0] = most[0] = 0
        answered.clear()
        event_gate._gate = event_gate.Gate(slots, wait)
        await asyncio.gather(*(processor._execute_event(entry=d, registered_handler=handler(background)) for d in durations))
        return most[0], len(answered)

    # Two slots: never more than two events past the gate, all five served in turn.
    assert aio.run(scenario(2, 5.0, [0.05] * 5)) == (2, 0)
    # One slot held for a while: the waiting event gives up, answered "busy" without ever running.
    assert aio.run(scenario(1, 0.05, [0.3, 0.01])) == (1, 1)
    assert BUSY_MESSAGE in answered[0]
    # A full queue is answered at once: one slot, four waiting, the sixth refused without waiting.
    assert aio.run(scenario(1, 5.0, [0.05] * 6)) == (1, 1)
    # Background events hold no lock while they run: not gated.
    assert aio.run(scenario(1, 0.05, [0.1] * 3, background=True)) == (3, 0)


def test_the_commit_deadline_counts_from_when_the_state_lock_is_taken(monkeypatch):
    """A worker slow between taking a tab's state lock and running its handler has used part of the
    lock's expiry already: the handler's commit deadline is no later for it."""
    left = []

    async def locked_event(self, *, entry, registered_handler):  # Reflex: the lock taken, the state loaded slowly
        await asyncio.sleep(0.2)
        left.append(deadline_after(1.0) - time.monotonic())

    monkeypatch.setattr(BaseStateEventProcessor, "_execute_event", locked_event)
    processor = event_gate.GatedEventProcessor.__new__(event_gate.GatedEventProcessor)

    async def scenario():
        event_gate._gate = event_gate.Gate(1, 5.0)
        await processor._execute_event(entry=None, registered_handler=handler())

    aio.run(scenario())
    assert left[0] <= 0.81
    assert deadline_after(1.0) - time.monotonic() > 0.99  # outside a gated event: from now
    assert deadline_after(None) is None
