"""What a user is told when an event fails on the server: plain Indonesian, never a stack trace.

Registered as Reflex's ``backend_exception_handler`` (ekinerja/ekinerja.py). The full exception
goes to the log; the browser gets a toast. An outage of PostgreSQL or Redis gets its own message,
because the user's next step differs: wait a moment and try again.
"""

import logging

import reflex as rx
from reflex.event import EventSpec
from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout

log = logging.getLogger("ekinerja.errors")

UNAVAILABLE = (
    "Server sedang tidak dapat menghubungi basis data atau penyimpanan sesi. Isian terakhir Anda mungkin "
    "belum tersimpan: tunggu sebentar, muat ulang halaman, lalu periksa sebelum mengirim lagi."
)
FAILED = "Terjadi kesalahan di server. Coba lagi; bila berulang, hubungi admin."
TOAST_ID = "kesalahan-server"


def _chain(exception: BaseException):
    seen = set()
    current: BaseException | None = exception
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def is_outage(exception: BaseException) -> bool:
    """A lost or refused connection to PostgreSQL or Redis, anywhere in the exception's chain."""
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeout

    for item in _chain(exception):
        if isinstance(item, OperationalError | InterfaceError | DisconnectionError | PoolTimeout):
            return True
        if isinstance(item, DBAPIError) and item.connection_invalidated:
            return True
        if isinstance(item, RedisConnectionError | RedisTimeout | ConnectionError | TimeoutError):
            return True
    return False


def server_error_toast(exception: Exception) -> EventSpec:
    outage = is_outage(exception)
    log.error("event failed%s", " (database or Redis unavailable)" if outage else "", exc_info=exception)
    return rx.toast.error(UNAVAILABLE if outage else FAILED, id=TOAST_ID)
