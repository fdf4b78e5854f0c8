"""daily_activity: an index over the pending entries only, for the atasan's queue

Revision ID: i17_pending_index_0015
Revises: i21g_live_kurva_recheck
Create Date: 2026-12-06

The Input Pimpinan queue is read again whenever a subordinate saves (issue 17). It reads the
team's entries still waiting for a decision: a few per employee among the month's hundred. With
only (employee_id, activity_date) and (status, activity_date) to go on, each of its queries
visited the team's whole month; this index holds the waiting entries alone.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = 'i17_pending_index_0015'
down_revision: str | None = 'i21g_live_kurva_recheck'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = "status = 'diajukan'"


def upgrade() -> None:
    op.create_index(
        'ix_activity_pending', 'daily_activity', ['employee_id', 'activity_date'],
        sqlite_where=sa.text(PENDING), postgresql_where=sa.text(PENDING),
    )


def downgrade() -> None:
    op.drop_index('ix_activity_pending', table_name='daily_activity')
