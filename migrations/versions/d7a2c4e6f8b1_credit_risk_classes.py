"""credit-risk classes: unit events, classification runs and assessments, the draw's method and each unit's class

Revision ID: d7a2c4e6f8b1
Revises: c5e1f7a3b9d2
Create Date: 2026-12-07 01:30:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = 'd7a2c4e6f8b1'
down_revision: Union[str, Sequence[str], None] = 'c5e1f7a3b9d2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('unit_event',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('unit_id', sa.Integer(), nullable=False),
                    sa.Column('event_kind', sa.String(length=30), nullable=False),
                    sa.Column('event_date', sa.Date(), nullable=False),
                    sa.Column('responsible', sa.Boolean(), nullable=False),
                    sa.Column('reference_no', sa.String(length=60), nullable=True),
                    sa.Column('description', sa.Text(), nullable=True),
                    sa.Column('upload_id', sa.Integer(), nullable=True),
                    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
                    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
                    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_event_unit_id_unit')),
                    sa.ForeignKeyConstraint(['upload_id'], ['upload.id'], name=op.f('fk_unit_event_upload_id_upload')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_event')),
                    sa.UniqueConstraint('unit_id', 'event_kind', 'event_date', name='uq_unit_event_unit_kind_date'))
    op.create_index(op.f('ix_unit_event_unit_id'), 'unit_event', ['unit_id'], unique=False)
    op.create_table('risk_run',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('as_of', sa.Date(), nullable=False),
                    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('computed_by', sa.String(length=60), nullable=False),
                    sa.Column('reference_versions', sa.Text(), nullable=False),
                    sa.Column('counts', sa.JSON(), nullable=False),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_run')))
    op.create_index(op.f('ix_risk_run_as_of'), 'risk_run', ['as_of'], unique=False)
    op.create_table('risk_assessment',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('run_id', sa.Integer(), nullable=False),
                    sa.Column('unit_id', sa.Integer(), nullable=False),
                    sa.Column('risk_class', sa.String(length=1), nullable=False),
                    sa.Column('score', sa.Double(), nullable=False),
                    sa.Column('indicators', sa.JSON(), nullable=False),
                    sa.Column('points', sa.JSON(), nullable=False),
                    sa.Column('vetoes', sa.JSON(), nullable=False),
                    sa.ForeignKeyConstraint(['run_id'], ['risk_run.id'], name=op.f('fk_risk_assessment_run_id_risk_run')),
                    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_risk_assessment_unit_id_unit')),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_assessment')),
                    sa.UniqueConstraint('run_id', 'unit_id', name='uq_risk_assessment_run_unit'))
    op.create_index(op.f('ix_risk_assessment_run_id'), 'risk_assessment', ['run_id'], unique=False)
    op.create_index(op.f('ix_risk_assessment_unit_id'), 'risk_assessment', ['unit_id'], unique=False)
    with op.batch_alter_table('campaign') as batch:
        batch.add_column(sa.Column('draw_method', sa.String(length=20), nullable=False, server_default='office_ratio'))
        batch.add_column(sa.Column('risk_run_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f('fk_campaign_risk_run_id_risk_run'), 'risk_run', ['risk_run_id'], ['id'])
    with op.batch_alter_table('campaign_unit') as batch:
        batch.add_column(sa.Column('risk_class', sa.String(length=1), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('campaign_unit') as batch:
        batch.drop_column('risk_class')
    with op.batch_alter_table('campaign') as batch:
        batch.drop_constraint(op.f('fk_campaign_risk_run_id_risk_run'), type_='foreignkey')
        batch.drop_column('risk_run_id')
        batch.drop_column('draw_method')
    op.drop_index(op.f('ix_risk_assessment_unit_id'), table_name='risk_assessment')
    op.drop_index(op.f('ix_risk_assessment_run_id'), table_name='risk_assessment')
    op.drop_table('risk_assessment')
    op.drop_index(op.f('ix_risk_run_as_of'), table_name='risk_run')
    op.drop_table('risk_run')
    op.drop_index(op.f('ix_unit_event_unit_id'), table_name='unit_event')
    op.drop_table('unit_event')
