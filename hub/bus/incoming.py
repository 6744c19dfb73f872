"""A delivery as a service sees it, with where it originally came from."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import pika

from hub.bus.ids import derive_id

ATTEMPTS = "x-attempts"
ORIGINAL_EXCHANGE = "x-original-exchange"
ORIGINAL_ROUTING_KEY = "x-original-routing-key"


@dataclass(frozen=True)
class Incoming:
    """One delivered message.

    ``exchange``/``routing_key`` are where it was first published, even when it comes
    back from a delay tier; ``attempts`` counts this delivery (1 on the first try).
    """

    message_id: str
    exchange: str
    routing_key: str
    body: bytes
    headers: dict[str, Any] = field(default_factory=dict)
    content_type: str = "application/json"
    attempts: int = 1
    redelivered: bool = False
    generation: int = 0
    delivery_tag: int = 0


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def incoming_from(
    generation: int, method: Any, properties: pika.BasicProperties, body: bytes
) -> Incoming:
    """Build an ``Incoming``; a message without an id gets one from its bytes."""
    headers = dict(properties.headers or {})
    message_id = properties.message_id or derive_id("sha256:" + hashlib.sha256(body).hexdigest())
    try:
        attempts = max(1, int(headers.get(ATTEMPTS, 1)))
    except (TypeError, ValueError):
        attempts = 1
    return Incoming(
        message_id=message_id,
        exchange=_text(headers.get(ORIGINAL_EXCHANGE, method.exchange)),
        routing_key=_text(headers.get(ORIGINAL_ROUTING_KEY, method.routing_key)),
        body=body,
        headers=headers,
        content_type=properties.content_type or "application/octet-stream",
        attempts=attempts,
        redelivered=bool(method.redelivered),
        generation=generation,
        delivery_tag=method.delivery_tag,
    )
