"""online monitoring: data loggers by MN and the hourly data of each boiler

Revision ID: e8b3d5f7a9c2
Revises: d7a2c4e6f8b1
Create Date: 2026-12-07 02:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = 'e8b3d5f7a9c2'
down_revision: Union[str, Sequence[str], None] = 'd7a2c4e6f8b1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

HOURLY = ('flue_temp_c', 'flue_o2_pct', 'co_mg_m3', 'nox_mg_m3', 'so2_mg_m3', 'pm_mg_m3', 'flue_flow_m3_h',
          'eta_indirect_pct', 'eta_direct_pct', 'nox_ref_mg_m3', 'so2_ref_mg_m3', 'pm_ref_mg_m3', 'nox_limit_mg_m3',
          'so2_limit_mg_m3', 'pm_limit_mg_m3')


def upgrade() -> None:
    op.create_table('monitoring_device',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('mn', sa.String(length=40), nullable=False),
                    sa.Column('boiler_id', sa.Integer(), nullable=False),
                    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
                    sa.ForeignKeyConstraint(['boiler_id'], ['boiler.id'],
                                            name=op.f('fk_monitoring_device_boiler_id_boiler')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_device')),
                    sa.UniqueConstraint('mn', name=op.f('uq_monitoring_device_mn')))
    op.create_index(op.f('ix_monitoring_device_boiler_id'), 'monitoring_device', ['boiler_id'], unique=False)
    op.create_table('monitoring_hour',
                    sa.Column('boiler_id', sa.Integer(), nullable=False),
                    sa.Column('hour', sa.DateTime(timezone=False), nullable=False),
                    sa.Column('flag', sa.String(length=1), nullable=False),
                    sa.Column('valid_minutes', sa.Double(), nullable=False),
                    *(sa.Column(name, sa.Double(), nullable=True) for name in HOURLY),
                    sa.Column('upload_id', sa.Integer(), nullable=True),
                    sa.ForeignKeyConstraint(['boiler_id'], ['boiler.id'],
                                            name=op.f('fk_monitoring_hour_boiler_id_boiler')),
                    sa.ForeignKeyConstraint(['upload_id'], ['upload.id'],
                                            name=op.f('fk_monitoring_hour_upload_id_upload')),
                    sa.PrimaryKeyConstraint('boiler_id', 'hour', name=op.f('pk_monitoring_hour')))


def downgrade() -> None:
    op.drop_table('monitoring_hour')
    op.drop_index(op.f('ix_monitoring_device_boiler_id'), table_name='monitoring_device')
    op.drop_table('monitoring_device')
