"""Orders with a version for compare-and-set, and their event timeline.

Documents of one order may arrive at once on two replicas: every state change is
``order_update(..., expected_version)``, which only one of them wins; the loser
re-reads and lets the state machine decide again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from canonical.events import OrderEvent
from hub.store.sql import PerDialect, run
from hub.store.tables import order_events, orders
from hub.store.types import utcnow


@dataclass(frozen=True)
class OrderRecord:
    """One order row; ``document`` is the canonical Order in pydantic JSON mode."""

    id: str
    po_number: str
    customer: str
    state: str
    version: int
    document: dict[str, Any]
    created_at: datetime
    updated_at: datetime


_INSERT = PerDialect(lambda insert: insert(orders).on_conflict_do_nothing().returning(orders.c.id))
_GET = sa.select(orders).where(orders.c.id == sa.bindparam("b_id"))
_UPDATE = (
    orders.update()
    .where(orders.c.id == sa.bindparam("b_id"), orders.c.version == sa.bindparam("b_version"))
    .values(version=orders.c.version + 1)
)
_UPDATE_WITH_EVENT = _UPDATE.values(event_seq=orders.c.event_seq + 1).returning(orders.c.event_seq)
_NEXT_EVENT = (
    orders.update()
    .where(orders.c.id == sa.bindparam("b_id"))
    .values(event_seq=orders.c.event_seq + 1)
    .returning(orders.c.event_seq)
)
_ADD_EVENT = order_events.insert()


EventSpec = tuple[str, str | None, str | None, str | None, Mapping[str, Any] | None]
"""An event to record: (kind, state from, state to, cause, detail)."""


def order_insert(
    session: Session,
    *,
    id: str,
    po_number: str,
    customer: str,
    state: str,
    document: Mapping[str, Any],
    events: Sequence[EventSpec] = (),
    now: datetime | None = None,
) -> bool:
    """Create the order at version 1 with its first ``events``; False, and nothing
    written, when the id or (customer, PO) already exists.

    Never raises on a concurrent duplicate: the caller reads the existing order instead.
    """
    at = now or utcnow()
    row = {"id": id, "po_number": po_number, "customer": customer, "state": state,
           "version": 1, "event_seq": len(events), "document": dict(document),
           "created_at": at, "updated_at": at}  # fmt: skip
    if run(session, _INSERT.of(session), row).first() is None:
        return False
    if events:
        run(session, _ADD_EVENT, [_event_row(id, n, at, e) for n, e in enumerate(events, 1)])
    return True


def order_get(session: Session, order_id: str) -> OrderRecord | None:
    row = run(session, _GET, {"b_id": order_id}).mappings().first()
    return None if row is None else _record(row)


def order_get_by_po(session: Session, customer: str, po_number: str) -> OrderRecord | None:
    query = sa.select(orders).where(orders.c.customer == customer, orders.c.po_number == po_number)
    row = session.execute(query).mappings().first()
    return None if row is None else _record(row)


def order_find(session: Session, po_number_or_id: str) -> list[OrderRecord]:
    """Orders whose id or PO number is the text (several customers may share a PO number)."""
    text = po_number_or_id.strip()
    query = (
        sa.select(orders)
        .where(sa.or_(orders.c.id == text, orders.c.po_number == text))
        .order_by(orders.c.created_at, orders.c.id)
    )
    return [_record(row) for row in session.execute(query).mappings()]


def orders_in_state(
    session: Session, state: str, *, before: datetime, limit: int = 100
) -> list[str]:
    """Ids of orders in ``state`` untouched since ``before``, oldest first."""
    query = (
        sa.select(orders.c.id)
        .where(orders.c.state == state, orders.c.updated_at <= before)
        .order_by(orders.c.updated_at)
        .limit(limit)
    )
    return list(session.execute(query).scalars())


def order_update(
    session: Session,
    order_id: str,
    expected_version: int,
    *,
    state: str | None = None,
    document: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> bool:
    """Compare-and-set: apply only if the order is still at ``expected_version``.

    Bumps the version by one. False when another transaction changed it first (or the
    order does not exist); the caller re-reads and decides again.
    """
    params = _set(order_id, expected_version, state, document, now)
    return run(session, _UPDATE, params).rowcount == 1


def order_transition(
    session: Session,
    order_id: str,
    expected_version: int,
    *,
    kind: str,
    state_from: str | None,
    state_to: str | None,
    cause: str | None,
    detail: Mapping[str, Any] | None = None,
    state: str | None = None,
    document: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> OrderEvent | None:
    """``order_update`` and ``events_append`` in two statements instead of three.

    None when another transaction changed the order first; nothing is written then.
    """
    at = now or utcnow()
    params = _set(order_id, expected_version, state, document, at)
    sequence = run(session, _UPDATE_WITH_EVENT, params).scalar()
    if sequence is None:
        return None
    return _add_event(session, order_id, sequence, at, (kind, state_from, state_to, cause, detail))


def _set(
    order_id: str,
    expected_version: int,
    state: str | None,
    document: Mapping[str, Any] | None,
    now: datetime | None,
) -> dict[str, Any]:
    params: dict[str, Any] = {"b_id": order_id, "b_version": expected_version,
                              "updated_at": now or utcnow()}  # fmt: skip
    if state is not None:
        params["state"] = state
    if document is not None:
        params["document"] = dict(document)
    return params


def events_append(
    session: Session,
    order_id: str,
    kind: str,
    state_from: str | None = None,
    state_to: str | None = None,
    cause: str | None = None,
    detail: Mapping[str, Any] | None = None,
    *,
    now: datetime | None = None,
) -> OrderEvent:
    """Append to the order's timeline; sequences are 1, 2, ... per order, without gaps.

    The sequence comes from the order row itself (``UPDATE ... RETURNING``), so two
    concurrent appends queue on the row lock instead of colliding.
    """
    sequence = run(session, _NEXT_EVENT, {"b_id": order_id}).scalar()
    if sequence is None:
        raise LookupError(f"no order {order_id!r} to append an event to")
    at = now or utcnow()
    return _add_event(session, order_id, sequence, at, (kind, state_from, state_to, cause, detail))


def _event_row(order_id: str, sequence: int, at: datetime, event: EventSpec) -> dict[str, Any]:
    kind, state_from, state_to, cause, detail = event
    return {"order_id": order_id, "sequence": sequence, "at": at, "kind": kind,
            "state_from": state_from, "state_to": state_to, "cause": cause,
            "detail": dict(detail or {})}  # fmt: skip


def _add_event(
    session: Session, order_id: str, sequence: int, at: datetime, event: EventSpec
) -> OrderEvent:
    row = _event_row(order_id, sequence, at, event)
    run(session, _ADD_EVENT, row)
    return OrderEvent(**row)


def events_list(session: Session, order_id: str) -> list[OrderEvent]:
    """The order's timeline in sequence order."""
    query = (
        sa.select(order_events)
        .where(order_events.c.order_id == order_id)
        .order_by(order_events.c.sequence)
    )
    return [
        OrderEvent(
            order_id=row["order_id"],
            sequence=row["sequence"],
            at=row["at"],
            kind=row["kind"],
            state_from=row["state_from"],
            state_to=row["state_to"],
            cause=row["cause"],
            detail=row["detail"] or {},
        )
        for row in session.execute(query).mappings()
    ]


def _record(row: sa.RowMapping) -> OrderRecord:
    return OrderRecord(
        id=row["id"],
        po_number=row["po_number"],
        customer=row["customer"],
        state=row["state"],
        version=row["version"],
        document=dict(row["document"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
