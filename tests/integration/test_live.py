"""The per-worker live hub: one batched read for all open tabs, waking only those that changed."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import time, timedelta
from decimal import Decimal
from time import sleep
from types import SimpleNamespace

import pytest
from sqlalchemy import event

from ekinerja.clock import local_today, utcnow
from ekinerja.db import session_scope
from ekinerja.models import AuthSession, DailyActivity
from ekinerja.services import activity_review, auth, dashboard
from ekinerja.state import live
from tests import aio
from tests.integration.factories import actor_for, make_employee, make_org, nip_for

WAIT = 10.0  # generous: the machine may be busy; the hub polls every few milliseconds here
ROUTE = "/kegiatan-harian"


@pytest.fixture
def staff(db, monkeypatch):
    monkeypatch.setattr(live, "POLL_SECONDS", 0.01)
    monkeypatch.setattr(live, "SESSION_CHECK_SECONDS", 0.02)
    org = make_org(db)
    one = make_employee(db, position=org.staff, nip=nip_for(2), name="Ani Staf")
    two = make_employee(db, position=org.staff, nip=nip_for(3), name="Budi Staf")
    db.commit()
    return one.id, two.id


def add_entry(employee_id: int, hour: int = 8, *, by_tab: str = "", slow_commit_hooks: float = 0.0) -> None:
    """An entry; ``by_tab``: saved by that tab, as KegiatanHarianState.save does (own_change in its transaction).
    ``slow_commit_hooks``: seconds between the commit and own_change's hook, for the hub to read in."""
    with session_scope() as session:
        if slow_commit_hooks:
            event.listen(session, "after_commit", lambda _session: sleep(slow_commit_hooks), once=True)
        session.add(DailyActivity(
            employee_id=employee_id, activity_date=local_today(), start_time=time(hour), end_time=time(hour + 1), task_text="Uji",
            quantity=Decimal(1), effective_minutes=60, status="diajukan",
        ))
        if by_tab:
            session.flush()
            live.own_change(session, by_tab)


def sign_in(employee_id: int, *, idle_for: timedelta = timedelta()) -> tuple[str, int]:
    token = f"token-{employee_id}-{idle_for.total_seconds()}"
    seen = utcnow() - idle_for
    with session_scope() as session:
        row = AuthSession(token_hash=auth.token_digest(token), employee_id=employee_id, created_at=seen, last_seen_at=seen)
        session.add(row)
        session.flush()
        return token, row.id


ENTRIES = live.Marker.of(activity_review.change_markers)


def watcher(employee_ids, session_id: int) -> live.Watcher:
    found = live.Watcher(ENTRIES, frozenset(employee_ids), session_id)
    with session_scope() as session:
        found.seen = found.fingerprint(ENTRIES.fetch(session, found.employee_ids))
    return found


def test_equal_markers_are_one_marker():
    since = local_today()
    assert live.Marker.of(dashboard.team_markers, since=since) == live.Marker.of(dashboard.team_markers, since=since)
    assert live.Marker.of(dashboard.team_markers, since=since) != live.Marker.of(dashboard.team_markers, since=since.replace(day=1) - timedelta(days=1))
    assert live.Marker.of(activity_review.change_markers) == ENTRIES


def test_the_hub_wakes_only_the_tabs_whose_employees_changed(staff):
    one, two = staff
    _, session_one = sign_in(one)
    _, session_two = sign_in(two)

    async def scenario():
        first_tab, second_tab = watcher([one], session_one), watcher([one], session_one)
        other_tab, team_tab = watcher([two], session_two), watcher([one, two], session_two)
        hub = live.hub()
        for tab in (first_tab, second_tab, other_tab, team_tab):
            hub.add(tab)
        await asyncio.sleep(0.05)
        assert not any(tab.wake.is_set() for tab in (first_tab, second_tab, other_tab, team_tab))
        add_entry(one)
        await asyncio.wait_for(asyncio.gather(first_tab.wake.wait(), second_tab.wake.wait(), team_tab.wake.wait()), WAIT)
        woken = (first_tab.wake.is_set(), second_tab.wake.is_set(), team_tab.wake.is_set(), other_tab.wake.is_set())
        for tab in (first_tab, second_tab, other_tab, team_tab):
            hub.remove(tab)
        await asyncio.wait_for(hub.task, WAIT)  # the hub ends with its last tab
        return woken

    assert aio.run(scenario()) == (True, True, True, False)


