"""the annual evaluation's proposed ratings from the periodic ones, with the evaluator's change reasons

Revision ID: i21_eval_0008
Revises: i20p_0007
Create Date: 2026-12-05

evaluation_proposal: per annual evaluation and rated field, the rating proposed from the year's final
periodic evaluations (domain/annual_rating.py) and the reason when the evaluator set another.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'i21_eval_0008'
down_revision: str | None = 'i20p_0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RATING_CHECK = "('diatas','sesuai','dibawah')"


def upgrade() -> None:
    op.create_table('evaluation_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('proposed', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('basis', sa.Text(), server_default='', nullable=False),
    sa.Column('change_reason', sa.Text(), server_default='', nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint(f"proposed IN {RATING_CHECK}", name='ck_evaluation_proposal_rating'),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('evaluation_id', 'subject', name='uq_evaluation_proposal')
    )
    with op.batch_alter_table('evaluation_proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_proposal_evaluation_id'), ['evaluation_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('evaluation_proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_proposal_evaluation_id'))
    op.drop_table('evaluation_proposal')
