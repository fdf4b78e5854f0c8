"""revisions kept by the database: the reference revision, and a version per employee's activities

Revision ID: i17_reference_0012
Revises: i21_dialog_0008
Create Date: 2026-12-05

Each backend worker caches the instansi's work settings and the working-day calendars the
month-end hot path checks every entry against (issue 17), and drops them when this counter
moves. Triggers bump it, so every writer counts (the services, an admin's SQL, a bulk load),
and nothing has to remember to. The counter sits beside the org revision, so one read per
event gives both.

``activity_version`` holds, per employee, a number bumped by triggers on every insert, update or
delete of their daily activities. The live pages' hub reads it for every employee its tabs
watch, once a second: a primary-key lookup per employee instead of aggregating each one's month
of entries (issue 17: that aggregate grew with the open tabs, idle or not). On PostgreSQL the
trigger runs once per statement and bumps the employees it touched in id order, so two bulk
approvals over the same people never deadlock on these rows.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = 'i17_reference_0012'
down_revision: str | None = 'i21_dialog_0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("work_settings", "holiday", "duty_day")
BUMP = (
    "INSERT INTO org_revision (id, value, reference_value) VALUES (1, 0, 1) "
    "ON CONFLICT (id) DO UPDATE SET reference_value = org_revision.reference_value + 1"
)


ACTIVITY_BUMP = (
    "INSERT INTO activity_version (employee_id, version) {rows} "
    "ON CONFLICT (employee_id) DO UPDATE SET version = activity_version.version + 1"
)


def upgrade() -> None:
    op.add_column('org_revision', sa.Column('reference_value', sa.Integer(), nullable=False, server_default="0"))
    op.create_table('activity_version',
    sa.Column('employee_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('employee_id')
    )
    op.drop_index('ix_activity_employee_updated', table_name='daily_activity')  # its only reader was the live pages' aggregate
    if op.get_bind().dialect.name == "postgresql":
        rows = "SELECT employee_id, 1 FROM changed_rows GROUP BY employee_id ORDER BY employee_id"
        op.execute(
            "CREATE FUNCTION ekinerja_bump_activity_version() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {ACTIVITY_BUMP.format(rows=rows)}; RETURN NULL; END $$"
        )
        for change, table in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            op.execute(
                f"CREATE TRIGGER daily_activity_version_{change.lower()} AFTER {change} ON daily_activity "
                f"REFERENCING {table} TABLE AS changed_rows "
                "FOR EACH STATEMENT EXECUTE FUNCTION ekinerja_bump_activity_version()"
            )
        # A TRUNCATE that empties org_revision too (a test database reset) must leave it empty.
        op.execute(
            "CREATE FUNCTION ekinerja_bump_reference_revision() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF TG_OP = 'TRUNCATE' THEN UPDATE org_revision SET reference_value = reference_value + 1 WHERE id = 1; "
            f"ELSE {BUMP}; END IF; RETURN NULL; END $$"
        )
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_reference_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION ekinerja_bump_reference_revision()"
            )
        return
    # SQLite: one trigger per table and kind of change, each row counts (writers take turns anyway).
    for change, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        op.execute(
            f"CREATE TRIGGER daily_activity_version_{change.lower()} AFTER {change} ON daily_activity "
            f"BEGIN {ACTIVITY_BUMP.format(rows=f'VALUES ({row}.employee_id, 1)')}; END"
        )
    for table in TABLES:
        for change in ("INSERT", "UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_reference_revision_{change.lower()} AFTER {change} ON {table} "
                f"BEGIN {BUMP}; END"
            )


def downgrade() -> None:
    for change in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER daily_activity_version_{change}" + (" ON daily_activity" if op.get_bind().dialect.name == "postgresql" else ""))
    op.drop_table('activity_version')
    op.create_index('ix_activity_employee_updated', 'daily_activity', ['employee_id', 'updated_at'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION ekinerja_bump_activity_version()")
        for table in TABLES:
            op.execute(f"DROP TRIGGER {table}_reference_revision ON {table}")
        op.execute("DROP FUNCTION ekinerja_bump_reference_revision()")
    else:
        for table in TABLES:
            for change in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {table}_reference_revision_{change}")
    with op.batch_alter_table('org_revision') as batch:
        batch.drop_column('reference_value')
