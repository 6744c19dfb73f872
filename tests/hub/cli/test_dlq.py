"""`orderhub dlq`: list, show, replay and purge on a real broker's parking lot."""

from __future__ import annotations

import json

import pika
import pytest
from conftest import NO_BROKER
from opsworld import ORDERS_EDI

from canonical.errors import DocumentError, PermanentError
from hub.bus import failures, topology
from hub.bus.incoming import Incoming
from hub.bus.message import properties_for
from hub.bus.topology import Binding
from hub.settings import load_settings

EVENT = {"type": "order_event", "order_id": "O-ACME-1", "kind": "received"}


def _park(amqp_url: str) -> None:
    """Two messages parked the way the consumer base parks them."""
    topology.declare(
        amqp_url,
        load_settings().bus.retry_tiers,
        [
            ("intake", [Binding(topology.INBOUND, "raw.#")]),
            ("router", [Binding(topology.EVENTS, "order.#")]),
        ],
    )
    edi = Incoming(
        "in-acme-10417", topology.INBOUND, "raw.file", ORDERS_EDI.read_bytes(), {}, "text/plain"
    )
    event = Incoming(
        "evt-O-ACME-1-1", topology.EVENTS, "order.received", json.dumps(EVENT).encode(), {}
    )
    parked = [
        failures.park_message(edi, "intake", DocumentError("BGM missing", document="x.edi")),
        failures.park_message(event, "router", PermanentError("no node carries item 4012345")),
    ]
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        channel = connection.channel()
        for message in parked:
            channel.basic_publish(
                message.exchange, message.routing_key, message.body, properties_for(message)
            )
    finally:
        connection.close()


def _take(amqp_url: str, queue: str) -> tuple[object, bytes] | None:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        method, properties, body = connection.channel().basic_get(queue, auto_ack=True)
    finally:
        connection.close()
    return None if method is None else (properties, body)


@pytest.fixture
def parked(amqp_url: str) -> str:
    _park(amqp_url)
    return amqp_url


def test_list_shows_why_each_message_is_parked(parked: str, orderhub, tmp_path) -> None:
    db = f"sqlite:///{tmp_path}/o.db"
    result = orderhub(db, parked, "dlq", "list")
    assert result.exit_code == 0, result.output
    assert "in-acme-10417  intake" in result.stdout
    assert "DocumentError: x.edi: document: BGM missing" in result.stdout
    assert "orderhub.events order.received" in result.stdout
    assert result.stdout.rstrip().endswith("2 parked")
    only = json.loads(orderhub(db, parked, "dlq", "list", "--service", "router", "--json").stdout)
    assert [(p["id"], p["error_class"], p["attempts"]) for p in only] == [
        ("evt-O-ACME-1-1", "PermanentError", 1)
    ]


def test_show_gives_headers_and_a_readable_body(parked: str, orderhub, tmp_path) -> None:
    db = f"sqlite:///{tmp_path}/o.db"
    edi = orderhub(db, parked, "dlq", "show", "in-acme-10417")
    assert edi.exit_code == 0, edi.output
    for line in (
        "  x-error: x.edi: document: BGM missing",
        "  x-error-class: DocumentError",
        "  x-attempts: 1",
        "  x-original-exchange: orderhub.inbound",
        "  x-original-routing-key: raw.file",
        "  x-service: intake",
    ):
        assert line in edi.stdout.splitlines()
    assert "BGM+220+PO-ACME-10417+9'" in edi.stdout  # the EDI as it is, to copy and fix
    assert "Köln" in edi.stdout and "text/latin-1" in edi.stdout  # UNOC is Latin-1
    event = orderhub(db, parked, "dlq", "show", "evt-O-ACME-1-1")
    assert json.dumps(EVENT, indent=2) in event.stdout  # JSON pretty-printed
    as_json = json.loads(orderhub(db, parked, "dlq", "show", "evt-O-ACME-1-1", "--json").stdout)
    assert as_json["headers"]["x-service"] == "router" and as_json["body_kind"] == "json"
    missing = orderhub(db, parked, "dlq", "show", "nope")
    assert missing.exit_code == 1 and "no parked message 'nope'" in missing.stderr


def test_replay_sends_it_back_where_it_came_from(parked: str, orderhub, tmp_path) -> None:
    db = f"sqlite:///{tmp_path}/o.db"
    result = orderhub(db, parked, "dlq", "replay", "in-acme-10417")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["replayed in-acme-10417", "1 replayed"]
    properties, body = _take(parked, "orderhub.intake")
    assert body == ORDERS_EDI.read_bytes() and properties.message_id == "in-acme-10417"
    assert "x-error" not in (properties.headers or {})
    left = json.loads(orderhub(db, parked, "dlq", "list", "--json").stdout)
    assert [p["id"] for p in left] == ["evt-O-ACME-1-1"]


def test_replay_all_of_one_service_and_unknown_ids(parked: str, orderhub, tmp_path) -> None:
    db = f"sqlite:///{tmp_path}/o.db"
    unknown = orderhub(db, parked, "dlq", "replay", "nope")
    assert unknown.exit_code == 1 and "not in the parking lot: nope" in unknown.stderr
    neither = orderhub(db, parked, "dlq", "replay")
    assert neither.exit_code == 2 and "give message ids or --all" in neither.stderr
    result = orderhub(db, parked, "dlq", "replay", "--all", "--service", "router")
    assert result.exit_code == 0, result.output
    assert _take(parked, "orderhub.router")[1] == json.dumps(EVENT).encode()
    assert _take(parked, "orderhub.intake") is None
    left = json.loads(orderhub(db, parked, "dlq", "list", "--json").stdout)
    assert [p["id"] for p in left] == ["in-acme-10417"]


def test_purge_asks_first_then_deletes(parked: str, orderhub, tmp_path) -> None:
    db = f"sqlite:///{tmp_path}/o.db"
    declined = orderhub(db, parked, "dlq", "purge", "--all", input="n\n")
    assert declined.exit_code == 1
    assert len(json.loads(orderhub(db, parked, "dlq", "list", "--json").stdout)) == 2
    result = orderhub(db, parked, "dlq", "purge", "evt-O-ACME-1-1", "--yes")
    assert result.exit_code == 0, result.output
    assert "purged evt-O-ACME-1-1" in result.stdout
    assert orderhub(db, parked, "dlq", "purge", "--all", "--yes").exit_code == 0
    assert orderhub(db, parked, "dlq", "list").stdout.strip() == "the parking lot is empty"
    assert _take(parked, "orderhub.router") is None  # purged, not replayed


def test_an_unreachable_broker_is_one_line(orderhub, tmp_path) -> None:
    result = orderhub(f"sqlite:///{tmp_path}/o.db", NO_BROKER, "dlq", "list")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: broker unreachable")
    assert len(result.stderr.strip().splitlines()) == 1
