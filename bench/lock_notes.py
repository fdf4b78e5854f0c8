"""Benchmark 3c: what another worker pays for the tabs' state locks taken and released elsewhere.

Every Reflex event takes and releases its tab's state lock in Redis. A worker hears of it through
Redis notifications, so that a waiter for a lock held elsewhere is woken when it is released
(ekinerja/state_manager.py). This starts one listening worker (a process with the state manager
subscribed, doing nothing else), then takes and releases ``--cycles`` locks of distinct tabs from
this process, as the other workers' events would, and reads the listener's CPU time and the
messages it was sent; for Reflex's own manager and for the app's, one after the other, in one run.

    python -m bench.lock_notes --redis redis://... [--cycles 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import uuid
from types import SimpleNamespace

from redis.asyncio import Redis
from reflex.istate.manager.redis import StateManagerRedis

from bench.common import cpu_seconds, record
from ekinerja.state_manager import KeyeventStateManagerRedis

MANAGERS = {"reflex": StateManagerRedis, "app": KeyeventStateManagerRedis}
DB = 6  # a database of its own: nothing else releases keys on its channels


def manager(kind: str, redis_url: str) -> StateManagerRedis:
    return MANAGERS[kind](redis=Redis.from_url(redis_url, db=DB))


async def listen(kind: str, redis_url: str) -> None:
    """The listening worker: subscribed, idle until its input closes; prints the messages it was sent."""
    listener = manager(kind, redis_url)
    sent = 0
    original = listener.redis.pubsub

    def counting_pubsub(**options):
        pubsub = original(**options)
        handle = pubsub.handle_message

        async def counted(response, ignore_subscribe_messages=False):
            nonlocal sent
            sent += bool(response) and response[0] in (b"message", b"pmessage")  # not the confirmations
            return await handle(response, ignore_subscribe_messages)

        pubsub.handle_message = counted
        return pubsub

    listener.redis.pubsub = counting_pubsub
    await listener._ensure_lock_task_subscribed()
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.read)
    await asyncio.sleep(1.0)  # the last notifications
    print(sent, flush=True)
    await listener.close()


async def take_and_release(kind: str, redis_url: str, cycles: int) -> None:
    worker = manager(kind, redis_url)
    for _ in range(cycles):
        async with worker._lock(SimpleNamespace(lock_key=f"bench-tab-{uuid.uuid4().hex}"), event_name="save"):
            pass
    await worker.close()


def measure(kind: str, redis_url: str, cycles: int) -> dict:
    listener = subprocess.Popen([sys.executable, "-m", "bench.lock_notes", "--redis", redis_url, "--listen", kind],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert listener.stdout.readline().strip() == "ready"
    before = cpu_seconds([listener.pid])
    asyncio.run(take_and_release(kind, redis_url, cycles))
    listener.stdin.close()
    sent = int(listener.stdout.readline())
    listener_cpu = cpu_seconds([listener.pid]) - before  # read before it exits; includes its last second's idle
    listener.wait(timeout=30)
    return {"benchmark": "lock_notes", "manager": kind, "cycles": cycles, "messages_sent": sent,
            "messages_per_cycle": round(sent / cycles, 2), "listener_cpu_s": round(listener_cpu, 2),
            "listener_us_per_cycle": round(1e6 * listener_cpu / cycles, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis", required=True)
    parser.add_argument("--cycles", type=int, default=20000)
    parser.add_argument("--listen", choices=sorted(MANAGERS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.listen:
        asyncio.run(listen(args.listen, args.redis))
        return
    for kind in ("reflex", "app", "app", "reflex"):
        record(measure(kind, args.redis, args.cycles))


if __name__ == "__main__":
    main()
