"""Planning in the hub: capacity that live work books in the store is what a plan sees."""

from datetime import UTC, date, datetime
from decimal import Decimal

from canonical import Address, Item, Order, OrderLine, Party
from canonical import lifecycle as lc
from consumers import orderbook
from consumers.planning import inventory_from_store
from hub.store import Store
from hub.store.inventory import position_set
from hub.store.work import work_put
from routing.network import Network
from routing.planner import plan_order
from routing.rules import Rules

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # a Friday
MONDAY = date(2026, 11, 30)


def _network() -> Network:
    def node(node_id: str, per_unit: float) -> dict:
        return {"id": node_id, "name": node_id, "kind": "3pl", "items": ["A"],
                "location": {"lat": 50.0, "lon": 10.0, "country": "DE"},
                "capacity": {"lines": 2, "units": 100},
                "handling": {"per_shipment": 10.0, "per_unit": per_unit}, "cutoff": "23:59"}  # fmt: skip

    lane = {"origin": "DE", "destination": "DE", "cost_per_shipment": 20.0, "transit_days": 1}
    return Network.model_validate(
        {
            "nodes": [node("near", 0.1), node("far", 5.0)],
            "transport": {"lanes": [lane]},
            "catalog": {"items": [{"sku": "A"}]},
        }  # fmt: skip
    )


def _order(po: str) -> Order:
    return Order(
        id=f"O-{po}", po_number=po,
        ship_to=Party(name="Customer", address=Address(city="Town", country="DE")),
        lines=[OrderLine(line_number="1", item=Item(supplier_part="A"), quantity=Decimal(3))],
    )  # fmt: skip


def test_a_node_booked_full_today_takes_the_next_order_on_its_next_working_day(
    store: Store,
) -> None:
    net = _network()
    with store.session() as session:
        for node in ("near", "far"):
            position_set(session, node, "A", Decimal(100), as_of=NOW)
        first = _order("PO-1")
        orderbook.create(session, first, lc.start(first, "O-PO-1", acknowledged=True), customer="acme",
                         cause="test", detail={})  # fmt: skip
        inventory = inventory_from_store(session, net, now=NOW, order=first)
        plan = plan_order(
            first, net, inventory, Rules(), customer="acme", today=NOW.date(), now=NOW
        )
        (work,) = plan.work_items()
        assert (work.node, work.ship_date) == ("near", NOW.date())
        # the near node's two lines a day: this order takes one, another order's work the other
        for wid in ("W-1", "W-2"):
            work_put(session, id=wid, order_id="O-PO-1", node="near", kind="ship", revision=1,
                     document={}, ship_date=NOW.date(), line_count=1, unit_count=Decimal(3))  # fmt: skip
    with store.session() as session:
        second = _order("PO-2")
        inventory = inventory_from_store(session, net, now=NOW, order=second)
        assert inventory.lines_used == {("near", NOW.date()): 2}
    plan = plan_order(second, net, inventory, Rules(), customer="acme", today=NOW.date(), now=NOW)
    (work,) = plan.work_items()
    assert (work.node, work.ship_date) == ("near", MONDAY)  # not the dear node today
    assert work.lines[0].promised_date == date(2026, 12, 1)
