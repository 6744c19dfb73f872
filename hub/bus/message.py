"""The shape of a message to publish, and the AMQP properties every one of them carries."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import pika


class Publishable(Protocol):
    """Anything with these attributes can be published (e.g. the store's OutgoingMessage)."""

    message_id: str
    exchange: str
    routing_key: str
    body: bytes
    headers: Mapping[str, Any]
    content_type: str


@dataclass(frozen=True)
class Message:
    """A message to publish directly, outside a consumer's outbox."""

    message_id: str
    exchange: str
    routing_key: str
    body: bytes
    headers: Mapping[str, Any] = field(default_factory=dict)
    content_type: str = "application/json"


def properties_for(message: Publishable) -> pika.BasicProperties:
    """Persistent, with its deterministic id, content type and headers."""
    return pika.BasicProperties(
        message_id=message.message_id,
        content_type=message.content_type or "application/octet-stream",
        headers=dict(message.headers or {}),
        delivery_mode=pika.DeliveryMode.Persistent,
        timestamp=int(time.time()),
        app_id="orderhub",
    )
