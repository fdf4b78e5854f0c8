"""jenjang history of jabatan fungsional: one row per jenjang held, from the employee's single jenjang

Revision ID: i21g_ak_0012
Revises: i17_reference_0012
Create Date: 2026-12-05

Each employee with a jenjang (employee.jf_jenjang, jf_tmt, jf_angka_kredit_awal) gets one open
row with the same jenjang, TMT and angka kredit awal, named after the fungsional jabatan they hold
today; the three columns go. Downgrade brings them back filled from each employee's open row (the
latest one), so the single-jenjang data survives a round trip; closed rows (earlier jenjang) have
no place in the old shape and are dropped with the table.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'i21g_ak_0012'
down_revision: str | None = 'i17_reference_0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('jenjang_fungsional',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('jabatan', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('jenjang', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('tmt', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('sk_nomor', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('sk_tanggal', sa.Date(), nullable=True),
    sa.Column('angka_kredit_awal', sa.Numeric(precision=10, scale=3), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('end_date IS NULL OR end_date >= tmt', name='ck_jenjang_fungsional_dates'),
    sa.ForeignKeyConstraint(['created_by_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('employee_id', 'tmt', name='uq_jenjang_fungsional_tmt')
    )
    op.create_index(op.f('ix_jenjang_fungsional_employee_id'), 'jenjang_fungsional', ['employee_id'], unique=False)
    # The jabatan is the fungsional position the employee holds definitively today, when there is one.
    op.execute(sa.text("""
        INSERT INTO jenjang_fungsional (employee_id, jabatan, jenjang, tmt, end_date, sk_nomor, sk_tanggal, angka_kredit_awal, created_at)
        SELECT e.id,
               COALESCE((SELECT p.name FROM position_assignment pa JOIN position p ON p.id = pa.position_id
                         WHERE pa.employee_id = e.id AND pa.kind = 'definitif' AND pa.end_date IS NULL AND p.kind = 'fungsional'
                         ORDER BY pa.start_date DESC LIMIT 1), ''),
               e.jf_jenjang, e.jf_tmt, NULL, '', NULL, e.jf_angka_kredit_awal, e.created_at
        FROM employee e
        WHERE e.jf_jenjang <> '' AND e.jf_tmt IS NOT NULL
    """))
    # In place (SQLite 3.35+ has DROP COLUMN): a batch copy of the employee table would have to drop the
    # table every other one refers to, which SQLite refuses once those rows exist.
    for column in ('jf_angka_kredit_awal', 'jf_tmt', 'jf_jenjang'):
        op.drop_column('employee', column)


def downgrade() -> None:
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('jf_jenjang', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('jf_tmt', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('jf_angka_kredit_awal', sa.Numeric(precision=10, scale=3), nullable=True))
    latest = ("(SELECT j.{column} FROM jenjang_fungsional j WHERE j.employee_id = employee.id AND j.end_date IS NULL "
              "ORDER BY j.tmt DESC LIMIT 1)")
    op.execute(sa.text(
        f"UPDATE employee SET jf_jenjang = {latest.format(column='jenjang')}, jf_tmt = {latest.format(column='tmt')}, "
        f"jf_angka_kredit_awal = {latest.format(column='angka_kredit_awal')} "
        "WHERE EXISTS (SELECT 1 FROM jenjang_fungsional j WHERE j.employee_id = employee.id AND j.end_date IS NULL)"
    ))
    op.drop_index(op.f('ix_jenjang_fungsional_employee_id'), table_name='jenjang_fungsional')
    op.drop_table('jenjang_fungsional')
