"""township-scoped tokens, make-up check-ins, positions as sent

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('township_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_api_token_township_id', 'township', ['township_id'], ['id'])

    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.alter_column('lon', existing_type=sa.Float(), nullable=True)
        batch_op.alter_column('lat', existing_type=sa.Float(), nullable=True)
        batch_op.add_column(sa.Column('source', _TEXT(length=8), nullable=False, server_default='phone'))
        batch_op.add_column(sa.Column('made_up_by', _TEXT(length=100), nullable=True))
        batch_op.add_column(sa.Column('makeup_reason', _TEXT(length=500), nullable=True))
        batch_op.add_column(sa.Column('crs', _TEXT(length=8), nullable=False, server_default='wgs84'))
        batch_op.add_column(sa.Column('raw_lon', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('raw_lat', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('note', _TEXT(length=200), nullable=True))

    with op.batch_alter_table('track_chunk', schema=None) as batch_op:
        batch_op.add_column(sa.Column('crs', _TEXT(length=8), nullable=False, server_default='wgs84'))
        batch_op.add_column(sa.Column('raw_points', sa.JSON(), nullable=True))

    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.add_column(sa.Column('crs', _TEXT(length=8), nullable=False, server_default='wgs84'))
        batch_op.add_column(sa.Column('raw_lon', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('raw_lat', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.drop_column('raw_lat')
        batch_op.drop_column('raw_lon')
        batch_op.drop_column('crs')

    with op.batch_alter_table('track_chunk', schema=None) as batch_op:
        batch_op.drop_column('raw_points')
        batch_op.drop_column('crs')

    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.drop_column('note')
        batch_op.drop_column('raw_lat')
        batch_op.drop_column('raw_lon')
        batch_op.drop_column('crs')
        batch_op.drop_column('makeup_reason')
        batch_op.drop_column('made_up_by')
        batch_op.drop_column('source')
        batch_op.alter_column('lat', existing_type=sa.Float(), nullable=False)
        batch_op.alter_column('lon', existing_type=sa.Float(), nullable=False)

    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_constraint('fk_api_token_township_id', type_='foreignkey')
        batch_op.drop_column('township_id')
