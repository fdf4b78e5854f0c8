from datetime import datetime, timedelta

from ekinerja.domain.lockout import Policy, ThrottleState, after_failure, after_success, delay_after, wait

NOW = datetime(2026, 11, 23, 8, 0)
POLICY = Policy(free_failures=5, first_delay_seconds=1.0, max_delay_seconds=60.0, forgive_seconds=900.0)


def fail(state, now, times):
    for _ in range(times):
        state = after_failure(state, now + wait(state, now), POLICY)
        now += wait(state, now)
    return state


def test_the_free_failures_cost_no_wait():
    assert wait(fail(ThrottleState(), NOW, 5), NOW) == timedelta(0)


def test_each_further_failure_doubles_the_wait_up_to_the_maximum():
    assert [delay_after(n, POLICY).total_seconds() for n in range(5, 14)] == [0, 1, 2, 4, 8, 16, 32, 60, 60]
    assert delay_after(10**6, POLICY) == timedelta(seconds=60)


def test_attempts_while_waiting_change_nothing():
    state = after_failure(fail(ThrottleState(), NOW, 5), NOW, POLICY)
    assert wait(state, NOW) == timedelta(seconds=1)
    assert after_failure(state, NOW + timedelta(milliseconds=500), POLICY) == state


def test_quiet_time_forgives_one_failure_per_period():
    state = fail(ThrottleState(), NOW, 7)
    later = state.updated_at + timedelta(seconds=2 * 900)
    assert after_failure(state, later, POLICY).failed_count == 7 - 2 + 1


def test_success_forgives_everything():
    assert after_success(fail(ThrottleState(), NOW, 9)) == ThrottleState()
