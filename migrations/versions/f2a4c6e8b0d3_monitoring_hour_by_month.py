"""online monitoring: on PostgreSQL the hourly data partitioned by month (range of ``hour``)

A year of hourly data for a district's key boilers is millions of rows; partitions by month keep a month's reads,
deletes and vacuum on that month's table. SQLite has no partitions: nothing changes there. The partitions are
named ``monitoring_hour_yYYYYmMM``; the import makes the months it needs (boilerlab.db.monitoring).

Revision ID: f2a4c6e8b0d3
Revises: e8b3d5f7a9c2
Create Date: 2026-12-07 04:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = 'f2a4c6e8b0d3'
down_revision: Union[str, Sequence[str], None] = 'e8b3d5f7a9c2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

HOURLY = ('flue_temp_c', 'flue_o2_pct', 'co_mg_m3', 'nox_mg_m3', 'so2_mg_m3', 'pm_mg_m3', 'flue_flow_m3_h',
          'eta_indirect_pct', 'eta_direct_pct', 'nox_ref_mg_m3', 'so2_ref_mg_m3', 'pm_ref_mg_m3', 'nox_limit_mg_m3',
          'so2_limit_mg_m3', 'pm_limit_mg_m3')


def _create(partition_by: str | None) -> None:
    options = {'postgresql_partition_by': partition_by} if partition_by else {}
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
                    sa.PrimaryKeyConstraint('boiler_id', 'hour', name=op.f('pk_monitoring_hour')), **options)


def _move_aside() -> None:
    op.execute('ALTER TABLE monitoring_hour RENAME TO monitoring_hour_old')
    op.execute('ALTER INDEX pk_monitoring_hour RENAME TO pk_monitoring_hour_old')


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    _move_aside()
    _create('RANGE (hour)')
    months = op.get_bind().exec_driver_sql(
        "SELECT DISTINCT date_trunc('month', hour) FROM monitoring_hour_old ORDER BY 1").scalars().all()
    for month in months:
        following = month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)
        op.execute(f"CREATE TABLE monitoring_hour_y{month:%Y}m{month:%m} PARTITION OF monitoring_hour "
                   f"FOR VALUES FROM ('{month:%Y-%m-%d}') TO ('{following:%Y-%m-%d}')")
    op.execute('INSERT INTO monitoring_hour SELECT * FROM monitoring_hour_old')
    op.drop_table('monitoring_hour_old')


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    _move_aside()
    _create(None)
    op.execute('INSERT INTO monitoring_hour SELECT * FROM monitoring_hour_old')
    op.drop_table('monitoring_hour_old')  # and its partitions with it
