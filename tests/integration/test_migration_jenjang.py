"""Migration 0012: the single jenjang on the employee becomes the open row of the jenjang history,
and a downgrade puts the open row back on the employee (the earlier, closed rows have no place there)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import text

from alembic import command
from ekinerja.db import make_engine
from ekinerja.migrate import alembic_config, downgrade_base
from tests.integration.test_migrations import empty_url  # noqa: F401  (the same SQLite and server databases)

BEFORE = "i17_reference_0012"
EMPLOYEE = ("INSERT INTO employee (nip, name, gelar_depan, gelar_belakang, status, pangkat_golongan, jf_jenjang, jf_tmt, "
            "jf_angka_kredit_awal, active, password_hash, must_change_password, created_at) "
            "VALUES (:nip, :name, '', '', 'PNS', '', :jenjang, :tmt, :awal, true, 'x', false, '2026-01-01 00:00:00')")


def _employees(engine) -> dict[str, tuple]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT nip, jf_jenjang, jf_tmt, jf_angka_kredit_awal FROM employee ORDER BY nip"))
        return {nip: (jenjang, date.fromisoformat(str(tmt)) if tmt else None, None if awal is None else Decimal(str(awal)))
                for nip, jenjang, tmt, awal in rows}


def test_the_single_jenjang_survives_upgrade_and_downgrade(empty_url):  # noqa: F811
    config = alembic_config(empty_url)
    command.upgrade(config, BEFORE)
    engine = make_engine(empty_url)
    with engine.begin() as connection:
        connection.execute(text(EMPLOYEE), [
            {"nip": "1", "name": "Ahli", "jenjang": "ahli_pertama", "tmt": "2024-04-01", "awal": "5.5"},
            {"nip": "2", "name": "Terampil", "jenjang": "terampil", "tmt": "2025-02-01", "awal": None},
            {"nip": "3", "name": "Struktural", "jenjang": "", "tmt": None, "awal": None},
        ])
    before = _employees(engine)
    command.upgrade(config, "head")
    with engine.begin() as connection:
        rows = connection.execute(text(
            "SELECT e.nip, j.jenjang, j.tmt, j.end_date, j.angka_kredit_awal FROM jenjang_fungsional j JOIN employee e ON e.id = j.employee_id ORDER BY e.nip"
        )).all()
        assert [(nip, jenjang, str(tmt), end) for nip, jenjang, tmt, end, _ in rows] == [
            ("1", "ahli_pertama", "2024-04-01", None), ("2", "terampil", "2025-02-01", None),
        ]
        assert [None if awal is None else Decimal(str(awal)) for *_, awal in rows] == [Decimal("5.5"), None]
        # A kenaikan jenjang after the upgrade: the old row closes, the new one is open.
        connection.execute(text("UPDATE jenjang_fungsional SET end_date = '2026-03-31' WHERE jenjang = 'ahli_pertama'"))
        connection.execute(text(
            "INSERT INTO jenjang_fungsional (employee_id, jabatan, jenjang, tmt, sk_nomor, angka_kredit_awal, created_at) "
            "SELECT id, 'Analis Ahli Muda', 'ahli_muda', '2026-04-01', '800/1', 7.5, '2026-04-02 00:00:00' FROM employee WHERE nip = '1'"
        ))
    command.downgrade(config, BEFORE)
    after = _employees(engine)
    assert after["1"] == ("ahli_muda", date(2026, 4, 1), Decimal("7.5"))  # the open row
    assert after["2"] == before["2"] and after["3"] == before["3"]
    # Up again: the data goes back into the history.
    command.upgrade(config, "head")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM jenjang_fungsional")).scalar() == 2
    engine.dispose()
    downgrade_base(empty_url)
