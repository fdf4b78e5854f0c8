"""Database engine and session factory shared by services, migrations and scripts."""

from __future__ import annotations

import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from psycopg.types.array import ListDumper
from sqlalchemy import Integer, any_, bindparam, event
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError
from sqlmodel import Session, col, create_engine

from ekinerja.admission import check_deadline
from ekinerja.config import get_settings


def _enable_sqlite_pragmas(dbapi_connection, _record) -> None:
    # Foreign keys are off by default in SQLite; WAL lets readers run beside the writer.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


CONNECT_TIMEOUT_SECONDS = 5


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _enable_sqlite_pragmas)
        return engine
    # connect_timeout: while the server is unreachable (not just refusing), an event fails within
    # seconds with the outage message instead of hanging on TCP's own timeout. No pre-ping on every
    # checkout (a round trip per transaction on a healthy pool): a connection idle for a while is
    # pinged before use (_ping_when_idle), and a connection found dead in use makes SQLAlchemy drop
    # the whole pool, so after a database restart the next events get fresh connections.
    # tests/faults/test_restart.py restarts PostgreSQL under load to check it.
    engine = create_engine(url, pool_size=10, max_overflow=20, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})
    event.listen(engine, "connect", _dump_id_lists_at_once)
    event.listen(engine, "checkin", _note_checkin)
    event.listen(engine, "checkout", _ping_when_idle)
    return engine


# PostgreSQL's integer types, as psycopg picks one for a list of ints by its largest value.
_INTEGER_OIDS = frozenset({21, 23, 20, 1700})  # int2, int4, int8, numeric


class _IdListDumper(ListDumper):
    """psycopg's text dumper for lists, with the same text for a list of ints written by one join: its
    own loop dumps and checks each element for quoting in Python, 3.7 ms for the 8,000 ids a live hub's
    round binds twice a second (issue 17); the join takes 0.7 ms."""

    def dump(self, obj: list) -> bytes | None:
        if self.sub_dumper is not None and self.sub_dumper.oid in _INTEGER_OIDS:
            try:
                return b"{" + ",".join(map(int.__repr__, obj)).encode() + b"}"
            except TypeError:  # a NULL or a nested list: psycopg's own loop writes those
                pass
        return super().dump(obj)


def _dump_id_lists_at_once(dbapi_connection, _record) -> None:
    dbapi_connection.adapters.register_dumper(list, _IdListDumper)


PING_AFTER_IDLE_SECONDS = 10.0
_CHECKED_IN = "ekinerja_checked_in_at"


def _note_checkin(_dbapi_connection, record) -> None:
    record.info[_CHECKED_IN] = time.monotonic()


def _ping_when_idle(dbapi_connection, record, _proxy) -> None:
    """A pooled connection unused for a while may have been closed by the server or the network:
    ping it; a dead one is replaced (DisconnectionError makes the pool retry with a new one)."""
    checked_in = record.info.get(_CHECKED_IN)
    if checked_in is None or time.monotonic() - checked_in < PING_AFTER_IDLE_SECONDS:
        return  # a new connection, or one in steady use
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        # The ping opened a transaction: end it, so the connection is handed out idle (an
        # AUTOCOMMIT checkout cannot switch a connection that is inside one).
        dbapi_connection.rollback()
    except Exception as exc:
        raise DisconnectionError(str(exc)) from exc


# One type for every id array: an ARRAY type and its comparator refer to each other, so one made
# per query would be left for the cycle collector (ekinerja/collector.py). A list parameter, not a
# text literal cast to an array: PostgreSQL parses such a cast for every row of a sequential scan
# (8,000 ids against 8,300 markers: 2.4 s instead of 6 ms).
_ID_ARRAY = ARRAY(Integer)


def among(session: Session, column, ids):
    """``column IN ids``; on PostgreSQL one array parameter (``= ANY``), because an instansi's
    twenty thousand ids as an IN list are parsed by psycopg and planned by the server every time."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=_ID_ARRAY))
    return col(column).in_(list(ids))


def among_bound(dialect: str, column, name: str):
    """``among`` for a statement built once and kept: the ids come with each execution, as the
    parameter ``name`` (a list)."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=_ID_ARRAY))
    return col(column).in_(bindparam(name, expanding=True))


def mark_transaction(session: Session) -> weakref.ref:
    """A note of the session's current transaction, to keep in ``session.info``. Weak: a strong
    one would tie the session into a cycle (session, info, transaction, session) that outlives the
    unit of work until the cycle collector runs (ekinerja/collector.py)."""
    return weakref.ref(session.get_transaction())


def is_current_transaction(session: Session, mark: weakref.ref | None) -> bool:
    current = session.get_transaction()
    return current is not None and mark is not None and mark() is current


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    settings = get_settings()
    if settings.is_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return make_engine(settings.database_url)


@contextmanager
def session_scope() -> Iterator[Session]:
    """A unit of work: commits on success, rolls back on any error."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            check_deadline()  # an event past its deadline rolls back rather than outlive its state lock
            session.commit()
        except BaseException:
            session.rollback()
            raise
