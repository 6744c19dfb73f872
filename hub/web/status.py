"""How the hub is doing right now: broker, queues, parking lot, orders, archive, acks.

The broker part asks RabbitMQ itself (passive declares, no management plugin needed);
the store part is a handful of counting queries. Each part says plainly when it cannot
reach its server, so `orderhub status` can tell the engineer which one is down.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pika
import sqlalchemy as sa
from pika.exceptions import AMQPError, ChannelClosedByBroker
from sqlalchemy.orm import Session

from hub.bus.topology import PARKING_QUEUE, service_queue, tier_queue
from hub.store import expected_overdue
from hub.store.nodes import nodes_down
from hub.store.tables import archive, orders

#: The services of the architecture; any others the hub knows are added by the caller.
SERVICES = ("intake", "router", "dispatcher", "tracker", "inventory")
FAILED_STATUSES = ("failed", "rejected", "send_failed")


@dataclass(frozen=True)
class QueueDepth:
    queue: str
    messages: int | None  # None: the queue is not declared (the hub never started it)
    consumers: int | None


@dataclass(frozen=True)
class BrokerStatus:
    reachable: bool
    error: str | None = None
    queues: list[QueueDepth] = field(default_factory=list)

    @property
    def parked(self) -> int | None:
        return next((q.messages for q in self.queues if q.queue == PARKING_QUEUE), None)


def known_services() -> list[str]:
    """The services this hub wires, asked lazily: the wiring table imports every adapter."""
    try:
        from hub.services import service_names
    except ImportError:
        return []
    return service_names()


def queue_names(services: Iterable[str], tiers: Sequence[float]) -> list[str]:
    """Every ``orderhub.*`` queue the hub declares: services, parking lot, delay tiers."""
    names = [service_queue(s) for s in dict.fromkeys([*SERVICES, *services])]
    return [*names, PARKING_QUEUE, *(tier_queue(t) for t in tiers)]


def _parameters(url: str, timeout: float) -> pika.URLParameters:
    parameters = pika.URLParameters(url)
    parameters.socket_timeout = timeout
    parameters.blocked_connection_timeout = timeout
    parameters.stack_timeout = timeout
    parameters.connection_attempts = 1
    return parameters


def broker_status(url: str, queues: Sequence[str], timeout: float = 5.0) -> BrokerStatus:
    """Depth and consumers of each queue by passive declare; unreachable is a value, not a raise."""
    try:
        connection = pika.BlockingConnection(_parameters(url, timeout))
    except (AMQPError, OSError) as exc:
        return BrokerStatus(False, f"{type(exc).__name__}: {exc}".rstrip(": "))
    depths: list[QueueDepth] = []
    try:
        channel = connection.channel()
        for queue in queues:
            try:
                ok = channel.queue_declare(queue, passive=True).method
                depths.append(QueueDepth(queue, ok.message_count, ok.consumer_count))
            except ChannelClosedByBroker:  # 404: not declared; the channel is gone, open anew
                depths.append(QueueDepth(queue, None, None))
                channel = connection.channel()
    except (AMQPError, OSError) as exc:
        return BrokerStatus(False, f"{type(exc).__name__}: {exc}", depths)
    finally:
        if connection.is_open:
            connection.close()
    return BrokerStatus(True, None, depths)


def orders_per_state(session: Session) -> dict[str, int]:
    query = sa.select(orders.c.state, sa.func.count()).group_by(orders.c.state)
    return {state: int(n) for state, n in session.execute(query).all()}


def archive_per_status(session: Session, since: datetime) -> dict[str, int]:
    query = (
        sa.select(archive.c.status, sa.func.count())
        .where(archive.c.at >= since)
        .group_by(archive.c.status)
    )
    return {status: int(n) for status, n in session.execute(query).all()}


def recent_failures(session: Session, limit: int = 20) -> list[dict[str, Any]]:
    """The newest failed, rejected or unsent messages, for the dashboard."""
    columns = [c for c in archive.c if c.name != "content"]
    query = (
        sa.select(*columns)
        .where(archive.c.status.in_(FAILED_STATUSES))
        .order_by(archive.c.at.desc(), archive.c.id.desc())
        .limit(limit)
    )
    rows = session.execute(query).mappings().all()
    return [{**row, "at": row["at"].isoformat()} for row in rows]


def store_status(session: Session, now: datetime) -> dict[str, Any]:
    """Orders per state, archive statuses of the last 24 h, overdue acknowledgements, nodes
    out of routing."""
    overdue = expected_overdue(session, now, include_alerted=True)
    return {
        "nodes_down": [
            {"node": n.node, "since": n.since.isoformat(), "reason": n.reason}
            for n in nodes_down(session)
        ],
        "orders_per_state": orders_per_state(session),
        "archive_last_24h": archive_per_status(session, now - timedelta(hours=24)),
        "overdue_acks": [
            {
                "partner": a.partner,
                "archive_id": a.archive_id,
                "interchange_control": a.interchange_control,
                "due_at": a.due_at.isoformat(),
                "status": a.status,
            }
            for a in overdue
        ],
    }


def broker_json(status: BrokerStatus) -> dict[str, Any]:
    return {
        "reachable": status.reachable,
        "error": status.error,
        "queues": [
            {"queue": q.queue, "messages": q.messages, "consumers": q.consumers}
            for q in status.queues
        ],
        "parked": status.parked,
    }
