"""The bounded event processor's bookkeeping: a bound per connection, discard on disconnect.

Reflex's own queueing is replaced by a stand-in that only hands out futures, so these tests show
what the subclass decides; tests/security/test_sessions.py runs the same rules over the protocol.
"""

from __future__ import annotations

import asyncio
import secrets

import pytest
from reflex.event import Event
from reflex_base.event.processor import BaseStateEventProcessor
from reflex_base.event.processor.future import EventFuture

from ekinerja import event_limits
from ekinerja.event_limits import BoundedEventProcessor
from ekinerja.state import live
from tests import aio

TOKEN = "tab-1"
POLLER = "state.watch"


@pytest.fixture(autouse=True)
def queue_stand_in(monkeypatch):
    async def enqueue(self, token, event, ev_ctx=None):
        return EventFuture(txid=secrets.token_hex(4))

    monkeypatch.setattr(BaseStateEventProcessor, "enqueue", enqueue)
    monkeypatch.setattr(event_limits, "_is_background", lambda event: event.name == POLLER)


def from_socket(socket: str, name: str = "state.select_day") -> Event:
    return Event(name=name, router_data={"sid": socket}, payload={})


def test_events_beyond_a_connections_bound_are_dropped_until_one_finishes():
    async def scenario():
        processor = BoundedEventProcessor(max_queued_per_socket=3)
        accepted = [await processor.enqueue(TOKEN, from_socket("sid-a")) for _ in range(5)]
        other = await processor.enqueue("tab-2", from_socket("sid-b"))
        dropped_first = processor.dropped
        accepted[0].set_result(None)
        await asyncio.sleep(0)  # done callbacks run on the next turn of the loop
        again = await processor.enqueue(TOKEN, from_socket("sid-a"))
        return [f.cancelled() for f in accepted], other.cancelled(), dropped_first, again.cancelled(), processor.dropped

    states, other_cancelled, dropped_first, again_cancelled, dropped = aio.run(scenario())
    assert states == [False, False, False, True, True]
    assert not other_cancelled  # another connection has a budget of its own
    assert dropped_first == 2 and not again_cancelled and dropped == 2


def test_chained_events_do_not_count_against_the_connection():
    async def scenario():
        processor = BoundedEventProcessor(max_queued_per_socket=2)
        chained = [await processor.enqueue(TOKEN, Event(name="state.load", payload={})) for _ in range(5)]
        return [f.cancelled() for f in chained], processor.dropped

    assert aio.run(scenario()) == ([False] * 5, 0)


def test_a_disconnect_discards_queued_events_stops_background_work_and_forgets_the_live_page(monkeypatch):
    forgotten = []
    monkeypatch.setattr(live, "forget_tab", forgotten.append)

    async def scenario():
        processor = BoundedEventProcessor(max_queued_per_socket=10)
        queued = [await processor.enqueue(TOKEN, from_socket("sid-a")) for _ in range(3)]
        poller = await processor.enqueue(TOKEN, Event(name=POLLER, payload={}))  # chained by a page load
        running = queued[0]
        processor._tasks[running.txid] = object()  # started: it finishes, a save is never cut in half
        other_tab = await processor.enqueue("tab-2", from_socket("sid-b"))
        processor._on_disconnect(TOKEN)
        return running.cancelled(), [f.cancelled() for f in queued[1:]], poller.cancelled(), other_tab.cancelled()

    running, rest, poller, other_tab = aio.run(scenario())
    assert not running and rest == [True, True] and poller and not other_tab
    assert forgotten == [TOKEN]  # the live hub refreshes it no more (ekinerja.state.live)
