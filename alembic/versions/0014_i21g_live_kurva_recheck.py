"""keberatan: the unit's kurva re-checked when an upheld keberatan changes a predikat

Revision ID: i21g_live_kurva_recheck
Revises: i21g_ak_0012
Create Date: 2026-12-05

keberatan.kurva_unit_id: the satuan organisasi whose kurva the changed predikat counts in.
keberatan.kurva_fits: whether its distribution fits the kurva after the decision (NULL: not checked,
the unit's capaian not set or the employee counted in no unit's kurva).
keberatan.kurva_note: what the decision found, as shown to the deciding official and the unit's pimpinan.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = 'i21g_live_kurva_recheck'
down_revision: str | None = 'i21g_ak_0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('keberatan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kurva_unit_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('kurva_fits', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('kurva_note', sa.Text(), server_default='', nullable=False))
        batch_op.create_foreign_key('fk_keberatan_kurva_unit', 'org_unit', ['kurva_unit_id'], ['id'])
        batch_op.create_index('ix_keberatan_kurva_unit_id', ['kurva_unit_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('keberatan', schema=None) as batch_op:
        batch_op.drop_index('ix_keberatan_kurva_unit_id')
        batch_op.drop_constraint('fk_keberatan_kurva_unit', type_='foreignkey')
        batch_op.drop_column('kurva_note')
        batch_op.drop_column('kurva_fits')
        batch_op.drop_column('kurva_unit_id')
