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

    def filled_all(self, prob: Problem) -> list[float]:
        """Units filled per demand, in one pass (filled() for every demand is quadratic)."""
        out = [0.0] * len(prob.demands)
        for i, q in self.x.items():
            out[prob.options[i].demand] += q
        return out


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
    """Cost-to-serve of an allocation, for some orders only (one plan of a batch): a shipment
    shared by several orders is charged to each in proportion to its units on it. Lateness is
    what the plan promises: a kit line's every kit as late as its slowest used part source
    (the MILP counts the same, see routing/milp.py ``_kit_lateness``)."""
    nodes = {n.id: n for n in prob.network.nodes}
    keep = set(range(len(prob.orders))) if orders is None else set(orders)
    handling = transport = lateness = penalties = 0.0
    ship_units: dict[tuple[str, str], list[float]] = {}  # key -> [kept units, all units]
    ship_fixed: dict[tuple[str, str], float] = {}
    supply_units: dict[tuple[str, str], list[float]] = {}
    supply_fixed: dict[tuple[str, str], float] = {}
    per_order: dict[int, set[tuple[str, str]]] = {}
    for i, q in alloc.x.items():
        if q <= 1e-9:
            continue
        o = prob.options[i]
        k = prob.demands[o.demand].order
        share = ship_units.setdefault(o.shipment, [0.0, 0.0])
        share[1] += q
        ship_fixed[o.shipment] = o.per_shipment
        if k not in keep:
            continue
        share[0] += q
        per_order.setdefault(k, set()).add(o.shipment)
        rules = prob.orders[k].rules
        handling += q * o.handling_unit
        transport += q * o.transport_unit
        penalties += q * o.unit_penalty
        if o.kept:  # more than an earlier plan had here is a change too
            penalties += max(0.0, q - o.kept) * prob.demands[o.demand].stability
        # a kit line is promised whole on its slowest used source's date (routing/compose.py)
        late = kit_late_days(prob, alloc, i) if o.mode == "assemble" else o.late_days
        lateness += q * late * rules.lateness_cost_per_unit_day
    for (oi, ci, si), q in alloc.y.items():
        o = prob.options[oi]
        src = o.components[ci][2][si]
        kept = prob.demands[o.demand].order in keep
        if q <= 1e-9:
            continue
        if src.node != o.node:
            share = supply_units.setdefault((src.node, o.node), [0.0, 0.0])
            share[1] += q
            share[0] += q if kept else 0.0
            supply_fixed[(src.node, o.node)] = src.per_shipment
        if kept and src.kept is not None:  # parts not sent from here before
            penalties += max(0.0, q - src.kept) * prob.demands[o.demand].stability
        if kept:
            h = nodes[src.node].handling.per_unit
            handling += q * h
            transport += q * (src.unit_cost - h)
    for units, fixed in ((ship_units, ship_fixed), (supply_units, supply_fixed)):
        for key, (mine, total) in units.items():
            if mine <= 1e-9:
                continue
            part = mine / total
            h = nodes[key[0]].handling.per_shipment
            handling += part * h
            transport += part * (fixed[key] - h)
    extra = sum(
        max(0, len(keys) - 1) * prob.orders[k].rules.cost_per_extra_shipment
        for k, keys in per_order.items()
    )
    filled = alloc.filled_all(prob)
    for di, d in enumerate(prob.demands):
        if d.order in keep and not d.unmatched:
            short = max(0.0, d.qty - filled[di])
            penalties += short * d.penalty
            penalties += max(0.0, short - (d.qty - d.promised)) * d.stability
    shipments = sum(1 for mine, _ in ship_units.values() if mine > 1e-9)
    supplies = sum(1 for mine, _ in supply_units.values() if mine > 1e-9)
    return Score(handling, transport, extra, lateness, penalties, shipments, supplies)
