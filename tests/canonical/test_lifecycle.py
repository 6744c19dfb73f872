from datetime import date
from decimal import Decimal

import pytest

from canonical import (
    Item,
    Order,
    OrderLine,
    OrderResponse,
    Package,
    ResponseLine,
    ShipNotice,
    ShippedLine,
)
from canonical import lifecycle as lc


def _order(*quantities: int) -> Order:
    lines = [
        OrderLine(line_number=str(i + 1), item=Item(gtin=f"0401234500001{i}"), quantity=Decimal(q))
        for i, q in enumerate(quantities)
    ]
    return Order(po_number="PO-1", lines=lines)


def _notice(shipment: str, **quantities: int) -> ShipNotice:
    lines = [
        ShippedLine(line_number=n, item=Item(), quantity=Decimal(q)) for n, q in quantities.items()
    ]
    return ShipNotice(shipment_id=shipment, po_number="PO-1", packages=[Package(lines=lines)])


def _portion(node: str, work: str, qty: int, promised: date | None = None) -> lc.Portion:
    return lc.Portion(node=node, work_id=work, quantity=Decimal(qty), promised_date=promised)


def _dispatched_two_nodes() -> lc.OrderProgress:
    p = lc.start(_order(10, 5), "O-1", acknowledged=True)
    p = lc.planned(
        p,
        {
            "1": [_portion("boltfast", "W-1", 10, date(2026, 11, 9))],
            "2": [_portion("nordic", "W-2", 5)],
        },
        set(),
        revision=1,
    )
    assert p.state == "planned"
    p = lc.dispatched(lc.dispatched(p, "W-1"), "W-2")
    assert p.state == "dispatched"
    return p


def test_happy_path_received_to_shipped() -> None:
    p = lc.start(_order(10, 5), "O-1", acknowledged=False)
    assert p.state == "received"
    p = _dispatched_two_nodes()
    p, rejected = lc.responded(p, "W-1", "boltfast", OrderResponse(po_number="PO-1"))
    assert rejected == [] and p.state == "dispatched"
    p, _ = lc.responded(p, "W-2", "nordic", OrderResponse(po_number="PO-1"))
    assert p.state == "confirmed"
    p = lc.shipped(p, "W-1", _notice("S-1", **{"1": 4}))
    assert p.state == "partially_shipped" and p.line("1").shipped == 4
    p = lc.shipped(p, "W-1", _notice("S-2", **{"1": 6}))
    p = lc.shipped(p, "W-2", _notice("S-3", **{"2": 5}))
    assert p.state == "shipped"


def test_the_same_ship_notice_twice_counts_once() -> None:
    p = _dispatched_two_nodes()
    once = lc.shipped(p, "W-1", _notice("S-1", **{"1": 4}))
    assert lc.shipped(once, "W-1", _notice("S-1", **{"1": 4})) == once


def test_line_rejection_is_reported_for_replanning() -> None:
    p = _dispatched_two_nodes()
    answer = OrderResponse(
        po_number="PO-1",
        status="accepted_with_changes",
        lines=[ResponseLine(line_number="2", item=Item(), status="rejected", quantity=Decimal(0))],
    )
    p, rejected = lc.responded(p, "W-2", "nordic", answer)
    assert rejected == ["2"]
    assert p.line("2").rejected_by == ["nordic"]
    p = lc.planned(p, {"2": [_portion("swift3pl", "W-3", 5)]}, set(), revision=2)
    assert p.line("2").status == "planned" and p.revision == 2
    assert p.line("2").nodes == ["swift3pl"]


def test_documents_that_come_too_early_wait() -> None:
    p = lc.start(_order(10), "O-1", acknowledged=True)
    p = lc.planned(p, {"1": [_portion("boltfast", "W-1", 10)]}, set(), revision=1)
    with pytest.raises(lc.TooEarly):
        lc.shipped(p, "W-1", _notice("S-1", **{"1": 10}))
    with pytest.raises(lc.TooEarly):
        lc.responded(p, "W-1", "boltfast", OrderResponse(po_number="PO-1"))
    assert lc.TooEarly("x").transient


def test_cancel_before_shipping_and_refused_after() -> None:
    p = _dispatched_two_nodes()
    cancelled, touched = lc.changed(p, Order(po_number="PO-1", purpose="cancel"))
    assert cancelled.state == "cancelled" and touched == ["1", "2"]
    shipped = lc.shipped(p, "W-1", _notice("S-1", **{"1": 10}))
    with pytest.raises(lc.NotApplicable):
        lc.changed(shipped, Order(po_number="PO-1", purpose="cancel"))


def test_change_quantity_reopens_the_line_only() -> None:
    p = _dispatched_two_nodes()
    change = Order(
        po_number="PO-1",
        purpose="change",
        lines=[OrderLine(line_number="2", item=Item(), quantity=Decimal(8))],
    )
    p, touched = lc.changed(p, change)
    assert touched == ["2"]
    assert p.line("2").status == "open" and p.line("2").ordered == 8
    assert p.line("1").status == "dispatched"


def test_unfillable_lines_backorder() -> None:
    p = lc.start(_order(10), "O-1", acknowledged=True)
    p = lc.planned(p, {}, {"1"}, revision=1)
    assert p.state == "backordered"


