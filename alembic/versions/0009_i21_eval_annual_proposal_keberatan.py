"""the annual evaluation's proposed ratings from the periodic ones; keberatan against a final predikat

Revision ID: i21_eval_0008
Revises: i21_matrix_0008
Create Date: 2026-12-05

evaluation_proposal: per annual evaluation and rated field, the rating proposed from the year's final
periodic evaluations (domain/annual_rating.py) and the reason when the evaluator set another.
evaluation_settings.keberatan_days: the instansi's period to file a keberatan (PP 30/2019 Pasal 59: 14).
keberatan: an employee's objection to a final predikat and the decision of the atasan of the pejabat penilai.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'i21_eval_0008'
down_revision: str | None = 'i21_matrix_0008'
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

    with op.batch_alter_table('evaluation_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('keberatan_days', sa.Integer(), server_default='14', nullable=False))
        batch_op.create_check_constraint('ck_evaluation_settings_keberatan_days', 'keberatan_days BETWEEN 1 AND 90')

    op.create_table('keberatan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('evaluator_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('evidence_id', sa.Integer(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('rating_hasil_before', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('rating_perilaku_before', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('predikat_before', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('rating_hasil_after', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('rating_perilaku_after', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('predikat_after', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('decision_reason', sa.Text(), server_default='', nullable=False),
    sa.Column('tpp_changes', sa.Text(), server_default='', nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('filed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("status IN ('diajukan','dikabulkan','ditolak')", name='ck_keberatan_status'),
    sa.CheckConstraint(f"rating_hasil_after IS NULL OR rating_hasil_after IN {RATING_CHECK}", name='ck_keberatan_rating_hasil'),
    sa.CheckConstraint(f"rating_perilaku_after IS NULL OR rating_perilaku_after IN {RATING_CHECK}", name='ck_keberatan_rating_perilaku'),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], ),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['evaluator_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['reviewer_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence_file.id'], ),
    sa.ForeignKeyConstraint(['decided_by_id'], ['employee.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('evaluation_id', name='uq_keberatan_evaluation')
    )
    with op.batch_alter_table('keberatan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_keberatan_employee_id'), ['employee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_keberatan_reviewer_id'), ['reviewer_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('keberatan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_keberatan_reviewer_id'))
        batch_op.drop_index(batch_op.f('ix_keberatan_employee_id'))
    op.drop_table('keberatan')
    with op.batch_alter_table('evaluation_settings', schema=None) as batch_op:
        batch_op.drop_constraint('ck_evaluation_settings_keberatan_days', type_='check')
        batch_op.drop_column('keberatan_days')
    with op.batch_alter_table('evaluation_proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_proposal_evaluation_id'))
    op.drop_table('evaluation_proposal')
