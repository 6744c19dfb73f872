"""Greedy planners: the always-feasible fallback and the nearest-node-with-stock baseline."""

from __future__ import annotations

import math
from collections.abc import Callable

from routing.allocation import Allocation, score
from routing.problem import Option, Problem

EPS = 1e-9


class _State:
    """What is left while allocating: stock, capacity, shipments opened, nodes per order."""

    def __init__(self, prob: Problem) -> None:
        self.prob = prob
        self.stock = dict(prob.stock)
        self.lines = dict(prob.cap_lines)
        self.units = dict(prob.cap_units)
        self.open: set[tuple[str, str]] = set()
        self.nodes_of: dict[int, set[str]] = {}

    def room(self, node: str) -> float:
        return self.units.get(node, 0.0) if self.lines.get(node, 0) > 0 else 0.0

    def take(self, node: str, sku: str, qty: float) -> None:
        self.stock[(node, sku)] = self.stock.get((node, sku), 0.0) - qty
        self.units[node] -= qty
        self.lines[node] -= 1


def _round(prob: Problem, qty: float) -> float:
    return math.floor(qty + EPS) if prob.integral else qty


def _kit_max(st: _State, opt: Option, want: float) -> float:
    kits = min(want, st.room(opt.node))
    for _, per_kit, sources in opt.components:
        have = sum(min(st.stock.get((s.node, s.sku), 0.0), st.room(s.node)) for s in sources)
        kits = min(kits, have / per_kit)
    return _round(st.prob, max(0.0, kits))


def _parts(st: _State, opt: Option, kits: float) -> list[tuple[int, int, float]] | None:
    """Every part for ``kits`` kits, cheapest sources first, or None if some part runs short
    (stock, or a source's lines and units, which each part it sends uses up)."""
    stock: dict[tuple[str, str], float] = {}
    lines: dict[str, int] = {}
    units: dict[str, float] = {}
    takes = []
    for ci, (_, per_kit, sources) in enumerate(opt.components):
        need = kits * per_kit
        for si in sorted(range(len(sources)), key=lambda s: sources[s].unit_cost):
            s = sources[si]
            left = stock.get((s.node, s.sku), st.stock.get((s.node, s.sku), 0.0))
            room = units.get(s.node, st.units.get(s.node, 0.0))
            if lines.get(s.node, st.lines.get(s.node, 0)) <= 0:
                room = 0.0
            got = min(need, left, room)
            if got > EPS:
                takes.append((ci, si, got))
                stock[(s.node, s.sku)] = left - got
                units[s.node] = room - got
                lines[s.node] = lines.get(s.node, st.lines.get(s.node, 0)) - 1
                need -= got
            if need <= EPS:
                break
        if need > EPS:
            return None
    return takes


def _most_kits(
    st: _State, opt: Option, most: float
) -> tuple[float, list[tuple[int, int, float]] | None]:
    """``most`` kits if every part can be sent, else the most whole kits that can (a source's
    lines can run out before its parts do; fewer kits never need more of them)."""
    takes = _parts(st, opt, most) if most > EPS else None
    if takes is not None:
        return most, takes
    lo, hi, best = 0, math.ceil(most - EPS), None
    while hi - lo > 1:
        mid = (lo + hi) // 2
        found = _parts(st, opt, float(mid))
        if found is None:
            hi = mid
        else:
            lo, best = mid, found
    return float(lo), best


def _take_option(st: _State, alloc: Allocation, i: int, want: float) -> float:
    prob, opt = st.prob, st.prob.options[i]
    if opt.mode == "assemble":
        qty, takes = _most_kits(st, opt, _kit_max(st, opt, want))
        if takes is None:
            return 0.0
        for ci, si, got in takes:
            s = opt.components[ci][2][si]
            alloc.y[(i, ci, si)] = alloc.y.get((i, ci, si), 0.0) + got
            st.take(s.node, s.sku, got)
        st.units[opt.node] -= qty
        st.lines[opt.node] -= 1
    else:
        qty = _round(prob, min(want, st.stock.get((opt.node, opt.sku), 0.0), st.room(opt.node)))
        if qty <= EPS:
            return 0.0
        st.take(opt.node, opt.sku, qty)
    alloc.x[i] = alloc.x.get(i, 0.0) + qty
    st.open.add(opt.shipment)
    st.nodes_of.setdefault(prob.demands[opt.demand].order, set()).add(opt.node)
    return qty


