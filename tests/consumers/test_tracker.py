"""The tracker re-plans what a partner turns down and gives back only that stock."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from adapters import registry
from canonical import (
    InventoryLine,
    InventoryReport,
    Item,
    Order,
    OrderResponse,
    ResponseLine,
    WorkItem,
)
from canonical import lifecycle as lc
from consumers import orderbook
from consumers.inventory import InventoryService
from consumers.messages import NODE_DOWN, ORDER_ID, PARTNER, STOCK_SHORT, body_of
from consumers.router import Router
from consumers.tracker import Tracker
from hub.bus.consumer import Transaction
from hub.bus.incoming import Incoming
from hub.netconfig import load_network, load_rules
from hub.partners import load_partners
from hub.store import Store
from hub.store.inventory import available, position_set
from hub.store.nodes import node_set
from hub.store.orders import events_list

REPO = Path(__file__).parents[2]
CONFIG = REPO / "config"
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
# PO INI-PO-778121: gloves (line 1) and washers (line 2), both in stock at the 3PL
INITECH = REPO / "samples/x12/850_5010_initech.x12"
STOCK = {("swift3pl", "NW-GL-L"): 500, ("swift3pl", "NW-WS-M8"): 500,
         ("boltfast", "NW-GL-L"): 500, ("boltfast", "NW-WS-M8"): 500}  # fmt: skip


def _services() -> tuple[Router, Tracker]:
    network = load_network(CONFIG)
    partners, rules = load_partners(CONFIG / "partners"), load_rules(CONFIG, network)
    return (Router(partners, network, rules, clock=lambda: NOW),
            Tracker(partners, network, rules, clock=lambda: NOW))  # fmt: skip


def _run(store: Store, service, message: Incoming) -> list[dict]:
    with store.session() as session:
        service.prepare(session, [message])
        tx = Transaction(session, message.message_id)
        service.handle(message, tx)
        return [json.loads(m.body) for m in tx.messages if m.exchange == "orderhub.work"]


def _planned(
    store: Store, router: Router, po: str = "INI-PO-778121", node: str = "swift3pl", stock=STOCK
) -> tuple[str, WorkItem]:
    """The order planned, its work at ``node`` dispatched; the order id and that work."""
    read = registry.read(INITECH.read_bytes()).documents
    order = next(d for d in read if isinstance(d, Order) and d.po_number == po)
    order = order.model_copy(update={"id": f"O-{po}"})
    with store.session() as session:
        for (where, sku), qty in stock.items():
            position_set(session, where, sku, Decimal(qty), as_of=NOW)
        orderbook.create(session, order, lc.start(order, order.id, acknowledged=True),
                         customer="initech", cause="test", detail={})  # fmt: skip
    received = Incoming("m-1", "orderhub.events", "order.received", body_of(order),
                        {ORDER_ID: order.id})  # fmt: skip
    work = [WorkItem.model_validate(w) for w in _run(store, router, received)]
    (there,) = [w for w in work if w.node == node and w.kind != "supply"]
    with store.session() as session:
        view = orderbook.load(session, order.id)
        assert view is not None
        orderbook.save(session, view, lc.dispatched(view.progress, there.id), kind="dispatched",
                       cause="test", detail={})  # fmt: skip
    return order.id, there


def _answer(store: Store, tracker: Tracker, work: WorkItem, lines: list[ResponseLine]) -> list:
    response = OrderResponse(po_number=work.id, status="accepted_with_changes", lines=lines)
    message = Incoming("m-2", "orderhub.events", "order.responded", body_of(response),
                       {PARTNER: work.node})  # fmt: skip
    return _run(store, tracker, message)


def _line(work: WorkItem, number: str, status: str, quantity: Decimal) -> ResponseLine:
    line = next(x for x in work.lines if x.line_number == number)
    return ResponseLine(line_number=number, item=line.item, status=status, quantity=quantity)


def test_a_rejected_line_gives_back_its_stock_only_and_the_record_stays_whole(
    store: Store,
) -> None:
    router, tracker = _services()
    order_id, work = _planned(store, router)
    gloves, washers = (next(x.quantity for x in work.lines if x.line_number == n) for n in "12")
    new = _answer(store, tracker, work, [_line(work, "1", "rejected", Decimal(0)),
                                         _line(work, "2", "accepted", washers)])  # fmt: skip
    assert [(w["node"], [x["line_number"] for x in w["lines"]]) for w in new] == [
        ("boltfast", ["1"])
    ]
    with store.session() as session:
        # the washers the 3PL still sends stay held there; the gloves are given back
        assert available(session, "swift3pl", "NW-WS-M8", now=NOW) == 500 - washers
        assert available(session, "swift3pl", "NW-GL-L", now=NOW) == 500
        assert available(session, "boltfast", "NW-GL-L", now=NOW) == 500 - gloves
        view = orderbook.load(session, order_id)
    assert view is not None
    plan = view.extra["plan"]
    where = sorted((a["line_number"], a["node"], a["quantity"]) for a in plan["assignments"])
    assert where == [("1", "boltfast", str(gloves)), ("2", "swift3pl", str(washers))]
    assert [e["line_number"] for e in plan["explanations"]] == ["1", "2"]
    assert plan["revision"] == 2 and plan["shipments"] == 2


def test_a_short_line_keeps_what_the_node_confirmed_and_sources_the_rest(store: Store) -> None:
    router, tracker = _services()
    order_id, work = _planned(store, router)
    gloves, washers = (next(x.quantity for x in work.lines if x.line_number == n) for n in "12")
    confirmed = gloves - 10
    new = _answer(store, tracker, work, [_line(work, "1", "changed", confirmed),
                                         _line(work, "2", "accepted", washers)])  # fmt: skip
    assert [(w["node"], [(x["line_number"], x["quantity"]) for x in w["lines"]]) for w in new] == [
        ("boltfast", [("1", "10")])
    ]
    with store.session() as session:
        assert available(session, "swift3pl", "NW-GL-L", now=NOW) == 500 - confirmed
        view = orderbook.load(session, order_id)
    assert view is not None
    where = sorted((a["line_number"], a["node"], a["quantity"])
                   for a in view.extra["plan"]["assignments"])  # fmt: skip
    assert where == [("1", "boltfast", "10"), ("1", "swift3pl", str(confirmed)),
                     ("2", "swift3pl", str(washers))]  # fmt: skip


def test_kits_the_assembler_turns_down_need_no_parts(store: Store) -> None:
    """PO INI-PO-778120 line 1: four workbench kits made at kitworks from parts of nordic
    and boltfast. Kitworks rejects them: the parts are called off and their stock given back."""
    parts = {("nordic", sku): 100 for sku in ("NW-TB-1200", "NW-TL-FRAME", "NW-LED-30")}
    stock = {**parts, ("boltfast", "NW-HB-M8X40"): 100, ("swift3pl", "NW-DR-18V"): 500}
    router, tracker = _services()
    _order_id, work = _planned(store, router, "INI-PO-778120", "kitworks", stock)
    assert [(x.line_number, x.quantity) for x in work.lines] == [("1", Decimal(4))]
    sent = _answer(store, tracker, work, [_line(work, "1", "rejected", Decimal(0))])
    called_off = sorted((w["node"], w["purpose"], x["item"]["supplier_part"], x["quantity"])
                        for w in sent if w["kind"] == "supply" for x in w["lines"])  # fmt: skip
    assert called_off == [
        ("boltfast", "cancel", "NW-HB-M8X40", "4"),
        ("nordic", "cancel", "NW-LED-30", "4"),
        ("nordic", "cancel", "NW-TB-1200", "4"),
        ("nordic", "cancel", "NW-TL-FRAME", "4"),
    ]
    with store.session() as session:
        for (node, sku), qty in stock.items():
            held = 12 if sku == "NW-DR-18V" else 0  # line 2's drills still go from the 3PL
            assert available(session, node, sku, now=NOW) == qty - held, (node, sku)


def test_a_changed_line_is_planned_again_alone_and_the_rest_stands(store: Store) -> None:
    router, tracker = _services()
    order_id, work = _planned(store, router)
    gloves = next(x.quantity for x in work.lines if x.line_number == "1")
    with store.session() as session:
        view = orderbook.load(session, order_id)
        assert view is not None
        order = view.order
    washers = next(x for x in order.lines if x.line_number == "2")
    change = order.model_copy(
        update={"purpose": "change", "lines": [washers.model_copy(update={"quantity": Decimal(5)})]}
    )
    message = Incoming("m-3", "orderhub.events", "order.changed", body_of(change),
                       {PARTNER: "initech"})  # fmt: skip
    sent = _run(store, tracker, message)
    assert sorted(
        (w["node"], w["purpose"], [x["line_number"] for x in w["lines"]]) for w in sent
    ) == [
        ("swift3pl", "cancel", ["2"]),
        ("swift3pl", "original", ["2"]),
    ]
    with store.session() as session:
        assert available(session, "swift3pl", "NW-GL-L", now=NOW) == 500 - gloves
        assert available(session, "swift3pl", "NW-WS-M8", now=NOW) == 500 - 5
        view = orderbook.load(session, order_id)
    assert view is not None
    where = sorted((a["line_number"], a["node"], a["quantity"])
                   for a in view.extra["plan"]["assignments"])  # fmt: skip
    assert where == [("1", "swift3pl", str(gloves)), ("2", "swift3pl", "5")]
    assert view.extra["plan"]["shipments"] == 1


def orderbook_events(store: Store, order_id: str) -> list[str]:
    with store.session() as session:
        return [e.kind for e in events_list(session, order_id)]


def _received_again(store: Store) -> Incoming:
    """INI-PO-778121 once more, under another PO: a new order to plan."""
    read = registry.read(INITECH.read_bytes()).documents
    order = next(d for d in read if isinstance(d, Order) and d.po_number == "INI-PO-778121")
    order = order.model_copy(update={"id": "O-again", "po_number": "INI-PO-AGAIN"})
    with store.session() as session:
        orderbook.create(session, order, lc.start(order, order.id, acknowledged=True),
                         customer="initech", cause="test", detail={})  # fmt: skip
    return Incoming("m-again", "orderhub.events", "order.received", body_of(order),
                    {ORDER_ID: order.id})  # fmt: skip


def _node_down(store: Store, tracker: Tracker, node: str) -> list[dict]:
    with store.session() as session:
        node_set(session, node, down=True, reason="flooded warehouse", now=NOW)
    message = Incoming("m-down", "orderhub.events", NODE_DOWN,
                       json.dumps({"node": node, "reason": "flooded warehouse"}).encode(), {})  # fmt: skip
    return _run(store, tracker, message)


def test_work_a_node_that_went_down_has_not_shipped_moves_elsewhere(store: Store) -> None:
    router, tracker = _services()
    order_id, work = _planned(store, router)
    sent = _node_down(store, tracker, "swift3pl")
    moved = sorted((w["node"], w["purpose"], sorted(x["line_number"] for x in w["lines"]))
                   for w in sent)  # fmt: skip
    assert moved == [("boltfast", "original", ["1", "2"]), ("swift3pl", "cancel", ["1", "2"])]
    with store.session() as session:
        for sku in ("NW-GL-L", "NW-WS-M8"):
            assert available(session, "swift3pl", sku, now=NOW) == 500
        view = orderbook.load(session, order_id)
    assert view is not None
    assert {p.node for line in view.progress.lines for p in line.live()} == {"boltfast"}
    assert {a["node"] for a in view.extra["plan"]["assignments"]} == {"boltfast"}
    assert [e for e in orderbook_events(store, order_id) if e == "node_down"]
    # while it is down, new orders are planned without it
    again = [WorkItem.model_validate(w) for w in _run(store, router, _received_again(store))]
    assert again and {w.node for w in again} == {"boltfast"}


def test_kits_whose_parts_a_downed_node_was_to_send_are_sourced_again(store: Store) -> None:
    parts = {("nordic", sku): 100 for sku in ("NW-TB-1200", "NW-TL-FRAME", "NW-LED-30")}
    stock = {**parts, ("boltfast", "NW-HB-M8X40"): 100, ("swift3pl", "NW-DR-18V"): 500}
    router, tracker = _services()
    _order_id, work = _planned(store, router, "INI-PO-778120", "kitworks", stock)
    with store.session() as session:  # a second source of bolts, for after boltfast is down
        position_set(session, "swift3pl", "NW-HB-M8X40", Decimal(100), as_of=NOW)
    sent = _node_down(store, tracker, "boltfast")
    moved = sorted((w["node"], w["kind"], w["purpose"],
                    sorted(x["item"]["supplier_part"] or "" for x in w["lines"])) for w in sent)  # fmt: skip
    assert ("boltfast", "supply", "cancel", ["NW-HB-M8X40"]) in moved
    assert ("kitworks", "assemble", "cancel", ["NW-KIT-WB"]) in moved
    assert ("kitworks", "assemble", "original", ["NW-KIT-WB"]) in moved
    assert ("swift3pl", "supply", "original", ["NW-HB-M8X40"]) in moved
    assert not any(node == "boltfast" and purpose == "original" for node, _, purpose, _ in moved)
    with store.session() as session:
        assert available(session, "boltfast", "NW-HB-M8X40", now=NOW) == 100
        assert available(session, "swift3pl", "NW-HB-M8X40", now=NOW) == 96


def _published(store: Store, service, message: Incoming) -> list:
    with store.session() as session:
        service.prepare(session, [message])
        tx = Transaction(session, message.message_id)
        service.handle(message, tx)
        return list(tx.messages)


def _report(store: Store, node: str, sku: str, on_hand: int) -> list:
    """A stock report from ``node``, handled by the inventory service; what it published."""
    report = InventoryReport(report_date=date(2026, 11, 26), lines=[
        InventoryLine(item=Item(supplier_part=sku), quantity_on_hand=Decimal(on_hand))])  # fmt: skip
    message = Incoming(f"m-inv-{on_hand}", "orderhub.events", "inventory.reported",
                       body_of(report), {PARTNER: node})  # fmt: skip
    return _published(store, InventoryService(load_partners(CONFIG / "partners"),
                                              load_network(CONFIG), clock=lambda: NOW), message)  # fmt: skip


def test_a_stock_report_short_of_what_orders_hold_moves_unconfirmed_work(store: Store) -> None:
    router, tracker = _services()
    order_id, work = _planned(store, router)
    gloves, washers = (next(x.quantity for x in work.lines if x.line_number == n) for n in "12")
    assert _report(store, "swift3pl", "NW-GL-L", 500) == []  # plenty: nothing to move
    (short,) = _report(store, "swift3pl", "NW-GL-L", int(gloves) - 5)
    assert short.routing_key == STOCK_SHORT
    assert json.loads(short.body) == {"node": "swift3pl", "item": "NW-GL-L", "units": "5"}
    message = Incoming("m-short", "orderhub.events", STOCK_SHORT, short.body, short.headers)
    sent = _run(store, tracker, message)
    # the 3PL is asked for 5 fewer gloves, which come from the supplier instead
    moved = sorted((w["node"], w["purpose"], [(x["line_number"], x["quantity"]) for x in w["lines"]])
                   for w in sent)  # fmt: skip
    assert moved == [("boltfast", "original", [("1", "5")]),
                     ("swift3pl", "change", [("1", str(gloves - 5))])]  # fmt: skip
    with store.session() as session:
        assert available(session, "swift3pl", "NW-GL-L", now=NOW) == 0  # 25 on hand, 25 held
        assert available(session, "swift3pl", "NW-WS-M8", now=NOW) == 500 - washers
        assert "stock_short" in [e.kind for e in events_list(session, order_id)]
        view = orderbook.load(session, order_id)
    assert view is not None
    glove_line = view.progress.line("1")
    assert sorted((p.node, p.quantity) for p in glove_line.live()) == [
        ("boltfast", 5), ("swift3pl", gloves - 5)]  # fmt: skip
    # a later report, shorter still: the 3PL is asked for fewer than it is asked for now
    (short,) = _report(store, "swift3pl", "NW-GL-L", int(gloves) - 8)
    message = Incoming("m-short-2", "orderhub.events", STOCK_SHORT, short.body, short.headers)
    sent = _run(store, tracker, message)
    assert sorted((w["node"], w["purpose"], [x["quantity"] for x in w["lines"]]) for w in sent) == [
        ("boltfast", "original", ["3"]), ("swift3pl", "change", [str(gloves - 8)])]  # fmt: skip
    with store.session() as session:
        assert available(session, "swift3pl", "NW-GL-L", now=NOW) == 0


def test_work_the_node_confirmed_is_its_promise_and_stays(store: Store) -> None:
    router, tracker = _services()
    _order_id, work = _planned(store, router)
    gloves, washers = (next(x.quantity for x in work.lines if x.line_number == n) for n in "12")
    _answer(store, tracker, work, [_line(work, "1", "accepted", gloves),
                                   _line(work, "2", "accepted", washers)])  # fmt: skip
    (short,) = _report(store, "swift3pl", "NW-GL-L", 0)
    message = Incoming("m-short", "orderhub.events", STOCK_SHORT, short.body, short.headers)
    assert _run(store, tracker, message) == []
