"""The dashboard page: queues, parking lot with replay buttons, failures, search; escaping."""

from __future__ import annotations

import json
import re

import pika
import pytest
from conftest import opsworld

from hub.bus import topology
from hub.bus.topology import Binding
from hub.settings import load_settings
from hub.store import Store

EVIL_PO = '<script>alert("po")</script>'


@pytest.fixture
def parked(amqp_url: str) -> str:
    """The intake service declared, and one of its messages parked."""
    tiers = load_settings().bus.retry_tiers
    topology.declare(amqp_url, tiers, [("intake", [Binding(topology.INBOUND, "raw.#")])])
    headers = {
        "x-error": "segment 4 BGM <b>02</b>: missing [edifact 13]",
        "x-error-class": "DocumentError",
        "x-attempts": 1,
        "x-original-exchange": topology.INBOUND,
        "x-original-routing-key": "raw.file",
        "x-service": "intake",
    }
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    try:
        connection.channel().basic_publish(
            topology.DEAD,
            "intake",
            opsworld.BROKEN_EDI.read_bytes(),
            pika.BasicProperties(message_id="in-broken/1", headers=headers),
        )
    finally:
        connection.close()
    return amqp_url


def _parked_ids(web) -> list[str]:
    return [p["id"] for p in web.get("/api/parking").json()]


def test_the_page_shows_queues_parking_failures_and_overdue_acks(
    store: Store, parked: str, client
) -> None:
    ids = opsworld.build(store)
    page = client(store.url, parked).get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "<td>orderhub.intake</td><td>0</td>" in html
    assert "<h2>Parking lot (1)</h2>" in html
    assert '<form method="post" action="/parking/in-broken%2F1/replay">' in html
    assert "segment 4 BGM &lt;b&gt;02&lt;/b&gt;: missing [edifact 13]" in html
    assert f'href="/api/archive/{ids["failed"]}/raw"' in html  # recent failures link the bytes
    assert "<h2>Overdue acknowledgements (1)</h2>" in html
    assert "<td>dispatched</td><td>2</td>" in html


def test_search_shows_the_trace(store: Store, client) -> None:
    ids = opsworld.build(store)
    html = client(store.url).get("/", params={"q": opsworld.PO}).text
    assert "Order O-ACME-1 · PO PO-ACME-10417" in html and "Order O-GLOBEX-1" in html
    assert "acknowledged → dispatched" in html and ids["out"] in html
    assert "broker unreachable" in html  # no broker here: the page still works and says so
    by_control = client(store.url).get("/", params={"q": opsworld.FAILED_ICN}).text
    assert "No order; archived messages" in by_control and ids["failed"] in by_control


def test_every_value_is_escaped(store: Store, client) -> None:
    opsworld.add_order(store, "O-EVIL-1", "acme", po=EVIL_PO)
    html = client(store.url).get("/", params={"q": EVIL_PO}).text
    assert "<script>" not in html
    assert "PO &lt;script&gt;alert(&quot;po&quot;)&lt;/script&gt;" in html
    assert 'value="&lt;script&gt;alert(&quot;po&quot;)&lt;/script&gt;"' in html  # search box
    assert re.search(r"<script", html, re.IGNORECASE) is None


def test_the_replay_button_replays_and_comes_back_to_the_page(
    store: Store, parked: str, client
) -> None:
    web = client(store.url, parked)
    assert _parked_ids(web) == ["in-broken/1"]
    refused = web.post("/parking/in-broken%2F1/replay", headers={"origin": "http://evil.example"})
    assert refused.status_code == 403 and _parked_ids(web) == ["in-broken/1"]
    response = web.post("/parking/in-broken%2F1/replay", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/?note=replayed%20in-broken%2F1"
    assert _parked_ids(web) == []
    assert "replayed in-broken/1" in web.get(response.headers["location"]).text
    connection = pika.BlockingConnection(pika.URLParameters(parked))
    try:
        method, properties, body = connection.channel().basic_get("orderhub.intake", auto_ack=True)
    finally:
        connection.close()
    assert properties.message_id == "in-broken/1" and body == opsworld.BROKEN_EDI.read_bytes()
    again = web.post("/parking/in-broken%2F1/replay", follow_redirects=False)
    assert again.headers["location"].startswith("/?error=no%20parked%20message")


def test_parking_api_lists_and_replays(store: Store, parked: str, client) -> None:
    web = client(store.url, parked)
    [entry] = web.get("/api/parking").json()
    assert entry["service"] == "intake" and entry["error_class"] == "DocumentError"
    assert web.get("/api/parking", params={"service": "router"}).json() == []
    assert web.post("/api/parking/nope/replay").status_code == 404
    replayed = web.post("/api/parking/in-broken%2F1/replay")
    assert replayed.status_code == 200 and replayed.json() == {"replayed": ["in-broken/1"]}
    assert web.get("/api/parking").json() == []


def test_parking_api_without_a_broker_is_503(store: Store, client) -> None:
    response = client(store.url).get("/api/parking")
    assert response.status_code == 503
    assert json.loads(response.text)["error"].startswith("broker unreachable")
