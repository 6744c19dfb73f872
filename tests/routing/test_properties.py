"""Properties on generated networks and orders: feasibility, conservation, optimality."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from routing_world import TODAY, kit, lane, network, node, order, stock

from routing.inventory import Inventory
from routing.planner import plan_order
from routing.rules import CustomerRules, Rules

SKUS = ["A", "B", "C"]


@st.composite
def worlds(draw):
    n = draw(st.integers(1, 4))
    nodes, inv = [], {}
    for i in range(n):
        items = draw(st.lists(st.sampled_from(SKUS), min_size=1, max_size=3, unique=True))
        country = draw(st.sampled_from(["DE", "US"]))
        nodes.append(
            node(
                f"n{i}",
                items=items,
                country=country,
                lines=draw(st.integers(0, 4)),
                units=draw(st.integers(0, 40)),
                per_shipment=draw(st.integers(0, 50)),
                per_unit=draw(st.integers(0, 5)),
                lead=draw(st.integers(0, 3)),
            )
        )
        inv[f"n{i}"] = {s: draw(st.integers(0, 15)) for s in items}
    kits = None
    if draw(st.booleans()):
        # one or two assemblers: two compete for the same parts rows
        assemblers = ["asm", "asm2"][: draw(st.integers(1, 2))]
        for a in assemblers:
            nodes.append(
                node(
                    a,
                    items=[],
                    kind="assembler",
                    country=draw(st.sampled_from(["DE", "US"])),
                    lines=draw(st.integers(0, 4)),
                    units=draw(st.integers(0, 30)),
                )
            )
        kits = [kit(at=assemblers)]
    lanes = [
        lane("DE", "DE"),
        lane("US", "DE", shipment=80, unit=2, days=7),
        lane("US", "US", days=3),
        lane("DE", "US", shipment=80, unit=2, days=7),
    ]
    net = network(nodes, lanes, skus=("A", "B", "C", "K"), kits=kits)
    lines = draw(
        st.lists(
            st.tuples(st.sampled_from(SKUS + ["K"]), st.integers(1, 12)), min_size=1, max_size=4
        )
    )
    o = order(
        *lines,
        country=draw(st.sampled_from(["DE", "US"])),
        requested=TODAY.replace(day=draw(st.integers(25, 30))),
    )
    r = CustomerRules(
        ship_complete=draw(st.booleans()),
        max_splits=draw(st.sampled_from([None, 0, 1, 2])),
        lateness_cost_per_unit_day=draw(st.sampled_from([0.0, 1.0, 5.0, 20.0])),
        cost_per_extra_shipment=draw(st.sampled_from([0.0, 20.0])),
    )
    return net, stock(**inv), o, Rules(default=r)


def check(plan, net, inv: Inventory, o, rules: Rules) -> None:
    used: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    lines: dict[str, int] = defaultdict(int)
    units: dict[str, Decimal] = defaultdict(Decimal)
    for a in plan.assignments:
        if a.kind != "assemble":
            used[(a.node, a.sku)] += a.quantity
        lines[a.node] += 1
        units[a.node] += a.quantity
    for key, q in used.items():
        assert q <= inv.qty(*key), (key, q)
    # every kit assembled has all its parts sent to its assembler
    kits = {k.sku: k for k in net.catalog.kits}
    for a in plan.assignments:
        if a.kind != "assemble":
            continue
        for part in kits[a.sku].components:
            sent = sum(
                (
                    b.quantity
                    for b in plan.assignments
                    if b.kind == "supply"
                    and b.line_number == a.line_number
                    and b.deliver_to_node == a.node
                    and b.sku == part.sku
                ),
                Decimal(0),
            )
            assert sent == a.quantity * part.quantity, (a, part.sku, sent)
    for n in net.nodes:
        assert lines[n.id] <= n.capacity.lines and units[n.id] <= Decimal(str(n.capacity.units))
    for line in o.lines:
        open_ = sum(
            (u.quantity for u in plan.unfilled if u.line_number == line.line_number), Decimal(0)
        )
        assert plan.filled(line.line_number) + open_ == line.quantity
    r = rules.default
    if r.ship_complete:
        assert plan.shipments <= 1
        assert not plan.unfilled or not plan.customer_assignments()
    if r.max_splits is not None:
        assert plan.shipments <= r.max_splits + 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_plans_are_feasible_complete_and_never_worse_than_greedy(world) -> None:
    net, inv, o, rules = world
    best = plan_order(o, net, inv, rules, customer="c", today=TODAY, time_limit_s=1.0)
    greedy = plan_order(o, net, inv, rules, customer="c", today=TODAY, method="greedy")
    nearest = plan_order(o, net, inv, rules, customer="c", today=TODAY, method="nearest")
    check(best, net, inv, o, rules)
    check(greedy, net, inv, o, rules)
    assert best.objective <= greedy.objective + 1e-6
    # the baseline ignores split rules but never overdraws stock or capacity
    check(nearest, net, inv, o, Rules())
