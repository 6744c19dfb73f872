"""Hand-checked small cases of plan_order."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from routing_world import TODAY, candidate, kit, lane, network, node, order, rules, stock, where

from routing.candidates import NO_ROOM
from routing.explain import format_plan
from routing.inventory import Inventory
from routing.planner import plan_order


def test_single_node_costs_and_dates_by_hand() -> None:
    net = network([node("n1", items=["A", "B"])])
    plan = plan_order(
        order(("A", 5), ("B", 3)),
        net,
        stock(n1={"A": 10, "B": 10}),
        rules(),
        customer="c",
        today=TODAY,
    )
    assert plan.solver == "milp" and plan.solver_status == "optimal"
    assert where(plan, "1") == {"n1": 5} and where(plan, "2") == {"n1": 3}
    # handling 10 + 8 x 1; lane 20 + 8 x 0.5
    assert plan.costs.handling == 18.0 and plan.costs.transport == 24.0
    assert plan.costs.total == 42.0 and plan.shipments == 1 and not plan.unfilled
    a = plan.assignments[0]
    assert a.ship_date == date(2026, 11, 25) and a.promised_date == date(2026, 11, 27)


def test_forced_split_when_no_node_has_enough() -> None:
    net = network([node("n1", items=["A"]), node("n2", items=["A"])])
    plan = plan_order(
        order(("A", 6)), net, stock(n1={"A": 3}, n2={"A": 4}), rules(), customer="c", today=TODAY
    )
    got = where(plan, "1")
    assert sum(got.values()) == 6 and got["n1"] <= 3 and got["n2"] <= 4
    assert plan.shipments == 2 and plan.splits == 1


def test_capacity_full_today_ships_the_next_working_day() -> None:
    """Capacity is daily: a node booked full today takes the work for its next working day
    (Friday full, so Monday) and the promise moves with it, rather than the line going to
    a dearer node that has room today."""
    net = network(
        [node("cheap", items=["A"], per_unit=0.1), node("dear", items=["A"], per_unit=3.0)]
    )
    inv = stock(cheap={"A": 50}, dear={"A": 50})
    friday = date(2026, 11, 27)
    full = Inventory(inv.available, lines_used={("cheap", friday): 100})
    plan = plan_order(order(("A", 5)), net, full, rules(), customer="c", today=friday)
    assert where(plan, "1") == {"cheap": 5}
    a = plan.assignments[0]
    assert a.ship_date == date(2026, 11, 30) and a.promised_date == date(2026, 12, 2)
    # booked on the day it leaves: the plan's work fills Monday, not Friday
    after = full.after(plan)
    assert after.lines_used[("cheap", date(2026, 11, 30))] == 1
    assert after.units_used[("cheap", date(2026, 11, 30))] == Decimal(5)


def test_capacity_exhausted_moves_work_and_says_why() -> None:
    net = network(
        [node("cheap", items=["A"], per_unit=0.1), node("dear", items=["A"], per_unit=3.0)]
    )
    inv = stock(cheap={"A": 50}, dear={"A": 50})
    booked = {("cheap", TODAY + timedelta(days=d)): 100 for d in range(30)}  # every day
    full = Inventory(inv.available, lines_used=booked)
    plan = plan_order(order(("A", 5)), net, full, rules(), customer="c", today=TODAY)
    assert where(plan, "1") == {"dear": 5}
    assert candidate(plan, "1", "cheap").reason == NO_ROOM
    assert "10 working days" in NO_ROOM
    # a late ship date costs lateness: full today, and a tight requested date, goes elsewhere
    today_full = Inventory(inv.available, lines_used={("cheap", TODAY): 100})
    tight = order(("A", 5), requested=TODAY + timedelta(days=2))
    plan_tight = plan_order(tight, net, today_full, rules(lateness_cost_per_unit_day=10.0),
                            customer="c", today=TODAY)  # fmt: skip
    assert where(plan_tight, "1") == {"dear": 5}
    # units capacity: only 4 units left at the cheap node today
    net2 = network(
        [
            node("cheap", items=["A"], per_unit=0.1, units=4, per_shipment=0),
            node("dear", items=["A"], per_unit=3.0, per_shipment=0),
        ],
        [lane("DE", shipment=0)],
    )
    plan2 = plan_order(order(("A", 6)), net2, inv, rules(), customer="c", today=TODAY)
    assert where(plan2, "1") == {"cheap": 4, "dear": 2}


def test_cheaper_single_shipment_beats_per_unit_savings() -> None:
    """Optimal, not greedy: one shipment from n2 beats splitting lines to each line's cheapest."""
    net = network(
        [
            node("n1", items=["A", "B"], per_unit=1.0, per_shipment=50),
            node("n2", items=["A", "B"], per_unit=1.2, per_shipment=50),
            node("n3", items=["B"], per_unit=0.5, per_shipment=50),
        ]
    )
    inv = stock(n1={"A": 10}, n2={"A": 10, "B": 10}, n3={"B": 10})
    plan = plan_order(order(("A", 5), ("B", 5)), net, inv, rules(), customer="c", today=TODAY)
    assert plan.shipments == 1 and where(plan, "1") == {"n2": 5} and where(plan, "2") == {"n2": 5}
    # n1 is cheaper for line 1 alone: the reason says so, and why it still lost
    why = candidate(plan, "1", "n1").reason
    assert why.startswith("cheaper for this line alone") and "shipment from n2 carries" in why
    assert candidate(plan, "2", "n3").reason.startswith("cheaper for this line alone")


