from datetime import datetime, timedelta

from ekinerja.domain.lockout import (
    ThrottleState,
    after_failure,
    after_success,
    is_locked,
)

NOW = datetime(2026, 11, 23, 8, 0)


def fail(state, now, times):
    for _ in range(times):
        state = after_failure(state, now, threshold=5, lock_minutes=15)
    return state


def test_four_failures_do_not_lock():
    state = fail(ThrottleState(), NOW, 4)
    assert state.failed_count == 4
    assert not is_locked(state, NOW)


def test_the_fifth_failure_locks_for_fifteen_minutes():
    state = fail(ThrottleState(), NOW, 5)
    assert is_locked(state, NOW)
    assert is_locked(state, NOW + timedelta(minutes=14, seconds=59))
    assert not is_locked(state, NOW + timedelta(minutes=15))


def test_failures_while_locked_do_not_extend_the_lock():
    state = fail(ThrottleState(), NOW, 5)
    later = fail(state, NOW + timedelta(minutes=10), 3)
    assert later == state


def test_after_the_lock_the_count_starts_again():
    state = fail(ThrottleState(), NOW, 5)
    state = fail(state, NOW + timedelta(minutes=16), 4)
    assert not is_locked(state, NOW + timedelta(minutes=16))


def test_success_resets():
    assert after_success(fail(ThrottleState(), NOW, 3)) == ThrottleState()
