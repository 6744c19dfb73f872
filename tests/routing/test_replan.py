"""Replanning: move only what must move; the revision goes up."""

from __future__ import annotations

from decimal import Decimal

from routing_world import TODAY, candidate, kit, network, node, order, rules, stock, where

from canonical import OrderLine
from routing.planner import plan_order
from routing.replan import InventoryChanged, LinesRejected, NodeDown, OrderChanged, replan

# n1 is cheapest for both lines; n2 has both too and a big shipment cost makes
# consolidating there tempting once line 2 must leave n1.
NET = network(
    [
        node("n1", items=["A", "B"], per_unit=0.5, per_shipment=40),
        node("n2", items=["A", "B"], per_unit=1.0, per_shipment=40),
        node("n3", items=["A"], per_unit=0.8, per_shipment=40),
    ]
)
INV = stock(n1={"A": 10, "B": 10}, n2={"A": 10, "B": 10}, n3={"A": 10})
ORDER = order(("A", 4), ("B", 4))


def first():
    plan = plan_order(ORDER, NET, INV, rules(), customer="c", today=TODAY)
    assert where(plan, "1") == {"n1": 4} and where(plan, "2") == {"n1": 4}
    return plan


def test_rejection_moves_only_the_rejected_line() -> None:
    new = replan(first(), LinesRejected("n1", ("2",)), ORDER, NET, INV, rules(), today=TODAY)
    assert new.revision == 2
    assert where(new, "1") == {"n1": 4}  # kept, although n2 alone would save a shipment
    assert where(new, "2") == {"n2": 4}
    assert candidate(new, "2", "n1").reason == "rejected this line earlier"
    assert "lines changed: 2" in new.notes[0]
    assert new.work_items()[0].id.endswith("-r2")


def test_without_stability_cost_the_optimiser_would_consolidate() -> None:
    loose = rules(stability_cost_per_unit=0.0)
    new = replan(first(), LinesRejected("n1", ("2",)), ORDER, NET, INV, loose, today=TODAY)
    assert where(new, "1") == {"n2": 4} and where(new, "2") == {"n2": 4}


def test_rejections_accumulate_over_revisions() -> None:
    second = replan(first(), LinesRejected("n1", ("2",)), ORDER, NET, INV, rules(), today=TODAY)
    third = replan(second, LinesRejected("n2", ("2",)), ORDER, NET, INV, rules(), today=TODAY)
    assert third.revision == 3 and where(third, "2") == {} and third.unfilled[0].line_number == "2"
    assert where(third, "1") == {"n1": 4}


def test_node_down_moves_everything_off_it() -> None:
    new = replan(first(), NodeDown("n1"), ORDER, NET, INV, rules(), today=TODAY)
    assert "n1" not in where(new, "1") and "n1" not in where(new, "2")
    assert candidate(new, "1", "n1").reason == "node down"


def test_inventory_change_keeps_what_still_fits() -> None:
    less = stock(n1={"A": 10, "B": 1}, n2={"A": 10, "B": 10}, n3={"A": 10})
    new = replan(first(), InventoryChanged(), ORDER, NET, less, rules(), today=TODAY)
    assert where(new, "1") == {"n1": 4}
    assert sum(where(new, "2").values()) == 4 and where(new, "2").get("n1", 0) <= 1


def test_customer_cancels_a_line_and_changes_a_quantity() -> None:
    changed = ORDER.model_copy(
        update={
            "purpose": "change",
            "lines": [
                OrderLine(
                    line_number="1", item=ORDER.lines[0].item, quantity=Decimal(6), action="change"
                ),
                OrderLine(
                    line_number="2", item=ORDER.lines[1].item, quantity=Decimal(4), action="delete"
                ),
            ],
        }
    )
    new = replan(first(), OrderChanged(), changed, NET, INV, rules(), today=TODAY)
    assert where(new, "1") == {"n1": 6} and where(new, "2") == {}
    assert not new.unfilled and [e.line_number for e in new.explanations] == ["1"]


def test_release_previous_gives_back_its_reservations() -> None:
    plan = first()
    reserved = stock(n1={"A": 6, "B": 6}, n2={"A": 10, "B": 10}, n3={"A": 10})  # INV minus plan
    new = replan(
        plan, InventoryChanged(), ORDER, NET, reserved, rules(), today=TODAY, release_previous=True
    )
    assert where(new, "1") == {"n1": 4} and where(new, "2") == {"n1": 4}


def test_release_previous_gives_back_the_capacity_it_booked_too() -> None:
    """n1 takes two lines a day and the first plan booked both: given back, they stay there."""
    net = network(
        [
            node("n1", items=["A", "B"], per_unit=0.5, per_shipment=40, lines=2),
            node("n2", items=["A", "B"], per_unit=1.0, per_shipment=40),
        ]
    )
    inv = stock(n1={"A": 10, "B": 10}, n2={"A": 10, "B": 10})
    plan = plan_order(ORDER, net, inv, rules(), customer="c", today=TODAY)
    assert where(plan, "1") == {"n1": 4} and where(plan, "2") == {"n1": 4}
    new = replan(
        plan,
        InventoryChanged(),
        ORDER,
        net,
        inv.after(plan),
        rules(),
        today=TODAY,
        release_previous=True,
    )
    assert where(new, "1") == {"n1": 4} and where(new, "2") == {"n1": 4}
    assert [a.ship_date for a in new.assignments] == [a.ship_date for a in plan.assignments]


def test_a_part_source_that_refused_a_kit_line_is_not_asked_again() -> None:
    """The cheaper source sends the parts; it rejects its supply work for line 1: the re-plan
    takes the parts from the other source, never from it again."""
    net = network(
        [
            node("asm", items=[], kind="assembler"),
            node("cheap", items=["A", "B"], per_unit=0.5),
            node("dear", items=["A", "B"], per_unit=2.0),
        ],
        skus=("A", "B", "K"),
        kits=[kit()],
    )
    inv = stock(cheap={"A": 10, "B": 10}, dear={"A": 10, "B": 10})
    kits = order(("K", 2))
    plan = plan_order(kits, net, inv, rules(), customer="c", today=TODAY)
    assert {a.node for a in plan.assignments if a.kind == "supply"} == {"cheap"}
    new = replan(plan, LinesRejected("cheap", ("1",)), kits, net, inv, rules(), today=TODAY)
    assert {a.node for a in new.assignments if a.kind == "supply"} == {"dear"}
    assert where(new, "1") == {"asm": 2}
