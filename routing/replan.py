"""Re-planning after something changed: move only what must move, and bump the revision."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from canonical.order import Order
from routing.allocation import Allocation, score
from routing.candidates import build
from routing.compose import compose
from routing.inventory import Inventory
from routing.network import Network
from routing.plan import Assignment, Costs, Plan
from routing.planner import choose
from routing.problem import OrderInput
from routing.rules import Rules


@dataclass(frozen=True)
class LinesRejected:
    """A node said no to some lines (ORDRSP / 855 rejection): never ask it again for them."""

    node: str
    line_numbers: tuple[str, ...]


@dataclass(frozen=True)
class NodeDown:
    node: str


@dataclass(frozen=True)
class InventoryChanged:
    """New stock figures: the inventory passed to replan is the new one."""


@dataclass(frozen=True)
class OrderChanged:
    """The customer changed quantities or cancelled lines: the order passed in is the new one."""


Event = LinesRejected | NodeDown | InventoryChanged | OrderChanged

_MODE = {"ship": "ship", "pickup": "pickup", "assemble": "assemble"}


def previous_units(previous: Plan) -> dict[str, dict[tuple[str, str, str], float]]:
    """Per line, the units each (node, sku, mode) had, parts for kits as mode "supply>assembler":
    moving or dropping them costs stability when re-planning."""
    kept: dict[str, dict[tuple[str, str, str], float]] = {}
    for a in previous.assignments:
        per = kept.setdefault(a.line_number, {})
        mode = f"supply>{a.deliver_to_node}" if a.kind == "supply" else _MODE[a.kind]
        key = (a.node, a.sku, mode)
        per[key] = per.get(key, 0.0) + float(a.quantity)
    return kept


def replan(
    previous: Plan,
    event: Event,
    order: Order,
    network: Network,
    inventory: Inventory,
    rules: Rules,
    *,
    today: date,
    now: datetime | None = None,
    time_limit_s: float = 0.05,
    release_previous: bool = False,
    down: Collection[str] = (),
) -> Plan:
    """A new revision of ``previous``. Assignments still feasible are kept unless moving them
    saves more than the rules' stability cost per unit: a unit counts as moved if it leaves its
    node, is left unfilled, or a kit's part comes from another source than before.
    ``release_previous``: the inventory given still has the previous plan's reservations
    (stock and capacity) taken out, so add them back first. ``down``: nodes out of routing
    for now (the plan does not keep them: once up again, later re-plans may use them)."""
    excluded = set(previous.excluded)
    avoided = set(previous.down)  # kept in the plan: a node this order was moved off
    if isinstance(event, LinesRejected):
        excluded |= {(line, event.node) for line in event.line_numbers}
    elif isinstance(event, NodeDown):
        avoided.add(event.node)
    if release_previous:  # what it had reserved can be kept or moved
        inventory = inventory.without(previous)
    inp = OrderInput(
        order,
        previous.customer,
        rules.for_customer(previous.customer),
        frozenset(excluded),
        frozenset(avoided) | frozenset(down),
        previous_units(previous),
    )
    prob = build(network, inventory, [inp], today=today, now=now)
    alloc, solver, status = choose(prob, time_limit_s)
    plan = compose(prob, alloc, 0, solver=solver, status=status, revision=previous.revision + 1)
    plan = replace(plan, down=frozenset(avoided))
    before, after = previous_units(previous), previous_units(plan)
    moved = sorted(line for line in set(before) | set(after) if before.get(line) != after.get(line))
    plan.notes.append(
        f"replanned after {type(event).__name__}; lines changed: {', '.join(moved) or 'none'}"
    )
    return plan


def merge(
    previous: Plan,
    revised: Plan,
    standing: Mapping[tuple[str, str], Decimal],
    order: Order,
    network: Network,
    rules: Rules,
    *,
    today: date,
    now: datetime | None = None,
) -> Plan:
    """The order's whole plan once some of its lines were planned again on their own
    (``revised``): what still stands of ``previous`` and all of ``revised``, costed as one
    plan, so that the next re-plan starts from every line and the record shows the order.

    ``standing``: (line, node) -> units still live there once partners' rejections,
    shortfalls and the customer's cancellations are applied (the order's progress knows)."""
    kept = _still_standing(previous, standing)
    moved = {e.line_number for e in revised.explanations} | {
        u.line_number for u in revised.unfilled
    }
    rank = {line.line_number: n for n, line in enumerate(order.lines)}
    assignments = sorted(
        kept + revised.assignments,
        key=lambda a: (rank.get(a.line_number, len(rank)), a.kind != "supply", a.node, a.sku),
    )
    shipping = {a.node for a in assignments if a.kind != "supply"}
    whole = replace(
        revised,
        assignments=assignments,
        unfilled=[u for u in previous.unfilled if u.line_number not in moved] + revised.unfilled,
        explanations=sorted(
            [e for e in previous.explanations if e.line_number not in moved] + revised.explanations,
            key=lambda e: rank.get(e.line_number, len(rank)),
        ),
        notes=[*previous.notes, *revised.notes],
        ship_with={n: pos for n, pos in previous.ship_with.items() if n in shipping},
    )
    return _costed(whole, order, network, rules, today=today, now=now)


def _still_standing(
    previous: Plan, standing: Mapping[tuple[str, str], Decimal]
) -> list[Assignment]:
    """The assignments of ``previous`` still live, cut down to the units still live: a kit's
    parts in proportion to the kits still made at their assembler."""
    planned: dict[tuple[str, str], Decimal] = {}
    for a in previous.customer_assignments():
        planned[(a.line_number, a.node)] = (
            planned.get((a.line_number, a.node), Decimal(0)) + a.quantity
        )
    out = []
    for a in previous.assignments:
        key = (a.line_number, (a.deliver_to_node or a.node) if a.kind == "supply" else a.node)
        live, had = standing.get(key, Decimal(0)), planned.get(key, Decimal(0))
        if live <= 0 or not had:
            continue
        out.append(a if live >= had else replace(a, quantity=a.quantity * live / had))
    return out


def _costed(
    plan: Plan, order: Order, network: Network, rules: Rules, *, today: date, now: datetime | None
) -> Plan:
    """``plan`` with its cost, penalties and shipments worked out afresh from its assignments,
    as routing/allocation.py ``score`` judges every plan: each assignment is the option of
    the same line, node, item and mode, with exactly its own units in stock."""
    units = previous_units(plan)
    inp = OrderInput(order, plan.customer, rules.for_customer(plan.customer), previous=units)
    prob = build(network, Inventory().without(plan), [inp], today=today, now=now)
    alloc = Allocation()
    for i, o in enumerate(prob.options):
        if o.kept <= 0:
            continue
        alloc.x[i] = o.kept
        for ci, (_, _, sources) in enumerate(o.components):
            for si, src in enumerate(sources):
                if src.kept:
                    alloc.y[(i, ci, si)] = src.kept
    s = score(prob, alloc)
    priced = sum(alloc.x.values())
    wanted = sum(float(a.quantity) for a in plan.customer_assignments())
    notes = plan.notes
    if priced + 1e-6 < wanted:
        notes = [*notes, f"cost leaves out {wanted - priced:g} units no node can be priced for now"]
    return replace(
        plan,
        costs=Costs(s.handling, s.transport, s.extra_shipment, s.lateness),
        penalties=s.penalties,
        shipments=s.shipments,
        notes=notes,
    )
