"""Toast events, each built once per worker and message.

Building a toast (``rx.toast.success(...)`` and its kin) composes its JavaScript call out of Vars
and inspects the call's signature: well under a millisecond alone, but under month-end load every
save, refusal and "server sibuk" answer built one, and a worker's profile put 8 % of its time there
(issue 17, docs/performance.md). An ``EventSpec`` is immutable, so the one built for a
(level, message) pair is reused; messages with numbers in them come and go within the bound.
"""

from __future__ import annotations

from functools import lru_cache

import reflex as rx
from reflex.event import EventSpec

_BUILDERS = {"success": rx.toast.success, "error": rx.toast.error, "warning": rx.toast.warning, "info": rx.toast.info}


@lru_cache(maxsize=1024)
def toast(level: str, message: str) -> EventSpec:
    """The toast of ``level`` ("success", "error", "warning", "info") showing ``message``."""
    return _BUILDERS[level](message)


def success(message: str) -> EventSpec:
    return toast("success", message)


def error(message: str) -> EventSpec:
    return toast("error", message)


def warning(message: str) -> EventSpec:
    return toast("warning", message)


def info(message: str) -> EventSpec:
    return toast("info", message)
