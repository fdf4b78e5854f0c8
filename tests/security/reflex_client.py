"""A small hostile client for Reflex 0.10.1's event protocol, speaking it the way the browser does.

What the generated frontend (``.web/utils/state.js``) does, and this client copies:

* ``createSocket``: a Socket.IO client on the backend's ``/_event`` path and namespace (the
  browser's ``io("http://backend/_event", {path: "/_event"})``), websocket transport,
  query ``{token: <client token>}``. The client token is a per-tab UUID (sessionStorage
  ``token``); it only names the tab's state on the server and carries no identity.
* On connect the browser sends one boot event, ``reflex___state____state.hydrate_and_load``,
  with payload ``{"vars": {<state full name>.<var>_rx_state_: value, ...}}`` holding the
  client-storage vars (here the ``AppState.session_token`` LocalStorage var) and router data.
  On a page's first connect it also sends ``hashes``, the hashes of the state defaults compiled
  into the bundle (``initialStateHashes``), and the backend sends only the vars that differ from
  them; a reconnect sends none and gets the whole state. :meth:`ReflexClient.hydrate` sends them
  when asked (``first=True``), computed as the compiler computes them.
  The browser puts it into the Socket.IO CONNECT packet (``auth.event``); an older frontend
  emits it as an ordinary event after connecting, which the backend equally accepts. This
  client does the latter.
* Every event is emitted as ``socket.emit("event", {"name": "<state>.<handler>", "payload":
  {...}, "router_data": {"pathname": ..., "asPath": ..., "query": {...}}})``.
* The backend answers with ``"event"`` messages ``{"delta": {<state full name>: {<var>_rx_state_:
  value}}, "events": [...]}``. ``events`` holds frontend-only specs (``_redirect``,
  ``_call_function`` for toasts, ...); backend events a handler chains (``on_load_internal``,
  page ``on_load`` handlers) are queued server-side and reach the client only as more
  ``"event"`` messages. The protocol has no end-of-event marker (``StateUpdate.final`` is
  deprecated and unused), so :meth:`ReflexClient.send` collects messages until the line has
  been quiet for a moment.
"""

from __future__ import annotations

import asyncio
import functools
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import socketio

FIELD_MARKER = "_rx_state_"
ROOT_STATE = "reflex___state____state"
HYDRATE = f"{ROOT_STATE}.hydrate_and_load"
UPDATE_VARS = f"{ROOT_STATE}.reflex___state____update_vars_internal_state.update_vars_internal"
ON_LOAD_INTERNAL = f"{ROOT_STATE}.reflex___state____on_load_internal_state.on_load_internal"
EVENT_PATH = "/_event"


def event_name(state_cls: type, handler: str) -> str:
    """The wire name of a handler: the state's full name, a dot, the handler's name."""
    return f"{state_cls.get_full_name()}.{handler}"


def var_key(var: str) -> str:
    """The wire key of a var inside a state's delta (and of a client-storage var in ``vars``)."""
    return f"{var}{FIELD_MARKER}"


def storage_key(state_cls: type, var: str) -> str:
    """The fully qualified client-storage key the browser sends in ``hydrate_and_load``."""
    return f"{state_cls.get_full_name()}.{var}{FIELD_MARKER}"


@functools.cache
def compiled_defaults() -> dict[str, dict[str, Any]]:
    """The state defaults the compiler bakes into the bundle (its ``initialState``)."""
    from reflex.compiler.utils import compile_state
    from reflex.state import State

    import ekinerja.ekinerja  # noqa: F401  (every state, as the compiled bundle holds them)

    return compile_state(State)


@functools.cache
def compiled_state_hashes() -> list[str]:
    """What a freshly loaded page sends as ``hashes``: the compiler's ``initialStateHashes``."""
    from reflex.state import state_snapshot_hashes

    return state_snapshot_hashes(compiled_defaults())


