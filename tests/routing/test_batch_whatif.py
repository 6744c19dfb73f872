"""Batch planning consolidates and shares capacity; what-if compares two networks."""

from __future__ import annotations

from routing_world import TODAY, lane, network, node, order, rules, stock, where

from routing.explain import format_plan, format_what_if
from routing.planner import batch_shipments, plan_batch, plan_order, plan_sequence
from routing.whatif import compare


def test_batch_gives_no_more_shipments_than_order_by_order() -> None:
    net = network(
        [
            node("n1", items=["A", "B"], per_shipment=30),
            node("n2", items=["A", "B"], per_shipment=30),
        ]
    )
    inv = stock(n1={"A": 10, "B": 10}, n2={"A": 10, "B": 10})
    orders = [
        order(("A", 2), po="P1"),
        order(("B", 2), po="P2"),
        order(("A", 1), po="P3", street="Elm 9"),
    ]
    single = [plan_order(o, net, inv, rules(), customer="c", today=TODAY) for o in orders]
    batch = plan_batch(orders, net, inv, rules(), customers=["c"] * 3, today=TODAY)
    assert sum(p.shipments for p in single) == 3
    assert batch_shipments(batch) == 2  # P1 and P2 go to the same address together
    assert [p.order_id for p in batch] == ["ord-P1", "ord-P2", "ord-P3"]
    assert all(p.filled(p.explanations[0].line_number) > 0 for p in batch)
    # the shared shipment is said in each plan and in the work the node gets
    p1, p2, p3 = batch
    (shared,) = where(p1, "1")
    assert p1.ship_with == {shared: ["P2"]} and p2.ship_with == {shared: ["P1"]}
    assert not p3.ship_with
    assert f"leaves {shared} in one shipment with PO P2 (same address)" in format_plan(p1)
    (work,) = p2.work_items()
    assert work.notes == ["Ship together with customer order P1 (same address): one shipment"]


def test_batch_shares_stock_and_capacity() -> None:
    net = network([node("n1", items=["A"], lines=1), node("n2", items=["A"], per_unit=5.0)])
    inv = stock(n1={"A": 3}, n2={"A": 10})
    orders = [order(("A", 2), po="P1", street="x"), order(("A", 2), po="P2", street="y")]
    batch = plan_batch(orders, net, inv, rules(), customers=["c", "c"], today=TODAY)
    at_n1 = sum(where(p, "1").get("n1", 0) for p in batch)
    assert at_n1 <= 2  # one order line a day at n1
    assert all(sum(where(p, "1").values()) == 2 for p in batch)


def test_what_if_a_closer_node() -> None:
    far = network(
        [node("far", items=["A"], country="US")], [lane("US", "DE", shipment=90, unit=2, days=8)]
    )
    near = network(
        [node("far", items=["A"], country="US"), node("near", items=["A"])],
        [lane("US", "DE", shipment=90, unit=2, days=8), lane("DE")],
    )
    inv = stock(far={"A": 100}, near={"A": 100})
    orders = [order(("A", 5), po=f"P{i}") for i in range(3)]
    result = compare(orders, far, near, inv, rules(), customers=["c"] * 3, today=TODAY)
    diff = result.difference()
    assert result.a.shipments == 3 and result.b.shipments == 3
    assert diff["cost"] < 0 and result.b.cost < result.a.cost
    assert set(result.to_dict()) == {"a", "b", "difference", "changed_orders"}
    # every order moves to the near node, and arrives sooner
    assert [c.po_number for c in result.changes] == ["P0", "P1", "P2"]
    assert all(c.nodes == (("far",), ("near",)) for c in result.changes)
    assert all(c.promised[1] < c.promised[0] for c in result.changes)  # type: ignore[operator]
    text = format_what_if(result, "far.yaml", "near.yaml")
    assert "Orders planned differently (3):" in text and "nodes far -> near" in text
    same = compare(orders, far, far, inv, rules(), customers=["c"] * 3, today=TODAY)
    assert not same.changes and "planned the same way" in format_what_if(same, "a", "b")


def test_batch_shares_shipment_costs_and_costs_no_more_than_in_turn() -> None:
    net = network(
        [
            node("n1", items=["A", "B"], per_shipment=30),
            node("n2", items=["A", "B"], per_shipment=30),
        ]
    )
    inv = stock(n1={"A": 10, "B": 10}, n2={"A": 10, "B": 10})
    orders = [order(("A", 2), po="P1"), order(("B", 2), po="P2")]
    in_turn = plan_sequence(orders, net, inv, rules(), customers=["c", "c"], today=TODAY)
    batch = plan_batch(orders, net, inv, rules(), customers=["c", "c"], today=TODAY)
    # one shipment (handling 30 + lane 20) split between the two orders by units
    assert [p.costs.handling for p in batch] == [15.0 + 2, 15.0 + 2]
    assert sum(p.costs.total for p in batch) < sum(p.costs.total for p in in_turn)
