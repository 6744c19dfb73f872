"""Nodes taken out of routing for now (an outage, a stock-take, a strike): every plan made
while a node is down leaves it out, and the tracker moves its unshipped work elsewhere."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hub.store.sql import PerDialect, run
from hub.store.tables import node_status
from hub.store.types import utcnow


@dataclass(frozen=True)
class NodeDown:
    node: str
    reason: str
    since: datetime


def _upsert(insert):  # type: ignore[no-untyped-def]
    statement = insert(node_status)
    fresh = {c: statement.excluded[c] for c in ("down", "reason", "since")}
    return statement.on_conflict_do_update(index_elements=["node"], set_=fresh)


_UPSERT = PerDialect(_upsert)


def node_set(
    session: Session, node: str, *, down: bool, reason: str = "", now: datetime | None = None
) -> None:
    """Take ``node`` out of routing (``down``) or give it back."""
    row = {"node": node, "down": down, "reason": reason, "since": now or utcnow()}
    run(session, _UPSERT.of(session), row)


def nodes_down(session: Session) -> list[NodeDown]:
    query = sa.select(node_status).where(node_status.c.down.is_(True)).order_by(node_status.c.node)
    return [NodeDown(r.node, r.reason, r.since) for r in session.execute(query)]


def down_set(session: Session) -> frozenset[str]:
    """The nodes no plan may use now."""
    return frozenset(n.node for n in nodes_down(session))
