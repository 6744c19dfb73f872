"""A test tap: a queue bound to exchanges, collecting everything the services publish."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pika


@dataclass
class Tapped:
    exchange: str
    routing_key: str
    headers: dict
    body: bytes
    message_id: str | None


class Tap:
    def __init__(self, url: str, bindings: list[tuple[str, str]], name: str = "test.tap") -> None:
        self.connection = pika.BlockingConnection(pika.URLParameters(url))
        self.channel = self.connection.channel()
        self.queue = name
        self.channel.queue_declare(name, durable=True)
        for exchange, pattern in bindings:
            self.channel.queue_bind(name, exchange, routing_key=pattern)
        self.got: list[Tapped] = []

    def collect(self, until, timeout: float = 30.0) -> list[Tapped]:
        """Read until ``until(self.got)`` holds or the timeout passes."""
        deadline = time.monotonic() + timeout
        while not until(self.got) and time.monotonic() < deadline:
            method, props, body = self.channel.basic_get(self.queue, auto_ack=True)
            if method is None:
                self.connection.sleep(0.05)
                continue
            self.got.append(
                Tapped(
                    method.exchange,
                    method.routing_key,
                    dict(props.headers or {}),
                    body,
                    props.message_id,
                )
            )
        return self.got

    def routing_keys(self) -> list[str]:
        return [t.routing_key for t in self.got]

    def close(self) -> None:
        if self.connection.is_open:
            self.connection.close()
