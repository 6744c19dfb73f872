"""The store's tables, in one place so the migration and the tests can check them.

The initial migration creates exactly these (a test compares the migrated database
against this metadata), so a change here needs a new Alembic revision.
"""

from __future__ import annotations

import sqlalchemy as sa

from hub.store.types import Json, Quantity, UTCDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = sa.MetaData(naming_convention=NAMING)

# -- exactly-once messaging ------------------------------------------------------------

inbox = sa.Table(
    "inbox",
    metadata,
    sa.Column("consumer", sa.String(100), primary_key=True),
    sa.Column("message_id", sa.String(255), primary_key=True),
    sa.Column("received_at", UTCDateTime, nullable=False),
)

outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("consumer", sa.String(100), nullable=False),
    sa.Column("cause_id", sa.String(255), nullable=False),
    sa.Column("message_id", sa.String(255), nullable=False),
    sa.Column("exchange", sa.String(255), nullable=False),
    sa.Column("routing_key", sa.String(255), nullable=False),
    sa.Column("body", sa.LargeBinary, nullable=False),
    sa.Column("headers", Json, nullable=False),
    sa.Column("content_type", sa.String(100), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("sent_at", UTCDateTime, nullable=True),
    sa.UniqueConstraint("consumer", "message_id"),
    sa.Index("ix_outbox_consumer_cause_id", "consumer", "cause_id"),
    sa.Index(
        "ix_outbox_unsent",
        "consumer",
        "id",
        postgresql_where=sa.text("sent_at IS NULL"),
        sqlite_where=sa.text("sent_at IS NULL"),
    ),
)

# -- raw archive -------------------------------------------------------------------------

archive = sa.Table(
    "archive",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("at", UTCDateTime, nullable=False, index=True),
    sa.Column("direction", sa.String(3), nullable=False),
    sa.Column("channel", sa.String(50), nullable=False),
    sa.Column("partner", sa.String(100), nullable=True),
    sa.Column("standard", sa.String(20), nullable=True),
    sa.Column("message_type", sa.String(50), nullable=True),
    sa.Column("sender", sa.String(255), nullable=True),
    sa.Column("receiver", sa.String(255), nullable=True),
    sa.Column("interchange_control", sa.String(50), nullable=True),
    sa.Column("group_control", sa.String(50), nullable=True),
    sa.Column("message_ref", sa.String(50), nullable=True),
    sa.Column("sha256", sa.String(64), nullable=False, index=True),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("error", sa.Text, nullable=True),
    sa.Column("order_id", sa.String(64), nullable=True, index=True),
    sa.CheckConstraint("direction IN ('in', 'out')", name="direction"),
)

archive_refs = sa.Table(
    "archive_refs",
    metadata,
    sa.Column(
        "archive_id",
        sa.String(64),
        sa.ForeignKey("archive.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("kind", sa.String(30), primary_key=True),
    sa.Column("value_key", sa.String(255), primary_key=True),
    sa.Column("value", sa.String(255), nullable=False),
    sa.Index("ix_archive_refs_value_key", "value_key"),
)

interchange_register = sa.Table(
    "interchange_register",
    metadata,
    sa.Column("key_kind", sa.String(10), primary_key=True),  # "control" or "sha256"
    sa.Column("key", sa.String(400), primary_key=True),
    sa.Column("archive_id", sa.String(64), nullable=False),
    sa.Column("seen_at", UTCDateTime, nullable=False),
)

control_counters = sa.Table(
    "control_counters",
    metadata,
    sa.Column("partner", sa.String(100), primary_key=True),
    sa.Column("kind", sa.String(30), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)

# -- orders ----------------------------------------------------------------------------

orders = sa.Table(
    "orders",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("po_number", sa.String(100), nullable=False, index=True),
    sa.Column("customer", sa.String(100), nullable=False),
    sa.Column("state", sa.String(30), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("event_seq", sa.Integer, nullable=False),
    sa.Column("document", Json, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("customer", "po_number"),
    sa.Index("ix_orders_state_updated_at", "state", "updated_at"),
)

order_events = sa.Table(
    "order_events",
    metadata,
    sa.Column(
        "order_id",
        sa.String(64),
        sa.ForeignKey("orders.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("sequence", sa.Integer, primary_key=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("kind", sa.String(50), nullable=False),
    sa.Column("state_from", sa.String(30), nullable=True),
    sa.Column("state_to", sa.String(30), nullable=True),
    sa.Column("cause", sa.String(255), nullable=True),
    sa.Column("detail", Json, nullable=False),
)

work_items = sa.Table(
    "work_items",
    metadata,
    sa.Column("id", sa.String(128), primary_key=True),
    sa.Column(
        "order_id",
        sa.String(64),
        sa.ForeignKey("orders.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("node", sa.String(100), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("status", sa.String(30), nullable=False),
    sa.Column("document", Json, nullable=False),
    sa.Column("sent_archive_id", sa.String(64), nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    # the node's capacity the work books: its lines and units on the day it leaves the node
    sa.Column("ship_date", sa.Date, nullable=True),
    sa.Column("line_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("unit_count", Quantity, nullable=False, server_default="0"),
    sa.Index("ix_work_items_ship_date_node", "ship_date", "node"),
)

# -- inventory -------------------------------------------------------------------------

inventory_positions = sa.Table(
    "inventory_positions",
    metadata,
    sa.Column("node", sa.String(100), primary_key=True),
    sa.Column("item", sa.String(100), primary_key=True),
    sa.Column("on_hand", Quantity, nullable=False),
    sa.Column("as_of", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Index("ix_inventory_positions_item", "item"),
)

reservations = sa.Table(
    "reservations",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("order_id", sa.String(64), nullable=False, index=True),
    sa.Column("node", sa.String(100), nullable=False),
    sa.Column("item", sa.String(100), nullable=False),
    sa.Column("qty", Quantity, nullable=False),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.CheckConstraint("status IN ('active', 'released', 'consumed')", name="status"),
    sa.Index("ix_reservations_node_item_status", "node", "item", "status"),
    sa.Index("ix_reservations_item_status", "item", "status"),
)

# -- expected acknowledgements -----------------------------------------------------------

expected_acks = sa.Table(
    "expected_acks",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("partner", sa.String(100), nullable=False),
    sa.Column("archive_id", sa.String(64), nullable=False),
    sa.Column("interchange_control", sa.String(50), nullable=False),
    sa.Column("group_control", sa.String(50), nullable=True),
    sa.Column("message_control", sa.String(50), nullable=True),
    sa.Column("due_at", UTCDateTime, nullable=False),
    sa.Column("received_at", UTCDateTime, nullable=True),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Index("ix_expected_acks_partner_interchange", "partner", "interchange_control"),
    sa.Index("ix_expected_acks_status_due", "status", "due_at"),
)

# -- nodes out of routing ------------------------------------------------------------------

node_status = sa.Table(
    "node_status",
    metadata,
    sa.Column("node", sa.String(100), primary_key=True),
    sa.Column("down", sa.Boolean, nullable=False),
    sa.Column("reason", sa.Text, nullable=False, server_default=""),
    sa.Column("since", UTCDateTime, nullable=False),
)
