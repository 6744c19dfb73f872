"""The network's derived lookups and cache: reused between calls, never stale, not its value."""

from __future__ import annotations

from datetime import date, datetime

from routing_world import TODAY, network, node, order, rules, stock

from routing.planner import plan_order


def test_cache_is_not_part_of_the_networks_value() -> None:
    a = network([node("n1", items=["A"])])
    b = network([node("n1", items=["A"])])
    plan_order(order(("A", 1)), a, stock(n1={"A": 5}), rules(), customer="c", today=TODAY)
    assert a.index().memo and not b.index().memo
    assert a == b


def test_a_copied_network_builds_its_own_index() -> None:
    a = network([node("n1", items=["A"]), node("n2", items=["A"])])
    a.index()
    b = a.model_copy(update={"nodes": a.nodes[1:]})
    assert [n.id for n in b.index().in_order({"n1", "n2"})] == ["n2"]
    assert [n.id for n in a.index().in_order({"n1", "n2"})] == ["n1", "n2"]


def test_ship_dates_follow_the_time_of_the_call() -> None:
    net = network([dict(node("n1", items=["A"]), cutoff="12:00")])
    inv = stock(n1={"A": 5})

    def shipped(now: datetime | None) -> date:
        plan = plan_order(order(("A", 1)), net, inv, rules(), customer="c", today=TODAY, now=now)
        return plan.assignments[0].ship_date

    morning = datetime(2026, 11, 25, 9, 0)
    evening = datetime(2026, 11, 25, 17, 0)
    assert shipped(morning) == TODAY
    assert shipped(evening) == date(2026, 11, 26)
    assert shipped(morning) == TODAY  # the evening's dates were not kept for the morning
    assert shipped(None) == TODAY
