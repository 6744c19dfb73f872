"""The fewest shipments that could serve what a plan serves: by hand, and never above a plan."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from routing_world import TODAY, network, node, order, rules, stock
from test_properties import worlds

from routing.bounds import fewest_shipments
from routing.candidates import build
from routing.planner import plan_order
from routing.problem import OrderInput, Problem


def _problem(net, inv, o, r=None) -> Problem:
    r = r or rules()
    return build(net, inv, [OrderInput(o, "c", r.for_customer("c"))], today=TODAY)


def test_one_node_with_everything_is_one_shipment() -> None:
    net = network([node("a", items=["A", "B"]), node("b", items=["A"]), node("c", items=["B"])])
    inv = stock(a={"A": 5, "B": 5}, b={"A": 5}, c={"B": 5})
    prob = _problem(net, inv, order(("A", 5), ("B", 5)))
    assert fewest_shipments(prob, {0: 5, 1: 5}) == 1
    assert fewest_shipments(prob, {}) == 0


def test_a_line_no_node_can_fill_alone_needs_two() -> None:
    net = network([node("a", items=["A"]), node("b", items=["A"])])
    prob = _problem(net, stock(a={"A": 3}, b={"A": 4}), order(("A", 6)))
    assert fewest_shipments(prob, {0: 6}) == 2
    assert fewest_shipments(prob, {0: 3}) == 1
    assert fewest_shipments(prob, {0: 8}) is None  # more than there is


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_no_plan_ships_fewer_times_than_the_floor(world) -> None:
    net, inv, o, r = world
    prob = _problem(net, inv, o, r)
    for method in ("milp", "greedy", "nearest"):
        plan = plan_order(o, net, inv, r, customer="c", today=TODAY, method=method)
        filled = {di: float(plan.filled(d.line_number)) for di, d in enumerate(prob.demands)}
        floor = fewest_shipments(prob, filled)
        assert floor is not None and floor <= plan.shipments
