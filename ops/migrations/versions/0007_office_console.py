"""office accounts, sessions, sign-in attempts; roster authorship and publishing

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString
_TIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table('office_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', _TEXT(length=64), nullable=False),
    sa.Column('role', _TEXT(length=16), nullable=False),
    sa.Column('township_id', sa.Integer(), nullable=True),
    sa.Column('password_hash', _TEXT(length=255), nullable=False),
    sa.Column('created_at', _TIME(), nullable=False),
    sa.Column('disabled_at', _TIME(), nullable=True),
    sa.ForeignKeyConstraint(['township_id'], ['township.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('office_user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_office_user_name'), ['name'], unique=True)

    op.create_table('office_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_hash', _TEXT(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('csrf_token', _TEXT(length=64), nullable=False),
    sa.Column('township_id', sa.Integer(), nullable=True),
    sa.Column('created_at', _TIME(), nullable=False),
    sa.Column('last_seen_at', _TIME(), nullable=False),
    sa.Column('ended_at', _TIME(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['office_user.id'], ),
    sa.ForeignKeyConstraint(['township_id'], ['township.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('office_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_office_session_session_hash'), ['session_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_office_session_user_id'), ['user_id'], unique=False)

    op.create_table('signin_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', _TEXT(length=64), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('at', _TIME(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('signin_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signin_attempt_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_signin_attempt_at'), ['at'], unique=False)

    with op.batch_alter_table('roster', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_by', _TEXT(length=100), nullable=True))
        batch_op.add_column(sa.Column('published_at', _TIME(), nullable=True))
        batch_op.add_column(sa.Column('published_by', _TEXT(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('roster', schema=None) as batch_op:
        batch_op.drop_column('published_by')
        batch_op.drop_column('published_at')
        batch_op.drop_column('created_by')
    with op.batch_alter_table('signin_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signin_attempt_at'))
        batch_op.drop_index(batch_op.f('ix_signin_attempt_name'))
    op.drop_table('signin_attempt')
    with op.batch_alter_table('office_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_office_session_user_id'))
        batch_op.drop_index(batch_op.f('ix_office_session_session_hash'))
    op.drop_table('office_session')
    with op.batch_alter_table('office_user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_office_user_name'))
    op.drop_table('office_user')
