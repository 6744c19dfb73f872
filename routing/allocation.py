"""A solution in the problem's terms, and its cost judged the same way for every planner."""

from __future__ import annotations

from dataclasses import dataclass, field

from routing.problem import Problem


@dataclass
class Allocation:
    """Units per option (x) and component units per (option, component, source) (y)."""

    x: dict[int, float] = field(default_factory=dict)
    y: dict[tuple[int, int, int], float] = field(default_factory=dict)

    def filled(self, prob: Problem, demand: int) -> float:
        return sum(q for i, q in self.x.items() if prob.options[i].demand == demand)


@dataclass(frozen=True)
class Score:
    handling: float
    transport: float
    extra_shipment: float
    lateness: float
    penalties: float
    shipments: int  # shipments to customers (or pickups)
    supply_shipments: int

    @property
    def cost(self) -> float:
        return self.handling + self.transport + self.extra_shipment + self.lateness

    @property
    def objective(self) -> float:
        return self.cost + self.penalties


def kit_late_days(prob: Problem, alloc: Allocation, opt: int) -> int:
    """A kit is as late as its slowest component source actually used."""
    o = prob.options[opt]
    late = 0
    for (oi, ci, si), q in alloc.y.items():
        if oi == opt and q > 1e-9:
            late = max(late, o.components[ci][2][si].late_days)
    return late


def score(prob: Problem, alloc: Allocation, orders: list[int] | None = None) -> Score:
    """Cost-to-serve of an allocation (for some orders only, e.g. one plan of a batch)."""
    net = prob.network
    nodes = {n.id: n for n in net.nodes}
    keep = set(range(len(prob.orders))) if orders is None else set(orders)
    handling = transport = lateness = penalties = 0.0
    shipments: dict[int, set[tuple[str, str]]] = {}
    supply: set[tuple[str, str]] = set()
    for i, q in alloc.x.items():
        if q <= 1e-9:
            continue
        o = prob.options[i]
        d = prob.demands[o.demand]
        if d.order not in keep:
            continue
        rules = prob.orders[d.order].rules
        handling += q * o.handling_unit
        transport += q * o.transport_unit
        penalties += q * o.unit_penalty
        late = kit_late_days(prob, alloc, i) if o.mode == "assemble" else o.late_days
        lateness += q * late * rules.lateness_cost_per_unit_day
        shipments.setdefault(d.order, set()).add(o.shipment)
    for (oi, ci, si), q in alloc.y.items():
        o = prob.options[oi]
        if q <= 1e-9 or prob.demands[o.demand].order not in keep:
            continue
        src = o.components[ci][2][si]
        h = nodes[src.node].handling.per_unit
        handling += q * h
        transport += q * (src.unit_cost - h)
        if src.node != o.node:
            supply.add((src.node, o.node))
    used = set().union(*shipments.values()) if shipments else set()
    for node_id, _ in used:
        handling += nodes[node_id].handling.per_shipment
    for key in used:
        opt = next(o for o in prob.options if o.shipment == key)
        transport += opt.per_shipment - nodes[key[0]].handling.per_shipment
    for src_id, asm in supply:
        src_opt = next(
            s
            for o in prob.options
            if o.node == asm
            for _, _, ss in o.components
            for s in ss
            if s.node == src_id
        )
        handling += nodes[src_id].handling.per_shipment
        transport += src_opt.per_shipment - nodes[src_id].handling.per_shipment
    extra = sum(
        max(0, len(keys) - 1) * prob.orders[k].rules.cost_per_extra_shipment
        for k, keys in shipments.items()
    )
    for di, d in enumerate(prob.demands):
        if d.order in keep and not d.unmatched:
            penalties += max(0.0, d.qty - alloc.filled(prob, di)) * d.penalty
    return Score(handling, transport, extra, lateness, penalties, len(used), len(supply))
