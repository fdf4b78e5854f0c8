"""Shared fixtures: every test that touches the database gets a fresh, migrated one."""

from __future__ import annotations

import logging
import os
import re
import warnings
from collections.abc import Iterator
from datetime import date
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


# A test module that reads "today" (or seeds the demo, which is built around it) is date-sensitive,
# unless it pins one day for all its tests.
DATED = re.compile(r"\b(?:local_today|local_now|utcnow|seed_demo|seed_if_empty)\b")
PINNED = "pin_today(TODAY)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    dated: dict[Path, bool] = {}
    for item in items:
        if item.path not in dated:
            source = item.path.read_text(encoding="utf-8")
            dated[item.path] = bool(DATED.search(source)) and PINNED not in source
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
    from ekinerja.services import auth
    from ekinerja.state.actor_cache import actors

    actors.clear()
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    auth.password_context.cache_clear()
    forget_cached_data()


def forget_cached_data() -> None:
    """The worker's caches filed under revision counters: a database emptied or copied in starts its
    counters again, so a number seen before no longer means the same data."""
    from ekinerja.services import org, work_calendar

    org._cache.clear()
    work_calendar.reference_cache.clear()


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


_demo_templates: dict[date, tuple[Path, object]] = {}


@pytest.fixture
def seeded_demo(db, tmp_path_factory: pytest.TempPathFactory):
    """``seeded_demo(today)``: the demo seeded for ``today`` into the test database and committed; returns its
    accounts. On SQLite the first seeding of each day is kept as a file that later tests copy (the seed is
    deterministic and takes seconds); on a server it is seeded afresh."""
    from shutil import copyfile

    from sqlmodel import Session

    from ekinerja.db import get_engine, make_engine
    from ekinerja.demo.seed import seed_demo
    from ekinerja.migrate import upgrade_head

    def seed(today: date):
        url = get_engine().url
        if url.get_backend_name() != "sqlite":
            accounts = seed_demo(db, today=today)
            db.commit()
            return accounts
        if today not in _demo_templates:
            template = tmp_path_factory.mktemp("demo") / f"{today}.db"
            template_url = f"sqlite:///{template}"
            upgrade_head(template_url)
            engine = make_engine(template_url)
            with Session(engine, expire_on_commit=False) as session:
                accounts = seed_demo(session, today=today)
                session.commit()
            engine.dispose()
            _demo_templates[today] = (template, accounts)
        template, accounts = _demo_templates[today]
        db.close()
        get_engine().dispose()
        copyfile(template, url.database)
        forget_cached_data()
        return accounts

    return seed
