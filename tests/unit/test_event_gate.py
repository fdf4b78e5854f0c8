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
    # A full queue is answered at once: one slot, WAITING_PER_SLOT waiting, the next refused without waiting.
    assert aio.run(scenario(1, 5.0, [0.01] * (1 + event_gate.WAITING_PER_SLOT + 1))) == (1, 1)
    # Background events hold no lock while they run: not gated.
    assert aio.run(scenario(1, 0.05, [0.1] * 3, background=True)) == (3, 0)


def test_background_work_waits_while_a_foreground_event_runs_at_most_a_while(monkeypatch):
    """A live tab's refresh (ekinerja.state.live) asks the gate to go after the users' own events: it
    waits while any of them is past the gate, and no longer than it asked; background events do not count."""

    async def locked_event(self, *, entry, registered_handler):
        await entry.wait()

    monkeypatch.setattr(BaseStateEventProcessor, "_execute_event", locked_event)
    processor = event_gate.GatedEventProcessor.__new__(event_gate.GatedEventProcessor)

    async def scenario():
        gate = event_gate._gate = event_gate.Gate(2, 5.0)
        await asyncio.wait_for(gate.after_foreground(60.0), 1.0)  # nothing running: at once
        done, background = asyncio.Event(), asyncio.Event()
        running = asyncio.create_task(processor._execute_event(entry=done, registered_handler=handler()))
        exporting = asyncio.create_task(processor._execute_event(entry=background, registered_handler=handler(True)))
        await asyncio.sleep(0.01)
        waiting = asyncio.create_task(gate.after_foreground(60.0))
        await asyncio.sleep(0.05)
        waited_while_running = not waiting.done()
        done.set()
        await asyncio.wait_for(waiting, 1.0)  # the event ended; the background one still runs
        again = asyncio.Event()
        running = asyncio.create_task(processor._execute_event(entry=again, registered_handler=handler()))
        await asyncio.sleep(0.01)
        await asyncio.wait_for(gate.after_foreground(0.05), 1.0)  # it runs on: not waited for past the bound
        still_running = not running.done()
        again.set()
        background.set()
        await asyncio.gather(running, exporting)
        return waited_while_running, still_running, gate.in_flight

    assert aio.run(scenario()) == (True, True, 0)


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