def test_nothing_available_backorders_or_rejects_per_rules() -> None:
    net = network([node("n1", items=["A"])])
    back = plan_order(order(("A", 4)), net, stock(), rules(), customer="c", today=TODAY)
    assert [(u.line_number, u.quantity, u.status) for u in back.unfilled] == [
        ("1", Decimal(4), "backordered")
    ]
    assert candidate(back, "1", "n1").reason == "no stock"
    rej = plan_order(
        order(("A", 4)), net, stock(), rules(backorder_policy="reject"), customer="c", today=TODAY
    )
    assert rej.unfilled[0].status == "rejected" and not rej.assignments


def test_unknown_item_is_rejected_with_reason() -> None:
    net = network([node("n1", items=["A"])])
    plan = plan_order(
        order(("ZZZ", 1)), net, stock(n1={"A": 5}), rules(), customer="c", today=TODAY
    )
    assert plan.unfilled[0].status == "rejected" and "not in catalog" in plan.unfilled[0].reason


def test_ship_complete_uses_one_node_or_waits() -> None:
    net = network(
        [
            node("cheap", items=["A", "B"], per_unit=0.1),
            node("full", items=["A", "B"], per_unit=5.0),
        ]
    )
    inv = stock(cheap={"A": 10, "B": 2}, full={"A": 10, "B": 10})
    split = plan_order(order(("A", 5), ("B", 5)), net, inv, rules(), customer="c", today=TODAY)
    assert split.shipments == 2
    whole = plan_order(
        order(("A", 5), ("B", 5)), net, inv, rules(ship_complete=True), customer="c", today=TODAY
    )
    assert (
        whole.shipments == 1
        and where(whole, "1") == {"full": 5}
        and where(whole, "2") == {"full": 5}
    )
    assert "ship-complete" in candidate(whole, "2", "cheap").reason
    short = stock(cheap={"A": 10, "B": 2}, full={"A": 10, "B": 3})
    wait = plan_order(
        order(("A", 5), ("B", 5)), net, short, rules(ship_complete=True), customer="c", today=TODAY
    )
    assert not wait.assignments and {u.line_number for u in wait.unfilled} == {"1", "2"}
    assert all("ship-complete" in u.reason for u in wait.unfilled)


def test_max_splits_limits_shipments() -> None:
    net = network([node(f"n{i}", items=["A"]) for i in range(3)])
    inv = stock(n0={"A": 2}, n1={"A": 2}, n2={"A": 2})
    plan = plan_order(order(("A", 6)), net, inv, rules(max_splits=1), customer="c", today=TODAY)
    assert plan.shipments == 2 and plan.unfilled[0].quantity == 2


