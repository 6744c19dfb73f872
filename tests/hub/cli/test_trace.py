"""`orderhub trace`: orders by PO or id, their timeline and messages; the archive fallback."""

from __future__ import annotations

import json

from conftest import NO_BROKER, NO_DATABASE
from opsworld import BROKEN_EDI, FAILED_ICN, ORDERS_EDI, PO

from hub.store import Store


def test_a_shared_po_number_shows_each_customers_order(store: Store, world, orderhub) -> None:
    result = orderhub(store.url, NO_BROKER, "trace", PO)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Order O-ACME-1  PO PO-ACME-10417  customer acme  state dispatched  version 1" in out
    assert "Order O-GLOBEX-1  PO PO-ACME-10417  customer globex" in out
    # Lines with their progress: node, status, confirmed, promised date.
    assert "04012345000016" in out and "northwind-hamburg" in out and "2025-03-21" in out
    assert "acknowledged -> dispatched" in out
    # The ACME order shows both of its messages, the GLOBEX order neither of them.
    acme, globex = out.split("Order O-GLOBEX-1")
    assert world["in"] in acme and world["out"] in acme
    assert world["in"] not in globex and world["out"] not in globex
    assert "ACME000417/-/1" in acme


def test_json_is_one_object_with_orders_events_and_messages(store: Store, world, orderhub) -> None:
    result = orderhub(store.url, NO_BROKER, "trace", "O-ACME-1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    [entry] = data["orders"]
    assert entry["order"]["po_number"] == PO and entry["order"]["id"] == "O-ACME-1"
    assert [line["status"] for line in entry["progress"]["lines"]] == [
        "confirmed",
        "dispatched",
        "dispatched",
    ]
    assert [e["sequence"] for e in entry["events"]] == [1, 2, 3]
    assert entry["events"][2]["state_to"] == "dispatched"
    assert [m["id"] for m in entry["messages"]] == [world["in"], world["out"]]
    assert entry["messages"][1]["direction"] == "out"
    assert data["messages"] == []


def test_a_document_that_never_became_an_order_is_found_by_control_number(
    store: Store, world, orderhub
) -> None:
    result = orderhub(store.url, NO_BROKER, "trace", "wayne000099")
    assert result.exit_code == 0, result.output
    assert "No order matches 'wayne000099'" in result.stdout
    assert world["failed"] in result.stdout
    assert "error: segment 4 BGM 02: document number missing [edifact 13]" in result.stdout
    data = json.loads(orderhub(store.url, NO_BROKER, "trace", FAILED_ICN, "--json").stdout)
    assert data["orders"] == []
    assert [(m["id"], m["status"]) for m in data["messages"]] == [(world["failed"], "failed")]


def test_raw_prints_the_archived_bytes_unchanged(store: Store, world, orderhub) -> None:
    result = orderhub(store.url, NO_BROKER, "trace", "--raw", world["in"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == ORDERS_EDI.read_bytes()
    failed = orderhub(store.url, NO_BROKER, "trace", "--raw", world["failed"])
    assert failed.stdout_bytes == BROKEN_EDI.read_bytes()


def test_nothing_found_is_one_line_and_exit_1(store: Store, world, orderhub) -> None:
    result = orderhub(store.url, NO_BROKER, "trace", "PO-NOBODY")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: nothing matches 'PO-NOBODY': no order, no archived message"
    ]
    raw = orderhub(store.url, NO_BROKER, "trace", "--raw", "in-nope")
    assert raw.exit_code == 1 and "no archived message 'in-nope'" in raw.stderr


def test_an_unreachable_database_is_named_not_a_traceback(orderhub) -> None:
    result = orderhub(NO_DATABASE, NO_BROKER, "trace", PO)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: database unreachable:")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