def router_data(path: str, query: dict[str, str] | None = None) -> dict[str, Any]:
    search = ""
    if query:
        from urllib.parse import urlencode

        search = "?" + urlencode(query)
    data: dict[str, Any] = {"pathname": path, "asPath": path + search}
    if query:
        data["query"] = dict(query)
    return data


@dataclass
class Received:
    """Everything the server sent on one connection, in order."""

    updates: list[dict] = field(default_factory=list)

    @property
    def deltas(self) -> list[dict]:
        return [u.get("delta") or {} for u in self.updates]

    @property
    def frontend_events(self) -> list[dict]:
        return [e for u in self.updates for e in (u.get("events") or [])]

    def text(self) -> str:
        return json.dumps(self.updates, default=str, ensure_ascii=False)


# Every client token, Socket.IO session id and session token any ReflexClient used or was sent in
# this test session: none of them may appear in the app's log (tests/security/test_sessions.py).
SECRETS_SEEN: set[str] = set()


def _remember_secrets(delta: dict) -> None:
    for changes in delta.values():
        token = changes.get(var_key("session_token"))
        if isinstance(token, str) and token:
            SECRETS_SEEN.add(token)
        session = changes.get(var_key("rx_router_session"))
        if isinstance(session, dict):
            SECRETS_SEEN.update(v for k in ("session_id", "client_token") if isinstance(v := session.get(k), str) and v)


