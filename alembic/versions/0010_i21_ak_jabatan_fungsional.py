"""jabatan fungsional of an employee: jenjang, its TMT and the angka kredit at that TMT

Revision ID: i21_ak_0008
Revises: i21_eval_0008
Create Date: 2026-12-05

The yearly angka kredit (PermenPAN-RB 1/2023, Perban BKN 3/2023) follows from these and the annual
predikat; nothing else is stored.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'i21_ak_0008'
down_revision: str | None = 'i21_eval_0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('jf_jenjang', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('jf_tmt', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('jf_angka_kredit_awal', sa.Numeric(precision=10, scale=3), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.drop_column('jf_angka_kredit_awal')
        batch_op.drop_column('jf_tmt')
        batch_op.drop_column('jf_jenjang')
