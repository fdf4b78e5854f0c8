"""Identity belongs to the connection that proved it, not to whoever knows a tab's client token.

Reflex keeps a tab's state on the server under its client token (a UUID in sessionStorage, also
named in some of Reflex's log lines), and anyone connecting with that UUID gets that state,
``session_token`` included. So the session token counts only on the Socket.IO connection
(``router.session.session_id``, assigned by the server, never taken from the client) on which it
was presented: the browser's ``hydrate_and_load``, sent on every (re)connect with the token from
localStorage, or ``update_vars_internal`` carrying it (localStorage sync between tabs), or the login
that issued it. :class:`SocketBinding` records that connection in the backend var
``AppState._token_socket``; the guard (``presented_token``) treats an event from any other
connection as anonymous until the token is presented on it again (the middleware is in
``socket_middleware``: it needs the app's root state, which builds on this module).

Uploads come over HTTP (``/_upload``) with only the client token in a header, not over a
connection: an upload handler therefore takes the session token as an argument
(``UPLOAD_TOKEN_ARG``, bound to ``AppState.session_token`` in the page), and an event with no
connection of its own that does not carry the tab's token is refused here, before its handler.
"""

from __future__ import annotations

from typing import Any

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
