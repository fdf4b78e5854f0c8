"""The root state of every page: the session token and the header profile."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ekinerja.access import Actor, Rule, may_open
from ekinerja.db import session_scope
from ekinerja.routes import AUDIENCE_LABELS, CHANGE_PASSWORD, DASHBOARD, DIALOG_KINERJA, LOGIN, restricted_page
from ekinerja.services import auth, dialog
from ekinerja.services.profile import header_profile
from ekinerja.state.actor_cache import actors
from ekinerja.state.guard import guarded
from ekinerja.state.live import Feed, Marker, keep_live, live_event, page_pollers, page_route
from ekinerja.state.socket_binding import presented_token

SESSION_STORAGE_KEY = "ekinerja_session"


class AppState(rx.State):
    # The only thing the browser holds: an opaque token; identity is looked up server-side.
    session_token: str = rx.LocalStorage("", name=SESSION_STORAGE_KEY, sync=True)
    # The Socket.IO connection the token was presented on: it counts on no other (socket_binding).
    _token_socket: str = ""

    # Display only: access decisions never read these.
    user_name: str = ""
    user_nip: str = ""
    user_jabatan: str = ""
    user_unit: str = ""
    show_admin_menu: bool = False
    show_supervisor_menu: bool = False
    profile_loaded: bool = False
    dialog_unread: int = 0  # dialog kinerja threads with a message not yet read: the menu's badge

    def _show_profile(self, actor: Actor) -> None:
        with session_scope() as session:
            profile = header_profile(session, actor=actor)
            self.dialog_unread = dialog.unread_count(session, actor=actor)
        self.user_name = profile.name
        self.user_nip = profile.nip
        self.user_jabatan = profile.jabatan
        self.user_unit = profile.unit
        self.show_admin_menu = actor.is_admin
        self.show_supervisor_menu = actor.is_supervisor
        self.profile_loaded = True

    def _assign_changed(self, **values: Any) -> None:
        """Set only the vars whose value differs: Reflex sends (and type-checks) every var assigned,
        equal or not, and a live refresh lays out its whole page again for one change."""
        for name, value in values.items():
            if getattr(self, name) != value:
                setattr(self, name, value)

    @rx.var
    def page_allowed(self) -> bool:
        """Whether the menus shown say this page is for the user: a page for another role shows
        nothing while load_session sends the user back (display only; every handler checks itself)."""
        item = restricted_page(self.router.url.path)
        if item is None:
            return True
        return self.show_supervisor_menu if item.audience == "supervisor" else self.show_admin_menu

    @guarded(Rule.SESSION)
    def load_session(self, actor: Actor):
        """First on_load of every signed-in page: fills the header, enforces the password change,
        and sends a user who opened another role's page back to the Dashboard with one message."""
        self._show_profile(actor)
        if actor.must_change_password and self.router.route_id != CHANGE_PASSWORD:
            return rx.redirect(CHANGE_PASSWORD)
        item = restricted_page(self.router.url.path)
        if item is not None and not may_open(item.audience, actor):
            return [
                rx.redirect(DASHBOARD),
                rx.toast.warning(
                    f"Anda tidak berwenang membuka halaman {item.label}: halaman itu khusus "
                    f"{AUDIENCE_LABELS[item.audience]}. Anda dikembalikan ke Dashboard.",
                    id="tolak-halaman",
                    duration=8000,  # long enough to read on the Dashboard it lands on
                ),
            ]
        if actor.must_change_password or page_route(self) in page_pollers:
            return None  # the page's load keeps the tab live, the badge's feed with it (state/live.py)
        return AppState.watch_unread

    @live_event(Rule.SIGNED_IN)
    async def watch_unread(self, actor: Actor):
        """Live menu badge on a page with nothing else live (a live page's record carries the badge,
        see ``_keep_page_live``)."""
        route = page_route(self)
        if not route:  # not sent by a page's load: no page to keep live
            return
        await keep_live(self, route=route, actor=actor, feeds=[self._unread_feed(actor)])

    async def _keep_page_live(self, actor: Actor, *, route: str, feed: Feed) -> None:
        """A live page: its own feed and the menu's badge beside it, in one record per tab (the
        Dialog Kinerja page's own feed carries the count)."""
        feeds = [feed] if route == DIALOG_KINERJA else [feed, self._unread_feed(actor)]
        await keep_live(self, route=route, actor=actor, feeds=feeds)

    def _unread_feed(self, actor: Actor) -> Feed:
        """The menu's badge: the dialog kinerja unread count follows new messages in the dialogs of the
        user and their team, and what the user reads elsewhere (the worker's hub reads the markers;
        the count is read in a thread, only when they move)."""
        return Feed(
            watch=lambda: _unread_watch(actor), marker=Marker.of(dialog.unread_marker),
            read=lambda _params: _unread_count(actor), show=AppState._show_unread, own_changes=False,
        )

    def _show_unread(self, count: int) -> None:
        self.dialog_unread = count

    @guarded(Rule.PUBLIC)
    def logout(self, actor: Actor | None):
        if token := presented_token(self):
            with session_scope() as session:
                auth.logout(session, token=token)
            actors.forget(token)
        self.reset()
        self.session_token = ""
        return rx.redirect(LOGIN)


def _unread_watch(actor: Actor) -> list[int]:
    with session_scope() as session:
        return dialog.unread_watch(session, actor=actor)


def _unread_count(actor: Actor) -> int:
    with session_scope() as session:
        return dialog.unread_count(session, actor=actor)
