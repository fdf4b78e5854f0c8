"""Backup and restore: every row of every table and every evidence file comes back, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from ekinerja import backup
from ekinerja.db import get_engine, make_engine
from tests.conftest import reset_caches


@pytest.fixture
def empty_target(database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A second database with nothing in it (not even tables), and an empty data directory."""
    if database.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'restored' / 'ekinerja.db'}"
        yield url
        return
    name = f"{make_url(database).database}_restore"
    admin = make_engine(database).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(database).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _point_at(monkeypatch: pytest.MonkeyPatch, url: str, data_dir: Path) -> None:
    get_engine().dispose()
    monkeypatch.setenv("EKINERJA_DATABASE_URL", url)
    monkeypatch.setenv("EKINERJA_DATA_DIR", str(data_dir))
    reset_caches()


def test_a_backup_restores_every_row_and_every_evidence_file_into_an_empty_database(db, database, empty_target, tmp_path, monkeypatch):
    from ekinerja.clock import local_today
    from ekinerja.demo.seed import seed_demo
    from ekinerja.models import Employee
    from ekinerja.services import evidence
    from tests.integration.factories import actor_for

    accounts = seed_demo(db, today=local_today())
    staf = actor_for(db, db.get(Employee, accounts.staf.employee_id))
    evidence.store_evidence(db, actor=staf, data=b"%PDF-1.4\n% bukti uji cadangan\n%%EOF\n", filename="bukti.pdf")
    evidence.store_evidence(db, actor=staf, data=b"\x89PNG\r\n\x1a\n" + bytes(range(256)), filename="foto.png")
    db.commit()
    original = backup.table_checksums(get_engine())
    original_files = backup.evidence_checksums(tmp_path / "evidence")
    assert len(original_files) == 2
    assert backup.data_rows(get_engine()) > 10_000

    archive = tmp_path / "cadangan" / "ekinerja.tar.gz"
    assert backup.main(["create", str(archive)]) == 0
    assert archive.exists() and not archive.with_name(archive.name + ".partial").exists()

    restored_dir = tmp_path / "restored"
    _point_at(monkeypatch, empty_target, restored_dir)  # on SQLite: a directory that does not exist yet
    assert backup.main(["restore", str(archive)]) == 0

    restored = backup.table_checksums(get_engine())
    assert restored == original, [t for t in original if restored.get(t) != original[t]]
    assert sum(v["rows"] for v in restored.values()) == sum(v["rows"] for v in original.values())
    assert backup.evidence_checksums(restored_dir / "evidence") == original_files

    # A second restore onto the now full database is refused unless forced.
    with pytest.raises(backup.BackupError, match="tidak kosong"):
        backup.restore(archive)
    assert backup.main(["restore", str(archive)]) == 1
    assert backup.main(["restore", str(archive), "--force"]) == 0
    assert backup.table_checksums(get_engine()) == original
    get_engine().dispose()