def allocate(
    prob: Problem,
    key: Callable[[_State, int], float],
    only_node: str | None = None,
    orders: list[int] | None = None,
    st: _State | None = None,
) -> Allocation:
    """Line by line, take from options in ``key`` order until the line is filled."""
    st = st or _State(prob)
    alloc = Allocation()
    for di, d in enumerate(prob.demands):
        if orders is not None and d.order not in orders:
            continue
        rules = prob.orders[d.order].rules
        remaining = d.qty
        for i in sorted(prob.options_of(di), key=lambda i: key(st, i)):
            opt = prob.options[i]
            if only_node is not None and opt.node != only_node:
                continue
            used = st.nodes_of.get(d.order, set())
            if (
                rules.max_splits is not None
                and opt.node not in used
                and len(used) >= rules.max_splits + 1
            ):
                continue
            remaining -= _take_option(st, alloc, i, remaining)
            if remaining <= EPS:
                break
    return alloc


def cheapest_key(st: _State, i: int) -> float:
    """Per-unit cost, with the shipment's fixed cost spread over the line if not yet open."""
    prob, o = st.prob, st.prob.options[i]
    d = prob.demands[o.demand]
    rules = prob.orders[d.order].rules
    fixed = (
        0.0 if o.shipment in st.open else o.per_shipment + prob.shipment_extra.get(o.shipment, 0.0)
    )
    unit = o.unit_cost + o.unit_penalty + o.late_days * rules.lateness_cost_per_unit_day
    for _, per_kit, sources in o.components:
        unit += per_kit * min(s.unit_cost for s in sources)
    return unit + fixed / max(d.qty, 1.0)


def nearest_key(st: _State, i: int) -> float:
    return st.prob.options[i].distance_km


def _complete(prob: Problem, alloc: Allocation, order: int) -> bool:
    return all(
        alloc.filled(prob, di) >= d.qty - EPS
        for di, d in enumerate(prob.demands)
        if d.order == order
    )


def greedy(prob: Problem) -> Allocation:
    """Always feasible: ship-complete orders try each single node, the rest go line by line."""
    st = _State(prob)
    total = Allocation()
    for k, inp in enumerate(prob.orders):
        if inp.rules.ship_complete:
            best: Allocation | None = None
            for node in {o.node for o in prob.options if prob.demands[o.demand].order == k}:
                trial = _State(prob)
                trial.stock, trial.lines, trial.units = (
                    dict(st.stock),
                    dict(st.lines),
                    dict(st.units),
                )
                cand = allocate(prob, cheapest_key, only_node=node, orders=[k], st=trial)
                if _complete(prob, cand, k) and (
                    best is None
                    or score(prob, cand, [k]).objective < score(prob, best, [k]).objective
                ):
                    best = cand
            if best is None:
                continue
            alloc = best
            for i, q in alloc.x.items():
                o = prob.options[i]
                if o.mode != "assemble":
                    st.take(o.node, o.sku, q)
                else:
                    st.units[o.node] -= q
                    st.lines[o.node] -= 1
            for (oi, ci, si), q in alloc.y.items():
                s = prob.options[oi].components[ci][2][si]
                st.take(s.node, s.sku, q)
            st.open |= {prob.options[i].shipment for i in alloc.x}
        else:
            alloc = allocate(prob, cheapest_key, orders=[k], st=st)
        total.x.update(alloc.x)
        total.y.update(alloc.y)
    return total


def nearest(prob: Problem) -> Allocation:
    """The benchmark's baseline: each line from the nearest node that has stock, in turn."""
    return allocate(prob, nearest_key)
