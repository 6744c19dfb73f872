"""The closing sweep on both databases: delivered orders close once, after their grace."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from prometheus_client import CollectorRegistry

from canonical import Item, Order, OrderLine
from canonical import lifecycle as lc
from consumers import orderbook
from consumers.closing import OrderCloser
from hub.store import Store
from hub.store.orders import events_list

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _delivered(store: Store, po: str) -> str:
    order = Order(po_number=po, lines=[OrderLine(line_number="1", item=Item(gtin="1"),
                                                quantity=Decimal(2))])  # fmt: skip
    progress = lc.start(order, f"O-{po}", acknowledged=True)
    line = progress.lines[0].model_copy(update={"status": "delivered", "delivered": True})
    with store.session() as session:
        orderbook.create(session, order, progress, customer="acme", cause="test", detail={})
        view = orderbook.load(session, progress.order_id)
        assert view is not None
        orderbook.save(session, view, progress.model_copy(update={"lines": [line]}),
                       kind="received_goods", cause="test")  # fmt: skip
    return progress.order_id


def test_orders_close_after_the_grace_period_once(store: Store) -> None:
    delivered = _delivered(store, "PO-1")
    now = [datetime.now(UTC)]
    closer = OrderCloser(store, CollectorRegistry(), close_after=3600, clock=lambda: now[0])
    assert closer.sweep() == 0  # delivered just now: still in its grace period
    now[0] += timedelta(hours=2)
    assert closer.sweep() == 1
    assert closer.sweep() == 0  # closed once, not again
    with store.session() as session:
        view = orderbook.load(session, delivered)
        assert view is not None and view.record.state == "closed"
        kinds = [(e.kind, e.state_from, e.state_to) for e in events_list(session, delivered)]
    assert kinds[-1] == ("closed", "delivered", "closed")


def test_only_delivered_orders_close(store: Store) -> None:
    order = Order(po_number="PO-2", lines=[OrderLine(line_number="1", item=Item(gtin="1"),
                                                    quantity=Decimal(2))])  # fmt: skip
    with store.session() as session:
        orderbook.create(session, order, lc.start(order, "O-PO-2", acknowledged=True),
                         customer="acme", cause="test", detail={})  # fmt: skip
    later = datetime.now(UTC) + timedelta(days=30)
    assert OrderCloser(store, CollectorRegistry(), close_after=60, clock=lambda: later).sweep() == 0
