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

from hub.store.tables import inbox, outbox
from hub.store.types import utcnow
from hub.store.upsert import insert_for


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


def inbox_contains(session: Session, consumer: str, message_id: str) -> bool:
    """Has ``consumer`` already committed the handling of ``message_id``?"""
    query = sa.select(sa.literal(1)).where(
        inbox.c.consumer == consumer, inbox.c.message_id == message_id
    )
    return session.execute(query).first() is not None


def inbox_add(
    session: Session, consumer: str, message_id: str, *, now: datetime | None = None
) -> None:
    """Record ``message_id`` as handled by ``consumer``.

    Unique per (consumer, message_id): when another replica handles the same message at
    the same time, the loser gets ``sqlalchemy.exc.IntegrityError`` (at the insert or at
    commit) and its whole transaction rolls back.
    """
    session.execute(
        inbox.insert().values(consumer=consumer, message_id=message_id, received_at=now or utcnow())
    )


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
) -> None:
    """Queue ``messages`` for publishing after commit.

    Message ids are derived from their cause, so an id already in this consumer's outbox
    with the same destination and body is the same message and is kept once. The same id
    with a different message is a bug in the caller and raises ``ValueError`` rather than
    dropping one of them.
    """
    if not messages:
        return
    unique: dict[str, OutgoingMessage] = {}
    for message in messages:
        if unique.setdefault(message.message_id, message) != message:
            raise ValueError(f"{consumer}: two different messages share id {message.message_id!r}")
    existing = _existing(session, consumer, list(unique))
    for message_id, entry in existing.items():
        if not _same(entry.message, unique[message_id]):
            raise ValueError(
                f"{consumer}: message id {message_id!r} is already in the outbox "
                f"(cause {entry.cause_id!r}) with a different message"
            )
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
        if m.message_id not in existing
    ]
    if rows:
        insert = insert_for(session)(outbox).on_conflict_do_nothing(
            index_elements=["consumer", "message_id"]
        )
        session.execute(insert, rows)


def _existing(session: Session, consumer: str, message_ids: list[str]) -> dict[str, OutboxEntry]:
    query = sa.select(outbox).where(
        outbox.c.consumer == consumer, outbox.c.message_id.in_(message_ids)
    )
    return {row["message_id"]: _entry(row) for row in session.execute(query).mappings()}


def _same(a: OutgoingMessage, b: OutgoingMessage) -> bool:
    """Same destination and payload; headers may differ (e.g. a time stamp)."""
    return (a.exchange, a.routing_key, a.body) == (b.exchange, b.routing_key, b.body)


def outbox_unsent(
    session: Session, consumer: str, cause_id: str | None = None, limit: int = 500
) -> list[OutboxEntry]:
    """Messages of ``consumer`` not yet confirmed by the broker, oldest first."""
    query = sa.select(outbox).where(outbox.c.consumer == consumer, outbox.c.sent_at.is_(None))
    if cause_id is not None:
        query = query.where(outbox.c.cause_id == cause_id)
    query = query.order_by(outbox.c.id).limit(limit)
    return [_entry(row) for row in session.execute(query).mappings()]


def outbox_mark_sent(session: Session, ids: Sequence[int], *, now: datetime | None = None) -> None:
    """Mark entries published (the broker confirmed them)."""
    if not ids:
        return
    session.execute(
        outbox.update()
        .where(outbox.c.id.in_(list(ids)), outbox.c.sent_at.is_(None))
        .values(sent_at=now or utcnow())
    )


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