class ReflexClient:
    """One browser tab, minus the browser. Not thread-safe; one event in flight at a time."""

    def __init__(self, *, headers: dict[str, str] | None = None, quiet: float = 0.8, timeout: float = 30.0):
        self.headers = dict(headers or {})
        self.quiet = quiet
        self.timeout = timeout
        self.client_token = ""
        self.path = "/"
        self.query: dict[str, str] = {}
        self.state: dict[str, dict] = {}  # the deltas merged, as the browser's reducers hold them
        self.received = Received()
        self.other_messages: list[tuple[str, Any]] = []
        self._sio: socketio.AsyncClient | None = None
        self._last_message = 0.0
        self._count = 0

    # -- connection -------------------------------------------------------

    async def connect(self, backend_url: str, client_token: str | None = None) -> None:
        self.client_token = client_token or str(uuid.uuid4())
        sio = socketio.AsyncClient(reconnection=False)

        @sio.on("event", namespace=EVENT_PATH)
        async def _on_event(update):
            self._record(update)

        @sio.on("*", namespace=EVENT_PATH)
        async def _on_other(name, *args):
            self.other_messages.append((name, args))
            self._last_message = time.monotonic()

        await sio.connect(
            f"{backend_url.rstrip('/')}?token={self.client_token}",
            socketio_path=EVENT_PATH,
            transports=["websocket"],
            headers=self.headers,
            namespaces=[EVENT_PATH],
            wait_timeout=self.timeout,
        )
        self._sio = sio
        SECRETS_SEEN.update(filter(None, (self.client_token, sio.get_sid(namespace=EVENT_PATH))))

    async def close(self) -> None:
        if self._sio is not None:
            await self._sio.disconnect()
            self._sio = None

    # -- events -----------------------------------------------------------

    def _record(self, update: Any) -> None:
        if isinstance(update, str):
            update = json.loads(update)
        self.received.updates.append(update)
        _remember_secrets(update.get("delta") or {})
        for substate, changes in (update.get("delta") or {}).items():
            self.state.setdefault(substate, {}).update(changes)
        self._count += 1
        self._last_message = time.monotonic()

    async def emit(self, name: str, payload: dict | None = None, *, path: str | None = None, query: dict | None = None) -> None:
        """Send one event without waiting for its answer."""
        assert self._sio is not None, "connect() first"
        event = {
            "name": name,
            "payload": payload or {},
            "router_data": router_data(path or self.path, self.query if query is None else query),
        }
        await self._sio.emit("event", event, namespace=EVENT_PATH)

    async def flood(self, name: str, payloads: list[dict], *, path: str | None = None) -> float:
        """Send the events back to back without waiting, then wait until the server has answered and
        gone quiet. Returns how long sending took."""
        start = len(self.received.updates)
        began = time.monotonic()
        for payload in payloads:
            await self.emit(name, payload, path=path)
        sent = time.monotonic() - began
        self._last_message = time.monotonic()
        await self._settle(after=start)
        return sent

    async def send(
        self, name: str, payload: dict | None = None, *, path: str | None = None, query: dict | None = None,
        answered: bool = False,
    ) -> list[dict]:
        """Send one event; return the deltas the server sent until it went quiet (the event finished).

        ``answered``: the event always gets an answer, so wait for its first message (up to the
        timeout) before waiting for quiet; a slow server then does not look like a silent one.
        """
        start = len(self.received.updates)
        self._last_message = time.monotonic()
        await self.emit(name, payload, path=path, query=query)
        await self._settle(after=start if answered else None)
        return [u.get("delta") or {} for u in self.received.updates[start:]]

    def updates_since(self, start: int) -> list[dict]:
        return self.received.updates[start:]

    async def _settle(self, after: int | None = None) -> None:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            if after is not None and len(self.received.updates) <= after:
                continue
            if time.monotonic() - self._last_message >= self.quiet:
                return

    async def wait_until(self, condition) -> bool:
        """Wait (up to the timeout) until ``condition()`` holds, then for quiet: what a slow server
        sends after a pause longer than ``quiet`` still arrives."""
        deadline = time.monotonic() + self.timeout
        while not condition() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await self._settle()
        return condition()

    def toasts(self, start: int = 0) -> str:
        """The text of every frontend event (toasts are ``_call_function`` specs) since ``start``."""
        return json.dumps([e for u in self.received.updates[start:] for e in (u.get("events") or [])], ensure_ascii=False)

    async def hydrate(
        self, path: str = "/", session_token: str | None = None, *, query: dict[str, str] | None = None, vars: dict | None = None,
        first: bool = False,
    ) -> list[dict]:
        """What the browser sends on (re)connect: client storage plus the page, which runs its on_load handlers.
        ``first``: as a freshly loaded page sends it, with the compiled defaults' hashes."""
        from ekinerja.state.app_state import AppState

        self.path, self.query = path, dict(query or {})
        payload: dict[str, Any] = {}
        storage = dict(vars or {})
        if session_token is not None:
            storage[storage_key(AppState, "session_token")] = session_token
        if storage:
            payload["vars"] = storage
        if first:
            payload["hashes"] = compiled_state_hashes()
        # The server always answers a hydrate (with the state, or an error).
        return await self.send(HYDRATE, payload, answered=True)

    async def navigate(self, path: str, *, query: dict[str, str] | None = None, session_token: str | None = None) -> list[dict]:
        """A client-side navigation: update_vars_internal (client storage) then on_load_internal."""
        from ekinerja.state.app_state import AppState

        self.path, self.query = path, dict(query or {})
        start = len(self.received.updates)
        if session_token is not None:
            await self.emit(UPDATE_VARS, {"vars": {storage_key(AppState, "session_token"): session_token}})
        await self.emit(ON_LOAD_INTERNAL, {})
        self._last_message = time.monotonic()
        await self._settle()
        return [u.get("delta") or {} for u in self.received.updates[start:]]

    # -- reading the state --------------------------------------------------

    def var(self, state_cls: type, name: str, default: Any = None) -> Any:
        return self.state.get(state_cls.get_full_name(), {}).get(var_key(name), default)

    def redirects(self, start: int = 0) -> list[str]:
        out = []
        for update in self.received.updates[start:]:
            for ev in update.get("events") or []:
                if ev.get("name") == "_redirect":
                    out.append((ev.get("payload") or {}).get("path", ""))
        return out
