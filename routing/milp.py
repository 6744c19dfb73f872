"""The optimal planner: one mixed-integer programme over all lines, solved by HiGHS.

Minimises handling + transport + per-shipment + lateness cost (plus the rules' steering
weights and a penalty per unfilled unit) under stock, daily capacity, split limits and
ship-complete. Kits: component flows to the assembler live in the same model, and a kit
line costs the lateness it is promised (routing/allocation.py ``score``). The caller
compares the answer with the greedy allocation and keeps the better one. (No MIP start is
passed: HiGHS 1.16 with presolve reported a wrong objective for a given start solution.)
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace

from routing import highs
from routing.allocation import Allocation
from routing.problem import Problem
from routing.prune import (
    dominated,
    dominated_assemblies,
    dominated_sources,
    feeds,
    most,
    slack,
    source_most,
)
from routing.rules import CustomerRules

INF = highs.INF
FRACTION = 1e-6  # further from an integer than this, a unit count is fractional


@dataclass
class _Model:
    cost: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    units: list[int] = field(default_factory=list)  # quantity columns (x and y)
    start: list[int] = field(default_factory=lambda: [0])
    index: list[int] = field(default_factory=list)
    value: list[float] = field(default_factory=list)
    row_lo: list[float] = field(default_factory=list)
    row_hi: list[float] = field(default_factory=list)

    def col(self, cost: float, lo: float, hi: float, integer: bool) -> int:
        self.cost.append(cost)
        self.lower.append(lo)
        self.upper.append(hi)
        self.integer.append(integer)
        return len(self.cost) - 1

    def units_col(self, cost: float, hi: float) -> int:
        """Units moved: continuous in the model, integral in the answer (see solve)."""
        self.units.append(self.col(cost, 0, hi, False))
        return self.units[-1]

    def row(self, terms: list[tuple[int, float]], lo: float, hi: float) -> None:
        for j, a in terms:
            self.index.append(j)
            self.value.append(a)
        self.start.append(len(self.index))
        self.row_lo.append(lo)
        self.row_hi.append(hi)


@dataclass
class _Cols:
    x: dict[int, int] = field(default_factory=dict)
    v: dict[int, int] = field(default_factory=dict)
    u: dict[int, int] = field(default_factory=dict)
    z: dict[tuple[str, str], int] = field(default_factory=dict)
    y: dict[tuple[int, int, int], int] = field(default_factory=dict)
    b: dict[tuple[int, int, int], int] = field(default_factory=dict)
    w: dict[tuple[str, str], int] = field(default_factory=dict)
    k: dict[int, int] = field(default_factory=dict)
    use: dict[tuple[int, str], int] = field(default_factory=dict)
    fill: dict[int, int] = field(default_factory=dict)
    u_kept: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class MilpResult:
    allocation: Allocation | None
    status: str  # optimal, time limit, infeasible, error...
    objective: float | None


def _ship_costs(prob: Problem) -> dict[tuple[str, str], float]:
    """Fixed cost of each shipment: handling and freight base, plus the rules' extra charge."""
    out: dict[tuple[str, str], float] = {}
    for o in prob.options:
        if o.shipment not in out:
            out[o.shipment] = o.per_shipment + prob.shipment_extra.get(o.shipment, 0.0)
    return out


