"""accounts: who may sign in, with role, office and an Argon2id password hash

Revision ID: c5e1f7a3b9d2
Revises: b3d9e4f1a2c7
Create Date: 2026-12-04 21:40:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = 'c5e1f7a3b9d2'
down_revision: Union[str, Sequence[str], None] = 'b3d9e4f1a2c7'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('account',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('login', sa.String(length=40), nullable=False),
                    sa.Column('display_name', sa.String(length=40), nullable=False),
                    sa.Column('role', sa.String(length=16), nullable=False),
                    sa.Column('office', sa.String(length=60), nullable=True),
                    sa.Column('active', sa.Boolean(), nullable=False),
                    sa.Column('password_hash', sa.String(length=200), nullable=False),
                    sa.Column('failed_attempts', sa.Integer(), nullable=False),
                    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
                    sa.Column('password_changed_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
                    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_account')),
                    sa.UniqueConstraint('login', name=op.f('uq_account_login')))


def downgrade() -> None:
    op.drop_table('account')
