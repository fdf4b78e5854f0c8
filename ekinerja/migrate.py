"""Running Alembic from Python (scripts, tests and the demo launcher)."""

from __future__ import annotations

from alembic.config import Config

from alembic import command
from ekinerja.config import PROJECT_ROOT


def alembic_config(database_url: str | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["configure_logger"] = False
    if database_url:
        config.attributes["database_url"] = database_url
    return config


def upgrade_head(database_url: str | None = None) -> None:
    command.upgrade(alembic_config(database_url), "head")


def downgrade_base(database_url: str | None = None) -> None:
    command.downgrade(alembic_config(database_url), "base")


if __name__ == "__main__":
    import sys

    # --fresh: drop everything first (test and benchmark databases only).
    if "--fresh" in sys.argv[1:]:
        downgrade_base()
    upgrade_head()
