"""dialog kinerja: threads, messages, read marks and meetings; one-way feedback becomes threads

Revision ID: i21_dialog_0008
Revises: i21_ak_0008
Create Date: 2026-12-05

Each feedback row becomes a thread opened by the atasan who wrote it, with its text as the
first message (same author, same time), so nothing written is lost and the employee can now
answer it. A row the employee had read is marked read for them. The feedback table goes;
downgrade brings it back with the threads that still fit its shape (an RHK or a value).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = 'i21_dialog_0008'
down_revision: str | None = 'i21_ak_0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MIGRATED_TITLE = "Umpan balik atasan"


def upgrade() -> None:
    op.create_table('dialog_thread',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('rhk_id', sa.Integer(), nullable=True),
    sa.Column('month', sa.Integer(), nullable=True),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('value_code', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=False),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('last_message_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("status IN ('terbuka','selesai')", name='ck_dialog_thread_status'),
    sa.CheckConstraint("month IS NULL OR (month >= 1 AND month <= 12)", name='ck_dialog_thread_month'),
    sa.ForeignKeyConstraint(['activity_id'], ['daily_activity.id'], ),
    sa.ForeignKeyConstraint(['closed_by_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['opened_by_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['rhk_id'], ['rhk.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_dialog_thread_employee_year', 'dialog_thread', ['employee_id', 'year'], unique=False)
    op.create_table('dialog_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('acting_for_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['acting_for_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['author_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['thread_id'], ['dialog_thread.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_dialog_message_thread_id'), 'dialog_message', ['thread_id'], unique=False)
    op.create_table('dialog_read',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('reader_id', sa.Integer(), nullable=False),
    sa.Column('last_message_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['reader_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['thread_id'], ['dialog_thread.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('thread_id', 'reader_id', name='uq_dialog_read')
    )
    op.create_index(op.f('ix_dialog_read_reader_id'), 'dialog_read', ['reader_id'], unique=False)
    op.create_table('dialog_meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('topics', sa.Text(), nullable=False),
    sa.Column('agreements', sa.Text(), nullable=False),
    sa.Column('follow_up_on', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('acting_for_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('follow_up_on IS NULL OR follow_up_on >= held_on', name='ck_dialog_meeting_follow_up'),
    sa.ForeignKeyConstraint(['acting_for_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['employee.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_dialog_meeting_employee_year', 'dialog_meeting', ['employee_id', 'year'], unique=False)
    _feedback_to_threads()
    op.drop_table('feedback')


def _tables(bind) -> dict[str, sa.Table]:
    meta = sa.MetaData()
    return {name: sa.Table(name, meta, autoload_with=bind) for name in ('feedback', 'dialog_thread', 'dialog_message', 'dialog_read', 'rhk', 'skp')}


def _feedback_to_threads() -> None:
    bind = op.get_bind()
    t = _tables(bind)
    feedback, rhk, skp = t['feedback'], t['rhk'], t['skp']
    rows = bind.execute(
        sa.select(feedback, skp.c.year.label('skp_year'))
        .select_from(feedback.outerjoin(rhk, feedback.c.rhk_id == rhk.c.id).outerjoin(skp, rhk.c.skp_id == skp.c.id))
        .order_by(feedback.c.id)
    ).mappings().all()
    for row in rows:
        # The year of the SKP the RHK belongs to; for a BerAKHLAK value, the year it was written.
        year = row['skp_year'] or row['created_at'].year
        thread_id = bind.execute(
            t['dialog_thread'].insert().values(
                employee_id=row['to_employee_id'], year=year, title=MIGRATED_TITLE, rhk_id=row['rhk_id'],
                value_code=row['value_code'], status='terbuka', opened_by_id=row['from_employee_id'],
                created_at=row['created_at'], last_message_at=row['created_at'],
            )
        ).inserted_primary_key[0]
        message_id = bind.execute(
            t['dialog_message'].insert().values(
                thread_id=thread_id, author_id=row['from_employee_id'], body=row['body'], created_at=row['created_at'],
            )
        ).inserted_primary_key[0]
        if row['read_at'] is not None:
            bind.execute(t['dialog_read'].insert().values(thread_id=thread_id, reader_id=row['to_employee_id'], last_message_id=message_id))


def downgrade() -> None:
    op.create_table('feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('from_employee_id', sa.Integer(), nullable=False),
    sa.Column('to_employee_id', sa.Integer(), nullable=False),
    sa.Column('rhk_id', sa.Integer(), nullable=True),
    sa.Column('value_code', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('read_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.CheckConstraint('rhk_id IS NOT NULL OR value_code IS NOT NULL', name='ck_feedback_subject'),
    sa.ForeignKeyConstraint(['from_employee_id'], ['employee.id'], ),
    sa.ForeignKeyConstraint(['rhk_id'], ['rhk.id'], ),
    sa.ForeignKeyConstraint(['to_employee_id'], ['employee.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_feedback_to_employee_id'), 'feedback', ['to_employee_id'], unique=False)
    # Back to one-way feedback: the opening message of each thread on an RHK or a value, by the atasan who opened it.
    op.execute(
        "INSERT INTO feedback (from_employee_id, to_employee_id, rhk_id, value_code, body, created_at) "
        "SELECT m.author_id, t.employee_id, t.rhk_id, t.value_code, m.body, m.created_at "
        "FROM dialog_thread t JOIN dialog_message m ON m.thread_id = t.id "
        "WHERE (t.rhk_id IS NOT NULL OR t.value_code IS NOT NULL) AND t.opened_by_id <> t.employee_id "
        "AND m.id = (SELECT MIN(first.id) FROM dialog_message first WHERE first.thread_id = t.id)"
    )
    op.drop_index('ix_dialog_meeting_employee_year', table_name='dialog_meeting')
    op.drop_table('dialog_meeting')
    op.drop_index(op.f('ix_dialog_read_reader_id'), table_name='dialog_read')
    op.drop_table('dialog_read')
    op.drop_index(op.f('ix_dialog_message_thread_id'), table_name='dialog_message')
    op.drop_table('dialog_message')
    op.drop_index('ix_dialog_thread_employee_year', table_name='dialog_thread')
    op.drop_table('dialog_thread')
