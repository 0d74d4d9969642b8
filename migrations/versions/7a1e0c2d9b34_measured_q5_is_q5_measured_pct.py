"""the measured surface loss is stored as q5_measured_pct

The stored inputs of a test used to hold a measured q5 under ``q5_pct``, the name of the result column (the q5
used). Inputs now call it ``q5_measured_pct``; this renames the key in every stored test so that old and new
records read the same way (exports, re-evaluation). Downgrade renames it back.

Revision ID: 7a1e0c2d9b34
Revises: 41bd6487051f
Create Date: 2026-12-02 04:00:00
"""
import json
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '7a1e0c2d9b34'
down_revision: Union[str, Sequence[str], None] = '41bd6487051f'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TESTS = sa.table("test_record", sa.column("id", sa.Integer), sa.column("inputs", sa.JSON))


def _rename(old: str, new: str) -> None:
    connection = op.get_bind()
    for row_id, inputs in connection.execute(sa.select(TESTS.c.id, TESTS.c.inputs)).all():
        values = json.loads(inputs) if isinstance(inputs, str) else inputs
        if values and old in values and new not in values:
            values[new] = values.pop(old)
            connection.execute(TESTS.update().where(TESTS.c.id == row_id).values(inputs=values))


def upgrade() -> None:
    _rename("q5_pct", "q5_measured_pct")


def downgrade() -> None:
    _rename("q5_measured_pct", "q5_pct")