def test_a_line_split_over_two_nodes_ships_when_both_have_shipped() -> None:
    p = lc.start(_order(10), "O-1", acknowledged=True)
    p = lc.planned(
        p,
        {"1": [_portion("boltfast", "W-1", 6), _portion("swift3pl", "W-2", 4)]},
        set(),
        revision=1,
    )
    p = lc.dispatched(lc.dispatched(p, "W-1"), "W-2")
    p = lc.shipped(p, "W-1", _notice("S-1", **{"1": 6}))
    assert p.line("1").status == "partially_shipped" and p.line("1").shipped == 6
    p = lc.shipped(p, "W-2", _notice("S-2", **{"1": 4}))
    assert p.state == "shipped"


def test_rejection_of_one_portion_keeps_the_other() -> None:
    p = lc.start(_order(10), "O-1", acknowledged=True)
    p = lc.planned(
        p,
        {"1": [_portion("boltfast", "W-1", 6), _portion("swift3pl", "W-2", 4)]},
        set(),
        revision=1,
    )
    p = lc.dispatched(lc.dispatched(p, "W-1"), "W-2")
    p, rejected = lc.responded(
        p, "W-2", "swift3pl", OrderResponse(po_number="W-2", status="rejected")
    )
    assert rejected == ["1"]
    assert p.line("1").nodes == ["boltfast"] and p.line("1").status == "dispatched"


def test_a_short_confirmation_leaves_a_shortfall_to_source_and_ships_on_what_was_confirmed() -> (
    None
):
    p = _dispatched_two_nodes()
    answer = OrderResponse(
        po_number="W-1",
        status="accepted_with_changes",
        lines=[ResponseLine(line_number="1", item=Item(), status="changed", quantity=Decimal(6))],
    )
    p, rejected = lc.responded(p, "W-1", "boltfast", answer)
    assert rejected == [] and lc.shortfalls(p, "W-1") == {"1": Decimal(4)}
    p = lc.planned(p, {"1": [_portion("swift3pl", "W-3", 4)]}, set(), revision=2)
    p = lc.dispatched(p, "W-3")
    p = lc.shipped(p, "W-1", _notice("S-1", **{"1": 6}))
    p = lc.shipped(p, "W-3", _notice("S-2", **{"1": 4}))
    assert p.line("1").status == "shipped" and p.line("1").shipped == 10


def test_a_ship_notice_before_a_short_confirmation_still_leaves_the_shortfall() -> None:
    p = _dispatched_two_nodes()
    p = lc.shipped(p, "W-1", _notice("S-1", **{"1": 6}))  # the node ships first ...
    answer = OrderResponse(
        po_number="W-1",
        status="accepted_with_changes",
        lines=[ResponseLine(line_number="1", item=Item(), status="changed", quantity=Decimal(6))],
    )
    p, _ = lc.responded(p, "W-1", "boltfast", answer)  # ... then says it confirms only 6
    assert p.line("1").portions[0].status == "shipped"
    assert lc.shortfalls(p, "W-1") == {"1": Decimal(4)}
    p = lc.planned(p, {"1": [_portion("swift3pl", "W-3", 4)]}, set(), revision=2)
    assert p.line("1").status == "partially_shipped" and p.state == "partially_shipped"


def test_a_node_that_goes_down_gives_back_what_it_has_not_begun_to_ship() -> None:
    p = lc.start(_order(10, 5), "O-1", acknowledged=True)
    p = lc.planned(
        p,
        {"1": [_portion("boltfast", "W-1", 6), _portion("swift3pl", "W-2", 4)],
         "2": [_portion("boltfast", "W-1", 5)]},
        set(),
        revision=1,
    )  # fmt: skip
    p = lc.dispatched(lc.dispatched(p, "W-1"), "W-2")
    short = OrderResponse(po_number="W-1", status="accepted_with_changes", lines=[
        ResponseLine(line_number="2", item=Item(), status="changed", quantity=Decimal(3))])  # fmt: skip
    p, _ = lc.responded(p, "W-1", "boltfast", short)
    p, again, works = lc.withdrawn(p, "boltfast")
    # line 1: its 6 at boltfast come back, the 4 at the 3PL stay; line 2: the 3 boltfast
    # confirmed (the other 2 were short, planned elsewhere already) and nothing else is live
    assert again == {"1": Decimal(6), "2": Decimal(3)}
    assert works == {"W-1": ["1", "2"]}
    assert p.line("1").nodes == ["swift3pl"] and p.line("1").status == "dispatched"
    assert p.line("2").nodes == [] and p.line("2").status == "open"
    # what has begun to ship stays: a second call finds nothing
    p = lc.shipped(p, "W-2", _notice("S-1", **{"1": 2}))
    p, again, works = lc.withdrawn(p, "swift3pl")
    assert again == {} and works == {}


def test_a_work_item_asked_for_fewer_units_keeps_the_rest() -> None:
    p = _dispatched_two_nodes()
    p = lc.reduced(p, "W-1", "1", Decimal(4))
    assert [(x.node, x.quantity, x.status) for x in p.line("1").portions] == [
        ("boltfast", 6, "dispatched")
    ]
    p = lc.reduced(p, "W-1", "1", Decimal(6))
    assert p.line("1").live() == [] and p.line("1").status == "open"
    assert p.line("2").status == "dispatched"  # another line is left alone
