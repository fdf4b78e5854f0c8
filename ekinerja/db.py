"""Database engine and session factory shared by services, migrations and scripts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Integer, any_, bindparam, event
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Engine
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
    # pool_pre_ping: a connection killed by a database restart is replaced on checkout instead of
    # failing the next event; connect_timeout: while the server is unreachable (not just refusing),
    # an event fails within seconds with the outage message instead of hanging on TCP's own timeout.
    # tests/faults/test_restart.py restarts PostgreSQL under load to check both.
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})


def among(session: Session, column, ids):
    """``column IN ids``; on PostgreSQL one array parameter (``= ANY``), because an instansi's
    twenty thousand ids as an IN list are parsed by psycopg and planned by the server every time."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=ARRAY(Integer)))
    return col(column).in_(ids)


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
