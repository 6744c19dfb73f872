"""What the MILP can leave out without changing its optimum: rows that cannot bind, and
shipments another shipment beats on every line they could carry.

Fewer rows and binaries shorten presolve and branching; the optimum objective is unchanged
(tests compare the pruned and unpruned models on generated worlds).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from routing.problem import Problem

EPS = 1e-9
Key = tuple[str, str]


@dataclass
class Slack:
    """Most units each stock row and node could ever be asked for, against what it has."""

    stock_need: dict[Key, float] = field(default_factory=dict)
    unit_need: dict[str, float] = field(default_factory=dict)
    line_need: dict[str, int] = field(default_factory=dict)

    def stock_loose(self, prob: Problem, key: Key) -> bool:
        return self.stock_need.get(key, 0.0) <= prob.stock.get(key, 0.0) + EPS

    def units_loose(self, prob: Problem, node: str) -> bool:
        return self.unit_need.get(node, 0.0) <= prob.cap_units.get(node, 0.0) + EPS

    def lines_loose(self, prob: Problem, node: str) -> bool:
        return self.line_need.get(node, 0) <= prob.cap_lines.get(node, 0)


def most(prob: Problem, i: int) -> float:
    """The most option ``i`` could ever carry: a tight big-M makes the relaxation strong."""
    o = prob.options[i]
    top = min(prob.demands[o.demand].qty, prob.cap_units.get(o.node, 0.0))
    if o.mode != "assemble":
        return max(0.0, min(top, prob.stock.get((o.node, o.sku), 0.0)))
    for _, per_kit, sources in o.components:
        top = min(top, sum(prob.stock.get((s.node, s.sku), 0.0) for s in sources) / per_kit)
    return max(0.0, top)


def source_most(prob: Problem, i: int, ci: int, si: int) -> float:
    """The most one component source could send for option ``i``."""
    o = prob.options[i]
    _, per_kit, sources = o.components[ci]
    s = sources[si]
    return min(prob.demands[o.demand].qty * per_kit, prob.stock.get((s.node, s.sku), 0.0))


def slack(prob: Problem, tops: list[float]) -> Slack:
    """Sums of column upper bounds per row (``tops``: most() of each option)."""
    sl = Slack()
    for i, o in enumerate(prob.options):
        sl.line_need[o.node] = sl.line_need.get(o.node, 0) + 1
        sl.unit_need[o.node] = sl.unit_need.get(o.node, 0.0) + tops[i]
        if o.mode != "assemble":
            key = (o.node, o.sku)
            sl.stock_need[key] = sl.stock_need.get(key, 0.0) + tops[i]
        for ci, (_, _, sources) in enumerate(o.components):
            for si, s in enumerate(sources):
                q = source_most(prob, i, ci, si)
                sl.line_need[s.node] = sl.line_need.get(s.node, 0) + 1
                sl.unit_need[s.node] = sl.unit_need.get(s.node, 0.0) + q
                key = (s.node, s.sku)
                sl.stock_need[key] = sl.stock_need.get(key, 0.0) + q
    return sl


def dominated(
    prob: Problem,
    tops: list[float],
    unit: list[float],
    ship_cost: dict[Key, float],
    sl: Slack,
) -> set[Key]:
    """Shipments whose every option another shipment ``m`` beats: same line, unit cost
    (``unit``: the x objective coefficient) no higher, fixed cost no higher, and ``m`` able to
    take the whole line whatever else it carries (its stock, unit and line rows cannot bind).
    Moving a solution's units from a dominated shipment to ``m`` never costs more and keeps
    every rule (no order uses more nodes), so some optimum never uses it."""
    by_ship: dict[Key, list[int]] = {}
    for i, o in enumerate(prob.options):
        by_ship.setdefault(o.shipment, []).append(i)
    # per shipment that can absorb: the cheapest whole-line option for each demand
    absorb: dict[Key, dict[int, float]] = {}
    for key, opts in by_ship.items():
        node = key[0]
        if not (sl.units_loose(prob, node) and sl.lines_loose(prob, node)):
            continue
        best: dict[int, float] = {}
        for i in opts:
            o = prob.options[i]
            d = prob.demands[o.demand]
            if o.mode == "assemble" or tops[i] < d.qty - EPS:
                continue
            if not sl.stock_loose(prob, (o.node, o.sku)):
                continue
            best[o.demand] = min(best.get(o.demand, unit[i]), unit[i])
        if best:
            absorb[key] = best
    takers: dict[int, list[Key]] = {}  # demand -> shipments that can absorb it
    for key, best in absorb.items():
        for demand in best:
            takers.setdefault(demand, []).append(key)
    dropped: set[Key] = set()
    for key in sorted(by_ship, key=lambda k: -ship_cost[k]):
        mine = by_ship[key]
        first = prob.options[mine[0]].demand
        for other in takers.get(first, []):
            if other == key or other in dropped or ship_cost[other] > ship_cost[key] + EPS:
                continue
            best = absorb[other]
            if all(
                prob.options[i].demand in best and best[prob.options[i].demand] <= unit[i] + EPS
                for i in mine
            ):
                dropped.add(key)
                break
    return dropped
