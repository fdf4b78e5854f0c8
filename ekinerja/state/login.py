"""Login and the forced password change."""

from __future__ import annotations

import asyncio

import reflex as rx

from ekinerja.access import Actor, Rule
from ekinerja.db import session_scope
from ekinerja.routes import CHANGE_PASSWORD, DASHBOARD
from ekinerja.services import auth
from ekinerja.state.app_state import AppState
from ekinerja.state.guard import guarded
from ekinerja.state.socket_binding import bind

SESSION_ENDED = "Sesi Anda berakhir karena tidak ada aktivitas. Silakan masuk kembali."


def _login(nip: str, password: str) -> auth.LoginOutcome:
    with session_scope() as session:
        return auth.login(session, nip=nip, password=password)


class LoginState(AppState):
    error: str = ""
    notice: str = ""
    busy: bool = False

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
        # bcrypt takes a noticeable moment: keep it off the event loop.
        outcome = await asyncio.to_thread(_login, nip, password)
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
        return [rx.toast.success("Kata sandi berhasil diganti."), rx.redirect(DASHBOARD)]
