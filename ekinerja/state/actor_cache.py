"""The actor behind a session token, remembered by this worker.

Every event is checked against the server-side session (ekinerja.state.guard). Resolving it
reads the session, the employee, the lockout row, the roles, the org snapshot and the
delegations; a tab sending several events in a row (a month-end back-fill) would repeat
that for each. Each worker therefore keeps the answer, keyed by token, for TTL_SECONDS; a
session whose tab is open on a live page stays remembered for as long as the live hub's
session check (every few seconds, ekinerja.state.live) rebuilds the same actor from the
database (``confirm``): a month-end tab saving every half minute resolves its session once,
not at every save (issue 17). An entry is dropped earlier when:

* the org revision moves (any resolution or session check in this worker that sees a newer
  one drops every entry resolved under an older one: a mutasi or a new atasan is seen at once);
* the day changes (the org snapshot and the delegations are read for a day);
* the live hub's check finds the session ended, idled out or deactivated, or its actor changed
  (roles, password state, a Plt/Plh appointment, the name);
* this worker ends or changes the session itself: logout, password change (``forget``);
* this worker changes the account: roles, jabatan, deactivation, password reset by an admin
  (``forget_employee``). A failed login ends no session (ekinerja.domain.lockout), so it drops nothing.

The same changes made through another worker take effect within TTL_SECONDS, or within the
``valid_for`` the hub confirms for. A refused lookup (no actor) is never remembered. An event
answered from the cache is still activity: its session is handed to the hub's next check
(``take_untouched``), which advances the idle clock as a lookup would.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date

from ekinerja.access import Actor
from ekinerja.clock import local_today
from ekinerja.services.auth import SESSION_TOUCH_INTERVAL, SessionLookup

TTL_SECONDS = 5.0
TOUCH_SECONDS = SESSION_TOUCH_INTERVAL.total_seconds()  # as often as a lookup advances the idle clock
MAX_ENTRIES = 20_000  # a burst of new sessions within one TTL: beyond this, start afresh

monotonic = time.monotonic  # tests move it


@dataclass(frozen=True, slots=True)
class _Entry:
    lookup: SessionLookup
    org_revision: int
    day: date
    valid_until: float
    touched_at: float  # when the session's idle clock was last advanced (by its lookup or the hub)


class ActorCache:
    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._latest_org_revision = 0
        self._swept = 0.0
        self._untouched: set[int] = set()  # session ids, for the hub's next check
        self._lock = threading.Lock()  # lookups run on the admitted threads

    def lookup(self, token: str, resolve: Callable[[str], tuple[SessionLookup, int]]) -> SessionLookup:
        """The cached answer for ``token``, or ``resolve(token)`` -> (lookup, org revision) remembered."""
        now = monotonic()
        today = local_today()
        entry = self._entries.get(token)
        if entry is not None and now < entry.valid_until and entry.org_revision >= self._latest_org_revision and entry.day == today:
            if now - entry.touched_at >= TOUCH_SECONDS:
                with self._lock:
                    self._untouched.add(entry.lookup.actor.session_id)
            return entry.lookup
        lookup, org_revision = resolve(token)
        with self._lock:
            self._latest_org_revision = max(self._latest_org_revision, org_revision)
            if lookup.actor is None:
                self._entries.pop(token, None)
            else:
                # Expired entries go at most every TTL_SECONDS (an idle tab's entry is not kept).
                if len(self._entries) >= MAX_ENTRIES or now - self._swept >= TTL_SECONDS:
                    self._drop_stale(now)
                    self._swept = now
                self._entries[token] = _Entry(lookup, org_revision, today, now + TTL_SECONDS, now)
        return lookup

    def confirm(self, alive: Mapping[int, Actor], *, watched: Collection[int], org_revision: int, checked_at: float,
                valid_for: float) -> None:
        """The live hub's session check, begun at ``checked_at``, found the ``alive`` ones among the
        ``watched`` sessions, each with the actor it resolves to now, under ``org_revision``: an
        entry of a watched session whose actor is still the same is kept ``valid_for`` longer; one
        gone or changed is dropped."""
        watched = set(watched)
        with self._lock:
            self._latest_org_revision = max(self._latest_org_revision, org_revision)
            for token, entry in list(self._entries.items()):
                session_id = entry.lookup.actor.session_id
                if session_id not in watched:
                    continue
                if alive.get(session_id) != entry.lookup.actor or entry.org_revision < org_revision:
                    del self._entries[token]
                elif checked_at + valid_for > entry.valid_until:
                    self._entries[token] = replace(entry, valid_until=checked_at + valid_for)

    def take_untouched(self) -> set[int]:
        """The sessions whose events this cache answered since their idle clock last moved: the hub
        advances it for them now (``auth.touch_sessions``)."""
        now = monotonic()
        with self._lock:
            taken, self._untouched = self._untouched, set()
            for token, entry in list(self._entries.items()):
                if entry.lookup.actor.session_id in taken:
                    self._entries[token] = replace(entry, touched_at=now)
        return taken

    def forget(self, token: str) -> None:
        with self._lock:
            self._entries.pop(token, None)

    def forget_employee(self, *, employee_id: int) -> None:
        """A change to this account made in this worker (roles, jabatan, deactivation, password
        reset by an admin): its sessions are looked up afresh."""
        with self._lock:
            for token in [t for t, e in self._entries.items() if e.lookup.actor.employee_id == employee_id]:
                del self._entries[token]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._untouched.clear()
            self._latest_org_revision = 0
            self._swept = 0.0

    def _drop_stale(self, now: float) -> None:
        for token in [t for t, e in self._entries.items() if now >= e.valid_until]:
            del self._entries[token]
        if len(self._entries) >= MAX_ENTRIES:
            self._entries.clear()


actors = ActorCache()
