"""With Redis, a worker waiting for a tab's state lock held by another worker is woken by its
release, and the workers are told of lock releases only, not of every lock taken (pass 2:
needs EKINERJA_REDIS_URL)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from types import SimpleNamespace

import pytest
from redis.asyncio import Redis
from reflex.istate.manager.memory import StateManagerMemory
from reflex.istate.manager.redis import StateManagerRedis

from ekinerja.state_manager import KeyeventStateManagerRedis, with_release_events
from tests import aio

REDIS_URL = os.environ.get("EKINERJA_REDIS_URL")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="needs Redis (scripts/services.sh, pass 2)")
# A database of its own, so that no other test's or app's keys are released on its channels.
DB = 7


class ListeningWorker(KeyeventStateManagerRedis):
    """A worker's state manager that records each release it is told of."""

    def __post_init__(self) -> None:
        self.told: list[bytes] = []
        self.flags_set = 0
        super().__post_init__()

    async def _enable_keyspace_notifications(self) -> None:
        if not self._redis_notify_keyspace_events_enabled:
            self.flags_set += 1
        await super()._enable_keyspace_notifications()

    async def _handle_key_released(self, message) -> None:
        self.told.append(message["data"])
        await super()._handle_key_released(message)


def worker(cls: type[StateManagerRedis] = KeyeventStateManagerRedis) -> StateManagerRedis:
    return cls(redis=Redis.from_url(REDIS_URL, db=DB))


@contextlib.asynccontextmanager
async def two_workers():
    """A worker taking locks and a listening one (subscribed already), both closed afterwards."""
    other, listening = worker(), worker(ListeningWorker)
    try:
        await listening._ensure_lock_task_subscribed()
        yield other, listening
    finally:
        await other.close()
        await listening.close()


def tab() -> SimpleNamespace:
    return SimpleNamespace(lock_key=f"test-tab-{uuid.uuid4().hex}")  # all that a lock needs of a token


async def until(condition, seconds: float = 5.0) -> None:
    async with asyncio.timeout(seconds):
        while not condition():
            await asyncio.sleep(0.01)


def test_the_app_keeps_reflexs_redis_lock_and_state_but_hears_of_releases_only():
    redis_manager = StateManagerRedis(redis=Redis.from_url("redis://127.0.0.1:1"), lock_expiration=8000)
    swapped = with_release_events(redis_manager)
    assert type(swapped) is KeyeventStateManagerRedis
    assert (swapped.redis, swapped.lock_expiration, swapped.token_expiration) == (
        redis_manager.redis, 8000, redis_manager.token_expiration)
    memory_manager = StateManagerMemory()
    assert with_release_events(memory_manager) is memory_manager  # one worker, no Redis: unchanged


@needs_redis
def test_a_worker_waiting_for_a_tabs_lock_is_woken_by_its_release_not_its_expiry():
    async def scenario():
        token = tab()
        order: list[str] = []
        async with two_workers() as (holder, waiter):
            lock_key = waiter._lock_key(token)

            async def wait_for_the_lock():
                async with waiter._lock(token, event_name="save"):
                    order.append("waiter has the lock")

            async with holder._lock(token, event_name="refresh"):
                waiting = asyncio.create_task(wait_for_the_lock())
                await until(lambda: waiter._n_lock_waiters(lock_key) == 1)
                order.append("holder releases")
            # Woken by the release's notification: far sooner than the lock's expiry (10 s), when a
            # waiter that heard nothing would look again.
            await asyncio.wait_for(waiting, timeout=holder.lock_expiration / 1000 / 2)
            assert order == ["holder releases", "waiter has the lock"]
            assert lock_key in waiter.told

    aio.run(scenario())


@needs_redis
def test_a_worker_is_told_once_per_lock_released_and_never_of_a_lock_taken():
    async def scenario():
        tokens = [tab() for _ in range(10)]
        async with two_workers() as (active, listening):
            for token in tokens:
                async with active._lock(token, event_name="save"):
                    pass
            released = [active._lock_key(token) for token in tokens]
            await until(lambda: len(listening.told) >= len(released))
            await asyncio.sleep(0.2)  # anything more (a "set" or an "expire") would have come by now
            assert listening.told == released

    aio.run(scenario())


@needs_redis
def test_a_worker_whose_listening_connection_is_cut_listens_again_and_sets_the_flags_again():
    # As when Redis restarts: the server forgot the flags, and the worker must not trust its memory.
    async def scenario():
        async with two_workers() as (active, listening):
            assert listening.flags_set == 1
            admin = Redis.from_url(REDIS_URL)
            ours = [c["id"] for c in await admin.client_list(_type="pubsub") if c["db"] == str(DB)]
            for client_id in ours:
                await admin.client_kill_filter(_id=client_id)
            await admin.aclose()
            await until(lambda: not listening._lock_updates_subscribed.is_set())
            await until(lambda: listening._lock_updates_subscribed.is_set())
            assert listening.flags_set == 2
            token = tab()
            async with active._lock(token, event_name="save"):
                pass
            await until(lambda: listening.told == [active._lock_key(token)])

    aio.run(scenario())
