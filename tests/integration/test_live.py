"""The per-worker live hub: one batched read for all open tabs, waking only those that changed."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from dataclasses import dataclass, field, replace
from datetime import time, timedelta
from decimal import Decimal
from time import sleep
from types import SimpleNamespace

import pytest
from sqlalchemy import event
from sqlmodel import Session

from ekinerja import event_gate
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
    with contextlib.ExitStack() as hooks, session_scope() as session:
        if slow_commit_hooks:
            # Ahead of own_change's hook, which listens on the Session class.
            def slow(committed) -> None:
                if committed is session:
                    sleep(slow_commit_hooks)

            event.listen(Session, "after_commit", slow, insert=True)
            hooks.callback(event.remove, Session, "after_commit", slow)
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


@dataclass(eq=False)
class WakeableWatcher(live.Watcher):
    """A watcher whose wake-ups the test can wait for (a tab's are ``LiveTab.wake``)."""

    wake: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        super().__post_init__()
        self.on_wake = self.wake.set


def watcher(employee_ids, session_id: int) -> WakeableWatcher:
    found = WakeableWatcher(ENTRIES, frozenset(employee_ids), session_id)
    with session_scope() as session:
        found.seen = found.fingerprint(ENTRIES.fetch(session, found.employee_ids))
    return found


def test_equal_markers_are_one_marker():
    """One object: a hub round looks its markers up thousands of times, by identity."""
    since = local_today()
    assert live.Marker.of(dashboard.team_markers, since=since) is live.Marker.of(dashboard.team_markers, since=since)
    assert live.Marker.of(dashboard.team_markers, since=since) != live.Marker.of(dashboard.team_markers, since=since.replace(day=1) - timedelta(days=1))
    assert live.Marker.of(activity_review.change_markers) is ENTRIES


def test_a_round_finds_the_employees_whose_marker_moved():
    before = {1: ((1,),), 2: ((5,),), 3: ((7,),), 4: ((9, "x"),)}
    after = {1: ((1,),), 2: ((6,),), 4: ((9, "x"),), 5: ((1,),)}  # 2 changed, 3 vanished, 5 appeared
    assert live._moved(before, after) == {2, 3, 5}
    assert live._moved(after, after) == set()


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
    """Stands in for a tab's page state: locked and loaded by the hub's refresh (``live._open_tab``,
    replaced by the ``tabs`` fixture), on a route, signed in."""

    def __init__(self, token: str, client: str = "tab-1"):
        self.session_token = token
        self.router = SimpleNamespace(route_id=ROUTE, session=SimpleNamespace(client_token=client))
        self.refreshed = asyncio.Event()
        self.locked = False
        self.reads: list[bool] = []  # whether the tab's lock was held during each read
        self.shows: list[bool] = []
        self.holder = self  # whose lock counts: a feed beside another tab's records that tab's
        OPEN[client] = self

    @contextlib.asynccontextmanager
    async def lock(self):
        self.locked = True
        try:
            yield self
        finally:
            self.locked = False

    def read(self, _shown):
        self.reads.append(self.holder.locked)
        return "view"

    def show(self, view):
        self.shows.append(self.holder.locked)
        self.refreshed.set()

    def feed(self, watch, *, own_changes: bool = True) -> live.Feed:
        return live.Feed(watch=watch, marker=ENTRIES, read=self.read, show=lambda _state, view: self.show(view), own_changes=own_changes)

    async def keep_live(self, actor, watch, *, own_changes: bool = True, beside: Tab | None = None):
        """Registers this tab; ``beside``: a second feed in it (the menu's badge), recorded on that stand-in."""
        if beside is not None:
            beside.holder = self
        feeds = [self.feed(watch, own_changes=own_changes), *([beside.feed(watch, own_changes=False)] if beside else [])]
        await live.keep_live(self, route=ROUTE, actor=actor, feeds=feeds)

    def close(self) -> None:
        """The tab's connection ends."""
        live.forget_tab(self.router.session.client_token)


OPEN: dict[str, Tab] = {}  # the stand-ins by client token, as the state manager would load them


@pytest.fixture(autouse=True)
def tabs(monkeypatch):
    OPEN.clear()
    monkeypatch.setattr(live, "_open_tab", lambda token, _state_class: OPEN[token].lock())
    yield OPEN
    OPEN.clear()


async def settled(hub: live.Hub) -> None:
    """Until the refreshes the hub started have run."""
    while hub.refreshes:
        await asyncio.gather(*hub.refreshes, return_exceptions=True)


async def one_save_watched(
    actor, employee_id: int, tabs: list[tuple[Tab, bool]], *, by_tab: str, woken: Tab, slow_commit_hooks: float = 0.0,
    beside: Tab | None = None,
) -> int:
    """The tabs are live (each with its own_changes; the first with the feed ``beside`` too), the tab
    ``by_tab`` saves an entry, ``woken`` shows it; a few more hub rounds, then the tabs close.
    Returns how many watchers the hub kept."""
    for i, (tab, own) in enumerate(tabs):
        await tab.keep_live(actor, [employee_id], own_changes=own, beside=beside if i == 0 else None)
    hub = live.hub()
    assert len(hub.watchers) == len(tabs) + (beside is not None)
    await asyncio.to_thread(add_entry, employee_id, by_tab=by_tab, slow_commit_hooks=slow_commit_hooks)
    await asyncio.wait_for(woken.refreshed.wait(), WAIT)
    await asyncio.sleep(0.1)  # several hub rounds
    await settled(hub)
    for tab, _ in tabs:
        tab.close()
    return len(hub.watchers)


def signed_in_actor(employee_id: int):
    """(token, actor) of a fresh session of this employee."""
    token, session_id = sign_in(employee_id)
    with session_scope() as session:
        return token, replace(actor_for(session, session.get(auth.Employee, employee_id)), session_id=session_id)


def test_a_live_tab_is_a_record_not_a_task_refreshes_on_change_and_ends_when_it_leaves(db, staff):
    """Between changes a live tab is a record in the hub: no task of its own (issue 17: a waiting
    background event per tab cost about 27 KB). A change is read without the tab's lock and shown
    with it; a tab found on another page is forgotten, and so is one whose connection ended."""
    one, _ = staff
    token, actor = signed_in_actor(one)

    async def scenario():
        tab = Tab(token)
        others = asyncio.all_tasks()
        await tab.keep_live(actor, [one])
        hub = live.hub()
        new_tasks = {t.get_name() for t in asyncio.all_tasks() - others}
        add_entry(one)
        await asyncio.wait_for(tab.refreshed.wait(), WAIT)
        await settled(hub)
        shown = (list(tab.reads), list(tab.shows))
        tab.router.route_id = "/dashboard"  # navigated elsewhere: the next change ends it
        add_entry(one, hour=10)
        while hub.tabs:
            await asyncio.sleep(0.01)
        left_after_leaving = len(hub.watchers), len(tab.shows)

        await Tab(token, "closing").keep_live(actor, [one])
        OPEN["closing"].close()  # the app's event processor does this on disconnect
        return new_tasks, shown, left_after_leaving, len(hub.watchers), hub.tabs

    assert aio.run(scenario()) == ({"ekinerja-live-hub"}, ([False], [True]), (0, 1), 0, {})


def test_a_later_load_replaces_the_tabs_record_and_a_slow_earlier_one_does_not(db, staff, monkeypatch):
    """A reload or another live page registers the tab again: one record per tab. A registration that
    started earlier and finished later (its reads were slow) must not replace the later one."""
    one, two = staff
    token, actor = signed_in_actor(one)
    slow_read = threading.Event()
    read_each = live._read_each

    def slow_for_two(watchers):
        if any(two in w.employee_ids for w in watchers):
            slow_read.wait(WAIT)
        return read_each(watchers)

    monkeypatch.setattr(live, "_read_each", slow_for_two)

    async def scenario():
        tab = Tab(token)
        await tab.keep_live(actor, [one])
        hub = live.hub()
        first = hub.tabs["tab-1"]
        await tab.keep_live(actor, [one])  # a reload
        replaced = hub.tabs["tab-1"] is not first and first.ended and len(hub.watchers) == 1
        earlier = asyncio.create_task(tab.keep_live(actor, [two]))  # reads slowly
        await asyncio.sleep(0.05)
        await tab.keep_live(actor, [one])  # started later, done first
        latest = hub.tabs["tab-1"]
        slow_read.set()
        await earlier
        kept = hub.tabs["tab-1"] is latest and [w.employee_ids for w in hub.watchers] == [(one,)]
        tab.close()
        return replaced, kept

    assert aio.run(scenario()) == (True, True)


def test_a_quiet_tab_that_left_its_page_is_found_by_the_recheck(db, staff, monkeypatch):
    """A tab that left without a disconnect and sees no change is found by the hub's recheck of its
    route (EKINERJA_LIVE_RECHECK_SECONDS), which takes its lock; one still on its page is kept."""
    one, two = staff
    token, actor = signed_in_actor(one)
    monkeypatch.setattr(live, "get_settings", lambda: SimpleNamespace(live_recheck_seconds=0.05))

    async def scenario():
        gone, here = Tab(token, "gone"), Tab(token, "here")
        await gone.keep_live(actor, [one])
        await here.keep_live(actor, [two])
        gone.router.route_id = "/dashboard"
        hub = live.hub()
        while "gone" in hub.tabs:
            await asyncio.sleep(0.01)
        await settled(hub)
        kept = list(hub.tabs)
        here.close()
        return kept, gone.shows, here.shows

    assert aio.run(scenario()) == (["here"], [], [])


def test_a_tab_of_a_session_that_ended_is_forgotten(db, staff):
    one, _ = staff
    token, actor = signed_in_actor(one)

    async def scenario():
        tab = Tab(token)
        await tab.keep_live(actor, [one])
        hub = live.hub()
        await asyncio.to_thread(_logout, token)
        while hub.tabs:
            await asyncio.sleep(0.01)
        return len(hub.watchers), tab.shows

    assert aio.run(scenario()) == (0, [])


def _logout(token: str) -> None:
    with session_scope() as session:
        auth.logout(session, token=token)


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
    """The menu's badge is a second feed in the page's record (AppState._keep_page_live): the page's own
    save still leaves the page's feed asleep, and the badge's is woken by it as by anyone's; the
    badge is shown under the tab's lock like the page."""
    one, _ = staff
    token, actor = signed_in_actor(one)

    async def scenario():
        page, badge = Tab(token, "tab"), Tab(token, "tab")
        OPEN["tab"] = page
        left = await one_save_watched(actor, one, [(page, True)], by_tab="tab", woken=badge, beside=badge)
        return len(page.reads), badge.reads, badge.shows, left, "tab" in live.hub().tabs

    assert aio.run(scenario()) == (0, [False], [True], 0, False)


def test_a_rolled_back_own_change_is_forgotten(db, staff):
    """A version number rolled back can be reached again by someone else's change, which must wake the tab."""
    one, _ = staff
    token, actor = signed_in_actor(one)

    def save_and_fail(tab: live.Watcher) -> tuple[bool, bool]:
        with pytest.raises(RuntimeError), session_scope() as session:
            session.add(DailyActivity(
                employee_id=one, activity_date=local_today(), start_time=time(8), end_time=time(9), task_text="Uji",
                quantity=Decimal(1), effective_minutes=60, status="diajukan",
            ))
            session.flush()
            live.own_change(session, "rolled-back")
            pending = bool(tab.own_pending)
            raise RuntimeError("the save fails after the write")
        return pending, bool(tab.own_pending)

    async def scenario():
        tab = Tab(token, "rolled-back")
        await tab.keep_live(actor, [one])
        outcome = await asyncio.to_thread(save_and_fail, live.hub().tabs["rolled-back"].own_watcher)
        tab.close()
        return outcome

    assert aio.run(scenario()) == (True, False)


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
        for tab in tabs:
            await tab.keep_live(actor, [one])
        await asyncio.to_thread(add_entry, one)
        await asyncio.wait_for(asyncio.gather(*(tab.refreshed.wait() for tab in tabs)), WAIT)
        await settled(live.hub())
        for tab in tabs:
            tab.close()
        return [tab.shows for tab in tabs], SlowTab.most

    assert aio.run(scenario()) == ([[True]] * 4, 1)


def test_a_woken_tab_refreshes_after_the_users_own_events_and_not_forever_later(db, staff, monkeypatch):
    """A save comes first: while one of the worker's users' events runs (it holds a slot of the event
    gate), a woken tab waits to read and show the change, at most YIELD_TO_USERS_SECONDS (issue 17)."""
    one, _ = staff
    token, actor = signed_in_actor(one)

    async def scenario(hour: int, longest: float, leave_first: bool):
        monkeypatch.setattr(live, "YIELD_TO_USERS_SECONDS", longest)
        monkeypatch.setattr(event_gate, "_gate", None)
        gate = event_gate.gate()
        tab = Tab(token)
        await tab.keep_live(actor, [one])
        assert await gate.enter()  # a user's event is running
        await asyncio.to_thread(add_entry, one, hour)
        await asyncio.sleep(0.3)  # many hub rounds
        read_meanwhile = len(tab.reads)
        if leave_first:
            gate.leave()
        await asyncio.wait_for(tab.refreshed.wait(), WAIT)
        if not leave_first:
            gate.leave()
        await settled(live.hub())
        tab.close()
        return read_meanwhile, tab.shows

    # The event ends: then the tab shows the change.
    assert aio.run(scenario(8, longest=WAIT * 3, leave_first=True)) == (0, [True])
    # An event that runs on: the tab does not wait longer than allowed.
    assert aio.run(scenario(10, longest=0.05, leave_first=False)) == (1, [True])