def _build(prob: Problem, prune: bool = True) -> tuple[_Model, _Cols]:
    m, c = _Model(), _Cols()
    tops = [most(prob, i) for i in range(len(prob.options))]
    sl = slack(prob, tops)
    unit = []
    for o in prob.options:
        rate = prob.orders[prob.demands[o.demand].order].rules.lateness_cost_per_unit_day
        late = 0.0 if o.mode == "assemble" else o.late_days * rate
        unit.append(o.unit_cost + o.unit_penalty + late)
    ship_cost = _ship_costs(prob)
    dropped = set()
    if prune:
        dropped = dominated(prob, tops, unit, ship_cost, sl)
        dropped |= dominated_assemblies(prob, tops, unit, ship_cost, sl)
    beaten = dominated_sources(prob, sl) if prune else set()
    live = [i for i, o in enumerate(prob.options) if o.shipment not in dropped]
    fed = feeds(prob, live, beaten)
    loose = {n for n in sl.line_need if sl.lines_loose(prob, n)}
    stock_terms: dict[tuple[str, str], list[tuple[int, float]]] = {}
    unit_terms: dict[str, list[tuple[int, float]]] = {}
    line_terms: dict[str, list[tuple[int, float]]] = {}
    for key in dict.fromkeys(prob.options[i].shipment for i in live):
        c.z[key] = m.col(ship_cost[key], 0, 1, True)
    owners: dict[tuple[str, str], set[int]] = {}  # shipment -> the orders with goods on it
    for i in live:
        o = prob.options[i]
        owners.setdefault(o.shipment, set()).add(prob.demands[o.demand].order)
    for di, d in enumerate(prob.demands):
        if d.unmatched:
            continue
        c.u[di] = m.col(d.penalty, 0, d.qty - d.promised, False)
        if d.promised:  # units filled before: leaving them unfilled also costs stability
            c.u_kept[di] = m.col(d.penalty + d.stability, 0, d.promised, False)
    for i in live:
        o = prob.options[i]
        d = prob.demands[o.demand]
        rules = prob.orders[d.order].rules
        c.x[i] = m.units_col(unit[i], tops[i])
        if o.node in loose and (owners[o.shipment] == {d.order} or _unlimited(rules)):
            # the node's line capacity cannot bind: the shipment flag will do. Not where the
            # shipment is shared and the order limits its nodes: another order's use of the
            # shipment must not count as this one's (a batch to one address)
            c.v[i] = c.z[o.shipment]
        else:
            c.v[i] = m.col(0.0, 0, 1, True)
            m.row([(c.v[i], 1.0), (c.z[o.shipment], -1.0)], -INF, 0)
            if o.node not in loose:
                line_terms.setdefault(o.node, []).append((c.v[i], 1.0))
        m.row([(c.x[i], 1.0), (c.v[i], -tops[i])], -INF, 0)
        if o.kept and d.stability:  # more than an earlier plan had here is a change too
            _beyond(m, c.x[i], o.kept, d.stability)
        unit_terms.setdefault(o.node, []).append((c.x[i], 1.0))
        if o.mode != "assemble":
            stock_terms.setdefault((o.node, o.sku), []).append((c.x[i], 1.0))
            continue
        c.k[i] = m.col(rules.lateness_cost_per_unit_day, 0, INF, False)
        for ci, (_, per_kit, sources) in enumerate(o.components):
            flow = [(c.x[i], -per_kit)]
            for si, s in enumerate(sources):
                if (s.node, o.node) in beaten:
                    continue
                key = (i, ci, si)
                top = source_most(prob, i, ci, si)
                c.y[key] = m.units_col(s.unit_cost, top)
                flow.append((c.y[key], 1.0))
                if s.kept is not None and d.stability:  # parts not sent from here before
                    _beyond(m, c.y[key], s.kept, d.stability)
                if s.node != o.node:  # an inbound shipment to the assembler
                    if (s.node, o.node) not in c.w:
                        c.w[(s.node, o.node)] = m.col(s.per_shipment, 0, 1, True)
                    m.row([(c.y[key], 1.0), (c.w[(s.node, o.node)], -top)], -INF, 0)
                if s.node not in loose:  # the source's line capacity may bind
                    c.b[key] = m.col(0.0, 0, 1, True)
                    m.row([(c.y[key], 1.0), (c.b[key], -top)], -INF, 0)
                    line_terms.setdefault(s.node, []).append((c.b[key], 1.0))
                stock_terms.setdefault((s.node, s.sku), []).append((c.y[key], 1.0))
                unit_terms.setdefault(s.node, []).append((c.y[key], 1.0))
            m.row(flow, 0, 0)
        _kit_lateness(m, c, prob, i, tops[i], fed)
    # rows that cannot bind (every column at its bound still fits) are left to the bounds
    for key, terms in stock_terms.items():
        if not sl.stock_loose(prob, key):
            m.row(terms, -INF, prob.stock.get(key, 0.0))
    for node, terms in unit_terms.items():
        if not sl.units_loose(prob, node):
            m.row(terms, -INF, prob.cap_units.get(node, 0.0))
    for node, terms in line_terms.items():
        m.row(terms, -INF, float(prob.cap_lines.get(node, 0)))
    for k, inp in enumerate(prob.orders):
        rules = inp.rules
        mine = [c.z[s] for s, ks in owners.items() if k in ks]
        if rules.cost_per_extra_shipment and mine:
            # every shipment is charged the extra one's cost: give the order's first back
            # (at most 1, and at most its shipments: 1 as soon as it ships at all)
            first = m.col(-rules.cost_per_extra_shipment, 0, 1, False)
            m.row([(first, 1.0), *((z, -1.0) for z in mine)], -INF, 0)
        if rules.ship_complete:
            c.fill[k] = m.col(0.0, 0, 1, True)
        limit = 0 if rules.ship_complete else rules.max_splits
        if limit is None:
            continue
        for i in live:
            o = prob.options[i]
            if prob.demands[o.demand].order == k:
                if (k, o.node) not in c.use:
                    solo = owners[o.shipment] == {k}
                    c.use[(k, o.node)] = c.z[o.shipment] if solo else m.col(0.0, 0, 1, True)
                if c.v[i] != c.use[(k, o.node)]:
                    m.row([(c.v[i], 1.0), (c.use[(k, o.node)], -1.0)], -INF, 0)
        terms = [(j, 1.0) for (kk, _), j in c.use.items() if kk == k]
        if terms:
            m.row(terms, -INF, float(limit + 1))
    for di, d in enumerate(prob.demands):
        if d.unmatched:
            continue
        xs = [(c.x[i], 1.0) for i in prob.options_of(di) if i in c.x]
        if d.order in c.fill:
            f = c.fill[d.order]
            m.row([*xs, (f, -d.qty)], 0, 0)
            m.row([*_unfilled(c, di), (f, d.qty)], d.qty, d.qty)
        else:
            m.row([*xs, *_unfilled(c, di)], d.qty, d.qty)
    return m, c


