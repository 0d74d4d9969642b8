"""内燃场车: the register of in-plant vehicles (场(厂)内专用机动车辆) with their environmental information

Revision ID: a1b3c5d7e9f0
Revises: f2a4c6e8b0d3
Create Date: 2026-12-07 05:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = 'a1b3c5d7e9f0'
down_revision: Union[str, Sequence[str], None] = 'f2a4c6e8b0d3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('vehicle',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('device_code', sa.String(length=40), nullable=False),
                    sa.Column('unit_id', sa.Integer(), nullable=False),
                    sa.Column('registration_no', sa.String(length=40), nullable=True),
                    sa.Column('registration_date', sa.Date(), nullable=True),
                    sa.Column('vehicle_kind', sa.String(length=30), nullable=False),
                    sa.Column('power_type', sa.String(length=30), nullable=False),
                    sa.Column('engine_maker', sa.String(length=120), nullable=True),
                    sa.Column('engine_model', sa.String(length=60), nullable=True),
                    sa.Column('rated_power_kw', sa.Double(), nullable=True),
                    sa.Column('manufacture_date', sa.Date(), nullable=True),
                    sa.Column('emission_stage', sa.String(length=10), nullable=True),
                    sa.Column('env_code', sa.String(length=40), nullable=True),
                    sa.Column('status', sa.String(length=10), nullable=False),
                    sa.Column('upload_id', sa.Integer(), nullable=True),
                    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
                    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
                    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_vehicle_unit_id_unit')),
                    sa.ForeignKeyConstraint(['upload_id'], ['upload.id'], name=op.f('fk_vehicle_upload_id_upload')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_vehicle')),
                    sa.UniqueConstraint('device_code', name=op.f('uq_vehicle_device_code')))
    op.create_index(op.f('ix_vehicle_unit_id'), 'vehicle', ['unit_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_vehicle_unit_id'), table_name='vehicle')
    op.drop_table('vehicle')
