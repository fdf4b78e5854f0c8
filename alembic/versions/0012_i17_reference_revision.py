"""reference revision: the database counts every change to work settings, holidays and duty days

Revision ID: i17_reference_0012
Revises: i21_dialog_0008
Create Date: 2026-12-05

Each backend worker caches the instansi's work settings and the working-day calendars the
month-end hot path checks every entry against (issue 17), and drops them when this counter
moves. Triggers bump it, so every writer counts (the services, an admin's SQL, a bulk load),
and nothing has to remember to. The counter sits beside the org revision, so one read per
event gives both.
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


def upgrade() -> None:
    op.add_column('org_revision', sa.Column('reference_value', sa.Integer(), nullable=False, server_default="0"))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION ekinerja_bump_reference_revision() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
        )
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_reference_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION ekinerja_bump_reference_revision()"
            )
        return
    # SQLite: one trigger per table and kind of change, each row counts (changes here are rare).
    for table in TABLES:
        for change in ("INSERT", "UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_reference_revision_{change.lower()} AFTER {change} ON {table} "
                f"BEGIN {BUMP}; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER {table}_reference_revision ON {table}")
        op.execute("DROP FUNCTION ekinerja_bump_reference_revision()")
    else:
        for table in TABLES:
            for change in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {table}_reference_revision_{change}")
    with op.batch_alter_table('org_revision') as batch:
        batch.drop_column('reference_value')
