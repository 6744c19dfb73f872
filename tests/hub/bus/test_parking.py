"""The parking lot library on messages the broker itself dead-lettered."""

from __future__ import annotations

import pika
import pytest
from bus_echo import SETTINGS, Collector, send

from canonical.errors import PermanentError
from hub.bus import parking
from hub.bus.topology import service_queue


def test_a_poison_message_over_the_delivery_limit_is_listed_and_replayable(
    amqp_url: str, collector: Collector
) -> None:
    send(amqp_url, [b"poison"])
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        channel = connection.channel()
        # A consumer that dies before acking, again and again: the broker gives up.
        for _ in range(SETTINGS.delivery_limit + 1):
            method, _p, _b = channel.basic_get(service_queue("echo"))
            if method is None:
                break
            channel.basic_nack(method.delivery_tag, requeue=True)
    finally:
        connection.close()
    [parked] = parking.list_parked(amqp_url)
    assert parked.id == "in-poison" and parked.service == "echo"
    assert parked.error_class == "delivery_limit"
    assert "delivery_limit" in parked.error
    assert (parked.original_exchange, parked.original_routing_key) == (
        "orderhub.inbound",
        "test.echo",
    )

    assert parking.replay(amqp_url, service="other") == []
    assert parking.replay(amqp_url, service="echo") == ["in-poison"]
    assert parking.list_parked(amqp_url) == []
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        method, properties, body = connection.channel().basic_get(
            service_queue("echo"), auto_ack=True
        )
    finally:
        connection.close()
    assert body == b"poison" and properties.message_id == "in-poison"
    assert "x-death" not in (properties.headers or {})


def test_listing_keeps_order_and_count(amqp_url: str, collector: Collector) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        channel = connection.channel()
        for i in range(25):
            channel.basic_publish(
                "orderhub.dead",
                "echo",
                b"%d" % i,
                pika.BasicProperties(
                    message_id=f"p{i}", headers={"x-service": "echo", "x-error": "e"}
                ),
            )
    finally:
        connection.close()
    first = [p.id for p in parking.list_parked(amqp_url, limit=10)]
    assert first == [f"p{i}" for i in range(10)]
    assert [p.id for p in parking.list_parked(amqp_url, limit=100)] == [f"p{i}" for i in range(25)]
    assert parking.purge(amqp_url, ["p3", "p4"]) == ["p3", "p4"]
    assert len(parking.list_parked(amqp_url)) == 23


def test_no_parking_lot_is_a_clear_error(amqp_url: str) -> None:
    with pytest.raises(PermanentError, match="orderhub.parking.*does not exist"):
        parking.list_parked(amqp_url)