def test_a_tab_joining_after_the_round_that_saw_its_change_is_still_woken(staff):
    """The hub compares a tab only when one of its employees' markers moved since the last round,
    and a tab new to it in its first round whatever moved: its page may have read before a change
    that the hub saw in a round the tab was not part of yet."""
    one, two = staff
    _, session_one = sign_in(one)

    async def scenario():
        hub = live.hub()
        early = watcher([one], session_one)
        hub.add(early)
        late, quiet = watcher([one], session_one), watcher([two], session_one)  # read before the change
        add_entry(one)
        await asyncio.wait_for(early.wake.wait(), WAIT)  # a round saw the change
        await asyncio.sleep(0.05)  # and later rounds saw nothing move
        hub.add(late)
        hub.add(quiet)
        await asyncio.wait_for(late.wake.wait(), WAIT)
        await asyncio.sleep(0.05)
        woken = late.wake.is_set(), quiet.wake.is_set(), late.fresh, quiet.fresh
        for tab in (early, late, quiet):
            hub.remove(tab)
        await asyncio.wait_for(hub.task, WAIT)
        return woken

    assert aio.run(scenario()) == (True, False, False, False)


def test_the_hub_ends_the_tabs_of_a_session_that_ended_or_idled_out(staff):
    one, two = staff
    token, ended = sign_in(one)
    _, idle = sign_in(one, idle_for=timedelta(days=1))
    _, valid = sign_in(two)
    with session_scope() as session:
        auth.logout(session, token=token)
        assert auth.live_sessions(session, session_ids=[ended, idle, valid]).keys() == {valid}

    async def scenario():
        tabs = watcher([one], ended), watcher([one], idle), watcher([two], valid)
        hub = live.hub()
        for tab in tabs:
            hub.add(tab)
        await asyncio.wait_for(asyncio.gather(tabs[0].wake.wait(), tabs[1].wake.wait()), WAIT)
        for tab in tabs:
            hub.remove(tab)
        return [tab.signed_out for tab in tabs]

    assert aio.run(scenario()) == [True, True, False]


class Tab:
    """Stands in for a page's state proxy: locked with ``async with``, on a route, signed in."""

    def __init__(self, token: str, client: str = "tab-1"):
        self.session_token = token
        self.router = SimpleNamespace(route_id=ROUTE, session=SimpleNamespace(client_token=client))
        self.refreshed = asyncio.Event()
        self.locked = False
        self.reads: list[bool] = []  # whether the tab's lock was held during each read
        self.shows: list[bool] = []
        self.holder = self  # whose lock counts: a feed beside another tab's records that tab's

    async def __aenter__(self):
        self.locked = True
        return self

    async def __aexit__(self, *exc):
        self.locked = False
        return False

    def read(self, _shown):
        self.reads.append(self.holder.locked)
        return "view"

    def show(self, view):
        self.shows.append(self.holder.locked)
        self.refreshed.set()

    def feed(self, watch, *, own_changes: bool = True) -> live.Feed:
        return live.Feed(watch=watch, marker=ENTRIES, read=self.read, show=self.show, own_changes=own_changes)

    def poll(self, actor, watch, *, own_changes: bool = True, beside: Tab | None = None):
        """This tab's poller; ``beside``: a second feed in it (the menu's badge), recorded on that stand-in."""
        if beside is not None:
            beside.holder = self
        feeds = [self.feed(watch, own_changes=own_changes), *([beside.feed(watch, own_changes=False)] if beside else [])]
        return live.poll_while_open(self, route=ROUTE, actor=actor, feeds=feeds)


async def one_save_watched(
    actor, employee_id: int, tabs: list[tuple[Tab, bool]], *, by_tab: str, woken: Tab, slow_commit_hooks: float = 0.0,
    beside: Tab | None = None,
) -> int:
    """The tabs poll (each with its own_changes; the first with the feed ``beside`` too), the tab
    ``by_tab`` saves an entry, ``woken`` shows it; a few more hub rounds, then the pollers end.
    Returns how many watchers the hub kept."""
    pollers = [
        asyncio.create_task(tab.poll(actor, [employee_id], own_changes=own, beside=beside if i == 0 else None))
        for i, (tab, own) in enumerate(tabs)
    ]
    hub = live.hub()
    while len(hub.watchers) < len(tabs) + (beside is not None):
        await asyncio.sleep(0.01)
    await asyncio.to_thread(add_entry, employee_id, by_tab=by_tab, slow_commit_hooks=slow_commit_hooks)
    await asyncio.wait_for(woken.refreshed.wait(), WAIT)
    await asyncio.sleep(0.1)  # several hub rounds
    for poller in pollers:
        poller.cancel()
    await asyncio.gather(*pollers, return_exceptions=True)
    return len(hub.watchers)


def signed_in_actor(employee_id: int):
    """(token, actor) of a fresh session of this employee."""
    token, session_id = sign_in(employee_id)
    with session_scope() as session:
        return token, replace(actor_for(session, session.get(auth.Employee, employee_id)), session_id=session_id)


