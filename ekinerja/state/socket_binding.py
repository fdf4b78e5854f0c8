"""Identity belongs to the connection that proved it, not to whoever knows a tab's client token.

Reflex keeps a tab's state on the server under its client token (a UUID in sessionStorage, also
named in some of Reflex's log lines), and anyone connecting with that UUID gets that state,
``session_token`` included. So the session token counts only on the Socket.IO connection
(``router.session.session_id``, assigned by the server, never taken from the client) on which it
was presented: the browser's ``hydrate_and_load``, sent on every (re)connect with the token from
localStorage, or ``update_vars_internal`` carrying it (localStorage sync between tabs), or the login
that issued it. :class:`SocketBinding` records that connection in the backend var
``AppState._token_socket``; the guard (``presented_token``) treats an event from any other
connection as anonymous until the token is presented on it again.

Uploads come over HTTP (``/_upload``) with only the client token in a header, not over a
connection: an upload handler therefore takes the session token as an argument
(``UPLOAD_TOKEN_ARG``, bound to ``AppState.session_token`` in the page), and an event with no
connection of its own that does not carry the tab's token is refused here, before its handler.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from reflex.event import Event
from reflex.middleware import Middleware
from reflex.state import FIELD_MARKER, BaseState, State, StateUpdate, UpdateVarsInternalState
from reflex_base import constants
from reflex_base.event.context import EventContext

log = logging.getLogger("ekinerja.access")

HYDRATE_AND_LOAD = f"{State.get_full_name()}.hydrate_and_load"
UPDATE_VARS = f"{UpdateVarsInternalState.get_full_name()}.update_vars_internal"
TOKEN_VAR = "session_token"
UPLOAD_TOKEN_ARG = "session_token"  # the argument an upload handler receives the token under


def socket_of(state: Any) -> str:
    """The server-assigned Socket.IO session id of the connection this event came from."""
    return getattr(getattr(getattr(state, "router", None), "session", None), "session_id", "")


def bind(app_state: Any) -> None:
    """The session token of ``app_state`` was presented on the current connection."""
    app_state._token_socket = socket_of(app_state)


def presented_token(state: Any) -> str:
    """The tab's session token if it was presented on this event's connection, else ``""``."""
    token = getattr(state, TOKEN_VAR, "")
    # The token comes from the browser: anything but a string is no token at all.
    if not isinstance(token, str) or getattr(state, "_token_socket", "") != socket_of(state):
        return ""
    return token


def _presents_token(event: Event) -> bool:
    if event.name == HYDRATE_AND_LOAD:
        # The hydrate clears client storage and applies what the browser sent: the token shown
        # from now on is whatever this connection presented (possibly none).
        return True
    if event.name != UPDATE_VARS:
        return False
    sent = event.payload.get("vars")
    return isinstance(sent, dict) and any(
        isinstance(key, str) and key.rpartition(".")[2].removesuffix(FIELD_MARKER) == TOKEN_VAR for key in sent
    )


def _has_own_connection() -> bool:
    """Whether the running event came over a connection (or was chained by one that did)."""
    return bool(EventContext.get().router_data.get(constants.RouteVar.SESSION_ID))


class SocketBinding(Middleware):
    """Records the connection that presented the session token, and refuses an upload that does not
    carry it (runs before every event, with the tab's state locked)."""

    async def preprocess(self, app: Any, state: BaseState, event: Event) -> StateUpdate | None:
        from ekinerja.state.app_state import AppState

        if _presents_token(event):
            bind(await state.get_state(AppState))
            return None
        if _has_own_connection():
            return None
        presented = event.payload.pop(UPLOAD_TOKEN_ARG, None)  # checked here, not by the handler
        token = (await state.get_state(AppState)).session_token
        if (
            isinstance(presented, str) and presented and isinstance(token, str)
            and secrets.compare_digest(presented.encode(), token.encode())
        ):
            return None
        from ekinerja.state.guard import refusals

        refusals.add(event.name, "tanpa koneksi")
        log.warning("refused %s: no connection of its own and no session token", event.name)
        return StateUpdate()
