"""Delivered and closed: the customer's receipt advice ends the shipping."""

from decimal import Decimal

import pytest

from canonical import Item, ReceiptAdvice, ReceivedLine
from canonical import lifecycle as lc
from tests.canonical.test_lifecycle import _dispatched_two_nodes, _notice


def _receipt(number: str, **lines: tuple[int, int] | int) -> ReceiptAdvice:
    received = []
    for n, qty in lines.items():
        good, bad = qty if isinstance(qty, tuple) else (qty, 0)
        received.append(
            ReceivedLine(
                line_number=n, item=Item(), quantity=Decimal(good), rejected_quantity=Decimal(bad)
            )  # fmt: skip
        )
    return ReceiptAdvice(receipt_number=number, po_number="PO-1", lines=received)


def _shipped() -> lc.OrderProgress:
    p = _dispatched_two_nodes()
    p = lc.shipped(p, "W-1", _notice("S-1", **{"1": 10}))
    return lc.shipped(p, "W-2", _notice("S-2", **{"2": 5}))


def test_receipts_of_every_line_deliver_the_order_and_then_it_closes() -> None:
    p = _shipped()
    p, issues = lc.received(p, _receipt("R-1", **{"1": 10}))
    assert issues == [] and p.state == "shipped" and p.line("1").status == "delivered"
    p, issues = lc.received(p, _receipt("R-2", **{"2": 5}))
    assert issues == [] and p.state == "delivered"
    assert lc.close(p).state == "closed"


def test_the_same_receipt_twice_counts_once() -> None:
    once, _ = lc.received(_shipped(), _receipt("R-1", **{"1": 10}))
    assert lc.received(once, _receipt("R-1", **{"1": 10})) == (once, [])


def test_short_and_refused_quantities_deliver_but_are_discrepancies() -> None:
    p, issues = lc.received(_shipped(), _receipt("R-1", **{"1": (8, 2), "2": 4}))
    assert p.state == "delivered"
    assert [(d.line_number, d.kind) for d in issues] == [("1", "refused"), ("2", "short")]
    assert p.line("1").received == 8 and p.line("1").refused == 2


def test_an_advice_without_lines_receives_all_that_shipped() -> None:
    p, issues = lc.received(_shipped(), ReceiptAdvice(receipt_number="R-9", po_number="PO-1"))
    assert issues == [] and p.state == "delivered" and p.line("2").received == 5


def test_a_receipt_before_the_ship_notice_waits() -> None:
    with pytest.raises(lc.TooEarly):
        lc.received(_dispatched_two_nodes(), _receipt("R-1", **{"1": 10}))


def test_a_receipt_of_a_part_shipment_counts_but_does_not_deliver() -> None:
    p = lc.shipped(_dispatched_two_nodes(), "W-1", _notice("S-1", **{"1": 4}))
    p, issues = lc.received(p, _receipt("R-1", **{"1": 4}))
    assert p.line("1").status == "partially_shipped" and issues == []


def test_unknown_lines_and_early_close_are_refused() -> None:
    with pytest.raises(lc.NotApplicable, match="unknown line"):
        lc.received(_shipped(), _receipt("R-1", **{"7": 1}))
    with pytest.raises(lc.NotApplicable, match="not delivered"):
        lc.close(_shipped())


def test_delivered_lines_can_no_longer_change() -> None:
    from canonical import Order, OrderLine

    p, _ = lc.received(_shipped(), _receipt("R-1", **{"1": 10, "2": 5}))
    change = Order(po_number="PO-1", purpose="change",
                   lines=[OrderLine(line_number="1", item=Item(), quantity=Decimal(3))])  # fmt: skip
    with pytest.raises(lc.NotApplicable):
        lc.changed(p, change)
