"""Alembic environment: the schema is created only by these migrations."""

from __future__ import annotations

from logging.config import fileConfig

from sqlmodel import SQLModel

import ekinerja.models  # noqa: F401  (registers every table)
from alembic import context
from ekinerja.db import get_engine, make_engine

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    url = config.attributes.get("database_url")
    engine = make_engine(url) if url else get_engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            # SQLite cannot ALTER most things in place; batch mode copies the table.
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    if url:
        engine.dispose()


run_migrations_online()
