"""The message a user gets when an event fails on the server."""

from __future__ import annotations

import redis.exceptions
from sqlalchemy.exc import IntegrityError, OperationalError

from ekinerja.errors import FAILED, UNAVAILABLE, is_outage, server_error_toast


def _raised(exc: BaseException, cause: BaseException) -> BaseException:
    try:
        raise exc from cause
    except BaseException as caught:  # noqa: BLE001
        return caught


def test_lost_database_and_redis_connections_count_as_an_outage():
    assert is_outage(OperationalError("SELECT 1", {}, Exception("connection refused")))
    assert is_outage(redis.exceptions.ConnectionError("Error 111 connecting"))
    assert is_outage(_raised(RuntimeError("state"), ConnectionRefusedError()))


def test_other_errors_are_not_an_outage():
    assert not is_outage(ValueError("x"))
    assert not is_outage(IntegrityError("INSERT", {}, Exception("duplicate key")))


def test_the_user_reads_indonesian_and_never_the_exception():
    outage = repr(server_error_toast(OperationalError("SELECT secret_column", {}, Exception("refused"))))
    other = repr(server_error_toast(KeyError("secret_column")))
    assert UNAVAILABLE[:40] in outage and FAILED in other
    assert "secret_column" not in outage + other
