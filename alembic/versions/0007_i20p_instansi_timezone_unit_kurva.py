"""the instansi's own time zone; capaian per unit and the closing of a unit's evaluations

Revision ID: i20p_0007
Revises: 0006
Create Date: 2026-12-05

work_settings.timezone: each instansi's IANA zone (NULL keeps the deployment's EKINERJA_TIMEZONE).
unit_predikat replaces organisation_predikat: the capaian is set per satuan organisasi (SE MenPAN-RB
3/2023); an instansi's existing rows move over as the capaian of its top unit.
unit_evaluation_closing: a unit's evaluations of a period closed with the kurva checked over it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'i20p_0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ORG_PREDIKAT_CHECK = "predikat IN ('istimewa','baik','butuh_perbaikan','kurang','sangat_kurang')"
PERIOD_KIND_CHECK = "period_kind IN ('bulanan','triwulanan','tahunan')"


def upgrade() -> None:
    with op.batch_alter_table('work_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))

    op.create_table('unit_predikat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('period_kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('period_no', sa.Integer(), nullable=False),
    sa.Column('predikat', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint(ORG_PREDIKAT_CHECK, name='ck_unit_predikat'),
    sa.CheckConstraint(PERIOD_KIND_CHECK, name='ck_unit_predikat_period_kind'),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], ),
    sa.ForeignKeyConstraint(['set_by_id'], ['employee.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('unit_id', 'year', 'period_kind', 'period_no', name='uq_unit_predikat_period')
    )
    op.execute(
        "INSERT INTO unit_predikat (unit_id, year, period_kind, period_no, predikat, set_by_id, updated_at) "
        "SELECT instansi_id, year, period_kind, period_no, predikat, set_by_id, updated_at FROM organisation_predikat"
    )
    op.drop_table('organisation_predikat')

    op.create_table('unit_evaluation_closing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('period_kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('period_no', sa.Integer(), nullable=False),
    sa.Column('predikat', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('employees', sa.Integer(), nullable=False),
    sa.Column('fits', sa.Boolean(), nullable=False),
    sa.Column('problems', sa.Text(), server_default='', nullable=False),
    sa.Column('reason', sa.Text(), server_default='', nullable=False),
    sa.Column('closed_by_id', sa.Integer(), nullable=False),
    sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint(ORG_PREDIKAT_CHECK, name='ck_unit_closing_predikat'),
    sa.CheckConstraint(PERIOD_KIND_CHECK, name='ck_unit_closing_period_kind'),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], ),
    sa.ForeignKeyConstraint(['closed_by_id'], ['employee.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('unit_id', 'year', 'period_kind', 'period_no', name='uq_unit_closing_period')
    )


def downgrade() -> None:
    op.drop_table('unit_evaluation_closing')
    op.create_table('organisation_predikat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('instansi_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('period_kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('period_no', sa.Integer(), nullable=False),
    sa.Column('predikat', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint(ORG_PREDIKAT_CHECK, name='ck_org_predikat'),
    sa.ForeignKeyConstraint(['instansi_id'], ['org_unit.id'], ),
    sa.ForeignKeyConstraint(['set_by_id'], ['employee.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('instansi_id', 'year', 'period_kind', 'period_no', name='uq_org_predikat_period')
    )
    # Only the capaian of whole instansi existed before: the units' own are dropped.
    op.execute(
        "INSERT INTO organisation_predikat (instansi_id, year, period_kind, period_no, predikat, set_by_id, updated_at) "
        "SELECT p.unit_id, p.year, p.period_kind, p.period_no, p.predikat, p.set_by_id, p.updated_at "
        "FROM unit_predikat p JOIN org_unit u ON u.id = p.unit_id WHERE u.level = 'instansi'"
    )
    op.drop_table('unit_predikat')
    with op.batch_alter_table('work_settings', schema=None) as batch_op:
        batch_op.drop_column('timezone')
