"""daily_activity: an index over the approved entries by who approved them, for the integrity signals

Revision ID: i17_decided_index_0016
Revises: i17_pending_index_0015
Create Date: 2026-12-06

Every open of Input Pimpinan shows the team's integrity signals (services/integrity.py), among
them the approvals the team's members made too fast. That query asks for the month's approvals by
the team's members: with no index on who decided, PostgreSQL scanned every entry ever made (about
100 ms over 860,000 entries, on two cores), and a month end's atasan opening their queues together
kept the database busy for seconds (issue 17). This index holds the approved entries alone.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = 'i17_decided_index_0016'
down_revision: str | None = 'i17_pending_index_0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPROVED = "status = 'disetujui'"


def upgrade() -> None:
    op.create_index(
        'ix_activity_decided', 'daily_activity', ['decided_by_id', 'decided_at'],
        sqlite_where=sa.text(APPROVED), postgresql_where=sa.text(APPROVED),
    )


def downgrade() -> None:
    op.drop_index('ix_activity_decided', table_name='daily_activity')
