"""Inbox and outbox: exactly-once effects over at-least-once delivery.

A consumer records the id of the message it handled (inbox) and the messages it will
publish (outbox) in the same transaction as its state changes. After commit it publishes
the outbox with confirms and marks it sent; a redelivery finds its id in the inbox and
only re-publishes what is still unsent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hub.store.sql import PerDialect, run
from hub.store.tables import inbox, outbox
from hub.store.types import utcnow


@dataclass(frozen=True)
class OutgoingMessage:
    """One message a consumer will publish; ``headers`` must be JSON-serialisable."""

    message_id: str
    exchange: str
    routing_key: str
    body: bytes
    headers: dict[str, Any] = field(default_factory=dict)
    content_type: str = "application/json"


@dataclass(frozen=True)
class OutboxEntry:
    """An outbox row: ``id`` is what ``outbox_mark_sent`` takes once the broker confirmed."""

    id: int
    consumer: str
    cause_id: str
    message: OutgoingMessage


_INBOX_HAS = sa.select(sa.literal(1)).where(
    inbox.c.consumer == sa.bindparam("consumer"), inbox.c.message_id == sa.bindparam("message_id")
)
_INBOX_ADD = inbox.insert()
_INBOX_CLAIM = PerDialect(
    lambda insert: insert(inbox).on_conflict_do_nothing().returning(inbox.c.message_id)
)
_INBOX_RELEASE = inbox.delete().where(
    inbox.c.consumer == sa.bindparam("consumer"),
    inbox.c.message_id.in_(sa.bindparam("message_ids", expanding=True)),
)
_OUTBOX_ADD = PerDialect(
    lambda insert: (
        insert(outbox)
        .on_conflict_do_nothing(index_elements=["consumer", "message_id"])
        .returning(outbox.c.id, outbox.c.message_id)
    )
)
_OUTBOX_OF = sa.select(outbox).where(
    outbox.c.consumer == sa.bindparam("consumer"),
    outbox.c.message_id.in_(sa.bindparam("message_ids", expanding=True)),
)
_UNSENT = sa.select(outbox).where(
    outbox.c.consumer == sa.bindparam("consumer"), outbox.c.sent_at.is_(None)
)
_UNSENT_ANY = _UNSENT.order_by(outbox.c.id).limit(sa.bindparam("limit"))
_UNSENT_OF_CAUSE = (
    _UNSENT.where(outbox.c.cause_id == sa.bindparam("cause_id"))
    .order_by(outbox.c.id)
    .limit(sa.bindparam("limit"))
)
_MARK_SENT = (
    outbox.update()
    .where(outbox.c.id.in_(sa.bindparam("ids", expanding=True)), outbox.c.sent_at.is_(None))
    .values(sent_at=sa.bindparam("at"))
)


def inbox_contains(session: Session, consumer: str, message_id: str) -> bool:
    """Has ``consumer`` already committed the handling of ``message_id``?"""
    params = {"consumer": consumer, "message_id": message_id}
    return run(session, _INBOX_HAS, params).first() is not None


def inbox_add(
    session: Session, consumer: str, message_id: str, *, now: datetime | None = None
) -> None:
    """Record ``message_id`` as handled by ``consumer``.

    Unique per (consumer, message_id): when another replica handles the same message at
    the same time, the loser gets ``sqlalchemy.exc.IntegrityError`` (at the insert or at
    commit) and its whole transaction rolls back.
    """
    row = {"consumer": consumer, "message_id": message_id, "received_at": now or utcnow()}
    run(session, _INBOX_ADD, row)


def inbox_claim(
    session: Session, consumer: str, message_id: str, *, now: datetime | None = None
) -> bool:
    """Record ``message_id`` as handled before handling it; False when it already was.

    One statement instead of a look-up and an insert. A replica handling the same message
    at the same moment waits on the row (PostgreSQL) or the write lock (SQLite) until the
    first commits, and then gets False; if the first rolls back, the row is its to take.
    """
    return bool(inbox_claim_many(session, consumer, [message_id], now=now))


def inbox_claim_many(
    session: Session, consumer: str, message_ids: Sequence[str], *, now: datetime | None = None
) -> set[str]:
    """``inbox_claim`` for a batch in one statement: the ids that were not handled before."""
    at = now or utcnow()
    rows = [
        {"consumer": consumer, "message_id": mid, "received_at": at}
        for mid in dict.fromkeys(message_ids)
    ]
    if not rows:
        return set()
    params = rows[0] if len(rows) == 1 else rows
    return {row.message_id for row in run(session, _INBOX_CLAIM.of(session), params)}


def inbox_release(session: Session, consumer: str, message_ids: Sequence[str]) -> None:
    """Give back claims of messages left unhandled in this transaction (stopping mid-batch)."""
    if message_ids:
        run(session, _INBOX_RELEASE, {"consumer": consumer, "message_ids": list(message_ids)})


def inbox_purge(session: Session, before: datetime) -> int:
    """Forget handled ids older than any possible redelivery; returns how many."""
    return session.execute(inbox.delete().where(inbox.c.received_at < before)).rowcount


def outbox_add(
    session: Session,
    consumer: str,
    cause_id: str,
    messages: Sequence[OutgoingMessage],
    *,
    now: datetime | None = None,
) -> list[OutboxEntry]:
    """Queue ``messages`` for publishing after commit; returns those still to publish.

    Message ids are derived from their cause, so an id already in this consumer's outbox
    with the same destination and body is the same message and is kept once. The same id
    with a different message is a bug in the caller and raises ``ValueError`` rather than
    dropping one of them.
    """
    if not messages:
        return []
    unique: dict[str, OutgoingMessage] = {}
    for message in messages:
        if unique.setdefault(message.message_id, message) != message:
            raise ValueError(f"{consumer}: two different messages share id {message.message_id!r}")
    at = now or utcnow()
    rows = [
        {
            "consumer": consumer,
            "cause_id": cause_id,
            "message_id": m.message_id,
            "exchange": m.exchange,
            "routing_key": m.routing_key,
            "body": m.body,
            "headers": dict(m.headers),
            "content_type": m.content_type,
            "created_at": at,
            "sent_at": None,
        }
        for m in unique.values()
    ]
    new = {r.message_id: r.id for r in run(session, _OUTBOX_ADD.of(session), rows)}
    entries = [
        OutboxEntry(new[mid], consumer, cause_id, m) for mid, m in unique.items() if mid in new
    ]
    if len(new) < len(unique):  # some were there already: the same message, or a bug
        params = {"consumer": consumer, "message_ids": [m for m in unique if m not in new]}
        for row in run(session, _OUTBOX_OF, params).mappings():
            entry = _entry(row)
            if not _same(entry.message, unique[entry.message.message_id]):
                raise ValueError(
                    f"{consumer}: message id {entry.message.message_id!r} is already in the "
                    f"outbox (cause {entry.cause_id!r}) with a different message"
                )
            if row["sent_at"] is None:
                entries.append(entry)
    return sorted(entries, key=lambda e: e.id)


def _same(a: OutgoingMessage, b: OutgoingMessage) -> bool:
    """Same destination and payload; headers may differ (e.g. a time stamp)."""
    return (a.exchange, a.routing_key, a.body) == (b.exchange, b.routing_key, b.body)


def outbox_unsent(
    session: Session, consumer: str, cause_id: str | None = None, limit: int = 500
) -> list[OutboxEntry]:
    """Messages of ``consumer`` not yet confirmed by the broker, oldest first."""
    if cause_id is None:
        query, params = _UNSENT_ANY, {"consumer": consumer, "limit": limit}
    else:
        query = _UNSENT_OF_CAUSE
        params = {"consumer": consumer, "cause_id": cause_id, "limit": limit}
    return [_entry(row) for row in run(session, query, params).mappings()]


def outbox_mark_sent(session: Session, ids: Sequence[int], *, now: datetime | None = None) -> None:
    """Mark entries published (the broker confirmed them)."""
    if ids:
        run(session, _MARK_SENT, {"ids": list(ids), "at": now or utcnow()})


def outbox_purge_sent(session: Session, before: datetime) -> int:
    """Delete entries sent before ``before``; returns how many."""
    query = outbox.delete().where(outbox.c.sent_at.is_not(None), outbox.c.sent_at < before)
    return session.execute(query).rowcount


def _entry(row: sa.RowMapping) -> OutboxEntry:
    message = OutgoingMessage(
        message_id=row["message_id"],
        exchange=row["exchange"],
        routing_key=row["routing_key"],
        body=bytes(row["body"]),
        headers=dict(row["headers"] or {}),
        content_type=row["content_type"],
    )
    return OutboxEntry(
        id=row["id"], consumer=row["consumer"], cause_id=row["cause_id"], message=message
    )
