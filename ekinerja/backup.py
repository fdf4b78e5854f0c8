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

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import inspect, select
from sqlalchemy.engine import Engine, make_url

from ekinerja.clock import utcnow
from ekinerja.config import PROJECT_ROOT, get_settings
from ekinerja.db import make_engine

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


# -- create ----------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    """pg_dump/pg_restore: from PATH, else the newest Debian postgresql-client's."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if not candidates:
        raise BackupError(f"{name} tidak ditemukan: pasang paket postgresql-client.")
    return str(candidates[-1])


def _libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("Basis data SQLite di memori tidak dapat dicadangkan.")
    return Path(database)


def create(archive: Path) -> dict:
    """Write the archive; returns its manifest."""
    settings = get_settings()
    url = settings.database_url
    engine = make_engine(url)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            if settings.is_sqlite:
                source = sqlite3.connect(_sqlite_path(url))
                target = sqlite3.connect(work / SQLITE_FILE)
                with target:
                    source.backup(target)  # consistent even while the app writes
                source.close()
                target.close()
                # The checksums are taken from the copy: exactly what the archive holds.
                copy_engine = make_engine(f"sqlite:///{work / SQLITE_FILE}")
                tables = table_checksums(copy_engine)
                copy_engine.dispose()
            else:
                # pg_dump reads one snapshot; checksums taken around it may differ only if the app writes meanwhile.
                subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(work / PG_DUMP_FILE),
                                _libpq_url(url)], check=True)
                tables = table_checksums(engine)
            if settings.evidence_dir.is_dir():
                shutil.copytree(settings.evidence_dir, work / EVIDENCE)
            manifest = {
                "created_at": utcnow().isoformat(),
                "engine": "sqlite" if settings.is_sqlite else "postgresql",
                "tables": tables,
                "evidence": evidence_checksums(work / EVIDENCE),
            }
            (work / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
            archive.parent.mkdir(parents=True, exist_ok=True)
            partial = archive.with_name(archive.name + ".partial")
            with tarfile.open(partial, "w:gz") as tar:
                for item in sorted(work.iterdir()):
                    tar.add(item, arcname=item.name)
            os.replace(partial, archive)  # never a half-written archive under the final name
    finally:
        engine.dispose()
    return manifest


# -- restore ---------------------------------------------------------------------------


def restore(archive: Path, *, force: bool = False) -> dict:
    """Load the archive into the configured database and data directory, then verify every table."""
    settings = get_settings()
    url = settings.database_url
    if settings.is_sqlite:
        _sqlite_path(url).parent.mkdir(parents=True, exist_ok=True)  # restoring onto a new machine
    engine = make_engine(url)
    try:
        existing = data_rows(engine)
    finally:
        engine.dispose()
    if existing and not force:
        raise BackupError(
            f"Basis data tujuan tidak kosong ({existing} baris). Pulihkan ke basis data kosong, atau tambahkan --force "
            "untuk menimpanya."
        )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")
        manifest = json.loads((work / MANIFEST).read_text())
        wanted = "sqlite" if settings.is_sqlite else "postgresql"
        if manifest["engine"] != wanted:
            raise BackupError(f"Arsip ini dari {manifest['engine']}, sedangkan tujuan {wanted}.")
        if settings.is_sqlite:
            source = sqlite3.connect(work / SQLITE_FILE)
            destination = sqlite3.connect(_sqlite_path(url))
            with destination:
                source.backup(destination)
            source.close()
            destination.close()
        else:
            subprocess.run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                            "--dbname", _libpq_url(url), str(work / PG_DUMP_FILE)], check=True)
        if (work / EVIDENCE).is_dir():
            shutil.copytree(work / EVIDENCE, settings.evidence_dir, dirs_exist_ok=True)
    engine = make_engine(url)
    try:
        restored = table_checksums(engine)
    finally:
        engine.dispose()
    bad = sorted(name for name, value in manifest["tables"].items() if restored.get(name) != value)
    files = evidence_checksums(settings.evidence_dir)
    missing = sorted(name for name, digest in manifest["evidence"].items() if files.get(name) != digest)
    if bad or missing:
        raise BackupError(f"Pemulihan tidak cocok dengan arsip: tabel {bad}, berkas bukti {missing}.")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ekinerja.backup", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("create", help="back up the database and the evidence files into one archive")
    make.add_argument("archive", nargs="?", type=Path)
    load = commands.add_parser("restore", help="restore an archive into an empty database")
    load.add_argument("archive", type=Path)
    load.add_argument("--force", action="store_true", help="overwrite a database that already holds data")
    args = parser.parse_args(argv)
    try:
        if args.command == "create":
            archive = args.archive or PROJECT_ROOT / "backups" / f"ekinerja-{utcnow():%Y%m%dT%H%M%SZ}.tar.gz"
            manifest = create(archive)
            print(f"{archive}: {_summary(manifest)}")
        else:
            manifest = restore(args.archive, force=args.force)
            print(f"dipulihkan dan diperiksa: {_summary(manifest)}")
    except (BackupError, subprocess.CalledProcessError) as problem:
        print(f"gagal: {problem}", file=sys.stderr)
        return 1
    return 0


def _summary(manifest: dict) -> str:
    rows = sum(v["rows"] for k, v in manifest["tables"].items() if k not in NOT_DATA)
    return f"{len(manifest['tables'])} tabel, {rows} baris, {len(manifest['evidence'])} berkas bukti"


if __name__ == "__main__":
    sys.exit(main())
