"""Failed logins slow further attempts down, progressively, as pure state transitions.

The same rule is kept per NIP typed and per client address, with different allowances
(``ekinerja.services.auth``). A few failures cost nothing; each failure beyond the allowance makes
the next attempt wait twice as long, up to a maximum; failures are forgiven one at a time as time
passes without new ones, and a successful login forgives those on its NIP. Attempts made while
waiting are refused without checking the password and are not counted, so an attacker cannot
lengthen the wait faster than the schedule allows, and nobody is ever locked out for longer than
the maximum. Nothing here ends a session: an account's open sessions are unaffected by failures
typed by someone else.

Source: OWASP ASVS 4.0.3, V2.2.1 (anti-automation: rate limiting, progressive delays, soft
lockout rather than hard lockout) and NIST SP 800-63B, 5.2.2 (rate limiting: at most 100
consecutive failed attempts on one account; prefer methods that keep the owner able to sign in).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Policy:
    free_failures: int  # failures that cost no wait
    first_delay_seconds: float  # the wait after the first failure beyond them; doubles with each more
    max_delay_seconds: float
    forgive_seconds: float  # one failure is forgotten per this long without a new one


@dataclass(frozen=True)
class ThrottleState:
    failed_count: int = 0
    locked_until: datetime | None = None  # attempts before this moment are refused unchecked
    updated_at: datetime | None = None  # the last counted failure


def wait(state: ThrottleState, now: datetime) -> timedelta:
    """How long the next attempt must still wait (zero: it may be checked now)."""
    if state.locked_until is None or now >= state.locked_until:
        return timedelta(0)
    return state.locked_until - now


def remaining_failures(state: ThrottleState, now: datetime, policy: Policy) -> int:
    """The failures still remembered at ``now``: one is forgiven per ``forgive_seconds`` of quiet."""
    if state.updated_at is None or state.failed_count <= 0:
        return 0
    quiet = max(0.0, (now - state.updated_at).total_seconds())
    return max(0, state.failed_count - int(quiet // policy.forgive_seconds))


def delay_after(failures: int, policy: Policy) -> timedelta:
    """The wait imposed after ``failures`` remembered failures."""
    beyond = failures - policy.free_failures
    if beyond <= 0:
        return timedelta(0)
    # Capped before exponentiating: a long attack must not overflow the float.
    seconds = policy.first_delay_seconds * 2.0 ** min(beyond - 1, 64)
    return timedelta(seconds=min(seconds, policy.max_delay_seconds))


def after_failure(state: ThrottleState, now: datetime, policy: Policy) -> ThrottleState:
    """A failed attempt that was checked (an attempt refused while waiting changes nothing)."""
    if wait(state, now):
        return state
    failures = remaining_failures(state, now, policy) + 1
    delay = delay_after(failures, policy)
    return ThrottleState(failed_count=failures, locked_until=now + delay if delay else None, updated_at=now)


def after_success(_state: ThrottleState) -> ThrottleState:
    return ThrottleState()
