"""The middleware half of ``socket_binding``: before every event (with the tab's state locked) it
records the connection that presented the session token, and refuses an upload that does not carry
the tab's token. Apart from ``socket_binding`` because it needs the root state, which needs the guard."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from reflex.event import Event
from reflex.middleware import Middleware
from reflex.state import FIELD_MARKER, BaseState, State, StateUpdate, UpdateVarsInternalState
from reflex_base import constants
from reflex_base.event.context import EventContext

from ekinerja.state.app_state import AppState
from ekinerja.state.guard import refusals
from ekinerja.state.socket_binding import TOKEN_VAR, UPLOAD_TOKEN_ARG, bind

log = logging.getLogger("ekinerja.access")

HYDRATE_AND_LOAD = f"{State.get_full_name()}.hydrate_and_load"
UPDATE_VARS = f"{UpdateVarsInternalState.get_full_name()}.update_vars_internal"


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
        refusals.add(event.name, "tanpa koneksi")
        log.warning("refused %s: no connection of its own and no session token", event.name)
        return StateUpdate()
