"""End to end: orders per second from submit to dispatched, all services running.

The hub receives N EDIFACT orders (archive, intake, router, dispatcher: three hops on the
broker and a database transaction at each), once with one replica per service and once
with two, on SQLite (one process, the default set-up) and then on PostgreSQL. Per order the hub moves five messages (the raw file; intake's event and
functional ack; the router's work item and order response). The baseline moves the same
five per order through the same three hops with bare pika (publish with confirms,
consume, ack) in the same run: the ratio is what the hub's guarantees and its work
(parsing, planning, rendering, archiving, files) cost on top of the broker.
"""

from __future__ import annotations

import contextlib
import logging
import os
import statistics
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

import pika
import sqlalchemy as sa

from adapters import registry
from adapters.reading import Envelope
from benchmarks.bus import _postgres, _vhost
from benchmarks.result import BenchResult
from canonical import Order
from hub.bus.publisher import Publisher
from hub.context import Context
from hub.ingest import Received, ingest_many
from hub.services import Hub, service_names
from hub.settings import DEFAULT_AMQP_URL, load_settings
from hub.store.tables import order_events

REPO = Path(__file__).parents[1]
HOPS = 3
SUBMIT_BATCH = 20


def _orders(n: int) -> list[bytes]:
    template = registry.read(
        (REPO / "samples/edifact/orders_d96a_acme.edi").read_bytes()
    ).documents[0]
    assert isinstance(template, Order)
    line = template.lines[0].model_copy(update={"quantity": Decimal(1)})
    out = []
    for i in range(n):
        order = template.model_copy(
            update={"po_number": f"BENCH-{i:06d}", "lines": [line], "source": None}
        )
        env = Envelope(sender="5412345000013", sender_qualifier="14", receiver="4012345000009",
                       receiver_qualifier="14", interchange_control=100000 + i, version="D96A")  # fmt: skip
        out.append(registry.write("edifact", order, env))
    return out


def _hub_run(
    server: str, replicas: int, documents: list[bytes], database_url: str | None = None
) -> tuple[float, list[float]]:
    with _vhost(server) as url, tempfile.TemporaryDirectory() as tmp:
        cwd = os.getcwd()
        os.chdir(tmp)  # the dispatcher writes partners' files under var/outbox here
        try:
            base = load_settings(REPO / "config" / "hub.yaml")
            settings = base.model_copy(update={"amqp_url": url, "database_url": database_url or f"sqlite:///{tmp}/hub.db",
                                               "var_dir": Path("var"), "config_dir": REPO / "config"})  # fmt: skip
            context = Context(settings)
            hub = Hub(context, service_names(), url, replicas=replicas, watchdog_interval=0).start()
            submitted: dict[str, float] = {}
            try:
                start = time.perf_counter()
                with Publisher(url, "bench-submit") as publisher:  # as a channel taking a batch
                    for first in range(0, len(documents), SUBMIT_BATCH):
                        batch = documents[first : first + SUBMIT_BATCH]
                        now = time.perf_counter()
                        files = []
                        for i, data in enumerate(batch, first):
                            submitted[f"BENCH-{i:06d}"] = now
                            files.append(Received(f"{i}.edi", data, "acme"))
                        ingest_many(context.store, publisher, files, channel="bench")
                done = _wait_dispatched(context, len(documents))
                elapsed = time.perf_counter() - start
                latencies = _latencies(context, submitted, start)
            finally:
                hub.stop()
                context.close()
            return (len(documents) / elapsed if done else 0.0), latencies
        finally:
            os.chdir(cwd)


def _wait_dispatched(context: Context, n: int, timeout: float = 600.0) -> bool:
    deadline = time.monotonic() + timeout
    query = sa.select(sa.func.count(sa.distinct(order_events.c.order_id))).where(
        order_events.c.kind == "dispatched"
    )
    while time.monotonic() < deadline:
        with context.store.read() as session:
            if session.execute(query).scalar_one() >= n:
                return True
        time.sleep(0.05)
    return False


def _latencies(context: Context, submitted: dict[str, float], start: float) -> list[float]:
    """Submit to first dispatch per order, from the timeline's wall-clock times."""
    from hub.store.tables import orders

    with context.store.read() as session:
        rows = session.execute(
            sa.select(orders.c.po_number, sa.func.min(order_events.c.at), orders.c.created_at)
            .join(order_events, order_events.c.order_id == orders.c.id)
            .where(order_events.c.kind == "dispatched")
            .group_by(orders.c.po_number, orders.c.created_at)
        ).all()
    first = min(submitted.values())
    wall0 = min(r[2] for r in rows) if rows else None
    out = []
    for po, dispatched_at, _created in rows:
        if wall0 is None or po not in submitted:
            continue
        # both clocks start with the first order: wall time since it, against perf time since it
        out.append((dispatched_at - wall0).total_seconds() - (submitted[po] - first))
    return [max(0.0, x) for x in out]


