"""tamper-evident audit: every audit row chained by SHA-256 to the one before

Adds ``chain_seq``, ``previous_hash`` and ``row_hash`` to ``audit_log`` and the one-row ``audit_chain`` head, and
chains the rows already there in the order they were written (by id), with the hash of ``boilerlab.db.audit``.
Downgrade drops the chain.

Revision ID: b3d9e4f1a2c7
Revises: 7a1e0c2d9b34
Create Date: 2026-12-04 21:30:00
"""
import json
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from boilerlab.db.audit import GENESIS, canonical_content, row_hash

revision: str = 'b3d9e4f1a2c7'
down_revision: Union[str, Sequence[str], None] = '7a1e0c2d9b34'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

AUDIT = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("at", sa.DateTime(timezone=True)),
                 sa.column("who", sa.String), sa.column("action", sa.String), sa.column("table_name", sa.String),
                 sa.column("row_key", sa.String), sa.column("detail", sa.JSON), sa.column("chain_seq", sa.Integer),
                 sa.column("previous_hash", sa.String), sa.column("row_hash", sa.String))


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chain_seq', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('previous_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('row_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_audit_log_chain_seq'), ['chain_seq'])
    chain = op.create_table('audit_chain',
                            sa.Column('id', sa.Integer(), nullable=False),
                            sa.Column('length', sa.Integer(), nullable=False),
                            sa.Column('last_hash', sa.String(length=64), nullable=False),
                            sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain')))
    connection = op.get_bind()
    length, last = 0, GENESIS
    rows = connection.execute(sa.select(AUDIT.c.id, AUDIT.c.at, AUDIT.c.who, AUDIT.c.action, AUDIT.c.table_name,
                                        AUDIT.c.row_key, AUDIT.c.detail).order_by(AUDIT.c.id)).all()
    for row_id, at, who, action, table_name, row_key, detail in rows:
        detail = json.loads(detail) if isinstance(detail, str) else detail
        length += 1
        digest = row_hash(last, canonical_content(at, who, action, table_name, row_key, detail))
        connection.execute(AUDIT.update().where(AUDIT.c.id == row_id).values(chain_seq=length, previous_hash=last,
                                                                            row_hash=digest))
        last = digest
    op.bulk_insert(chain, [{"id": 1, "length": length, "last_hash": last}])


def downgrade() -> None:
    op.drop_table('audit_chain')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_log_chain_seq'), type_='unique')
        batch_op.drop_column('row_hash')
        batch_op.drop_column('previous_hash')
        batch_op.drop_column('chain_seq')
