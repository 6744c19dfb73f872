"""Re-planning after something changed: move only what must move, and bump the revision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from canonical.order import Order
from routing.candidates import build
from routing.compose import compose
from routing.inventory import Inventory
from routing.network import Network
from routing.plan import Plan
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
) -> Plan:
    """A new revision of ``previous``. Assignments still feasible are kept unless moving them
    saves more than the rules' stability cost per unit: a unit counts as moved if it leaves its
    node, is left unfilled, or a kit's part comes from another source than before.
    ``release_previous``: the inventory given still has the previous plan's reservations
    (stock and capacity) taken out, so add them back first."""
    excluded = set(previous.excluded)
    down = set(previous.down)
    if isinstance(event, LinesRejected):
        excluded |= {(line, event.node) for line in event.line_numbers}
    elif isinstance(event, NodeDown):
        down.add(event.node)
    if release_previous:  # what it had reserved can be kept or moved
        inventory = inventory.without(previous)
    inp = OrderInput(
        order,
        previous.customer,
        rules.for_customer(previous.customer),
        frozenset(excluded),
        frozenset(down),
        previous_units(previous),
    )
    prob = build(network, inventory, [inp], today=today, now=now)
    alloc, solver, status = choose(prob, time_limit_s)
    plan = compose(prob, alloc, 0, solver=solver, status=status, revision=previous.revision + 1)
    before, after = previous_units(previous), previous_units(plan)
    moved = sorted(line for line in set(before) | set(after) if before.get(line) != after.get(line))
    plan.notes.append(
        f"replanned after {type(event).__name__}; lines changed: {', '.join(moved) or 'none'}"
    )
    return plan
