"""Login and the forced password change."""

from __future__ import annotations

import asyncio

import reflex as rx

from ekinerja import toasts
from ekinerja.access import Actor, Rule
from ekinerja.clock import utcnow
from ekinerja.config import get_settings
from ekinerja.db import session_scope
from ekinerja.domain.client_address import client_address
from ekinerja.routes import CHANGE_PASSWORD, DASHBOARD
from ekinerja.services import auth
from ekinerja.state.actor_cache import actors
from ekinerja.state.app_state import AppState
from ekinerja.state.guard import guarded
from ekinerja.state.socket_binding import bind, socket_of

SESSION_ENDED = "Sesi Anda berakhir karena tidak ada aktivitas. Silakan masuk kembali."
# Login attempts one connection may make per minute, whatever NIPs it tries (bcrypt is costly).
ATTEMPTS_PER_SOCKET_MINUTE = 10
TOO_FAST = "Terlalu banyak percobaan masuk dari halaman ini. Tunggu satu menit, lalu coba lagi."


# Neither flow takes EditorMixin._write: a refused login or password change is itself a write that
# must commit (the failed attempt counts towards the lockout and is audited), so the service
# returns the outcome instead of raising ValidationFailed, which would roll that record back.
def _login(nip: str, password: str, address: str) -> auth.LoginOutcome:
    with session_scope() as session:
        return auth.login(session, nip=nip, password=password, client_address=address)


class LoginState(AppState):
    error: str = ""
    notice: str = ""
    busy: bool = False
    # This connection's recent attempts (UTC timestamps), for ATTEMPTS_PER_SOCKET_MINUTE.
    _attempts_socket: str = ""
    _attempts: list[float] = []

    def _attempt_allowed(self) -> bool:
        now = utcnow().timestamp()
        socket = socket_of(self)
        recent = [t for t in self._attempts if now - 60 < t <= now] if self._attempts_socket == socket else []
        if len(recent) >= ATTEMPTS_PER_SOCKET_MINUTE:
            return False
        self._attempts_socket, self._attempts = socket, [*recent, now]
        return True

    def _client_address(self) -> str:
        session = self.router.session
        forwarded = self.router.headers.raw_headers.get("x-forwarded-for", "")
        return client_address(session.client_ip, forwarded, get_settings().trusted_proxies)

    @guarded(Rule.PUBLIC)
    def load(self, actor: Actor | None):
        self.error = ""
        self.notice = SESSION_ENDED if self.router.url.query_parameters.get("alasan") == "sesi-berakhir" else ""
        if actor is not None:
            return rx.redirect(CHANGE_PASSWORD if actor.must_change_password else DASHBOARD)
        return None

    @guarded(Rule.PUBLIC)
    async def submit(self, actor: Actor | None, form_data: dict):
        nip = str(form_data.get("nip", ""))[:64]
        password = str(form_data.get("password", ""))[:256]
        if not self._attempt_allowed():
            self.error = TOO_FAST
            return None
        # bcrypt takes a noticeable moment: keep it off the event loop.
        outcome = await asyncio.to_thread(_login, nip, password, self._client_address())
        if outcome.token is None:
            self.error = outcome.message
            return None
        self.error = ""
        self.notice = ""
        self.session_token = outcome.token
        bind(self)  # issued on this connection
        return rx.redirect(CHANGE_PASSWORD if outcome.must_change_password else DASHBOARD)


def _change_password(actor: Actor, form_data: dict) -> list[str]:
    with session_scope() as session:
        return auth.change_password(
            session,
            actor=actor,
            current_password=str(form_data.get("current_password", ""))[:256],
            new_password=str(form_data.get("new_password", ""))[:256],
            confirmation=str(form_data.get("confirmation", ""))[:256],
        )


class ChangePasswordState(AppState):
    problems: list[str] = []

    @guarded(Rule.SESSION)
    def load(self, actor: Actor):
        self.problems = []

    @guarded(Rule.SESSION)
    async def submit(self, actor: Actor, form_data: dict):
        self.problems = await asyncio.to_thread(_change_password, actor, form_data)
        if self.problems:
            return None
        actors.forget(self.session_token)  # this session no longer has to change its password
        return [toasts.success("Kata sandi berhasil diganti."), rx.redirect(DASHBOARD)]