def test_preferred_and_excluded_nodes() -> None:
    net = network([node("n1", items=["A"]), node("n2", items=["A"])])
    inv = stock(n1={"A": 10}, n2={"A": 10})
    pref = plan_order(
        order(("A", 3)), net, inv, rules(preferred_nodes=["n2"]), customer="c", today=TODAY
    )
    assert where(pref, "1") == {"n2": 3}
    excl = plan_order(
        order(("A", 3)), net, inv, rules(excluded_nodes=["n1"]), customer="c", today=TODAY
    )
    assert where(excl, "1") == {"n2": 3}
    assert candidate(excl, "1", "n1").status == "excluded"
    assert candidate(excl, "1", "n1").reason == "excluded by rule for c"


def test_lateness_is_costed_and_promise_follows_policy() -> None:
    net = network([node("slow", items=["A"], lead=3)])
    asked = date(2026, 11, 27)
    plan = plan_order(
        order(("A", 2), requested=asked),
        net,
        stock(slow={"A": 5}),
        rules(),
        customer="c",
        today=TODAY,
    )
    a = plan.assignments[0]
    # Wed + 3 working days = Mon 30 Nov; + 2 days transit = Wed 2 Dec: 5 days late x 2 units
    assert a.ship_date == date(2026, 11, 30) and a.promised_date == date(2026, 12, 2)
    assert not a.on_time and plan.costs.lateness == 10.0 and plan.on_time_rate() == 0.0
    early = plan_order(
        order(("A", 2), requested=date(2026, 12, 20)),
        net,
        stock(slow={"A": 5}),
        rules(),
        customer="c",
        today=TODAY,
    )
    assert early.assignments[0].promised_date == date(2026, 12, 20)
    earliest = plan_order(
        order(("A", 2), requested=date(2026, 12, 20)),
        net,
        stock(slow={"A": 5}),
        rules(promise="earliest"),
        customer="c",
        today=TODAY,
    )
    assert earliest.assignments[0].promised_date == date(2026, 12, 2)


def test_after_cutoff_starts_next_working_day() -> None:
    data = node("n1", items=["A"])
    data["cutoff"] = "12:00"
    net = network([data])
    late_call = datetime(2026, 11, 27, 13, 0, tzinfo=UTC)  # Friday after cut-off
    plan = plan_order(
        order(("A", 1)),
        net,
        stock(n1={"A": 5}),
        rules(),
        customer="c",
        today=date(2026, 11, 27),
        now=late_call,
    )
    assert plan.assignments[0].ship_date == date(2026, 11, 30)  # Monday


def test_substitution_only_when_allowed() -> None:
    net = network([node("n1", items=["B"])], substitutes={"A": ["B"]})
    inv = stock(n1={"B": 5})
    no = plan_order(order(("A", 2)), net, inv, rules(), customer="c", today=TODAY)
    assert no.unfilled and not no.assignments
    yes = plan_order(
        order(("A", 2)), net, inv, rules(allow_substitutions=True), customer="c", today=TODAY
    )
    assert yes.assignments[0].sku == "B" and yes.assignments[0].substitute_for == "A"


def test_greedy_method_is_labelled_and_feasible() -> None:
    net = network([node("n1", items=["A"]), node("n2", items=["A"])])
    plan = plan_order(
        order(("A", 6)),
        net,
        stock(n1={"A": 3}, n2={"A": 4}),
        rules(),
        customer="c",
        today=TODAY,
        method="greedy",
    )
    assert plan.solver == "greedy" and sum(where(plan, "1").values()) == 6


def test_greedy_assembles_a_kit_only_when_every_part_can_be_sent() -> None:
    """The only source has the parts but room for one line a day: it can send A or B, not
    both, so no kit can be made (greedy once counted the kit made with its B missing)."""
    net = network(
        [node("s", items=["A", "B"], lines=1), node("asm", items=[], kind="assembler")],
        skus=("A", "B", "K"),
        kits=[kit()],
    )
    for method in ("greedy", "milp"):
        plan = plan_order(
            order(("K", 1)),
            net,
            stock(s={"A": 5, "B": 5}),
            rules(),
            customer="c",
            today=TODAY,
            method=method,
        )
        assert plan.assignments == [] and [u.line_number for u in plan.unfilled] == ["1"]
        assert plan.solver == method


