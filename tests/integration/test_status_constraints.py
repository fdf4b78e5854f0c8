"""The database refuses exactly the values the code knows: every check constraint the models
declare (the workflow statuses among them, built from the enums in ekinerja.domain.statuses)
lists the same values in the migrated database, on SQLite and on the test server."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import CheckConstraint, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

import ekinerja.models  # noqa: F401
from ekinerja.db import make_engine
from ekinerja.domain import statuses
from ekinerja.migrate import downgrade_base, upgrade_head

QUOTED = re.compile(r"'([^']*)'")

# Every status column and the enum its constraint comes from.
STATUS_COLUMNS = {
    "daily_activity": statuses.ActivityStatus,
    "absence": statuses.AbsenceStatus,
    "task_assignee": statuses.TaskStatus,
    "skp": statuses.SkpStatus,
    "evaluation": statuses.EvaluationStatus,
    "self_assessment": statuses.SelfAssessmentStatus,
    "keberatan": statuses.KeberatanStatus,
    "development_plan_item": statuses.DevelopmentStatus,
    "dialog_thread": statuses.DialogStatus,
}


@pytest.fixture(params=["sqlite", "server"])
def migrated(request, tmp_path, server_database):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 's.db'}"
    elif not server_database:
        pytest.skip("no EKINERJA_TEST_DATABASE_URL")
    else:
        downgrade_base(server_database)
        url = server_database
    upgrade_head(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def _declared() -> dict[tuple[str, str], set[str]]:
    return {
        (table.name, c.name): set(QUOTED.findall(str(c.sqltext)))
        for table in SQLModel.metadata.tables.values()
        for c in table.constraints
        if isinstance(c, CheckConstraint)
    }


def test_every_check_constraint_lists_the_same_values_in_the_database(migrated):
    inspector = inspect(migrated)
    found = {
        (table, c["name"]): set(QUOTED.findall(c["sqltext"]))
        for table, _ in _declared()
        for c in inspector.get_check_constraints(table)
    }
    declared = _declared()
    assert {key: found.get(key) for key in declared} == declared


def test_each_status_column_is_checked_against_its_enum():
    declared = _declared()
    for table, enum in STATUS_COLUMNS.items():
        constraints = [values for (t, _), values in declared.items() if t == table and values & set(enum)]
        assert constraints == [{member.value for member in enum}], table
    status_tables = {t.name for t in SQLModel.metadata.tables.values() if "status" in t.c and t.name != "employee"}
    assert status_tables == set(STATUS_COLUMNS)


def test_a_status_outside_the_enum_is_refused(migrated):
    with migrated.begin() as connection, pytest.raises(IntegrityError):
        connection.execute(
            text(
                "INSERT INTO dialog_thread (employee_id, year, title, status, opened_by_id, created_at, last_message_at)"
                " VALUES (1, 2026, 't', 'dihapus', 1, '2026-01-01', '2026-01-01')"
            )
        )
