"""Reflex's Redis state manager, told only that a lock was released, not of every lock taken.

Reflex (0.10.1, ``StateManagerRedis``) wakes a worker that waits for a tab's state lock held by
another worker through Redis keyspace notifications: it turns on ``notify-keyspace-events
K$sgxe`` and every worker subscribes to ``__keyspace@<db>__:*_lock``. Every event of every tab
takes and releases a lock (SET with an expiry, then GETDEL), so each worker is sent three
messages per event anywhere ("set", "expire", "del") and parses them all, although it acts only
on a release for which it has a waiter: 6.6 % of a worker at month-end load
(docs/performance.md, thirteenth round).

:class:`KeyeventStateManagerRedis` subscribes to the key-event channels of the releases alone
(``__keyevent@<db>__:del``, ``:expired``, ``:evicted``; flags ``Egxe``), whose message names the
key: one message per event, and none for a lock taken or extended. Its waiters are woken as
Reflex's are. With Reflex's opportunistic locking on (``REFLEX_OPLOCK_ENABLED``, off here), a
lease also listens for other workers joining a lock's waiter set, so the manager then keeps
Reflex's own subscription.

A Redis that does not allow ``CONFIG SET`` (``REFLEX_IGNORE_REDIS_CONFIG_ERROR``) needs
``notify-keyspace-events Egxe`` in its own configuration (docs/production.md).
"""

from __future__ import annotations

import dataclasses

from reflex.istate.manager import StateManager
from reflex.istate.manager.redis import RedisPubSubMessage, StateManagerRedis

# Key-event notifications (E) of generic commands (g: DEL, GETDEL), expiries (x) and evictions (e):
# the events after which a lock key no longer exists.
RELEASE_EVENT_FLAGS = "Egxe"


@dataclasses.dataclass
class KeyeventStateManagerRedis(StateManagerRedis):
    """``StateManagerRedis`` that hears of lock releases only (module docstring)."""

    def __post_init__(self) -> None:
        if not self._oplock_enabled:
            self._redis_notify_keyspace_events = RELEASE_EVENT_FLAGS
        super().__post_init__()

    async def _subscribe_lock_updates(self) -> None:
        if self._oplock_enabled:
            await super()._subscribe_lock_updates()
            return
        # Set the flags at every (re)subscription: a Redis restarted under the workers has lost them.
        self._redis_notify_keyspace_events_enabled = False
        await self._enable_keyspace_notifications()
        db = self.redis.get_connection_kwargs().get("db", 0)
        channels = {
            f"__keyevent@{db}__:{event.decode()}": self._handle_key_released
            for event in self._redis_keyspace_lock_release_events
        }
        async with self.redis.pubsub() as pubsub:
            await pubsub.subscribe(**channels)
            try:
                # Notifications are only delivered once Redis confirms the subscription, which
                # covers all channels of the one SUBSCRIBE.
                async for message in pubsub.listen():
                    if message["type"] == "subscribe":
                        self._lock_updates_subscribed.set()
            finally:
                self._lock_updates_subscribed.clear()

    async def _handle_key_released(self, message: RedisPubSubMessage) -> None:
        # A key-event message's data is the key; most released keys are locks nobody here waits for.
        key = message["data"]
        if key in self._lock_waiters:
            self._notify_next_waiter(key)


def with_release_events(manager: StateManager) -> StateManager:
    """The manager Reflex created, as a :class:`KeyeventStateManagerRedis` when it is Reflex's Redis one."""
    if type(manager) is not StateManagerRedis:
        return manager
    if manager._lock_task is not None:  # created inside a running loop: its listener is not needed
        manager._lock_task.cancel()
    return KeyeventStateManagerRedis(
        redis=manager.redis,
        token_expiration=manager.token_expiration,
        lock_expiration=manager.lock_expiration,
        lock_warning_threshold=manager.lock_warning_threshold,
    )
