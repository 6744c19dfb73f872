"""The parking lot as a library: list, show, replay and purge parked messages.

Reading never loses a message: ``orderhub.parking`` is a classic queue, browsed by
``basic_get`` without ack on one channel (a message got but unacked is never handed out
twice), then every message not meant to go is given back with ``basic_nack(requeue)``,
which puts it back in its original place. Replay publishes a message again (same id,
retry bookkeeping removed) to its original exchange and routing key with confirms, and
only then acks it out of the parking lot; if anything fails the message stays parked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pika
from pika.adapters.blocking_connection import BlockingChannel
from pika.exceptions import ChannelClosedByBroker

from canonical.errors import PermanentError
from hub.bus import failures
from hub.bus.incoming import ATTEMPTS, ORIGINAL_EXCHANGE, ORIGINAL_ROUTING_KEY
from hub.bus.message import Message
from hub.bus.publisher import Publisher
from hub.bus.topology import PARKING_QUEUE

# Headers that describe a past failure; a replayed message starts afresh without them.
_BOOKKEEPING = {
    ATTEMPTS,
    ORIGINAL_EXCHANGE,
    ORIGINAL_ROUTING_KEY,
    failures.ERROR,
    failures.ERROR_CLASS,
    failures.SERVICE,
    "x-death",
    "x-first-death-exchange",
    "x-first-death-queue",
    "x-first-death-reason",
    "x-last-death-exchange",
    "x-last-death-queue",
    "x-last-death-reason",
    "x-delivery-count",
}
SCAN_LIMIT = 100_000


@dataclass(frozen=True)
class Parked:
    """One parked message and why it is there."""

    id: str
    service: str
    error: str
    error_class: str
    attempts: int
    original_exchange: str
    original_routing_key: str
    size: int
    time: datetime | None
    content_type: str = ""
    headers: dict[str, Any] = field(default_factory=dict, repr=False)
    body: bytes = field(default=b"", repr=False)


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _parked(properties: pika.BasicProperties, body: bytes) -> Parked:
    headers = dict(properties.headers or {})
    deaths = headers.get("x-death") or []
    death = deaths[0] if deaths else {}
    service = _text(headers.get(failures.SERVICE, ""))
    if not service and death.get("queue"):
        service = _text(death["queue"]).removeprefix("orderhub.")
    keys = death.get("routing-keys") or [""]
    when = properties.timestamp
    moment = datetime.fromtimestamp(when, UTC) if when else None
    if death.get("time") is not None and failures.ERROR not in headers:
        stamp = death["time"]
        moment = stamp.replace(tzinfo=UTC) if isinstance(stamp, datetime) else moment
    reason = _text(death.get("reason", "unknown"))
    return Parked(
        id=properties.message_id or "",
        service=service,
        error=_text(headers.get(failures.ERROR, f"dead-lettered by the broker: {reason}")),
        error_class=_text(headers.get(failures.ERROR_CLASS, reason)),
        attempts=int(headers.get(ATTEMPTS, death.get("count", 1))),
        original_exchange=_text(headers.get(ORIGINAL_EXCHANGE, death.get("exchange", ""))),
        original_routing_key=_text(headers.get(ORIGINAL_ROUTING_KEY, keys[0])),
        size=len(body),
        time=moment,
        content_type=properties.content_type or "",
        headers=headers,
        body=body,
    )


@contextmanager
def _browsing(url: str) -> Iterator[tuple[BlockingChannel, list[tuple[int, Parked]]]]:
    """Get every parked message (unacked); whatever the caller does not ack is requeued."""
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        channel = connection.channel()
        try:
            channel.queue_declare(PARKING_QUEUE, passive=True)
        except ChannelClosedByBroker:
            raise PermanentError(
                f"the parking lot {PARKING_QUEUE} does not exist on this vhost: "
                "no service has declared the topology yet"
            ) from None
        got: list[tuple[int, Parked]] = []
        while len(got) < SCAN_LIMIT:
            method, properties, body = channel.basic_get(PARKING_QUEUE, auto_ack=False)
            if method is None:
                break
            got.append((method.delivery_tag, _parked(properties, body)))
        yield channel, got
        channel.close()  # every unacked message goes back where it was
    finally:
        if connection.is_open:
            connection.close()


def list_parked(url: str, limit: int = 100) -> list[Parked]:
    """The first ``limit`` parked messages, oldest first; nothing is removed."""
    with _browsing(url) as (_channel, got):
        return [parked for _tag, parked in got[:limit]]


def show(url: str, message_id: str) -> Parked | None:
    """One parked message with its headers and body, or None."""
    with _browsing(url) as (_channel, got):
        return next((p for _tag, p in got if p.id == message_id), None)


def _selected(
    got: list[tuple[int, Parked]], ids: Iterable[str] | None, service: str | None
) -> list[tuple[int, Parked]]:
    wanted = None if ids is None else set(ids)
    return [
        (tag, p)
        for tag, p in got
        if (wanted is None or p.id in wanted) and (service is None or p.service == service)
    ]


def replay(url: str, ids: Iterable[str] | None = None, service: str | None = None) -> list[str]:
    """Send the chosen messages (all when ``ids`` is None) back where they were published.

    Returns the ids replayed. The attempt count starts again at 1.
    """
    replayed: list[str] = []
    with _browsing(url) as (channel, got), Publisher(url, "orderhub-dlq-replay") as publisher:
        for tag, parked in _selected(got, ids, service):
            headers = {k: v for k, v in parked.headers.items() if k not in _BOOKKEEPING}
            message = Message(
                parked.id,
                parked.original_exchange,
                parked.original_routing_key,
                parked.body,
                headers,
                parked.content_type or "application/octet-stream",
            )
            publisher.publish_many([message])  # raises: this and later ones stay parked
            channel.basic_ack(tag)
            replayed.append(parked.id)
    return replayed


def purge(url: str, ids: Iterable[str] | None = None, service: str | None = None) -> list[str]:
    """Delete the chosen parked messages (all when ``ids`` is None); returns their ids."""
    purged: list[str] = []
    with _browsing(url) as (channel, got):
        for tag, parked in _selected(got, ids, service):
            channel.basic_ack(tag)
            purged.append(parked.id)
    return purged
