"""Test helpers: a tiny echo service over the real consumer base, and a collector of what it publishes.

The echo service publishes exactly one derived message per message it handles (through
the outbox), so counting what arrives on ``orderhub.events`` counts its effects.
"""

from __future__ import annotations

import subprocess
import threading
import time

import pika

from canonical.errors import PermanentError, TransientError
from hub.bus.consumer import Service, Transaction
from hub.bus.incoming import Incoming
from hub.bus.message import Message
from hub.bus.publisher import Publisher
from hub.bus.topology import EVENTS, INBOUND, Binding
from hub.settings import BusSettings

COLLECT_QUEUE = "test.collected"
OUT_KEY = "echo.out"
IN_KEY = "test.echo"
SETTINGS = BusSettings(
    prefetch=50, heartbeat=10, retry_tiers=(0.2, 0.5), max_attempts=4, delivery_limit=10
)


class Echo(Service):
    """Echoes every body to orderhub.events; ``plan`` scripts failures per body."""

    name = "echo"
    bindings = (Binding(INBOUND, IN_KEY),)

    def __init__(self, delay: float = 0.0) -> None:
        self.plan: dict[bytes, list[str]] = {}
        self.calls: list[tuple[bytes, int, float]] = []
        self.effects: list[bytes] = []  # what reached "outside the store", once committed
        self.delay = delay
        self._lock = threading.Lock()

    def handle(self, message: Incoming, tx: Transaction) -> None:
        with self._lock:
            self.calls.append((message.body, message.attempts, time.monotonic()))
            steps = self.plan.get(message.body)
            step = steps.pop(0) if steps else "ok"
        if self.delay:
            time.sleep(self.delay)
        if step == "transient":
            raise TransientError(f"partner down for {message.body.decode()}")
        if step == "permanent":
            raise PermanentError(f"cannot read {message.body.decode()}\nsecond line")
        if step == "bug":
            raise ValueError("unexpected\n  detail")
        tx.publish(EVENTS, OUT_KEY, message.body, headers={"cause": message.message_id})
        tx.before_commit(lambda: self.effects.append(message.body))

    def handled(self, body: bytes) -> int:
        return sum(1 for b, _a, _t in self.calls if b == body)


class Collector:
    """Reads what the echo service published, with a grace period to catch duplicates."""

    def __init__(self, url: str) -> None:
        self.connection = pika.BlockingConnection(pika.URLParameters(url))
        self.channel = self.connection.channel()
        self.channel.queue_declare(COLLECT_QUEUE, durable=True)
        self.channel.queue_bind(COLLECT_QUEUE, EVENTS, routing_key=OUT_KEY)
        self.got: list[tuple[pika.BasicProperties, bytes]] = []

    def drain(self, expected: int, timeout: float = 10.0, grace: float = 0.5) -> list[bytes]:
        """Collect until ``expected`` arrived (or timeout), then ``grace`` seconds more."""
        deadline = time.monotonic() + timeout
        settle: float | None = None
        while True:
            now = time.monotonic()
            if settle is None and (len(self.got) >= expected or now > deadline):
                settle = now + grace
            if settle is not None and now > settle:
                break
            method, properties, body = self.channel.basic_get(COLLECT_QUEUE, auto_ack=True)
            if method is None:
                self.connection.sleep(0.05)
                continue
            self.got.append((properties, body))
        return [body for _p, body in self.got]

    def close(self) -> None:
        if self.connection.is_open:
            self.connection.close()


def send(url: str, bodies: list[bytes], message_ids: list[str] | None = None) -> None:
    """Publish to the echo service's binding with confirms."""
    ids = message_ids or [f"in-{b.decode()}" for b in bodies]
    with Publisher(url, "test-sender") as publisher:
        publisher.publish_many(
            [Message(i, INBOUND, IN_KEY, b) for i, b in zip(ids, bodies, strict=True)]
        )


def close_connections(vhost_url: str, connection_name: str) -> int:
    """Kill the broker connections with this client-provided name (rabbitmqctl, by pid)."""
    vhost = vhost_url.rsplit("/", 1)[1]
    out = subprocess.run(
        [
            "rabbitmqctl",
            "-q",
            "--no-table-headers",
            "list_connections",
            "pid",
            "vhost",
            "client_properties",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    closed = 0
    for line in out.splitlines():
        pid, host, properties = (line.split("\t", 2) + ["", ""])[:3]
        if host == vhost and f'"{connection_name}"' in properties:
            subprocess.run(
                ["rabbitmqctl", "-q", "close_connection", pid, "test"],
                capture_output=True,
                check=True,
                timeout=30,
            )
            closed += 1
    return closed
