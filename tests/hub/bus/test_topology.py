"""Topology against the real broker: idempotent, quorum queues, tiers routed back."""

from __future__ import annotations

import json
import subprocess

import pika
import pytest

from canonical.errors import PermanentError, TransientError
from hub.bus import topology
from hub.bus.topology import Binding


def _queues(url: str) -> dict[str, dict]:
    vhost = url.rsplit("/", 1)[1]
    out = subprocess.run(
        [
            "rabbitmqctl",
            "-q",
            "list_queues",
            "-p",
            vhost,
            "name",
            "type",
            "arguments",
            "durable",
            "--formatter",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    return {row["name"]: row for row in json.loads(out)}


def _arguments(row: dict) -> dict:
    args = row["arguments"]  # [[name, type, value], ...] in rabbitmqctl's JSON
    return dict(args) if isinstance(args, dict) else {a[0]: a[-1] for a in args}


def test_declaring_twice_is_idempotent_and_service_queues_are_quorum(amqp_url: str) -> None:
    services = [("router", [Binding(topology.EVENTS, "order.received")])]
    topology.declare(amqp_url, (1, 5, 30), services, delivery_limit=7)
    topology.declare(amqp_url, (1, 5, 30), services, delivery_limit=7)
    queues = _queues(amqp_url)
    router = queues["orderhub.router"]
    assert router["type"] == "quorum" and router["durable"]
    args = _arguments(router)
    assert args["x-delivery-limit"] == 7
    assert args["x-dead-letter-exchange"] == topology.DEAD
    assert {
        "orderhub.parking",
        "orderhub.retry.1s",
        "orderhub.retry.5s",
        "orderhub.retry.30s",
    } <= set(queues)
    assert _arguments(queues["orderhub.retry.5s"])["x-message-ttl"] == 5000
    assert (
        _arguments(queues["orderhub.retry.5s"])["x-dead-letter-exchange"] == topology.RETRY_RETURN
    )


def test_a_changed_delivery_limit_is_refused_with_a_reason(amqp_url: str) -> None:
    topology.declare(amqp_url, (1,), [("router", [])], delivery_limit=7)
    with pytest.raises(PermanentError, match="orderhub.router.*PRECONDITION_FAILED"):
        topology.declare(amqp_url, (1,), [("router", [])], delivery_limit=8)


def test_a_delay_tier_returns_the_message_to_the_one_service_that_failed_it(amqp_url: str) -> None:
    binding = Binding(topology.EVENTS, "order.received")
    topology.declare(amqp_url, (0.1, 0.3), [("router", [binding]), ("tracker", [binding])])
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        channel = connection.channel()
        channel.basic_publish(
            topology.RETRY,
            topology.retry_routing_key(0.1, "tracker"),
            b"again",
            pika.BasicProperties(message_id="m1"),
        )
        assert channel.basic_get("orderhub.tracker", auto_ack=True)[0] is None  # still waiting
        connection.sleep(0.6)
        method, properties, body = channel.basic_get("orderhub.tracker", auto_ack=True)
        assert body == b"again" and properties.message_id == "m1"
        assert channel.basic_get("orderhub.router", auto_ack=True)[0] is None
    finally:
        connection.close()


def test_tier_names_and_service_names() -> None:
    assert [topology.tier_name(s) for s in (0.2, 1, 5, 30, 120, 600, 3600)] == [
        "200ms",
        "1s",
        "5s",
        "30s",
        "2m",
        "10m",
        "1h",
    ]
    assert topology.retry_routing_key(0.5, "router") == "500ms.router"
    with pytest.raises(PermanentError, match="service name"):
        topology.service_queue("Bad.Name")


def test_an_unreachable_broker_is_a_transient_error_without_the_password() -> None:
    with pytest.raises(TransientError, match="cannot reach RabbitMQ at 127.0.0.1:1") as caught:
        topology.declare("amqp://guest:secret@127.0.0.1:1/", (1,))
    assert "secret" not in str(caught.value)
