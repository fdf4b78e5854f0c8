"""Bounded event queues: one connection cannot make the server work for it without end.

Reflex queues every event a Socket.IO connection sends (``EventNamespace.on_event`` ->
``EventProcessor.enqueue``) and runs a tab's events one after another, with no bound: 18,000
``select_day`` sent in 0.6 s were all queued, and 2,000 logins kept bcrypt busy for 13 minutes
after their socket had gone. Reflex offers no hook at the queue, so the app runs a small subclass
of its event processor (installed by :class:`App`, which also swaps in the state manager of
ekinerja.state_manager; nothing else changes how Reflex is constructed):

* at most ``EKINERJA_MAX_QUEUED_EVENTS`` events sent by one connection are unfinished at a time;
  beyond that an event is dropped before it is queued, and the tab is told once
  (``QUEUE_FULL``) until its queue has drained again;
* when a tab's connection ends, the events it queued that have not started are discarded, its
  background tasks (exports, a live page's registration) cancelled and its live page forgotten
  (ekinerja.state.live); an event already running finishes, so a save in progress is never cut
  in half.

Events a handler chains (page loads, refreshes) belong to the event that chained them and are not
counted again.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import AsyncIterator

import reflex as rx
from reflex.event import Event
from reflex_base import constants
from reflex_base.event.context import EventContext
from reflex_base.event.processor.future import EventFuture
from reflex_base.registry import RegistrationContext

from ekinerja.config import get_settings
from ekinerja.event_gate import GatedEventProcessor
from ekinerja.state import live
from ekinerja.state_manager import with_release_events

log = logging.getLogger("ekinerja.event_limits")

QUEUE_FULL = (
    "Terlalu banyak permintaan sekaligus dari halaman ini; sebagian diabaikan. "
    "Tunggu sampai selesai, lalu ulangi bila perlu."
)
QUEUE_FULL_TOAST_ID = "antrean-penuh"


class BoundedEventProcessor(GatedEventProcessor):
    """Reflex's event processor with a per-connection bound and discard-on-disconnect; what it runs
    waits for one of the worker's slots first (ekinerja.event_gate)."""

    def __init__(self, *, max_queued_per_socket: int, **reflex_options) -> None:
        super().__init__(**reflex_options)
        self.max_queued_per_socket = max_queued_per_socket
        self.dropped = 0  # events dropped since the worker started, for tests and monitoring
        # Unfinished events sent by each connection (Socket.IO session id).
        self._by_socket: dict[str, set[EventFuture]] = {}
        self._sockets_of_token: dict[str, set[str]] = {}
        # Connections told that their queue is full, until it drains.
        self._told: set[str] = set()
        # Unfinished background events per client token (root or chained).
        self._background: dict[str, set[EventFuture]] = {}

    async def enqueue(self, token: str, event: Event, ev_ctx: EventContext | None = None) -> EventFuture:
        socket = _sent_by_socket(event, ev_ctx)
        if socket is not None and len(self._by_socket.get(socket, ())) >= self.max_queued_per_socket:
            await self._drop(token, socket)
            dropped = EventFuture(txid="")
            dropped.cancel()
            return dropped
        future = await super().enqueue(token, event, ev_ctx)
        if future.done():
            return future
        if socket is not None:
            self._by_socket.setdefault(socket, set()).add(future)
            self._sockets_of_token.setdefault(token, set()).add(socket)
            future.add_done_callback(functools.partial(self._settled, socket))
        if _is_background(event):
            self._background.setdefault(token, set()).add(future)
            future.add_done_callback(functools.partial(_discard, self._background, token))
        return future

    async def _drop(self, token: str, socket: str) -> None:
        self.dropped += 1
        if socket in self._told:
            return
        self._told.add(socket)
        log.warning("queue of a connection full (%d events): dropping its further events", self.max_queued_per_socket)
        notice = Event.from_event_type(rx.toast.warning(QUEUE_FULL, id=QUEUE_FULL_TOAST_ID))
        if self._root_context is not None:
            await self._root_context.fork(token=token).emit_event(*notice)

    def _settled(self, socket: str, future: EventFuture) -> None:
        pending = self._by_socket.get(socket)
        if pending is None:
            return
        pending.discard(future)
        if not pending:
            del self._by_socket[socket]
            self._told.discard(socket)

    def _on_disconnect(self, token: str) -> None:
        super()._on_disconnect(token)
        for socket in self._sockets_of_token.pop(token, ()):
            self._told.discard(socket)
            for future in list(self._by_socket.pop(socket, ())):
                if future.txid not in self._tasks:  # queued, not started
                    future.cancel()
        for future in list(self._background.pop(token, ())):
            future.cancel()
        live.forget_tab(token)
        # What the tab's own events chained and is still waiting in its queue.
        for entry, _ in list(self._token_queues.get(token, ()))[1:]:
            if (future := self._futures.get(entry.ctx.txid)) is not None:
                future.cancel()


def _sent_by_socket(event: Event, ev_ctx: EventContext | None) -> str | None:
    """The connection that sent ``event``, or None for an event chained by a handler."""
    if ev_ctx is not None:
        return None
    with contextlib.suppress(LookupError):
        if EventContext.get().txid:
            return None  # enqueued from inside a running event
    socket = (event.router_data or {}).get(constants.RouteVar.SESSION_ID)
    return socket if isinstance(socket, str) and socket else None


def _is_background(event: Event) -> bool:
    with contextlib.suppress(LookupError):
        registered = RegistrationContext.get().event_handlers.get(event.name)
        return registered is not None and registered.handler.is_background
    return False


def _discard(groups: dict[str, set[EventFuture]], key: str, future: EventFuture) -> None:
    group = groups.get(key)
    if group is not None:
        group.discard(future)
        if not group:
            del groups[key]


class App(rx.App):
    """``rx.App`` whose event processor is :class:`BoundedEventProcessor` (Reflex has no setting for it):
    each connection's queue is bounded, and foreground events wait for a slot before their state lock.
    With Redis, its state manager hears only of lock releases (ekinerja.state_manager)."""

    def _setup_state(self) -> None:
        super()._setup_state()
        if self._state_manager is not None:
            self._state_manager = with_release_events(self._state_manager)

    @contextlib.asynccontextmanager
    async def _setup_event_processor(self) -> AsyncIterator[None]:
        # As Reflex's own App._setup_event_processor (0.10.1), with the bounded processor.
        if self.event_namespace is not None:
            self.event_namespace._token_manager._reset_instance_id()
        self._event_processor = BoundedEventProcessor(
            middleware=self,
            backend_exception_handler=self.backend_exception_handler,
            max_queued_per_socket=get_settings().max_queued_events,
        )
        async with self._event_processor.configure(state_manager=self.state_manager, event_namespace=self.event_namespace):
            live.serve(self)  # the live hub refreshes its tabs through this app's state manager
            yield
