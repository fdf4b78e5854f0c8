"""tindak lanjut penilaian: development plan items after a predikat below Baik

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('development_plan_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.Column('employee_note', sa.Text(), server_default='', nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('pelatihan','coaching','mentoring','lainnya')", name='ck_development_kind'),
    sa.CheckConstraint("status IN ('direncanakan','berjalan','selesai','dibatalkan')", name='ck_development_status'),
    sa.ForeignKeyConstraint(['created_by_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], ),
    sa.ForeignKeyConstraint(['updated_by_id'], ['employee.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('development_plan_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_development_plan_item_employee_id'), ['employee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_development_plan_item_evaluation_id'), ['evaluation_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('development_plan_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_development_plan_item_evaluation_id'))
        batch_op.drop_index(batch_op.f('ix_development_plan_item_employee_id'))

    op.drop_table('development_plan_item')
