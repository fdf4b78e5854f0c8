"""Shared fixtures: every test that touches the database gets a fresh, migrated one."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("EKINERJA_BCRYPT_ROUNDS", "4")


def reset_caches() -> None:
    from ekinerja import config, db
    from ekinerja.services import auth, org

    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    auth.password_context.cache_clear()
    org._cache.clear()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated, empty SQLite database (or the server named by EKINERJA_TEST_DATABASE_URL)."""
    url = os.environ.get("EKINERJA_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.db'}"
    monkeypatch.setenv("EKINERJA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("EKINERJA_DATABASE_URL", url)
    reset_caches()
    from ekinerja.migrate import downgrade_base, upgrade_head

    upgrade_head(url)
    yield url
    from ekinerja.db import get_engine

    get_engine().dispose()
    if os.environ.get("EKINERJA_TEST_DATABASE_URL"):
        downgrade_base(url)
    reset_caches()


@pytest.fixture
def db(database: str):
    """A session on the test database; the test commits what it wants kept."""
    from sqlmodel import Session

    from ekinerja.db import get_engine

    with Session(get_engine(), expire_on_commit=False) as session:
        yield session
