"""Entry points: plan one order, or many together; MILP first, greedy when it cannot answer."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime

from canonical.order import Order
from routing.allocation import Allocation, score
from routing.candidates import address_key, build
from routing.compose import compose
from routing.greedy import greedy, nearest
from routing.inventory import Inventory
from routing.milp import solve
from routing.network import Network
from routing.plan import Plan
from routing.problem import OrderInput, Problem
from routing.rules import Rules


def choose(prob: Problem, time_limit_s: float, method: str = "milp") -> tuple[Allocation, str, str]:
    """The allocation to use, which planner made it, and the solver's status."""
    if method == "nearest":
        return nearest(prob), "nearest", "baseline"
    fallback = greedy(prob)
    if method == "greedy":
        return fallback, "greedy", "requested"
    result = solve(prob, time_limit_s)
    if result.allocation is None:
        return fallback, "greedy", f"fallback: solver {result.status}"
    if score(prob, result.allocation).objective > score(prob, fallback).objective + 1e-6:
        return fallback, "greedy", f"fallback: solver {result.status} worse than greedy"
    return result.allocation, "milp", result.status


def plan_order(
    order: Order,
    network: Network,
    inventory: Inventory,
    rules: Rules,
    *,
    customer: str,
    today: date,
    now: datetime | None = None,
    time_limit_s: float = 0.05,
    method: str = "milp",
    revision: int = 1,
    down: Collection[str] = (),
) -> Plan:
    """Plan one order. ``method``: milp (default), greedy, or nearest (the benchmark baseline).
    ``down``: nodes out of routing for now."""
    inp = OrderInput(order, customer, rules.for_customer(customer), down=frozenset(down))
    prob = build(network, inventory, [inp], today=today, now=now)
    alloc, solver, status = choose(prob, time_limit_s, method)
    return compose(prob, alloc, 0, solver=solver, status=status, revision=revision)


def plan_sequence(
    orders: Sequence[Order],
    network: Network,
    inventory: Inventory,
    rules: Rules,
    *,
    customers: Sequence[str],
    today: date,
    now: datetime | None = None,
    time_limit_s: float = 0.05,
    method: str = "milp",
) -> list[Plan]:
    """Order by order as they arrive, each reserving what it uses before the next is planned."""
    plans = []
    for order, customer in zip(orders, customers, strict=True):
        plan = plan_order(
            order,
            network,
            inventory,
            rules,
            customer=customer,
            today=today,
            now=now,
            time_limit_s=time_limit_s,
            method=method,
        )
        plans.append(plan)
        inventory = inventory.after(plan)
    return plans


def plan_batch(
    orders: Sequence[Order],
    network: Network,
    inventory: Inventory,
    rules: Rules,
    *,
    customers: Sequence[str],
    today: date,
    now: datetime | None = None,
    time_limit_s: float = 0.5,
    method: str = "milp",
    down: Collection[str] = (),
) -> list[Plan]:
    """Plan not-yet-released orders together: shared stock and capacity, and orders to the same
    address ride in the same shipment from a node."""
    inputs = [
        OrderInput(o, c, rules.for_customer(c), down=frozenset(down))
        for o, c in zip(orders, customers, strict=True)
    ]
    prob = build(network, inventory, inputs, today=today, now=now, consolidate=True)
    alloc, solver, status = choose(prob, time_limit_s, method)
    plans = [
        compose(prob, alloc, k, solver=solver, status=status, revision=1)
        for k in range(len(inputs))
    ]
    _ship_together(plans)
    return plans


def _ship_together(plans: Sequence[Plan]) -> None:
    """Tell each plan (and so its work items) which other orders' goods leave a node with its
    own: same address, one shipment, which is what the batch's costs count on."""
    for (node, kind, _), ks in sorted(_shipments(plans).items()):
        if kind == "pickup" or len(ks) < 2:
            continue
        for k in ks:
            mine = plans[k].ship_with.setdefault(node, [])
            mine += [plans[j].po_number for j in ks if j != k and plans[j].po_number not in mine]


def _shipments(plans: Sequence[Plan]) -> dict[tuple[str, str, str], list[int]]:
    """A batch's physical shipments, (node, kind, address) -> the plans with goods on it."""
    out: dict[tuple[str, str, str], list[int]] = {}
    for k, p in enumerate(plans):
        dest = address_key(p.ship_to) or p.order_id
        for node, kind in sorted({(a.node, a.kind) for a in p.customer_assignments()}):
            out.setdefault((node, kind, dest), []).append(k)
    return out


def batch_shipments(plans: Sequence[Plan]) -> int:
    """Distinct physical shipments across plans of one batch (shared (node, address) count once)."""
    return len(_shipments(plans))
