"""The actor behind a session token, remembered by this worker for a few seconds.

Every event is checked against the server-side session (ekinerja.state.guard). Resolving it
reads the session, the employee, the lockout row, the roles, the org snapshot and the
delegations; a tab sending several events in a row (a month-end back-fill) would repeat
that for each. Each worker therefore keeps the answer, keyed by token, for at most
TTL_SECONDS (the live hub's session-check period), and drops it earlier when:

* the org revision moves (any resolution in this worker that sees a newer one drops
  every entry resolved under an older one: a mutasi or a new atasan is seen at once);
* the live hub finds the session ended, idled out or deactivated (``forget_session``);
* this worker ends or changes the session itself: logout, password change (``forget``);
* this worker changes the account: roles, jabatan, deactivation, password reset by an admin
  (``forget_employee``). A failed login ends no session (ekinerja.domain.lockout), so it drops nothing.

The same changes made through another worker take effect within TTL_SECONDS. A refused lookup (no actor) is never remembered.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ekinerja.services.auth import SessionLookup

TTL_SECONDS = 5.0
MAX_ENTRIES = 20_000  # a burst of new sessions within one TTL: beyond this, start afresh

monotonic = time.monotonic  # tests move it


@dataclass(frozen=True)
class _Entry:
    lookup: SessionLookup
    org_revision: int
    resolved_at: float


class ActorCache:
    def __init__(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._latest_org_revision = 0
        self._swept = 0.0
        self._lock = threading.Lock()  # lookups run on the admitted threads

    def lookup(self, token: str, resolve: Callable[[str], tuple[SessionLookup, int]]) -> SessionLookup:
        """The cached answer for ``token``, or ``resolve(token)`` -> (lookup, org revision) remembered."""
        now = monotonic()
        entry = self._entries.get(token)
        if (
            entry is not None
            and now - entry.resolved_at < TTL_SECONDS
            and entry.org_revision >= self._latest_org_revision
        ):
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
                self._entries[token] = _Entry(lookup, org_revision, now)
        return lookup

    def note_org_revision(self, org_revision: int) -> None:
        """A newer org revision was read in this worker: entries resolved before it are stale."""
        with self._lock:
            self._latest_org_revision = max(self._latest_org_revision, org_revision)

    def forget(self, token: str) -> None:
        with self._lock:
            self._entries.pop(token, None)

    def forget_employee(self, *, employee_id: int) -> None:
        """A change to this account made in this worker (roles, jabatan, deactivation, password
        reset by an admin): its sessions are looked up afresh."""
        with self._lock:
            for token in [t for t, e in self._entries.items() if e.lookup.actor.employee_id == employee_id]:
                del self._entries[token]

    def forget_sessions(self, session_ids: set[int]) -> None:
        with self._lock:
            for token in [t for t, e in self._entries.items() if e.lookup.actor.session_id in session_ids]:
                del self._entries[token]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._latest_org_revision = 0
            self._swept = 0.0

    def _drop_stale(self, now: float) -> None:
        for token in [t for t, e in self._entries.items() if now - e.resolved_at >= TTL_SECONDS]:
            del self._entries[token]
        if len(self._entries) >= MAX_ENTRIES:
            self._entries.clear()


actors = ActorCache()
