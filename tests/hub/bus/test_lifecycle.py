"""Stopping on SIGTERM finishes the message in hand; metrics are served over HTTP."""

from __future__ import annotations

import os
import signal
import threading
import time
import urllib.request

import pika
from bus_echo import SETTINGS, Collector, Echo, send

from hub.bus.consumer import Runner, run_until_signalled
from hub.bus.topology import service_queue
from hub.metrics import Metrics, start_metrics_server
from hub.store import Store


def _ready_and_unacked(url: str) -> int:
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        return (
            connection.channel()
            .queue_declare(service_queue("echo"), passive=True)
            .method.message_count
        )
    finally:
        connection.close()


def test_sigterm_finishes_the_message_in_hand_then_closes(
    amqp_url: str, collector: Collector, sqlite_store: Store
) -> None:
    echo = Echo(delay=1.0)
    metrics = Metrics()
    runner = Runner(
        echo, sqlite_store, amqp_url, SETTINGS.model_copy(update={"workers": 1}), metrics=metrics
    )
    send(amqp_url, [b"slow", b"next"])

    def terminate_once_busy() -> None:
        deadline = time.monotonic() + 10
        while not echo.calls and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGTERM)

    killer = threading.Thread(target=terminate_once_busy)
    killer.start()
    run_until_signalled([runner])  # returns once stopped
    killer.join()
    # The message in hand was finished, published and acked; the next one was left queued.
    assert [b for b, _a, _t in echo.calls] == [b"slow"]
    assert collector.drain(1, grace=0.3) == [b"slow"]
    assert _ready_and_unacked(amqp_url) == 1
    assert metrics.value("orderhub_messages_handled_total", {"service": "echo"}) == 1


def test_metrics_are_served_and_queue_depth_is_sampled(
    amqp_url: str, collector: Collector, sqlite_store: Store
) -> None:
    metrics = Metrics()
    send(amqp_url, [b"%d" % i for i in range(30)])
    runner = Runner(Echo(), sqlite_store, amqp_url, SETTINGS, metrics=metrics, depth_interval=0.1)
    server = start_metrics_server(0, metrics, addr="127.0.0.1")
    try:
        runner.start()
        assert len(collector.drain(30)) == 30
        time.sleep(0.3)  # one more depth sample after the queue emptied
        port = server.server_address[1]
        text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    finally:
        runner.stop()
        server.shutdown()
    assert 'orderhub_messages_handled_total{service="echo"} 30.0' in text
    assert 'orderhub_queue_depth{queue="orderhub.echo"} 0.0' in text
    assert 'orderhub_messages_confirmed_total{connection="orderhub-echo"} 30.0' in text
    assert 'orderhub_handler_seconds_count{service="echo"} 30.0' in text
