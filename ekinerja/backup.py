"""Backup and restore of the whole installation: the database and the evidence files.

One archive (``.tar.gz``) holds:

* ``database.sqlite`` (SQLite, copied with SQLite's online backup API, so the app may keep
  writing) or ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``);
* ``evidence/``: every bukti dukung file from ``<EKINERJA_DATA_DIR>/evidence``;
* ``manifest.json``: the row count and a checksum of every table, checked again after a restore.

Usage (the database and data directory come from the usual EKINERJA_* variables)::

    python -m ekinerja.backup create  [ARCHIVE]           # default: backups/ekinerja-<time>.tar.gz
    python -m ekinerja.backup restore ARCHIVE [--force]   # refuses a non-empty database without --force

``scripts/backup.sh`` and ``scripts/restore.sh`` run the same with the project's environment.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import inspect, select
from sqlalchemy.engine import Engine

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite"
PG_DUMP_FILE = "database.dump"
EVIDENCE = "evidence"
# Alembic's bookkeeping table is restored like any other, but it is not "data".
NOT_DATA = {"alembic_version"}


class BackupError(RuntimeError):
    """Why a backup or restore could not be done (the message is for the operator)."""


# -- checksums -------------------------------------------------------------------


def table_checksums(engine: Engine, *, skip: frozenset[str] = frozenset()) -> dict[str, dict[str, int | str]]:
    """Every table's row count and the SHA-256 of its rows in primary-key order (``skip``: by name)."""
    from sqlmodel import SQLModel

    import ekinerja.models  # noqa: F401  (registers every table)

    found = set(inspect(engine).get_table_names())
    result: dict[str, dict[str, int | str]] = {}
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            if table.name not in found or table.name in skip:
                continue
            order = list(table.primary_key.columns) or list(table.columns)
            digest = hashlib.sha256()
            count = 0
            for row in connection.execute(select(table).order_by(*order)):
                digest.update(repr(tuple(_canonical(v) for v in row)).encode())
                count += 1
            result[table.name] = {"rows": count, "sha256": digest.hexdigest()}
    return result


def _canonical(value: object) -> object:
    """The same stored value reads back the same way after a restore."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).isoformat()
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def data_rows(engine: Engine) -> int:
    checksums = table_checksums(engine)
    return sum(int(v["rows"]) for k, v in checksums.items() if k not in NOT_DATA)


def evidence_checksums(directory: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every evidence file."""
    if not directory.is_dir():
        return {}
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }
