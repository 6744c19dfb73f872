"""Orders by state and age: the closing sweep looks up delivered orders past their time.

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


def downgrade() -> None:
    op.drop_index("ix_orders_state_updated_at", table_name="orders")
