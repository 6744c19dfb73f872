"""The hub's database: SQLite under var/ by default, PostgreSQL in production and tests.

Every function takes the ``Session`` of a ``Store.session()`` block, so a consumer's
state changes, its inbox entry and its outbox commit in one transaction. One module per
concern: messaging (inbox/outbox), archive, duplicates, counters, orders, work,
inventory, acks.
"""

from hub.store.acks import ExpectedAck, ack_received, expect_ack, expected_overdue
from hub.store.archive import (
    ArchiveRecord,
    archive_add_refs,
    archive_describe,
    archive_find,
    archive_get,
    archive_put,
    archive_set_status,
)
from hub.store.counters import next_control_number
from hub.store.duplicates import register_interchange
from hub.store.engine import DEFAULT_URL, Store
from hub.store.errors import StoreConflict, StoreUnavailable, is_transient
from hub.store.inventory import available, position_set, release, reserve
from hub.store.messaging import (
    OutboxEntry,
    OutgoingMessage,
    inbox_add,
    inbox_claim,
    inbox_claim_many,
    inbox_contains,
    inbox_purge,
    inbox_release,
    outbox_add,
    outbox_mark_sent,
    outbox_purge_sent,
    outbox_unsent,
)
from hub.store.orders import (
    OrderRecord,
    events_append,
    events_list,
    order_find,
    order_get,
    order_insert,
    order_update,
)
from hub.store.work import WorkRecord, work_get, work_list, work_put, work_set_status

__all__ = [
    "DEFAULT_URL",
    "ArchiveRecord",
    "ExpectedAck",
    "OrderRecord",
    "OutboxEntry",
    "OutgoingMessage",
    "Store",
    "StoreConflict",
    "StoreUnavailable",
    "WorkRecord",
    "ack_received",
    "archive_add_refs",
    "archive_describe",
    "archive_find",
    "archive_get",
    "archive_put",
    "archive_set_status",
    "available",
    "events_append",
    "events_list",
    "expect_ack",
    "expected_overdue",
    "inbox_add",
    "inbox_claim",
    "inbox_claim_many",
    "inbox_release",
    "inbox_contains",
    "inbox_purge",
    "is_transient",
    "next_control_number",
    "order_find",
    "order_get",
    "order_insert",
    "order_update",
    "outbox_add",
    "outbox_mark_sent",
    "outbox_purge_sent",
    "outbox_unsent",
    "position_set",
    "register_interchange",
    "release",
    "reserve",
    "work_get",
    "work_list",
    "work_put",
    "work_set_status",
]
