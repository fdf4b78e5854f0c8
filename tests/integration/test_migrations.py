"""The schema comes only from Alembic: up from empty, down to nothing, up again, matching the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import ekinerja.models  # noqa: F401
from ekinerja.db import make_engine
from ekinerja.migrate import downgrade_base, upgrade_head


def test_upgrade_downgrade_upgrade(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade_head(url)
    engine = make_engine(url)
    tables = set(inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    downgrade_base(url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade_head(url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"
    engine.dispose()
