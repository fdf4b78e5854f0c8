"""Background events that must not run twice at once for a tab (a recap, a download)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any


@asynccontextmanager
async def running(state: Any, flag: str, **also: Any) -> AsyncIterator[bool]:
    """Inside ``@rx.event(background=True)``: raise the state's boolean ``flag`` for the duration and
    yield True; yield False (and change nothing) when a run already holds it. ``also`` are vars set
    with the flag, under the same lock. The flag drops however the run ends."""
    async with state:
        claimed = not getattr(state, flag)
        if claimed:
            setattr(state, flag, True)
            for name, value in also.items():
                setattr(state, name, value)
    try:
        yield claimed
    finally:
        if claimed:
            async with state:
                setattr(state, flag, False)
