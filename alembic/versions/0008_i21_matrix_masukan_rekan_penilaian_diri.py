"""masukan rekan kerja and penilaian diri

Revision ID: i21_matrix_0008
Revises: i20p_0007
Create Date: 2026-12-05

peer_input_request: who was asked for input on which evaluation (answered once).
peer_input_answer: one rating and reason per BerAKHLAK value of an answer.
self_assessment, self_assessment_rhk: the employee's own assessment of each RHK for a period.
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


    op.create_table('self_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('skp_id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('period_kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('period_no', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('submitted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("period_kind IN ('bulanan','triwulanan','tahunan')", name='ck_self_assessment_period_kind'),
    sa.CheckConstraint("status IN ('draft','diajukan')", name='ck_self_assessment_status'),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['skp_id'], ['skp.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('skp_id', 'period_kind', 'period_no', name='uq_self_assessment_period')
    )
    with op.batch_alter_table('self_assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_self_assessment_employee_id'), ['employee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_self_assessment_skp_id'), ['skp_id'], unique=False)

    op.create_table('self_assessment_rhk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('self_assessment_id', sa.Integer(), nullable=False),
    sa.Column('rhk_id', sa.Integer(), nullable=False),
    sa.Column('rating', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.CheckConstraint("rating IS NULL OR rating IN ('diatas','sesuai','dibawah')", name='ck_self_assessment_rating'),
    sa.ForeignKeyConstraint(['rhk_id'], ['rhk.id'], ),
    sa.ForeignKeyConstraint(['self_assessment_id'], ['self_assessment.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('self_assessment_id', 'rhk_id', name='uq_self_assessment_rhk')
    )
    with op.batch_alter_table('self_assessment_rhk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_self_assessment_rhk_self_assessment_id'), ['self_assessment_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('self_assessment_rhk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_self_assessment_rhk_self_assessment_id'))
    op.drop_table('self_assessment_rhk')
    with op.batch_alter_table('self_assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_self_assessment_skp_id'))
        batch_op.drop_index(batch_op.f('ix_self_assessment_employee_id'))
    op.drop_table('self_assessment')
    with op.batch_alter_table('peer_input_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_peer_input_answer_request_id'))
    op.drop_table('peer_input_answer')
    with op.batch_alter_table('peer_input_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_peer_input_request_respondent_id'))
        batch_op.drop_index(batch_op.f('ix_peer_input_request_evaluation_id'))
    op.drop_table('peer_input_request')
