"""masukan rekan kerja: peers and bawahan asked for input on an employee's perilaku

Revision ID: i21_matrix_0008
Revises: i20p_0007
Create Date: 2026-12-05

peer_input_request: who was asked for input on which evaluation (answered once).
peer_input_answer: one rating and reason per BerAKHLAK value of an answer.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'i21_matrix_0008'
down_revision: str | None = 'i20p_0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('peer_input_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('respondent_id', sa.Integer(), nullable=False),
    sa.Column('relation', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('requested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('answered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.CheckConstraint("relation IN ('rekan','bawahan')", name='ck_peer_input_relation'),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], ),
    sa.ForeignKeyConstraint(['requested_by_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['respondent_id'], ['employee.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('evaluation_id', 'respondent_id', name='uq_peer_input_respondent')
    )
    with op.batch_alter_table('peer_input_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_peer_input_request_evaluation_id'), ['evaluation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_peer_input_request_respondent_id'), ['respondent_id'], unique=False)

    op.create_table('peer_input_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('value_code', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('rating', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.CheckConstraint("rating IN ('diatas','sesuai','dibawah')", name='ck_peer_input_rating'),
    sa.ForeignKeyConstraint(['request_id'], ['peer_input_request.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('request_id', 'value_code', name='uq_peer_input_value')
    )
    with op.batch_alter_table('peer_input_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_peer_input_answer_request_id'), ['request_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('peer_input_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_peer_input_answer_request_id'))
    op.drop_table('peer_input_answer')
    with op.batch_alter_table('peer_input_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_peer_input_request_respondent_id'))
        batch_op.drop_index(batch_op.f('ix_peer_input_request_evaluation_id'))
    op.drop_table('peer_input_request')