def test_a_tab_refreshes_on_change_stops_when_it_leaves_and_never_leaks_a_watcher(db, staff):
    one, _ = staff
    token, actor = signed_in_actor(one)

    async def scenario():
        tab = Tab(token)
        poller = asyncio.create_task(tab.poll(actor, [one]))
        hub = live.hub()
        while not hub.watchers:
            await asyncio.sleep(0.01)
        add_entry(one)
        await asyncio.wait_for(tab.refreshed.wait(), WAIT)
        assert (tab.reads, tab.shows) == ([False], [True])  # read without the tab's lock, shown with it
        tab.router.route_id = "/dashboard"  # navigated elsewhere: the next change stops it
        add_entry(one, hour=10)
        await asyncio.wait_for(poller, WAIT)
        left_after_leaving = len(hub.watchers)

        cancelled = asyncio.create_task(Tab(token).poll(actor, [one]))
        while not hub.watchers:
            await asyncio.sleep(0.01)
        cancelled.cancel()  # Reflex cancels it on disconnect or navigation
        with pytest.raises(asyncio.CancelledError):
            await cancelled
        return left_after_leaving, len(hub.watchers)

    assert aio.run(scenario()) == (0, 0)


def test_the_tab_that_made_a_change_is_not_woken_for_it_and_the_others_are(db, staff):
    """A save shows its own result: the hub refreshes only the other tabs watching that employee."""
    one, _ = staff
    token, actor = signed_in_actor(one)

    async def scenario():
        saver, other = Tab(token, "saver"), Tab(token, "other")
        left = await one_save_watched(actor, one, [(saver, True), (other, True)], by_tab="saver", woken=other)
        return len(saver.reads), len(other.reads), left

    assert aio.run(scenario()) == (0, 1, 0)


def test_the_saving_tab_stays_asleep_when_the_hub_reads_between_the_commit_and_its_hook(db, staff):
    """The hub runs in its own thread: it may see the saved row after the commit and before the commit
    hook marks it as shown. The saving tab's change is known before the commit, so it is not woken."""
    one, _ = staff
    token, actor = signed_in_actor(one)

    async def scenario():
        saver, other = Tab(token, "saver"), Tab(token, "other")
        left = await one_save_watched(actor, one, [(saver, True), (other, True)], by_tab="saver", woken=other, slow_commit_hooks=0.3)
        return len(saver.reads), len(other.reads), left

    assert aio.run(scenario()) == (0, 1, 0)


def test_a_feed_beside_the_pages_own_keeps_the_pages_own_change_slot(db, staff):
    """The menu's badge is a second feed in the page's poller (AppState._poll_page): the page's own
    save still leaves the page's feed asleep, and the badge's is woken by it as by anyone's; the
    badge is shown under the tab's lock like the page."""
    one, _ = staff
    token, actor = signed_in_actor(one)

    async def scenario():
        page, badge = Tab(token, "tab"), Tab(token, "tab")
        left = await one_save_watched(actor, one, [(page, True)], by_tab="tab", woken=badge, beside=badge)
        return len(page.reads), badge.reads, badge.shows, left, "tab" in live._by_token

    assert aio.run(scenario()) == (0, [False], [True], 0, False)


def test_a_rolled_back_own_change_is_forgotten(db, staff):
    """A version number rolled back can be reached again by someone else's change, which must wake the tab."""
    one, _ = staff
    _, session_id = sign_in(one)
    tab = watcher([one], session_id)
    live._by_token["rolled-back"] = tab
    try:
        with pytest.raises(RuntimeError), session_scope() as session:
            session.add(DailyActivity(
                employee_id=one, activity_date=local_today(), start_time=time(8), end_time=time(9), task_text="Uji",
                quantity=Decimal(1), effective_minutes=60, status="diajukan",
            ))
            session.flush()
            live.own_change(session, "rolled-back")
            assert tab.own_pending
            raise RuntimeError("the save fails after the write")
        assert not tab.own_pending
    finally:
        del live._by_token["rolled-back"]


class SlowTab(Tab):
    """A tab whose page takes a while to read, counting how many such reads run at once."""

    running = 0
    most = 0

    def read(self, shown):
        SlowTab.running += 1
        SlowTab.most = max(SlowTab.most, SlowTab.running)
        sleep(0.05)
        SlowTab.running -= 1
        return super().read(shown)


def test_tabs_woken_together_read_one_at_a_time_and_each_shows_the_change(db, staff):
    """An atasan's tabs are woken together by a subordinate's save: their reads queue in the
    worker's refresh lane rather than each take a share of the GIL from the users' own events."""
    one, _ = staff
    token, actor = signed_in_actor(one)
    SlowTab.running = SlowTab.most = 0

    async def scenario():
        tabs = [SlowTab(token, f"tab-{i}") for i in range(4)]
        pollers = [asyncio.create_task(tab.poll(actor, [one])) for tab in tabs]
        hub = live.hub()
        while len(hub.watchers) < len(tabs):
            await asyncio.sleep(0.01)
        await asyncio.to_thread(add_entry, one)
        await asyncio.wait_for(asyncio.gather(*(tab.refreshed.wait() for tab in tabs)), WAIT)
        for poller in pollers:
            poller.cancel()
        await asyncio.gather(*pollers, return_exceptions=True)
        return [tab.shows for tab in tabs], SlowTab.most

    assert aio.run(scenario()) == ([[True]] * 4, 1)