def _unlimited(rules: CustomerRules) -> bool:
    """No limit on the nodes an order uses (neither ship-complete nor a split limit)."""
    return not rules.ship_complete and rules.max_splits is None


def _kit_lateness(
    m: _Model, c: _Cols, prob: Problem, i: int, top: float, fed: dict[tuple[str, str], int]
) -> None:
    """Make ``c.k[i]`` (kit-unit-days late) at least what the plan will promise: every kit of
    the line as late as the slowest part source used (routing/allocation.py ``score``).

    Per part and delay: the kits fed from sources at least that late, times the delay. That
    is exact when each part comes from sources of one delay, and tight in the relaxation. A
    source that can be slower than some part's quickest one also gets a flag (the inbound
    shipment's own where only this line draws on it) that, once set, makes every kit as late.
    A kit can be no earlier than its slowest part's quickest source: that bound needs no flag."""
    o = prob.options[i]
    k = c.k[i]
    used: dict[str, list[int]] = {}  # source node -> its columns (same node, same arrival)
    delay: dict[str, int] = {}
    floor = 0  # every kit is at least this late: each part's quickest source is
    for ci, (_, per_kit, sources) in enumerate(o.components):
        mine = [(si, s) for si, s in enumerate(sources) if (i, ci, si) in c.y]
        if not mine:
            continue
        floor = max(floor, min(s.late_days for _, s in mine))
        for level in sorted({s.late_days for _, s in mine if s.late_days}):
            late = [(c.y[(i, ci, si)], -level / per_kit) for si, s in mine if s.late_days >= level]
            m.row([(k, 1.0), *late], 0, INF)
        for si, s in mine:
            used.setdefault(s.node, []).append(c.y[(i, ci, si)])
            delay[s.node] = s.late_days
    for node, cols in used.items():
        late = delay[node]
        if late <= floor:  # the rows above count it already
            continue
        if fed.get((node, o.node)) == 1 and (node, o.node) in c.w:
            flag = c.w[(node, o.node)]
        else:
            flag = m.col(0.0, 0, 1, True)
            for j in cols:
                m.row([(j, 1.0), (flag, -m.upper[j])], -INF, 0)
        # k >= late * x - (late - floor) * top * (1 - flag), and k >= floor * x holds anyway
        big = (late - floor) * top
        m.row([(k, 1.0), (c.x[i], -late), (flag, -big)], -big, INF)


def _beyond(m: _Model, col: int, kept: float, cost: float) -> None:
    """Charge ``cost`` per unit of ``col`` above ``kept`` (what an earlier plan had there)."""
    more = m.col(cost, 0, INF, False)
    m.row([(col, 1.0), (more, -1.0)], -INF, kept)


def _unfilled(c: _Cols, di: int) -> list[tuple[int, float]]:
    return [(c.u[di], 1.0)] + ([(c.u_kept[di], 1.0)] if di in c.u_kept else [])


