"""The hub's database: SQLite under var/ by default, PostgreSQL in production and tests.

Every function takes the ``Session`` of a ``Store.session()`` block, so a consumer's
state changes, its inbox entry and its outbox commit in one transaction.
"""

from hub.store.engine import DEFAULT_URL, Store
from hub.store.errors import StoreConflict, StoreUnavailable, is_transient
from hub.store.messaging import (
    OutboxEntry,
    OutgoingMessage,
    inbox_add,
    inbox_contains,
    inbox_purge,
    outbox_add,
    outbox_mark_sent,
    outbox_purge_sent,
    outbox_unsent,
)

__all__ = [
    "DEFAULT_URL",
    "OutboxEntry",
    "OutgoingMessage",
    "Store",
    "StoreConflict",
    "StoreUnavailable",
    "inbox_add",
    "inbox_contains",
    "inbox_purge",
    "is_transient",
    "outbox_add",
    "outbox_mark_sent",
    "outbox_purge_sent",
    "outbox_unsent",
]
