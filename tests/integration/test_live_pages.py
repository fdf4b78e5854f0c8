"""Every signed-in page keeps its tab live with one event: a live page's own (which carries the menu's
unread badge as a second feed), or the badge's where the page has nothing else live (issue 17: one
record per tab in the live hub, whatever the page keeps live)."""

from __future__ import annotations

from datetime import date

import pytest
import reflex as rx
from reflex.istate.data import RouterData

from ekinerja import routes
from ekinerja.services import auth
from ekinerja.state import guard
from tests import aio
from tests.test_access_walk import _drive, _events

TODAY = date(2026, 11, 18)


@pytest.fixture(autouse=True)
def _walk_day(pin_today):
    pin_today(TODAY)


@pytest.fixture(autouse=True)
def _no_commit_deadline(monkeypatch):
    """This checks which live events a page sends, not overload: with Redis configured (pass 2) a load
    reaching its commit after the deadline is answered "server sibuk" and starts none, which a busy
    test machine did to Progres Pekerjaan's (tests/integration/test_admission.py covers the deadline)."""
    monkeypatch.setattr(guard, "commit_within", lambda: None)


def _pollers_started(token: str, route: str) -> list[str] | None:
    """The background events a tab's page load chain returns, run in-process as in the browser; None
    when the page sends the user elsewhere (another role's page)."""
    from ekinerja.ekinerja import app
    from ekinerja.state.app_state import AppState

    root = rx.State(_reflex_internal_init=True)
    root.router = RouterData.from_router_data({"pathname": route, "asPath": route, "query": {}})
    root.get_substate(AppState.get_full_name().split(".")[1:]).session_token = token
    started = []
    for load in app.get_load_events(route):
        cls = load.state or AppState
        instance = root.get_substate(cls.get_full_name().split(".")[1:])
        for event in _events(aio.run(_drive(instance, load.fn, {}))):
            if "_redirect" in repr(event):
                return None
            if getattr(event, "is_background", False) and event.supersedes:  # a live page (live_event)
                started.append(f"{event.state.__name__}.{event.fn.__name__}")
    return started


@pytest.mark.parametrize("who", ["staf", "kepala_seksi"])
def test_every_signed_in_page_starts_one_poller(db, seeded_demo, who):
    account = getattr(seeded_demo(TODAY), who)
    outcome = auth.login(db, nip=account.nip, password=account.password)
    db.commit()
    signed_in = [v for k, v in vars(routes).items() if k.isupper() and isinstance(v, str) and v.startswith("/") and v != routes.LOGIN]
    started = {route: _pollers_started(outcome.token, route) for route in signed_in}
    opened = {route: names for route, names in started.items() if names is not None}
    assert {route: names for route, names in opened.items() if len(names) != 1} == {}
    # The pages a tab spends its month-end on keep their own feed live, with the badge beside it.
    assert started[routes.KEGIATAN_HARIAN] == ["KegiatanHarianState.watch"]
    assert started[routes.DIALOG_KINERJA] == ["DialogState.watch"]
    team_on_dashboard = "DashboardTeamState.watch_team" if who == "kepala_seksi" else "AppState.watch_unread"
    assert started[routes.DASHBOARD] == [team_on_dashboard]
