"""Work items: what each fulfilment node must do for an order, and how far it got."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hub.store.sql import PerDialect, run
from hub.store.tables import work_items
from hub.store.types import utcnow

STATUSES = frozenset(
    {"planned", "sent", "acknowledged", "accepted", "rejected", "shipped", "cancelled", "failed"}
)
# work that holds its node's capacity on its ship date (shipped work used it that day)
BOOKS_CAPACITY = ("planned", "sent", "acknowledged", "accepted", "shipped")
UNSHIPPED = ("planned", "sent", "acknowledged", "accepted")  # work a node has yet to do


@dataclass(frozen=True)
class WorkRecord:
    """One work item row; ``document`` is the canonical WorkItem in pydantic JSON mode."""

    id: str
    order_id: str
    node: str
    kind: str
    revision: int
    status: str
    document: dict[str, Any]
    sent_archive_id: str | None
    created_at: datetime
    updated_at: datetime
    ship_date: date | None = None
    line_count: int = 0
    unit_count: Decimal = Decimal(0)


_PUT = PerDialect(
    lambda insert: (
        insert(work_items).on_conflict_do_nothing(index_elements=["id"]).returning(work_items.c.id)
    )
)
_GET = sa.select(work_items).where(work_items.c.id == sa.bindparam("b_id"))
_SET_STATUS = work_items.update().where(work_items.c.id == sa.bindparam("b_id"))


def work_put(
    session: Session,
    *,
    id: str,
    order_id: str,
    node: str,
    kind: str,
    revision: int,
    document: Mapping[str, Any],
    status: str = "planned",
    now: datetime | None = None,
    ship_date: date | None = None,
    line_count: int = 0,
    unit_count: Decimal = Decimal(0),
) -> bool:
    """Record a planned work item, with the capacity it books at its node on ``ship_date``;
    False if its (deterministic) id is already there."""
    _check(status)
    at = now or utcnow()
    row = {
        "id": id,
        "order_id": order_id,
        "node": node,
        "kind": kind,
        "revision": revision,
        "status": status,
        "document": dict(document),
        "sent_archive_id": None,
        "created_at": at,
        "updated_at": at,
        "ship_date": ship_date,
        "line_count": line_count,
        "unit_count": unit_count,
    }
    return run(session, _PUT.of(session), row).first() is not None


def work_get(session: Session, work_id: str) -> WorkRecord | None:
    row = run(session, _GET, {"b_id": work_id}).mappings().first()
    return None if row is None else WorkRecord(**row)


def work_list(
    session: Session, order_id: str, *, node: str | None = None, latest_only: bool = False
) -> list[WorkRecord]:
    """An order's work items by revision, node and kind; ``latest_only`` keeps the newest plan."""
    query = sa.select(work_items).where(work_items.c.order_id == order_id)
    if node is not None:
        query = query.where(work_items.c.node == node)
    if latest_only:
        newest = sa.select(sa.func.max(work_items.c.revision)).where(
            work_items.c.order_id == order_id
        )
        query = query.where(work_items.c.revision == newest.scalar_subquery())
    query = query.order_by(work_items.c.revision, work_items.c.node, work_items.c.kind)
    return [WorkRecord(**row) for row in session.execute(query).mappings()]


_BOOKED = (
    sa.select(
        work_items.c.node,
        work_items.c.ship_date,
        sa.func.sum(work_items.c.line_count),
        sa.func.sum(work_items.c.unit_count),
    )
    .where(work_items.c.ship_date >= sa.bindparam("b_since", type_=sa.Date))
    .where(work_items.c.status.in_(BOOKS_CAPACITY))
    .group_by(work_items.c.node, work_items.c.ship_date)
)


def work_unshipped_at(session: Session, node: str) -> list[WorkRecord]:
    """The node's work that has not left it yet (planned, sent, acknowledged or accepted),
    oldest first: what moves elsewhere when the node goes down."""
    query = (
        sa.select(work_items)
        .where(work_items.c.node == node, work_items.c.status.in_(UNSHIPPED))
        .order_by(work_items.c.created_at, work_items.c.id)
    )
    return [WorkRecord(**row) for row in session.execute(query).mappings()]


def capacity_booked(
    session: Session, *, since: date
) -> tuple[dict[tuple[str, date], int], dict[tuple[str, date], Decimal]]:
    """Lines and units that live work books per (node, ship date) from ``since`` on: what a
    plan finds already taken of each node's daily capacity."""
    lines: dict[tuple[str, date], int] = {}
    units: dict[tuple[str, date], Decimal] = {}
    for node, day, n_lines, n_units in session.execute(_BOOKED, {"b_since": since}):
        lines[(node, day)] = int(n_lines or 0)
        units[(node, day)] = Decimal(n_units or 0)
    return lines, units


def work_set_status(
    session: Session,
    work_id: str,
    status: str,
    *,
    sent_archive_id: str | None = None,
    now: datetime | None = None,
) -> bool:
    """Move a work item to ``status`` (recording the archived message it went out as)."""
    _check(status)
    values: dict[str, Any] = {"b_id": work_id, "status": status, "updated_at": now or utcnow()}
    if sent_archive_id is not None:
        values["sent_archive_id"] = sent_archive_id
    return run(session, _SET_STATUS, values).rowcount == 1


def _check(status: str) -> None:
    if status not in STATUSES:
        raise ValueError(f"work item status {status!r} is not one of {sorted(STATUSES)}")
