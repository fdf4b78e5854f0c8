"""The guard itself: the body runs only when the rule permits, with the actor injected."""

from __future__ import annotations

import inspect
from types import SimpleNamespace

import pytest

from ekinerja.access import AccessDenied, Actor, Rule
from ekinerja.services.auth import SessionLookup
from ekinerja.state import guard
from tests import aio

STAFF = Actor(1, 1, "198503152010011003", "Staf", frozenset(), False, 10, 1, False)
ADMIN = Actor(2, 2, "198503152010011004", "Admin", frozenset({"admin"}), False, 10, 1, False)


@pytest.fixture
def calls(monkeypatch):
    by_token = {"staf": STAFF, "admin": ADMIN}
    monkeypatch.setattr(guard, "lookup_session", lambda token: SessionLookup(by_token.get(token)))
    return []


def make_handler(calls, rule):
    @guard.guarded(rule)
    def handler(self, actor, value: int):
        calls.append((actor.nip if actor else None, value))
        return "ran"

    return handler


def run(handler, token, *args):
    return aio.run(handler(SimpleNamespace(session_token=token), *args))


def test_the_actor_is_hidden_from_reflex():
    handler = make_handler([], Rule.ADMIN)
    assert list(inspect.signature(handler).parameters) == ["self", "value"]
    assert "actor" not in handler.__annotations__
    assert getattr(handler, guard.ACCESS_RULE_ATTR) is Rule.ADMIN


def test_refused_events_never_reach_the_body(calls):
    handler = make_handler(calls, Rule.ADMIN)
    before = guard.refusals.count
    run(handler, "", 1)
    run(handler, "staf", 2)
    assert calls == []
    assert guard.refusals.count == before + 2


def test_permitted_events_get_the_actor(calls):
    assert run(make_handler(calls, Rule.ADMIN), "admin", 3) == "ran"
    assert run(make_handler(calls, Rule.PUBLIC), "", 4) == "ran"
    assert calls == [(ADMIN.nip, 3), (None, 4)]


def test_access_denied_inside_becomes_a_refusal(calls):
    @guard.guarded(Rule.SIGNED_IN)
    def handler(self, actor):
        raise AccessDenied("bukan bawahan Anda")

    before = guard.refusals.count
    run(handler, "staf")
    assert guard.refusals.count == before + 1


def test_a_handler_without_actor_parameter_is_a_programming_error():
    with pytest.raises(TypeError):

        @guard.guarded(Rule.ADMIN)
        def handler(self, value):
            return value


def while_one_waits(calls, *others: int):
    """Run a staf's handler that waits on a (stand-in) query; meanwhile the admin's events carrying
    ``others``, the first before it finishes, the rest after. Returns (slow result, the others' results)."""
    import asyncio
    import threading

    started, release = threading.Event(), threading.Event()

    @guard.guarded(Rule.SIGNED_IN)
    def slow(self, actor):
        started.set()
        # Stands in for a query; on the event loop it would hold up the other tab until it gave up.
        return "slow done" if release.wait(2) else "blocked the loop"

    async def scenario():
        task = asyncio.ensure_future(slow(SimpleNamespace(session_token="staf")))
        while not started.is_set():
            await asyncio.sleep(0.01)
        answers = [await make_handler(calls, Rule.SIGNED_IN)(SimpleNamespace(session_token="admin"), others[0])]
        release.set()
        first = await task
        for value in others[1:]:
            answers.append(await make_handler(calls, Rule.SIGNED_IN)(SimpleNamespace(session_token="admin"), value))
        return first, answers

    return aio.run(scenario())


def test_a_blocking_handler_leaves_the_event_loop_free(calls):
    """While one tab's handler waits on the database, the worker's other tabs are still served."""
    assert while_one_waits(calls, 5) == ("slow done", ["ran"])


def test_beyond_the_bound_an_event_is_answered_busy_at_once_and_does_nothing(calls, monkeypatch):
    """Overload never queues an event for a thread while it holds its tab's state lock: with every
    admitted thread busy, the next event is answered "server sibuk" at once and its body never runs."""
    from ekinerja import admission

    monkeypatch.setattr(admission, "_admission", admission.Admission(1))
    first, (busy, after) = while_one_waits(calls, 6, 7)
    assert first == "slow done"
    assert admission.BUSY_MESSAGE in str(busy)
    assert after == "ran"  # the slot is free again
    assert calls == [(ADMIN.nip, 7)]
    assert admission.admission().in_flight == 0
