"""`orderhub status`: queues, parking lot, orders, archive, overdue acks; which server is down."""

from __future__ import annotations

import json

import pika
from conftest import NO_BROKER, NO_DATABASE

from hub.bus import topology
from hub.bus.topology import Binding
from hub.settings import load_settings
from hub.store import Store


def _declare_intake_with_two_waiting(amqp_url: str) -> None:
    tiers = load_settings().bus.retry_tiers
    topology.declare(amqp_url, tiers, [("intake", [Binding(topology.INBOUND, "raw.#")])])
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        channel = connection.channel()
        for _ in range(2):
            channel.basic_publish(topology.INBOUND, "raw.file", b"UNA", pika.BasicProperties())
        channel.basic_publish(topology.DEAD, "intake", b"{}", pika.BasicProperties(message_id="x"))
    finally:
        connection.close()


def test_status_counts_queues_orders_archive_and_overdue_acks(
    store: Store, world, amqp_url: str, orderhub
) -> None:
    _declare_intake_with_two_waiting(amqp_url)
    result = orderhub(store.url, amqp_url, "status", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    depths = {q["queue"]: q["messages"] for q in data["broker"]["queues"]}
    assert depths["orderhub.intake"] == 2
    assert depths["orderhub.parking"] == 1 and data["broker"]["parked"] == 1
    assert depths["orderhub.retry.1s"] == 0
    assert depths["orderhub.router"] is None  # not declared: no router has started here
    assert data["database"] == {"reachable": True, "error": None}
    assert data["orders_per_state"] == {"dispatched": 2}
    # The ORDERS in and out are from March 2025; only the failure is in the last 24 h.
    assert data["archive_last_24h"] == {"failed": 1}
    [overdue] = data["overdue_acks"]
    assert (overdue["partner"], overdue["interchange_control"]) == ("northwind", "17")

    text = orderhub(store.url, amqp_url, "status")
    assert text.exit_code == 0
    assert "orderhub.intake" in text.stdout and "2 ready" in text.stdout
    assert "parking lot: 1" in text.stdout
    assert "overdue acknowledgements: 1" in text.stdout


def test_an_unreachable_broker_fails_and_says_so(store: Store, world, orderhub) -> None:
    result = orderhub(store.url, NO_BROKER, "status")
    assert result.exit_code == 1
    assert "broker: UNREACHABLE" in result.stdout
    assert "orders: dispatched 2" in result.stdout  # the database part still reports
    assert result.stderr.strip() == "orderhub: broker unreachable"


def test_an_unreachable_database_fails_and_says_so(amqp_url: str, orderhub) -> None:
    result = orderhub(NO_DATABASE, amqp_url, "status", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["broker"]["reachable"] is True
    assert data["database"]["reachable"] is False and data["database"]["error"]
    assert result.stderr.strip() == "orderhub: database unreachable"
    both = orderhub(NO_DATABASE, NO_BROKER, "status")
    assert both.stderr.strip() == "orderhub: broker and database unreachable"
    assert "Traceback" not in both.output