def test_a_kit_line_costs_the_lateness_it_is_promised() -> None:
    """``fast`` has parts for 3 kits, ``slow`` for all 6 but 3 days later. Whichever way the
    parts are split, the line is promised whole on the slowest used source's date, so every
    kit counts as late as that promise, not only the kits the slow parts go into. Splitting
    then buys no time but costs a second inbound shipment: the optimum takes all from ``slow``."""
    net = network(
        [
            node("asm", items=[], kind="assembler"),
            node("fast", items=["A"], lead=0),
            node("slow", items=["A"], lead=3),
        ],
        skus=("A", "K"),
        kits=[kit((("A", 1),), lead=0)],
    )
    plan = plan_order(
        order(("K", 6), requested=TODAY),
        net,
        stock(fast={"A": 3}, slow={"A": 50}),
        rules(lateness_cost_per_unit_day=10.0),
        customer="c",
        today=TODAY,
    )
    kits = [a for a in plan.assignments if a.kind == "assemble"]
    assert len(kits) == 1 and kits[0].quantity == 6 and not kits[0].on_time
    assert kits[0].promised_date is not None
    late = (kits[0].promised_date - TODAY).days
    assert late > 0 and plan.costs.lateness == 6 * late * 10.0
    supplies = [(a.node, a.quantity) for a in plan.assignments if a.kind == "supply"]
    assert supplies == [("slow", 6)]


def test_the_first_shipment_carries_no_extra_shipment_charge() -> None:
    """Filling the line costs 5 less than leaving it unfilled; the extra-shipment charge (15)
    is for shipments beyond the first, so it must not tip the order into a backorder."""
    net = network([node("n1", items=["A"])])
    inv = stock(n1={"A": 5})
    cost = plan_order(order(("A", 1)), net, inv, rules(), customer="c", today=TODAY).costs.total
    r = rules(unfilled_penalty_per_unit=cost + 5, cost_per_extra_shipment=15.0)
    plan = plan_order(order(("A", 1)), net, inv, r, customer="c", today=TODAY)
    assert where(plan, "1") == {"n1": 1} and plan.solver == "milp" and not plan.unfilled


def test_plan_is_json_and_text() -> None:
    net = network([node("n1", items=["A"]), node("n2", items=["B"])])
    plan = plan_order(
        order(("A", 2), ("B", 1), ("C", 1)),
        net,
        stock(n1={"A": 5}, n2={"B": 5}),
        rules(),
        customer="c",
        today=TODAY,
    )
    data = json.loads(json.dumps(plan.to_dict()))
    assert data["costs"]["total"] == round(plan.costs.total, 2) and data["shipments"] == 2
    text = format_plan(plan)
    assert "Line 3: 1 x C" in text and "BACKORDERED 1" in text and "does not carry the item" in text
    ids = [w.id for w in plan.work_items()]
    assert ids == ["ord-PO-1-n1-ship-r1", "ord-PO-1-n2-ship-r1"]
    assert [w.id for w in plan.work_items()] == ids
    assert plan.work_items("X", 3)[0].id == "X-n1-ship-r3"


def test_solver_out_of_time_falls_back_to_greedy_and_says_so() -> None:
    net = network([node("n1", items=["A", "B"]), node("n2", items=["A", "B"], per_unit=2.0)])
    inv = stock(n1={"A": 3, "B": 9}, n2={"A": 9, "B": 9})
    plan = plan_order(
        order(("A", 6), ("B", 2)), net, inv, rules(), customer="c", today=TODAY, time_limit_s=0.0
    )
    assert plan.solver == "greedy" and plan.solver_status == "fallback: solver time limit reached"
    assert sum(where(plan, "1").values()) == 6 and sum(where(plan, "2").values()) == 2
    assert "greedy (fallback: solver time limit reached)" in format_plan(plan)


def test_cutoff_is_in_the_node_local_time() -> None:
    data = node("chicago", items=["A"])
    data.update(cutoff="14:00", utc_offset_hours=-6)
    net = network([data])
    # 19:30 UTC is 13:30 in Chicago: before its cut-off, ships today (Wednesday)
    before = datetime(2026, 11, 25, 19, 30, tzinfo=UTC)
    after = datetime(2026, 11, 25, 20, 30, tzinfo=UTC)
    inv = stock(chicago={"A": 5})
    got = [
        plan_order(order(("A", 1)), net, inv, rules(), customer="c", today=TODAY, now=now)
        .assignments[0]
        .ship_date
        for now in (before, after)
    ]
    assert got == [date(2026, 11, 25), date(2026, 11, 26)]
