"""内燃场车联合执法: an inspection may be of an in-plant vehicle (issue 17)

Revision ID: b4c6d8e0f2a1
Revises: a1b3c5d7e9f0
Create Date: 2026-12-07 06:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = 'b4c6d8e0f2a1'
down_revision: Union[str, Sequence[str], None] = 'a1b3c5d7e9f0'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('inspection') as batch:
        batch.add_column(sa.Column('vehicle_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_inspection_vehicle_id_vehicle'), 'vehicle', ['vehicle_id'], ['id'])
        batch.create_unique_constraint('uq_inspection_campaign_vehicle', ['campaign_id', 'vehicle_id'])
    op.create_index(op.f('ix_inspection_vehicle_id'), 'inspection', ['vehicle_id'], unique=False)


def downgrade() -> None:
    # without the column a vehicle's inspection would read as a unit's boiler-less one: refuse rather than mislead
    held = op.get_bind().exec_driver_sql("SELECT count(*) FROM inspection WHERE vehicle_id IS NOT NULL").scalar()
    if held:
        raise RuntimeError(f"{held} inspections of in-plant vehicles are stored: delete them (or keep this revision) "
                           "before downgrading")
    op.drop_index(op.f('ix_inspection_vehicle_id'), table_name='inspection')
    with op.batch_alter_table('inspection') as batch:
        batch.drop_constraint('uq_inspection_campaign_vehicle', type_='unique')
        batch.drop_constraint(op.f('fk_inspection_vehicle_id_vehicle'), type_='foreignkey')
        batch.drop_column('vehicle_id')
