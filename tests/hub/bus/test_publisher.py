"""Publisher confirms and mandatory against the real broker."""

from __future__ import annotations

import pika
import pytest

from canonical.errors import PermanentError, TransientError
from hub.bus import topology
from hub.bus.errors import PublishError, PublishFailed, Unroutable
from hub.bus.message import Message
from hub.bus.publisher import Publisher
from hub.bus.topology import Binding
from hub.metrics import Metrics


@pytest.fixture
def declared(amqp_url: str) -> str:
    topology.declare(amqp_url, (1,), [("sink", [Binding(topology.EVENTS, "order.#")])])
    return amqp_url


def test_unroutable_key_raises_a_permanent_publish_error(declared: str) -> None:
    with Publisher(declared) as publisher:
        with pytest.raises(
            Unroutable, match="'orderhub.events'.*'nobody.listens'.*NO_ROUTE"
        ) as caught:
            publisher.publish(topology.EVENTS, "nobody.listens", b"{}", message_id="x")
        assert isinstance(caught.value, PermanentError) and isinstance(caught.value, PublishError)
        # The publisher is still usable afterwards.
        publisher.publish(topology.EVENTS, "order.ok", b"{}", message_id="y")


def test_unknown_exchange_raises_and_the_channel_recovers(declared: str) -> None:
    with Publisher(declared) as publisher:
        with pytest.raises(Unroutable, match="404"):
            publisher.publish("no.such.exchange", "k", b"{}", message_id="x")
        publisher.publish(topology.EVENTS, "order.ok", b"{}", message_id="y")


def test_one_unroutable_message_in_a_batch_fails_the_batch(declared: str) -> None:
    batch = [Message(f"m{i}", topology.EVENTS, "order.x", b"{}") for i in range(50)]
    batch.insert(25, Message("lost", topology.EVENTS, "nowhere", b"{}"))
    with Publisher(declared) as publisher, pytest.raises(Unroutable, match="nowhere"):
        publisher.publish_many(batch)


def test_publish_many_confirms_and_sets_every_property(declared: str) -> None:
    metrics = Metrics()
    batch = [
        Message(f"m{i}", topology.EVENTS, "order.x", b'{"n": %d}' % i, {"h": i}, "application/json")
        for i in range(300)
    ]
    with Publisher(declared, "p", metrics=metrics) as publisher:
        publisher.publish_many(batch)
    assert metrics.value("orderhub_messages_confirmed_total", {"connection": "p"}) == 300
    connection = pika.BlockingConnection(pika.URLParameters(declared))
    try:
        channel = connection.channel()
        seen = []
        while True:
            method, properties, body = channel.basic_get("orderhub.sink", auto_ack=True)
            if method is None:
                break
            seen.append((properties, body))
    finally:
        connection.close()
    assert len(seen) == 300
    properties, body = seen[7]
    assert properties.message_id == "m7" and body == b'{"n": 7}'
    assert properties.delivery_mode == 2
    assert properties.content_type == "application/json"
    assert properties.headers["h"] == 7


def test_no_broker_is_a_transient_error() -> None:
    publisher = Publisher("amqp://guest:guest@127.0.0.1:1/", connect_timeout=1)
    with pytest.raises(PublishFailed) as caught:
        publisher.start()
    assert isinstance(caught.value, TransientError)
