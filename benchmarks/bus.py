"""Bus throughput: the consumer base against a bare pika loop doing the same broker work.

Both sides consume N pre-filled messages from a quorum queue, publish one message per
input with a publisher confirm and ack the input. The consumer base adds what makes it
exactly-once (one inbox + outbox transaction, outbox marked sent), on SQLite and on
PostgreSQL; the ratio is the price of that. A second pair measures batch publishing
(``publish_many``: one wait for all confirms) against pika's blocking confirm per message.
Everything runs in a vhost and a database of its own, removed afterwards.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import subprocess
import tempfile
import time
from collections.abc import Iterator
from urllib.parse import quote, urlsplit, urlunsplit

import pika

from benchmarks.result import BenchResult
from hub.bus import topology
from hub.bus.consumer import Runner, Service, Transaction
from hub.bus.incoming import Incoming
from hub.bus.message import Message
from hub.bus.publisher import Publisher
from hub.bus.topology import EVENTS, INBOUND, Binding
from hub.metrics import Metrics
from hub.settings import DEFAULT_AMQP_URL, BusSettings

PG_SERVER_URL = os.environ.get(
    "ORDERHUB_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
SETTINGS = BusSettings(prefetch=100, retry_tiers=(1.0,), max_attempts=3)
IN_KEY, OUT_KEY, SINK = "bench.in", "bench.out", "bench.sink"
BASELINE_QUEUE = "bench.baseline"
TIMEOUT = 300.0


class _Relay(Service):
    """Publishes one derived message per input: the smallest real service."""

    name = "bench"
    bindings = (Binding(INBOUND, IN_KEY),)

    def handle(self, message: Incoming, tx: Transaction) -> None:
        tx.publish(EVENTS, OUT_KEY, message.body)


def _rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], capture_output=True, check=True, timeout=60)


@contextlib.contextmanager
def _vhost(server_url: str) -> Iterator[str]:
    server = urlsplit(server_url)
    name = f"orderhub_bench_{secrets.token_hex(4)}"
    _rabbitmqctl("add_vhost", name)
    try:
        _rabbitmqctl("set_permissions", "-p", name, server.username or "guest", ".*", ".*", ".*")
        yield urlunsplit((server.scheme, server.netloc, "/" + quote(name, safe=""), "", ""))
    finally:
        _rabbitmqctl("delete_vhost", name)


@contextlib.contextmanager
def _postgres() -> Iterator[str | None]:
    """A temporary PostgreSQL database, or None when no server answers."""
    import sqlalchemy as sa

    admin = sa.create_engine(PG_SERVER_URL, isolation_level="AUTOCOMMIT")
    name = f"orderhub_bench_{secrets.token_hex(4)}"
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError:
        admin.dispose()
        yield None
        return
    try:
        yield sa.make_url(PG_SERVER_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _messages(n: int, exchange: str, key: str, tag: str) -> list[Message]:
    return [Message(f"{tag}-{i}", exchange, key, b'{"n": %d}' % i) for i in range(n)]


def _fill(url: str, messages: list[Message]) -> None:
    with Publisher(url, "bench-fill") as publisher:
        for start in range(0, len(messages), 1000):
            publisher.publish_many(messages[start : start + 1000])


def _purge(url: str, *queues: str) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        channel = connection.channel()
        for queue in queues:
            channel.queue_purge(queue)
    finally:
        connection.close()


def _baseline_loop(url: str, n: int) -> float:
    """Bare pika: consume, publish one message with a confirm, ack. Messages per second."""
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        channel = connection.channel()
        channel.queue_declare(BASELINE_QUEUE, durable=True, arguments={"x-queue-type": "quorum"})
        channel.queue_bind(BASELINE_QUEUE, INBOUND, routing_key="bench.baseline")
        _fill(url, _messages(n, INBOUND, "bench.baseline", "base"))
        channel.confirm_delivery()
        channel.basic_qos(prefetch_count=SETTINGS.prefetch)
        properties = pika.BasicProperties(delivery_mode=2, content_type="application/json")
        start = time.perf_counter()
        deliveries = channel.consume(BASELINE_QUEUE, inactivity_timeout=TIMEOUT)
        for done, (method, _props, body) in enumerate(deliveries, start=1):
            if method is None:
                raise RuntimeError("baseline: the queue ran dry before every message arrived")
            channel.basic_publish(EVENTS, OUT_KEY, body, properties, mandatory=True)
            channel.basic_ack(method.delivery_tag)
            if done == n:
                break
        elapsed = time.perf_counter() - start
        channel.cancel()
        return n / elapsed
    finally:
        connection.close()


def _consumer_base(url: str, store_url: str, n: int) -> float:
    """The consumer base with inbox + outbox on ``store_url``. Messages per second."""
    from hub.store import Store

    store = Store(store_url)
    store.migrate()
    _fill(url, _messages(n, INBOUND, IN_KEY, f"in-{secrets.token_hex(3)}"))
    metrics = Metrics()
    runner = Runner(_Relay(), store, url, SETTINGS, metrics=metrics)
    try:
        start = time.perf_counter()
        runner.start()
        deadline = start + TIMEOUT
        while metrics.value("orderhub_messages_handled_total", {"service": "bench"}) < n:
            if time.perf_counter() > deadline:
                raise RuntimeError("consumer base: timed out")
            time.sleep(0.005)
        return n / (time.perf_counter() - start)
    finally:
        runner.stop()
        store.dispose()


def _publish_rates(url: str, n: int) -> tuple[float, float]:
    """(publish_many, pika BlockingConnection confirm-per-message) in messages per second."""
    with Publisher(url, "bench-batch") as publisher:
        batch = _messages(n, EVENTS, OUT_KEY, "batch")
        start = time.perf_counter()
        publisher.publish_many(batch)
        batched = n / (time.perf_counter() - start)
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        start = time.perf_counter()
        for message in _messages(n, EVENTS, OUT_KEY, "single"):
            properties = pika.BasicProperties(message_id=message.message_id, delivery_mode=2)
            channel.basic_publish(EVENTS, OUT_KEY, message.body, properties, mandatory=True)
        single = n / (time.perf_counter() - start)
    finally:
        connection.close()
    return batched, single


def run(quick: bool = False, amqp_url: str | None = None) -> list[BenchResult]:
    n = 500 if quick else 5000
    server = amqp_url or os.environ.get("ORDERHUB_AMQP_URL", DEFAULT_AMQP_URL)
    logging.getLogger("pika").setLevel(logging.ERROR)
    results: list[BenchResult] = []
    with _vhost(server) as url, tempfile.TemporaryDirectory() as tmp:
        topology.declare(url, SETTINGS.retry_tiers, [("bench", _Relay.bindings)])
        pika_setup = pika.BlockingConnection(pika.URLParameters(url))
        sink = pika_setup.channel()
        sink.queue_declare(SINK, durable=True)
        sink.queue_bind(SINK, EVENTS, routing_key=OUT_KEY)
        pika_setup.close()

        baseline = _baseline_loop(url, n)
        _purge(url, SINK)
        name = "bare pika consume + confirmed publish + ack"
        sqlite = _consumer_base(url, f"sqlite:///{tmp}/bench.db", n)
        results.append(
            BenchResult("bus.consumer.sqlite", sqlite, "msg/s", baseline, "higher", name, {"n": n})
        )
        _purge(url, SINK)
        with _postgres() as pg_url:
            if pg_url is not None:
                postgres = _consumer_base(url, pg_url, n)
                results.append(
                    BenchResult(
                        "bus.consumer.postgres",
                        postgres,
                        "msg/s",
                        baseline,
                        "higher",
                        name,
                        {"n": n},
                    )
                )
        _purge(url, SINK)
        batched, single = _publish_rates(url, n)
        results.append(
            BenchResult(
                "bus.publish_many",
                batched,
                "msg/s",
                single,
                "higher",
                "pika BlockingConnection, one confirm per message",
                {"n": n},
            )
        )
    return results
