"""Inventory positions per node and item, and the reservations held against them.

``available = on_hand - active, unexpired reservations``. A reservation is taken with
the position row locked (PostgreSQL ``FOR UPDATE``; SQLite's ``BEGIN IMMEDIATE``), so
two routers cannot both take the last units.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hub.store.sql import PerDialect, run
from hub.store.tables import inventory_positions, reservations
from hub.store.types import utcnow

ZERO = Decimal(0)
# Any fixed number: the advisory lock every planning transaction takes first.
_PLANNING_LOCK = 0x0D0E_71A2
_TAKE_PLANNING_LOCK = sa.text("SELECT pg_advisory_xact_lock(:k)")
_t, _r = inventory_positions, reservations
_NODE_ITEM = (_t.c.node == sa.bindparam("b_node"), _t.c.item == sa.bindparam("b_item"))
_LOCK = sa.select(_t.c.on_hand).where(*_NODE_ITEM).with_for_update()
_POSITION = sa.select(_t).where(*_NODE_ITEM)
_RESERVED = sa.select(sa.func.coalesce(sa.func.sum(_r.c.qty), 0)).where(
    _r.c.node == sa.bindparam("b_node"),
    _r.c.item == sa.bindparam("b_item"),
    _r.c.status == "active",
    sa.or_(_r.c.expires_at.is_(None), _r.c.expires_at > sa.bindparam("b_at")),
)
_RESERVE = _r.insert().returning(_r.c.id)
_ALL_POSITIONS = sa.select(_t.c.node, _t.c.item, _t.c.on_hand)
_ALL_HELD = (
    sa.select(_r.c.node, _r.c.item, sa.func.sum(_r.c.qty).label("qty"))
    .where(
        _r.c.status == "active",
        sa.or_(_r.c.expires_at.is_(None), _r.c.expires_at > sa.bindparam("b_at")),
    )
    .group_by(_r.c.node, _r.c.item)
)
_ITEMS = sa.bindparam("items", expanding=True)
_POSITIONS_OF = _ALL_POSITIONS.where(_t.c.item.in_(_ITEMS))
_HELD_OF = _ALL_HELD.where(_r.c.item.in_(_ITEMS))


@dataclass(frozen=True)
class Position:
    node: str
    item: str
    on_hand: Decimal
    as_of: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Reservation:
    id: int
    order_id: str
    node: str
    item: str
    qty: Decimal
    status: str
    expires_at: datetime | None
    created_at: datetime


def planning_lock(session: Session) -> None:
    """Plan one transaction at a time, until this one ends (PostgreSQL; SQLite already is).

    A plan reads every position and then reserves some of them. Two plans at once would
    read the same stock, and two batches reserving rows in different orders deadlock
    (PostgreSQL breaks that after a second). Everything else still runs side by side.
    """
    if session.get_bind().dialect.name == "postgresql":
        run(session, _TAKE_PLANNING_LOCK, {"k": _PLANNING_LOCK})


def _position_set(insert: Any) -> sa.Executable:
    """Upsert a report unless the position already holds a newer one."""
    statement = insert(_t)
    new = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=["node", "item"],
        set_={"on_hand": new.on_hand, "as_of": new.as_of, "updated_at": new.updated_at},
        where=_t.c.as_of <= new.as_of,
    ).returning(_t.c.node)


_POSITION_SET = PerDialect(_position_set)


def position_set(
    session: Session,
    node: str,
    item: str,
    on_hand: Decimal,
    as_of: datetime,
    *,
    now: datetime | None = None,
) -> bool:
    """Record what a node reported; a report older than the one we have is ignored (False)."""
    row = {"node": node, "item": item, "on_hand": on_hand, "as_of": as_of,
           "updated_at": now or utcnow()}  # fmt: skip
    return run(session, _POSITION_SET.of(session), row).first() is not None


def position_get(session: Session, node: str, item: str) -> Position | None:
    row = run(session, _POSITION, {"b_node": node, "b_item": item}).mappings().first()
    return None if row is None else Position(**{**row, "on_hand": Decimal(row["on_hand"])})


def reserved(session: Session, node: str, item: str, *, now: datetime | None = None) -> Decimal:
    """Quantity held by active reservations that have not expired."""
    params = {"b_node": node, "b_item": item, "b_at": now or utcnow()}
    return _decimal(run(session, _RESERVED, params).scalar_one())


def available(session: Session, node: str, item: str, *, now: datetime | None = None) -> Decimal:
    """On hand minus active reservations; zero for a position never reported."""
    position = position_get(session, node, item)
    on_hand = position.on_hand if position else ZERO
    return on_hand - reserved(session, node, item, now=now)


def positions_all(
    session: Session, *, now: datetime | None = None, items: Iterable[str] | None = None
) -> dict[tuple[str, str], Decimal]:
    """Availability of every reported (node, item) in two queries, for the planner; of
    these ``items`` only when given (an order's), so a plan reads what it can use rather
    than the whole catalogue at every node."""
    params: dict[str, Any] = {"b_at": now or utcnow()}
    positions, held = _ALL_POSITIONS, _ALL_HELD
    if items is not None:
        params["items"] = sorted(set(items))
        if not params["items"]:
            return {}
        positions, held = _POSITIONS_OF, _HELD_OF
    only = {"items": params["items"]} if items is not None else None
    figures = {(row.node, row.item): _decimal(row.on_hand) for row in run(session, positions, only)}
    for row in run(session, held, params):
        key = (row.node, row.item)
        figures[key] = figures.get(key, ZERO) - _decimal(row.qty)
    return figures


def reserve(
    session: Session,
    order_id: str,
    node: str,
    item: str,
    qty: Decimal,
    *,
    expires_at: datetime | None = None,
    allow_short: bool = False,
    now: datetime | None = None,
) -> int | None:
    """Hold ``qty`` for the order; None (nothing held) when not enough is available.

    ``allow_short`` holds it anyway (backorders, or a node whose stock is not reported).
    """
    if qty <= 0:
        raise ValueError(f"reservation quantity must be positive, not {qty}")
    at = now or utcnow()
    run(session, _LOCK, {"b_node": node, "b_item": item})
    if not allow_short and available(session, node, item, now=at) < qty:
        return None
    row = {"order_id": order_id, "node": node, "item": item, "qty": qty, "status": "active",
           "expires_at": expires_at, "created_at": at}  # fmt: skip
    return int(run(session, _RESERVE, row).scalar_one())


def reservations_for(session: Session, order_id: str) -> list[Reservation]:
    query = sa.select(reservations).where(reservations.c.order_id == order_id)
    rows = session.execute(query.order_by(reservations.c.id)).mappings()
    return [Reservation(**{**row, "qty": _decimal(row["qty"])}) for row in rows]


def release(
    session: Session,
    order_id: str,
    *,
    node: str | None = None,
    units: Mapping[str, Decimal] | None = None,
) -> int:
    """Give back the order's active reservations (cancel, re-route): all of them, those at
    ``node``, or there only ``units`` (item -> quantity), so that lines the node still does
    keep theirs; returns how many reservations changed."""
    return _finish(session, order_id, node, units, "released")


def consume(
    session: Session,
    order_id: str,
    *,
    node: str | None = None,
    units: Mapping[str, Decimal] | None = None,
) -> int:
    """The goods left (shipped): the reservations are used up, all of them at ``node`` or only
    the ``units`` shipped (a partial shipment leaves the rest held); returns how many changed."""
    return _finish(session, order_id, node, units, "consumed")


def _finish(
    session: Session,
    order_id: str,
    node: str | None,
    units: Mapping[str, Decimal] | None,
    status: str,
) -> int:
    if units is not None:
        assert node is not None, "units are finished at one node"
        return _finish_units(session, order_id, node, units, status)
    t = reservations
    update = t.update().where(t.c.order_id == order_id, t.c.status == "active")
    if node is not None:
        update = update.where(t.c.node == node)
    return session.execute(update.values(status=status)).rowcount


def _finish_units(
    session: Session, order_id: str, node: str, units: Mapping[str, Decimal], status: str
) -> int:
    """Finish ``units`` of the order's active reservations at a node, oldest first; a
    reservation larger than what is left to finish is split in two."""
    t, changed = reservations, 0
    for item, qty in sorted(units.items()):
        left = Decimal(qty)
        held = sa.select(t).where(t.c.order_id == order_id, t.c.node == node, t.c.item == item,
                                  t.c.status == "active").order_by(t.c.id)  # fmt: skip
        for row in session.execute(held).mappings().all():
            if left <= 0:
                break
            have = _decimal(row["qty"])
            if have <= left:
                session.execute(t.update().where(t.c.id == row["id"]).values(status=status))
            else:
                session.execute(t.update().where(t.c.id == row["id"]).values(qty=have - left))
                part = {k: v for k, v in row.items() if k != "id"}
                session.execute(t.insert().values({**part, "qty": left, "status": status}))
            left -= min(have, left)
            changed += 1
    return changed


def _decimal(value: object) -> Decimal:
    """SQLite hands sums back as float or int; quantities have four decimals at most."""
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(Decimal("0.0001")).normalize() if value else ZERO
