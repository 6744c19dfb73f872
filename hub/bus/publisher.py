"""A blocking publisher with confirms and ``mandatory``: nothing is dropped silently.

It runs its own ``Link`` (a SelectConnection on an I/O thread), so ``publish_many`` can
send a whole batch and wait for all confirms once, instead of one round trip per message
as pika's BlockingConnection does in confirm mode.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hub.bus.errors import PublishFailed
from hub.bus.link import Link
from hub.bus.message import Message, Publishable
from hub.metrics import Metrics


class Publisher:
    """Use as a context manager; safe to call from several threads."""

    def __init__(
        self,
        url: str,
        name: str = "orderhub-publisher",
        *,
        connect_timeout: float = 10.0,
        confirm_timeout: float = 30.0,
        metrics: Metrics | None = None,
    ) -> None:
        self.name = name
        self._metrics = metrics
        on_confirmed = (
            (lambda n: metrics.confirmed.labels(connection=name).inc(n)) if metrics else None
        )
        self._link = Link(url, name, on_confirmed=on_confirmed)
        self._connect_timeout = connect_timeout
        self._confirm_timeout = confirm_timeout

    def start(self) -> Publisher:
        self._link.start()
        if not self._link.wait_ready(self._connect_timeout):
            self._link.stop()
            raise PublishFailed(f"cannot connect to the broker within {self._connect_timeout:.0f}s")
        return self

    def close(self) -> None:
        self._link.stop()

    def __enter__(self) -> Publisher:
        return self.start()

    def __exit__(self, *_exc: Any) -> None:
        self.close()

    def publish(
        self,
        exchange: str,
        routing_key: str,
        body: bytes,
        *,
        message_id: str,
        headers: Mapping[str, Any] | None = None,
        content_type: str = "application/json",
    ) -> None:
        """Publish one message and wait for its confirm."""
        self.publish_many(
            [Message(message_id, exchange, routing_key, body, dict(headers or {}), content_type)]
        )

    def publish_many(self, messages: Sequence[Publishable]) -> None:
        """Publish a batch and wait once for all confirms; raise the first failure."""
        if self._metrics:
            self._metrics.published.labels(connection=self.name).inc(len(messages))
        self._link.publish_many(messages, timeout=self._confirm_timeout)
