"""The HTTP API: orders as `trace --json`, archive metadata and bytes, health, metrics."""

from __future__ import annotations

from conftest import opsworld

from hub.metrics import Metrics
from hub.store import Store

NO_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:1/orderhub?connect_timeout=3"


def test_orders_by_po_is_the_same_json_as_trace(store: Store, client, orderhub_trace_json) -> None:
    opsworld.build(store)
    web = client(store.url)
    response = web.get("/api/orders", params={"q": opsworld.PO})
    assert response.status_code == 200
    assert response.json() == orderhub_trace_json(store.url, opsworld.PO)
    assert [o["customer"] for o in response.json()["orders"]] == ["acme", "globex"]


def test_one_order_by_id_and_unknown_ids(store: Store, client) -> None:
    ids = opsworld.build(store)
    web = client(store.url)
    found = web.get("/api/orders/O-ACME-1").json()
    [entry] = found["orders"]
    assert entry["id"] == "O-ACME-1" and [m["id"] for m in entry["messages"]] == [
        ids["in"],
        ids["out"],
    ]
    assert web.get("/api/orders/O-NOPE").status_code == 404
    assert web.get("/api/orders").status_code == 400


def test_archive_metadata_and_raw_bytes(store: Store, client) -> None:
    ids = opsworld.build(store)
    web = client(store.url)
    meta = web.get(f"/api/archive/{ids['failed']}").json()
    assert meta["status"] == "failed" and meta["interchange_control"] == opsworld.FAILED_ICN
    assert "content" not in meta
    raw = web.get(f"/api/archive/{ids['in']}/raw")
    assert raw.status_code == 200 and raw.content == opsworld.ORDERS_EDI.read_bytes()
    assert raw.headers["content-type"] == "application/octet-stream"
    assert "attachment" in raw.headers["content-disposition"]
    assert web.get("/api/archive/in-nope").status_code == 404
    assert web.get("/api/archive/in-nope/raw").status_code == 404


def test_metrics_exposes_the_hubs_registry(store: Store, client) -> None:
    metrics = Metrics()
    metrics.handled.labels(service="intake").inc(3)
    metrics.parked.labels(service="router").inc()
    response = client(store.url, metrics=metrics).get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert 'orderhub_messages_handled_total{service="intake"} 3.0' in response.text
    assert 'orderhub_messages_parked_total{service="router"} 1.0' in response.text


def test_healthz_says_which_part_is_down(store: Store, client) -> None:
    assert client(store.url).get("/healthz").json() == {"status": "ok"}
    down = client(NO_DATABASE).get("/healthz")
    assert down.status_code == 503 and down.json()["status"] == "unavailable"
    orders = client(NO_DATABASE).get("/api/orders", params={"q": "x"})
    assert orders.status_code == 503 and orders.json()["error"].startswith("database unreachable")
