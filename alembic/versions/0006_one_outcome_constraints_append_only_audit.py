"""one outcome per race: unique indexes behind double submissions; an append-only audit trail

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

Self-contained on purpose: it only adds indexes and triggers on tables of 0001-0004.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOT_REJECTED = "status <> 'ditolak'"
APPEND_ONLY = "audit_entry is append-only: entries are never changed or deleted"

# (index, table, columns, partial condition or None)
UNIQUE_INDEXES = (
    # A daily activity submitted twice: one live entry per employee, day and start time.
    ('uq_activity_slot', 'daily_activity', ['employee_id', 'activity_date', 'start_time'], NOT_REJECTED),
    # An absence request submitted twice: one live request per employee and first day.
    ('uq_absence_start', 'absence', ['employee_id', 'start_date'], NOT_REJECTED),
    # An SKP created twice: one lineage per employee, jabatan and year (revisions number within it).
    ('uq_skp_position_year_revision', 'skp', ['employee_id', 'position_id', 'year', 'revision'], None),
)


def upgrade() -> None:
    for name, table, columns, where in UNIQUE_INDEXES:
        partial = {} if where is None else {'sqlite_where': sa.text(where), 'postgresql_where': sa.text(where)}
        op.create_index(name, table, columns, unique=True, **partial)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            "CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{APPEND_ONLY}' USING ERRCODE = 'restrict_violation'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
            "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()"
        )
    else:
        for event in ('update', 'delete'):
            op.execute(
                f"CREATE TRIGGER audit_entry_no_{event} BEFORE {event.upper()} ON audit_entry "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER audit_entry_append_only ON audit_entry")
        op.execute("DROP FUNCTION audit_entry_append_only()")
    else:
        for event in ('update', 'delete'):
            op.execute(f"DROP TRIGGER audit_entry_no_{event}")
    for name, table, _columns, _where in reversed(UNIQUE_INDEXES):
        op.drop_index(name, table_name=table)
