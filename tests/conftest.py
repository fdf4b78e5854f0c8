"""Shared fixtures: every test that touches the database gets a fresh, migrated one."""

from __future__ import annotations

import logging
import os
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("EKINERJA_BCRYPT_ROUNDS", "4")


class _ReflexDeprecations(logging.Handler):
    """Reflex reports deprecations by logging, not as warnings: raise them as DeprecationWarning at the
    call site it names, so pytest.ini's filters turn those from ekinerja/ and tests/ into errors."""

    def emit(self, record: logging.LogRecord) -> None:
        location = getattr(record, "location", None) or ""
        filename, _, line = location.rpartition(":")
        module = filename.removesuffix(".py").replace("/", ".")
        warnings.warn_explicit(record.getMessage(), DeprecationWarning, filename or "reflex", int(line or 0), module=module)


logging.getLogger("reflex.deprecation").addHandler(_ReflexDeprecations())


# A test module that reads "today" (or seeds the demo, which is built around it) is date-sensitive.
DATED = re.compile(r"\b(?:local_today|local_now|utcnow|seed_demo|seed_if_empty)\b")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    dated: dict[Path, bool] = {}
    for item in items:
        if item.path not in dated:
            dated[item.path] = bool(DATED.search(item.path.read_text(encoding="utf-8")))
        if dated[item.path]:
            item.add_marker("dated")


@pytest.fixture(autouse=True)
def _unpinned_clock() -> Iterator[None]:
    """Every test starts and ends on the configured clock (EKINERJA_CLOCK_DATE or the real date)."""
    from ekinerja import clock

    clock.pin_date(None)
    yield
    clock.pin_date(None)


@pytest.fixture
def pin_today():
    """``pin_today(date)`` makes that the app's local date for the rest of the test."""
    from ekinerja import clock

    return clock.pin_date


def reset_caches() -> None:
    from ekinerja import config, db
    from ekinerja.services import auth, org

    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    auth.password_context.cache_clear()
    org._cache.clear()


@pytest.fixture(scope="session")
def server_database() -> Iterator[str | None]:
    """The server named by EKINERJA_TEST_DATABASE_URL, migrated once from nothing for the session."""
    url = os.environ.get("EKINERJA_TEST_DATABASE_URL")
    if url:
        from ekinerja.migrate import downgrade_base, upgrade_head

        downgrade_base(url)
        upgrade_head(url)
    yield url


def _empty_all_tables(url: str) -> None:
    from sqlalchemy import text
    from sqlmodel import SQLModel

    import ekinerja.models  # noqa: F401
    from ekinerja.db import make_engine

    engine = make_engine(url)
    names = ", ".join(f'"{table.name}"' for table in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server_database: str | None) -> Iterator[str]:
    """A migrated, empty database: a fresh SQLite file, or the test server's tables emptied."""
    url = server_database or f"sqlite:///{tmp_path / 'test.db'}"
    monkeypatch.setenv("EKINERJA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EKINERJA_DATABASE_URL", url)
    reset_caches()
    if server_database:
        _empty_all_tables(url)
    else:
        from ekinerja.migrate import upgrade_head

        upgrade_head(url)
    yield url
    from ekinerja.db import get_engine

    get_engine().dispose()
    reset_caches()


@pytest.fixture
def db(database: str):
    """A session on the test database; the test commits what it wants kept."""
    from sqlmodel import Session

    from ekinerja.db import get_engine

    with Session(get_engine(), expire_on_commit=False) as session:
        yield session
