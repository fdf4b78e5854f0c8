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
"""

from __future__ import annotations

from typing import Any

from reflex.event import Event
from reflex.middleware import Middleware
from reflex.state import FIELD_MARKER, BaseState, State, UpdateVarsInternalState

HYDRATE_AND_LOAD = f"{State.get_full_name()}.hydrate_and_load"
UPDATE_VARS = f"{UpdateVarsInternalState.get_full_name()}.update_vars_internal"
TOKEN_VAR = "session_token"


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


class SocketBinding(Middleware):
    """Records the connection that presented the session token (runs before every event, state locked)."""

    async def preprocess(self, app: Any, state: BaseState, event: Event) -> None:
        if _presents_token(event):
            from ekinerja.state.app_state import AppState

            bind(await state.get_state(AppState))
