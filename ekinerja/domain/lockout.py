"""Account lockout after repeated failed logins, as pure state transitions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta


@dataclass(frozen=True)
class ThrottleState:
    failed_count: int = 0
    locked_until: datetime | None = None


def is_locked(state: ThrottleState, now: datetime) -> bool:
    return state.locked_until is not None and now < state.locked_until


def after_failure(state: ThrottleState, now: datetime, *, threshold: int, lock_minutes: int) -> ThrottleState:
    """The failure that reaches ``threshold`` locks the account and restarts the count."""
    if is_locked(state, now):
        return state
    count = state.failed_count + 1
    if count >= threshold:
        return ThrottleState(failed_count=0, locked_until=now + timedelta(minutes=lock_minutes))
    return replace(state, failed_count=count, locked_until=None)


def after_success(_state: ThrottleState) -> ThrottleState:
    return ThrottleState()
