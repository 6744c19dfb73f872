"""Capacity booked by work items: the lines and units each takes on the day it ships.

Capacity is daily: a plan reads what live work already books on each node's ship days,
so a node full today takes new work for its next working day.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("work_items") as batch:
        batch.add_column(sa.Column("ship_date", sa.Date, nullable=True))
        batch.add_column(sa.Column("line_count", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(
            sa.Column("unit_count", sa.Numeric(18, 4), nullable=False, server_default="0")
        )
    op.create_index("ix_work_items_ship_date_node", "work_items", ["ship_date", "node"])


def downgrade() -> None:
    op.drop_index("ix_work_items_ship_date_node", table_name="work_items")
    with op.batch_alter_table("work_items") as batch:
        batch.drop_column("unit_count")
        batch.drop_column("line_count")
        batch.drop_column("ship_date")