def solve(
    prob: Problem,
    time_limit_s: float,
    options: dict[str, object] | None = None,
    *,
    prune: bool = True,
    relax_units: bool = True,
) -> MilpResult:
    """Solve to optimality (relative gap 1e-6) within the time limit. ``prune=False`` keeps
    dominated shipments in the model and ``relax_units=False`` makes units integer from the
    start: the plain model, which tests compare with the fast one.

    Units are continuous at first: once the shipment flags are fixed, what is left is a flow
    problem whose corners are integral, so the answer nearly always is, and an integral
    answer of the relaxed model is optimal for the integer one too. Only if some units
    come out fractional is the model solved again with integer units (in the time left).
    Measured on 20-line orders: p99 10.5 ms -> 8.2 ms, the same optima."""
    if not prob.options:
        return MilpResult(Allocation(), "optimal", None)
    started = time.perf_counter()
    m, c = _build(prob, prune)
    whole = prob.integral and not relax_units
    result, values = _run(prob, m, c, time_limit_s, options, integer_units=whole)
    if prob.integral and not whole and values is not None and _fractional(values, m.units):
        left = time_limit_s - (time.perf_counter() - started)
        if result.status == "optimal":
            m = _settled(m, values)
        result, _ = _run(prob, m, c, left, options, integer_units=True)
    return result


def _fractional(values: list[float], units: list[int]) -> bool:
    return any(abs(values[j] - round(values[j])) > FRACTION for j in units)


def _settled(m: _Model, values: list[float]) -> _Model:
    """The model with every column fixed at its optimal value but those of the parts that
    share no row with anything else (say, a kit line's sourcing) and came out fractional:
    such a part is a problem of its own, so the rest of an optimum stays optimal, and only
    the fractional parts need solving again with integer units."""
    root = list(range(len(m.cost)))

    def find(j: int) -> int:
        while root[j] != j:
            root[j] = root[root[j]]
            j = root[j]
        return j

    for r in range(len(m.row_lo)):
        cols = m.index[m.start[r] : m.start[r + 1]]
        for j in cols[1:]:
            root[find(j)] = find(cols[0])
    loose = {find(j) for j in m.units if abs(values[j] - round(values[j])) > FRACTION}
    lower, upper, units = list(m.lower), list(m.upper), set(m.units)
    for j, v in enumerate(values):
        if find(j) not in loose:
            lower[j] = upper[j] = round(v) if m.integer[j] or j in units else v
    return replace(m, lower=lower, upper=upper)


def _run(
    prob: Problem,
    m: _Model,
    c: _Cols,
    time_limit_s: float,
    options: dict[str, object] | None,
    *,
    integer_units: bool,
) -> tuple[MilpResult, list[float] | None]:
    integer = list(m.integer)
    if integer_units:
        for j in m.units:
            integer[j] = True
    h = highs.solver(time_limit_s)
    h.setOptionValue("mip_rel_gap", 1e-6)
    h.setOptionValue("mip_detect_symmetry", False)
    # Restarts re-presolve a model of a few dozen rows for little gain: the slowest 20-line
    # orders took 15-18 ms with them, 10-11 ms without (same optima).
    h.setOptionValue("mip_allow_restart", False)
    # Presolve finds next to nothing on these models (order 72 of the tiered benchmark: "Not
    # reduced") and costs its time on each. Off, measured against on in the same runs: tiered
    # 20-line orders p99 23.6 -> 21.7 ms, plan-time sum -1.7 %; sparse unchanged; tiered batch
    # waves of 10 orders 13.6 -> 11.0 s in all. Same optima throughout.
    h.setOptionValue("presolve", "off")
    # Primal heuristics cost more than they find on models this small: rounding the root LP
    # finds the incumbents (measured: p50 15 ms -> 4 ms, same optima; on the tiered world
    # RENS, RINS and feasibility jump each still cost more than they saved).
    for heuristic in (
        "feasibility_jump",
        "rins",
        "rens",
        "root_reduced_cost",
        "zi_round",
        "shifting",
    ):
        h.setOptionValue(f"mip_heuristic_run_{heuristic}", False)
    for key, value in (options or {}).items():
        h.setOptionValue(key, value)
    model = ((m.lower, m.upper), (m.start, m.index, m.value), (m.row_lo, m.row_hi))
    if not highs.load(h, m.cost, *model, integer):
        return MilpResult(None, "model rejected", None), None
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    if not highs.has_solution(h):
        return MilpResult(None, h.modelStatusToString(status).lower(), None), None
    values = list(h.getSolution().col_value)
    alloc = Allocation()
    for i, j in c.x.items():
        q = round(values[j]) if prob.integral else values[j]
        if q > 1e-7:
            alloc.x[i] = float(q)
    for key, j in c.y.items():
        q = round(values[j]) if prob.integral else values[j]
        if q > 1e-7:
            alloc.y[key] = float(q)
    label = "optimal" if highs.optimal(h) else h.modelStatusToString(status).lower()
    actual = math.fsum(a * b for a, b in zip(m.cost, values, strict=True))
    if abs(actual - info.objective_function_value) > 1e-6 * max(1.0, abs(actual)):
        label = "feasible (solver objective did not match its solution)"
    return MilpResult(alloc, label, actual), values
