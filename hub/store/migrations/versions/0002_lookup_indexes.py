"""Look-ups by state and by item.

Orders by state and age: the closing sweep finds delivered orders past their time.
Positions and reservations by item: a plan reads the stock of its order's items only.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_orders_state_updated_at", "orders", ["state", "updated_at"], unique=False)
    op.create_index("ix_inventory_positions_item", "inventory_positions", ["item"], unique=False)
    op.create_index("ix_reservations_item_status", "reservations", ["item", "status"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_reservations_item_status", table_name="reservations")
    op.drop_index("ix_inventory_positions_item", table_name="inventory_positions")
    op.drop_index("ix_orders_state_updated_at", table_name="orders")
