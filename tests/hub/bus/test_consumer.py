"""The consumer base end to end: real broker, real SQLite and PostgreSQL.

Exactly-once tests run on both databases; retry and parking behaviour does not depend on
the database and runs on SQLite only, to keep the suite quick.
"""

from __future__ import annotations

import pika
from bus_echo import OUT_KEY, Collector, Echo, send

from hub.bus import parking
from hub.bus.ids import derive_id
from hub.bus.topology import EVENTS, service_queue


def test_each_message_yields_exactly_one_derived_message(
    amqp_url: str, collector: Collector, start_runner
) -> None:
    echo = Echo()
    runner = start_runner(echo)
    bodies = [b"%d" % i for i in range(40)]
    send(amqp_url, bodies)
    assert sorted(collector.drain(40)) == sorted(bodies)
    properties = collector.got[0][0]
    cause = properties.headers["cause"]
    assert properties.message_id == derive_id(cause, EVENTS, OUT_KEY, 0)
    assert properties.delivery_mode == 2
    assert runner.metrics.value("orderhub_messages_handled_total", {"service": "echo"}) == 40


def test_a_redelivery_storm_makes_one_output_each(
    amqp_url: str, collector: Collector, start_runner
) -> None:
    bodies = [b"%d" % i for i in range(20)]
    # Every message published 10 times with the same id ...
    for _ in range(10):
        send(amqp_url, bodies)
    # ... and each copy delivered and requeued three times before the service sees it.
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    for _ in range(3):
        tags = []
        while True:
            method, _properties, _body = channel.basic_get(service_queue("echo"))
            if method is None:
                break
            tags.append(method.delivery_tag)
        assert len(tags) == 200
        channel.basic_nack(tags[-1], multiple=True, requeue=True)
    connection.close()

    echo = Echo()
    runner = start_runner(echo)
    assert sorted(collector.drain(20, grace=1.0)) == sorted(bodies)
    assert len(echo.calls) == 20
    assert runner.metrics.value("orderhub_messages_duplicate_total", {"service": "echo"}) == 180


def test_a_transient_failure_is_retried_with_growing_delays(
    amqp_url: str, collector: Collector, runners, sqlite_store
) -> None:
    echo = Echo()
    echo.plan[b"flaky"] = ["transient", "transient", "transient"]
    runner = runners(echo, sqlite_store)
    send(amqp_url, [b"flaky"])
    assert collector.drain(1, timeout=8) == [b"flaky"]
    attempts = [(a, t) for b, a, t in echo.calls if b == b"flaky"]
    assert [a for a, _t in attempts] == [1, 2, 3, 4]
    gaps = [
        later - earlier for (_a, earlier), (_b, later) in zip(attempts, attempts[1:], strict=False)
    ]
    assert 0.2 <= gaps[0] < 0.5, gaps  # tier 200ms
    assert 0.5 <= gaps[1] < 1.0, gaps  # tier 500ms
    assert 0.5 <= gaps[2] < 1.0, gaps  # the last tier repeats
    assert (
        runner.metrics.value(
            "orderhub_messages_retried_total", {"service": "echo", "tier": "200ms"}
        )
        == 1
    )
    assert (
        runner.metrics.value(
            "orderhub_messages_retried_total", {"service": "echo", "tier": "500ms"}
        )
        == 2
    )
    assert parking.list_parked(amqp_url) == []


def test_a_permanent_failure_is_parked_then_replayed_once_fixed(
    amqp_url: str, collector: Collector, runners, sqlite_store
) -> None:
    echo = Echo()
    echo.plan[b"broken"] = ["permanent"]
    echo.plan[b"buggy"] = ["bug"]
    echo.plan[b"hopeless"] = ["transient"] * 10
    runner = runners(echo, sqlite_store)
    send(amqp_url, [b"broken", b"buggy", b"hopeless", b"fine"])
    assert collector.drain(1, timeout=5, grace=2.0) == [b"fine"]

    parked = {p.id: p for p in parking.list_parked(amqp_url)}
    assert set(parked) == {"in-broken", "in-buggy", "in-hopeless"}
    broken = parked["in-broken"]
    assert broken.error == "cannot read broken second line"
    assert (broken.error_class, broken.attempts, broken.service) == ("PermanentError", 1, "echo")
    assert (broken.original_exchange, broken.original_routing_key) == (
        "orderhub.inbound",
        "test.echo",
    )
    assert parked["in-buggy"].error_class == "ValueError"
    assert parked["in-hopeless"].attempts == 4  # max_attempts, after the delay tiers
    assert parked["in-hopeless"].error_class == "TransientError"
    assert echo.handled(b"broken") == 1
    assert runner.metrics.value("orderhub_messages_parked_total", {"service": "echo"}) == 3

    # Listing did not consume anything; show finds one with its body.
    assert len(parking.list_parked(amqp_url)) == 3
    assert parking.show(amqp_url, "in-broken").body == b"broken"

    # The cause is fixed: replay brings them back once each, the parking lot empties.
    echo.plan.clear()
    assert sorted(parking.replay(amqp_url, ["in-broken", "in-buggy"])) == ["in-broken", "in-buggy"]
    assert sorted(collector.drain(3, timeout=5)) == [b"broken", b"buggy", b"fine"]
    assert [p.id for p in parking.list_parked(amqp_url)] == ["in-hopeless"]
    assert [a for b, a, _t in echo.calls if b == b"broken"] == [1, 1]  # attempts start afresh

    assert parking.purge(amqp_url) == ["in-hopeless"]
    assert parking.list_parked(amqp_url) == []
