"""Initial schema: every table of the store, designed up front.

The same operations run on SQLite and PostgreSQL; later revisions alter tables with
``op.batch_alter_table`` so SQLite can follow.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archive",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("channel", sa.String(length=50), nullable=False),
        sa.Column("partner", sa.String(length=100), nullable=True),
        sa.Column("standard", sa.String(length=20), nullable=True),
        sa.Column("message_type", sa.String(length=50), nullable=True),
        sa.Column("sender", sa.String(length=255), nullable=True),
        sa.Column("receiver", sa.String(length=255), nullable=True),
        sa.Column("interchange_control", sa.String(length=50), nullable=True),
        sa.Column("group_control", sa.String(length=50), nullable=True),
        sa.Column("message_ref", sa.String(length=50), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("order_id", sa.String(length=64), nullable=True),
        sa.CheckConstraint("direction IN ('in', 'out')", name=op.f("ck_archive_direction")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive")),
    )
    op.create_index(op.f("ix_archive_at"), "archive", ["at"], unique=False)
    op.create_index(op.f("ix_archive_order_id"), "archive", ["order_id"], unique=False)
    op.create_index(op.f("ix_archive_sha256"), "archive", ["sha256"], unique=False)
    op.create_table(
        "control_counters",
        sa.Column("partner", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("partner", "kind", name=op.f("pk_control_counters")),
    )
    op.create_table(
        "expected_acks",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("partner", sa.String(length=100), nullable=False),
        sa.Column("archive_id", sa.String(length=64), nullable=False),
        sa.Column("interchange_control", sa.String(length=50), nullable=False),
        sa.Column("group_control", sa.String(length=50), nullable=True),
        sa.Column("message_control", sa.String(length=50), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expected_acks")),
    )
    op.create_index(
        "ix_expected_acks_partner_interchange",
        "expected_acks",
        ["partner", "interchange_control"],
        unique=False,
    )
    op.create_index(
        "ix_expected_acks_status_due", "expected_acks", ["status", "due_at"], unique=False
    )
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("message_id", sa.String(length=255), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "message_id", name=op.f("pk_inbox")),
    )
    op.create_table(
        "interchange_register",
        sa.Column("key_kind", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("archive_id", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key_kind", "key", name=op.f("pk_interchange_register")),
    )
    op.create_table(
        "inventory_positions",
        sa.Column("node", sa.String(length=100), nullable=False),
        sa.Column("item", sa.String(length=100), nullable=False),
        sa.Column("on_hand", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("node", "item", name=op.f("pk_inventory_positions")),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("po_number", sa.String(length=100), nullable=False),
        sa.Column("customer", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
        sa.Column(
            "document",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
        sa.UniqueConstraint("customer", "po_number", name=op.f("uq_orders_customer_po_number")),
    )
    op.create_index(op.f("ix_orders_po_number"), "orders", ["po_number"], unique=False)
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("cause_id", sa.String(length=255), nullable=False),
        sa.Column("message_id", sa.String(length=255), nullable=False),
        sa.Column("exchange", sa.String(length=255), nullable=False),
        sa.Column("routing_key", sa.String(length=255), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column(
            "headers",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("consumer", "message_id", name=op.f("uq_outbox_consumer_message_id")),
    )
    op.create_index("ix_outbox_consumer_cause_id", "outbox", ["consumer", "cause_id"], unique=False)
    op.create_index(
        "ix_outbox_unsent",
        "outbox",
        ["consumer", "id"],
        unique=False,
        postgresql_where=sa.text("sent_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL"),
    )
    op.create_table(
        "reservations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("order_id", sa.String(length=64), nullable=False),
        sa.Column("node", sa.String(length=100), nullable=False),
        sa.Column("item", sa.String(length=100), nullable=False),
        sa.Column("qty", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('active', 'released', 'consumed')", name=op.f("ck_reservations_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reservations")),
    )
    op.create_index(
        "ix_reservations_node_item_status", "reservations", ["node", "item", "status"], unique=False
    )
    op.create_index(op.f("ix_reservations_order_id"), "reservations", ["order_id"], unique=False)
    op.create_table(
        "archive_refs",
        sa.Column("archive_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("value_key", sa.String(length=255), nullable=False),
        sa.Column("value", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["archive_id"],
            ["archive.id"],
            name=op.f("fk_archive_refs_archive_id_archive"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("archive_id", "kind", "value_key", name=op.f("pk_archive_refs")),
    )
    op.create_index("ix_archive_refs_value_key", "archive_refs", ["value_key"], unique=False)
    op.create_table(
        "order_events",
        sa.Column("order_id", sa.String(length=64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("state_from", sa.String(length=30), nullable=True),
        sa.Column("state_to", sa.String(length=30), nullable=True),
        sa.Column("cause", sa.String(length=255), nullable=True),
        sa.Column(
            "detail",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_order_events_order_id_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("order_id", "sequence", name=op.f("pk_order_events")),
    )
    op.create_table(
        "work_items",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("order_id", sa.String(length=64), nullable=False),
        sa.Column("node", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column(
            "document",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("sent_archive_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_work_items_order_id_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_items")),
    )
    op.create_index(op.f("ix_work_items_order_id"), "work_items", ["order_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_work_items_order_id"), table_name="work_items")
    op.drop_table("work_items")
    op.drop_table("order_events")
    op.drop_index("ix_archive_refs_value_key", table_name="archive_refs")
    op.drop_table("archive_refs")
    op.drop_index(op.f("ix_reservations_order_id"), table_name="reservations")
    op.drop_index("ix_reservations_node_item_status", table_name="reservations")
    op.drop_table("reservations")
    op.drop_index(
        "ix_outbox_unsent",
        table_name="outbox",
        postgresql_where=sa.text("sent_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL"),
    )
    op.drop_index("ix_outbox_consumer_cause_id", table_name="outbox")
    op.drop_table("outbox")
    op.drop_index(op.f("ix_orders_po_number"), table_name="orders")
    op.drop_table("orders")
    op.drop_table("inventory_positions")
    op.drop_table("interchange_register")
    op.drop_table("inbox")
    op.drop_index("ix_expected_acks_status_due", table_name="expected_acks")
    op.drop_index("ix_expected_acks_partner_interchange", table_name="expected_acks")
    op.drop_table("expected_acks")
    op.drop_table("control_counters")
    op.drop_index(op.f("ix_archive_sha256"), table_name="archive")
    op.drop_index(op.f("ix_archive_order_id"), table_name="archive")
    op.drop_index(op.f("ix_archive_at"), table_name="archive")
    op.drop_table("archive")
