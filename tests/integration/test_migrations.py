"""The schema comes only from Alembic: up from empty, down to nothing, up again, matching the models.

Runs on SQLite, and on the test server too when EKINERJA_TEST_DATABASE_URL names one.
"""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import ekinerja.models  # noqa: F401
from ekinerja.db import make_engine
from ekinerja.migrate import downgrade_base, upgrade_head


@pytest.fixture(params=["sqlite", "server"])
def empty_url(request, tmp_path, server_database):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'm.db'}"
    if not server_database:
        pytest.skip("no EKINERJA_TEST_DATABASE_URL")
    downgrade_base(server_database)
    return server_database


def test_upgrade_downgrade_upgrade(empty_url):
    upgrade_head(empty_url)
    engine = make_engine(empty_url)
    assert set(SQLModel.metadata.tables) <= set(inspect(engine).get_table_names())
    downgrade_base(empty_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade_head(empty_url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"
    engine.dispose()