# The hub's messages per order, hop by hop: the raw file to intake; intake's event to the
# router and its functional ack to the dispatcher; the router's work item and customer
# order response to the dispatcher. The baseline moves exactly these through bare pika.
FANOUT = {"bare.raw": [("bare.event", "event"), ("bare.out", "ack")],
          "bare.event": [("bare.out", "work"), ("bare.out", "response")],
          "bare.out": []}  # fmt: skip


def _bare(server: str, n: int, body: bytes) -> tuple[float, list[float]]:
    """The same messages through the same three hops with bare pika (publish with confirms,
    consume, ack), all published at once as the hub's orders are; (orders per second,
    each order's latency to its work message at the last hop)."""
    latencies: list[float] = []
    with _vhost(server) as url:
        params = pika.URLParameters(url)
        setup = pika.BlockingConnection(params)
        ch = setup.channel()
        for queue in FANOUT:
            ch.queue_declare(queue, durable=True, arguments={"x-queue-type": "quorum"})
        setup.close()
        expected = {"bare.raw": n, "bare.event": n, "bare.out": 3 * n}
        threads = [
            threading.Thread(target=_relay, args=(params, queue, expected[queue], latencies))
            for queue in FANOUT
        ]
        for t in threads:
            t.start()
        start = time.perf_counter()
        conn = pika.BlockingConnection(params)
        pub = conn.channel()
        pub.confirm_delivery()
        for _ in range(n):
            props = pika.BasicProperties(delivery_mode=2, headers={"t0": repr(time.perf_counter())})
            pub.basic_publish("", "bare.raw", body, props, mandatory=True)
        conn.close()
        for t in threads:
            t.join()
        return n / (time.perf_counter() - start), latencies


def _relay(params: pika.URLParameters, queue: str, n: int, latencies: list[float]) -> None:
    conn = pika.BlockingConnection(params)
    ch = conn.channel()
    ch.confirm_delivery()
    ch.basic_qos(prefetch_count=50)
    for moved, (method, props, body) in enumerate(ch.consume(queue), 1):
        for target, kind in FANOUT[queue]:
            headers = {**(props.headers or {}), "kind": kind}
            ch.basic_publish(
                "",
                target,
                body,
                pika.BasicProperties(delivery_mode=2, headers=headers),
                mandatory=True,
            )
        ch.basic_ack(method.delivery_tag)
        if queue == "bare.out" and (props.headers or {}).get("kind") == "work":
            latencies.append(time.perf_counter() - float(props.headers["t0"]))
        if moved >= n:
            break
    ch.cancel()
    conn.close()


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(quick: bool = False, amqp_url: str | None = None) -> list[BenchResult]:
    n = 60 if quick else 300
    server = amqp_url or os.environ.get("ORDERHUB_AMQP_URL", DEFAULT_AMQP_URL)
    logging.getLogger("pika").setLevel(logging.CRITICAL)
    logging.getLogger("hub").setLevel(logging.CRITICAL)
    documents = _orders(n)
    bare, bare_latencies = _bare(server, n, documents[0])
    results = []
    for prefix in ("", "postgres."):
        for replicas in (1, 2):
            # every run in a database of its own: the same orders again would be duplicates
            with _postgres() if prefix else contextlib.nullcontext(None) as database_url:
                if prefix and database_url is None:
                    break  # no PostgreSQL here
                rate, latencies = _hub_run(server, replicas, documents, database_url)
            results += _figures(prefix, replicas, rate, latencies, bare, bare_latencies, n)
    return results


def _figures(prefix: str, replicas: int, rate: float, latencies: list[float], bare: float,
             bare_latencies: list[float], n: int) -> list[BenchResult]:  # fmt: skip
    database = "PostgreSQL" if prefix else "SQLite"
    extra = {"orders": n, "hops": HOPS, "database": database,
             "p50_s": round(_pct(latencies, 0.5), 3), "p99_s": round(_pct(latencies, 0.99), 3),
             "mean_s": round(statistics.fmean(latencies), 3) if latencies else None}  # fmt: skip
    return [
        BenchResult(f"e2e.{prefix}orders_per_s.replicas{replicas}", rate, "orders/s", bare, "higher",
                    "bare pika, the same 5 messages per order through the same 3 hops", extra),
        BenchResult(f"e2e.{prefix}latency_p99_s.replicas{replicas}", extra["p99_s"], "s",
                    _pct(bare_latencies, 0.99), "lower", "bare pika p99, the same messages and hops",
                    {"p50_s": extra["p50_s"], "bare_p50_s": round(_pct(bare_latencies, 0.5), 3),
                     "database": database}),
    ]  # fmt: skip
