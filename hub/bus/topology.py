"""The RabbitMQ topology, declared idempotently by whoever starts first.

Retries: a failed message is published to ``orderhub.retry`` with routing key
``<tier>.<service>``. Each tier is its own classic queue ``orderhub.retry.<tier>`` with a
queue-level TTL (a per-message TTL in one shared queue would hold a 1 s retry behind a
10 min one), dead-lettering to ``orderhub.retry.return`` with the routing key unchanged;
every service queue is bound there with ``*.<service>``, so the message comes back to
the one service that failed it and to no other subscriber of the original exchange.

Poison messages that kill a consumer before it acks are stopped by the quorum queue's
``x-delivery-limit`` and dead-lettered to ``orderhub.dead``; the base itself parks what
it gives up on there too. ``orderhub.parking`` holds all of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pika
from pika.adapters.blocking_connection import BlockingChannel
from pika.exceptions import AMQPConnectionError, ChannelClosedByBroker

from canonical.errors import PermanentError, TransientError

INBOUND = "orderhub.inbound"
EVENTS = "orderhub.events"
WORK = "orderhub.work"
OUTBOUND = "orderhub.outbound"
RETRY = "orderhub.retry"
RETRY_RETURN = "orderhub.retry.return"
DEAD = "orderhub.dead"
PARKING_QUEUE = "orderhub.parking"
EXCHANGES = (INBOUND, EVENTS, WORK, OUTBOUND, RETRY, RETRY_RETURN, DEAD)

_SERVICE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Binding:
    """One subscription of a service: a topic exchange and a routing-key pattern."""

    exchange: str
    pattern: str


def service_queue(service: str) -> str:
    """The service's own queue; the name has no dots so ``*.<service>`` matches it."""
    if not _SERVICE_NAME.match(service):
        raise PermanentError(f"service name {service!r}: use lower-case letters, digits, - and _")
    return f"orderhub.{service}"


def tier_name(seconds: float) -> str:
    """A readable, stable name for a delay tier: 200ms, 5s, 2m, 1h."""
    ms = round(seconds * 1000)
    if ms % 3_600_000 == 0:
        return f"{ms // 3_600_000}h"
    if ms % 60_000 == 0:
        return f"{ms // 60_000}m"
    if ms % 1000 == 0:
        return f"{ms // 1000}s"
    return f"{ms}ms"


def tier_queue(seconds: float) -> str:
    return f"{RETRY}.{tier_name(seconds)}"


def retry_routing_key(seconds: float, service: str) -> str:
    return f"{tier_name(seconds)}.{service}"


def _guarded(what: str, action) -> None:
    try:
        action()
    except ChannelClosedByBroker as exc:
        raise PermanentError(
            f"cannot declare {what}: the broker refused it ({exc.reply_code} {exc.reply_text}); "
            "an existing queue with other arguments must be deleted or migrated first"
        ) from None


def declare_core(channel: BlockingChannel, tiers: Sequence[float]) -> None:
    """Exchanges, the parking lot and one delay queue per retry tier."""
    for name in EXCHANGES:
        channel.exchange_declare(name, exchange_type="topic", durable=True)
    # Classic, so that browsing it (get, then requeue) keeps every message in its place.
    _guarded(PARKING_QUEUE, lambda: channel.queue_declare(PARKING_QUEUE, durable=True))
    channel.queue_bind(PARKING_QUEUE, DEAD, routing_key="#")
    for seconds in tiers:
        queue = tier_queue(seconds)
        arguments = {
            "x-message-ttl": round(seconds * 1000),
            "x-dead-letter-exchange": RETRY_RETURN,
        }
        _guarded(
            queue, lambda q=queue, a=arguments: channel.queue_declare(q, durable=True, arguments=a)
        )
        channel.queue_bind(queue, RETRY, routing_key=f"{tier_name(seconds)}.*")


def declare_service(
    channel: BlockingChannel, service: str, bindings: Iterable[Binding], delivery_limit: int
) -> str:
    """The service's quorum queue with its bindings and its way back from the delay tiers."""
    queue = service_queue(service)
    arguments = {
        "x-queue-type": "quorum",
        "x-delivery-limit": delivery_limit,
        "x-dead-letter-exchange": DEAD,
    }
    _guarded(queue, lambda: channel.queue_declare(queue, durable=True, arguments=arguments))
    for binding in bindings:
        channel.exchange_declare(
            binding.exchange, exchange_type="topic", durable=True, passive=False
        )
        channel.queue_bind(queue, binding.exchange, routing_key=binding.pattern)
    channel.queue_bind(queue, RETRY_RETURN, routing_key=f"*.{service}")
    return queue


def declare(
    url: str,
    tiers: Sequence[float],
    services: Iterable[tuple[str, Iterable[Binding]]] = (),
    delivery_limit: int = 10,
) -> None:
    """Declare the core topology and the given services over one short-lived connection."""
    parameters = pika.URLParameters(url)
    try:
        connection = pika.BlockingConnection(parameters)
    except AMQPConnectionError as exc:
        where = f"{parameters.host}:{parameters.port} vhost {parameters.virtual_host!r}"
        raise TransientError(f"cannot reach RabbitMQ at {where}: {exc!r}") from None
    try:
        channel = connection.channel()
        declare_core(channel, tiers)
        for service, bindings in services:
            declare_service(channel, service, bindings, delivery_limit)
    finally:
        if connection.is_open:
            connection.close()
