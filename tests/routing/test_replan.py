"""Replanning: move only what must move; the revision goes up."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from routing_world import TODAY, candidate, kit, network, node, order, rules, stock, where
from test_properties import check
from test_prune import _same_optimum, crowded_worlds, kit_worlds

from canonical import OrderLine
from routing.candidates import build
from routing.planner import plan_order
from routing.problem import OrderInput
from routing.replan import (
    InventoryChanged,
    LinesRejected,
    NodeDown,
    OrderChanged,
    merge,
    previous_units,
    replan,
)

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


def test_what_stands_and_a_replan_of_the_rest_make_one_plan_costed_as_one() -> None:
    """The hub re-plans only what a partner turned down; the order's record stays whole."""
    previous = first()
    line_2 = ORDER.model_copy(update={"lines": [ORDER.lines[1]]})
    rejected = LinesRejected("n1", ("2",))
    revised = replan(previous, rejected, line_2, NET, INV.after(previous), rules(), today=TODAY)
    assert [e.line_number for e in revised.explanations] == ["2"]
    whole = merge(previous, revised, {("1", "n1"): Decimal(4)}, ORDER, NET, rules(), today=TODAY)
    assert where(whole, "1") == {"n1": 4} and where(whole, "2") == {"n2": 4}
    assert [e.line_number for e in whole.explanations] == ["1", "2"]
    assert whole.revision == 2 and whole.excluded == frozenset({("2", "n1")})
    # the same choices made on the whole order at once cost exactly the same
    at_once = replan(previous, rejected, ORDER, NET, INV, rules(), today=TODAY)
    assert where(at_once, "1") == where(whole, "1") and where(at_once, "2") == where(whole, "2")
    assert whole.costs == at_once.costs and whole.shipments == at_once.shipments == 2


def test_nodes_down_for_now_are_avoided_but_not_kept_in_the_plan() -> None:
    """A node moved off with NodeDown stays avoided for this order; one merely down while
    re-planning (``down``) may be used again once it is up."""
    new = replan(first(), OrderChanged(), ORDER, NET, INV, rules(), today=TODAY, down={"n1"})
    assert "n1" not in where(new, "1") and "n1" not in where(new, "2")
    assert new.down == frozenset()
    moved = replan(first(), NodeDown("n1"), ORDER, NET, INV, rules(), today=TODAY, down={"n2"})
    assert set(where(moved, "1")) == {"n3"} and moved.down == frozenset({"n1"})


def test_a_merged_plan_keeps_only_the_units_that_still_stand() -> None:
    previous = first()
    short = ORDER.model_copy(
        update={"lines": [ORDER.lines[0].model_copy(update={"quantity": Decimal(1)})]}
    )
    revised = replan(previous, LinesRejected("n1", ("1",)), short, NET, INV.after(previous),
                     rules(), today=TODAY)  # fmt: skip
    standing = {("1", "n1"): Decimal(3), ("2", "n1"): Decimal(4)}  # n1 confirmed 3 of line 1
    whole = merge(previous, revised, standing, ORDER, NET, rules(), today=TODAY)
    assert whole.filled("1") == 4 and where(whole, "1")["n1"] == 3
    assert whole.filled("2") == 4


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


def test_units_promised_before_are_not_shuffled_between_lines() -> None:
    """Two lines want the same item and three are in stock: any split costs the same, but
    once a plan made one, a re-plan with nothing changed keeps it (dropping a unit a line
    was promised costs stability, like moving it)."""
    net = network([node("n0", items=["C"])])
    inv = stock(n0={"C": 3})
    short = order(("C", 1), ("C", 4))
    plan = plan_order(short, net, inv, rules(), customer="c", today=TODAY)
    new = replan(plan, InventoryChanged(), short, net, inv, rules(), today=TODAY)
    for line in ("1", "2"):
        assert where(new, line) == where(plan, line)
    assert "lines changed: none" in new.notes[-1]


@st.composite
def _events(draw):
    world = draw(st.one_of(crowded_worlds(), kit_worlds()))
    ids = [n.id for n in world[0].nodes]
    return world, draw(st.sampled_from(["reject", "down", "same"])), draw(st.sampled_from(ids))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_events())
def test_replans_keep_what_need_not_change_and_never_go_back(case) -> None:
    """On generated worlds: nothing changed, nothing moves; a refusal or a node down is
    never asked again, in this revision or the next."""
    (net, inv, o, r), kind, node_id = case
    first = plan_order(o, net, inv, r, customer="c", today=TODAY, time_limit_s=5.0)
    if kind == "same":
        event = InventoryChanged()
    elif kind == "down":
        event = NodeDown(node_id)
    else:
        lines = sorted({a.line_number for a in first.assignments if a.node == node_id})
        event = LinesRejected(node_id, tuple(lines) or ("1",))
    new = replan(first, event, o, net, inv, r, today=TODAY, time_limit_s=5.0)
    check(new, net, inv, o, r)
    again = replan(new, InventoryChanged(), o, net, inv, r, today=TODAY, time_limit_s=5.0)
    if kind == "same":
        assert sorted(_who(first)) == sorted(_who(new)) == sorted(_who(again))
    for plan in (new, again):
        for a in plan.assignments:
            assert kind != "down" or a.node != node_id
            assert kind != "reject" or (a.line_number, a.node) not in {
                (line, node_id) for line in event.line_numbers
            }


def _who(plan):
    return [(a.line_number, a.node, a.sku, a.quantity, a.kind) for a in plan.assignments]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(crowded_worlds(), kit_worlds()))
def test_the_fast_model_has_the_same_optimum_when_replanning(world) -> None:
    """With an earlier plan's units to keep, pruning still leaves the optimum in the model."""
    net, inv, o, r = world
    first = plan_order(o, net, inv, r, customer="c", today=TODAY, time_limit_s=5.0)
    prob = build(
        net,
        inv,
        [OrderInput(o, "c", r.for_customer("c"), previous=previous_units(first))],
        today=TODAY,
    )
    _same_optimum(prob)
