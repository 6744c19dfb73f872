"""The router plans orders that wait for it together (batch mode) and says so to the node."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from adapters import registry
from canonical import Order
from canonical import lifecycle as lc
from consumers import orderbook
from consumers.messages import ORDER_ID, body_of
from consumers.router import Router
from hub.bus.consumer import Transaction
from hub.bus.incoming import Incoming
from hub.netconfig import load_network, load_rules
from hub.partners import load_partners
from hub.store import Store
from hub.store.inventory import position_set

REPO = Path(__file__).parents[2]
CONFIG = REPO / "config"
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
# one X12 interchange, two POs for the same Initech dock: both ship from the 3PL
INITECH = REPO / "samples/x12/850_5010_initech.x12"


def _router(together: int) -> Router:
    network = load_network(CONFIG)
    return Router(load_partners(CONFIG / "partners"), network, load_rules(CONFIG, network),
                  clock=lambda: NOW, together=together)  # fmt: skip


def _received(store: Store) -> list[Incoming]:
    read = registry.read(INITECH.read_bytes()).documents
    orders = [d.model_copy(update={"id": f"O-{d.po_number}"}) for d in read if isinstance(d, Order)]
    messages = []
    with store.session() as session:
        for node, sku in (("swift3pl", "NW-DR-18V"), ("swift3pl", "NW-GL-L")):
            position_set(session, node, sku, Decimal(500), as_of=NOW)
        for order in orders:
            orderbook.create(session, order, lc.start(order, order.id, acknowledged=True),
                             customer="initech", cause="test", detail={})  # fmt: skip
            messages.append(Incoming(f"m-{order.po_number}", "orderhub.events", "order.received",
                                     body_of(order), {ORDER_ID: order.id}))  # fmt: skip
    return messages


def _route(store: Store, router: Router, messages: list[Incoming]) -> list[dict]:
    """One batch, as the consumer base runs it: prepare, then each message in one session."""
    work = []
    with store.session() as session:
        router.prepare(session, messages)
        for message in messages:
            tx = Transaction(session, message.message_id)
            router.handle(message, tx)
            work += [json.loads(m.body) for m in tx.messages if m.exchange == "orderhub.work"]
    return work


@pytest.mark.parametrize("together", [10, 1])
def test_orders_that_arrive_together_are_planned_together(store: Store, together: int) -> None:
    work = _route(store, _router(together), _received(store))
    at_3pl = [w for w in work if w["node"] == "swift3pl" and w["kind"] == "ship"]
    assert sorted(w["po_number"] for w in at_3pl) == ["INI-PO-778120", "INI-PO-778121"]
    notes = {w["po_number"]: w["notes"] for w in at_3pl}
    if together > 1:  # each node order names the other customer order it ships with
        assert notes == {
            "INI-PO-778120": ["Ship together with customer order INI-PO-778121 (same address): "
                              "one shipment"],
            "INI-PO-778121": ["Ship together with customer order INI-PO-778120 (same address): "
                              "one shipment"],
        }  # fmt: skip
    else:
        assert notes == {"INI-PO-778120": [], "INI-PO-778121": []}
    with store.session() as session:
        for po in ("INI-PO-778120", "INI-PO-778121"):
            view = orderbook.load(
                session, next(w["order_id"] for w in at_3pl if w["po_number"] == po)
            )
            assert view is not None and view.progress.revision == 1
            shared = view.extra["plan"]["ship_with"]
            assert bool(shared) == (together > 1)
