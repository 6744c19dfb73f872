"""`orderhub node down|up|list`: a node out of routing, and the tracker told to move its work."""

from __future__ import annotations

import json
from pathlib import Path

import pika
from conftest import NO_BROKER

from hub.store import Store
from hub.store.nodes import down_set

INITECH = Path(__file__).parents[3] / "samples/x12/850_5010_initech.x12"


def _tracker_queue_event(amqp_url: str) -> dict | None:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        _method, _props, body = connection.channel().basic_get("orderhub.tracker", auto_ack=True)
        return None if body is None else json.loads(body)
    finally:
        connection.close()


def test_down_list_and_up(store: Store, amqp_url: str, orderhub) -> None:
    result = orderhub(store.url, amqp_url, "node", "down", "swift3pl", "--reason", "flood")
    assert result.exit_code == 0, result.output
    assert "swift3pl is down" in result.output
    with store.session() as session:
        assert down_set(session) == {"swift3pl"}
    # the tracker's queue holds the event that moves the node's work
    assert _tracker_queue_event(amqp_url) == {"node": "swift3pl", "reason": "flood"}
    listed = orderhub(store.url, amqp_url, "node", "list")
    assert "swift3pl" in listed.output and "flood" in listed.output
    status = orderhub(store.url, amqp_url, "status")  # the on-call engineer sees it there too
    assert "nodes out of routing: 1" in status.stdout and "swift3pl since" in status.stdout
    # `orderhub plan` shows what routing would do now: without the node
    planned = orderhub(store.url, amqp_url, "plan", "--json", str(INITECH))
    assert planned.exit_code == 0, planned.output
    nodes = {a["node"] for p in json.loads(planned.stdout) for a in p["assignments"]}
    assert nodes and "swift3pl" not in nodes
    assert orderhub(store.url, amqp_url, "node", "up", "swift3pl").exit_code == 0
    with store.session() as session:
        assert down_set(session) == frozenset()
    assert "every node is in routing" in orderhub(store.url, amqp_url, "node", "list").output


def test_an_unknown_node_or_no_broker_is_one_line(store: Store, amqp_url: str, orderhub) -> None:
    result = orderhub(store.url, amqp_url, "node", "down", "atlantis")
    assert result.exit_code != 0 and "no node 'atlantis'" in result.output
    result = orderhub(store.url, NO_BROKER, "node", "down", "nordic")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "nordic is down for new plans, but its work could not be moved" in result.output
    with store.session() as session:  # new plans avoid it all the same
        assert down_set(session) == {"nordic"}
