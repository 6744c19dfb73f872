"""What the MILP can leave out without changing its optimum: rows that cannot bind, and
shipments another shipment beats on every line they could carry.

Fewer rows and binaries shorten presolve and branching; the optimum objective is unchanged
(tests compare the pruned and unpruned models on generated worlds).
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass, field

from routing.problem import Option, Problem, Source

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
    """The most each row could be asked for: the sum of its columns' upper bounds (``tops``:
    most() of each option), except that one demand never takes more than its quantity (times
    the parts per kit) from one node, however many options reach it there; each assembler's
    kit option draws on the same component stock, so summing them would count it thrice."""
    sl = Slack()
    # (node, sku, demand, part) -> what those columns could take; part -1 is the line itself
    stock: dict[tuple[str, str, int, int], float] = {}
    units: dict[tuple[str, int, int], float] = {}
    whole: dict[tuple[int, int], float] = {}  # (demand, part) -> the most it ever needs

    def add(node: str, sku: str | None, demand: int, part: int, q: float) -> None:
        units[(node, demand, part)] = units.get((node, demand, part), 0.0) + q
        if sku is not None:
            key = (node, sku, demand, part)
            stock[key] = stock.get(key, 0.0) + q

    for i, o in enumerate(prob.options):
        qty = prob.demands[o.demand].qty
        whole[(o.demand, -1)] = qty
        sl.line_need[o.node] = sl.line_need.get(o.node, 0) + 1
        add(o.node, None if o.mode == "assemble" else o.sku, o.demand, -1, tops[i])
        for ci, (_, per_kit, sources) in enumerate(o.components):
            whole[(o.demand, ci)] = qty * per_kit
            for si, s in enumerate(sources):
                sl.line_need[s.node] = sl.line_need.get(s.node, 0) + 1
                add(s.node, s.sku, o.demand, ci, source_most(prob, i, ci, si))
    for (node, sku, demand, part), q in stock.items():
        need = min(q, whole[(demand, part)])
        sl.stock_need[(node, sku)] = sl.stock_need.get((node, sku), 0.0) + need
    for (node, demand, part), q in units.items():
        sl.unit_need[node] = sl.unit_need.get(node, 0.0) + min(q, whole[(demand, part)])
    return sl


def dominated(
    prob: Problem,
    tops: list[float],
    unit: list[float],
    ship_cost: dict[Key, float],
    sl: Slack,
) -> set[Key]:
    """Shipments ``t`` another shipment ``m`` beats: ``m`` can take each line ``t`` could carry
    whole, whatever else it carries (its stock, unit and line rows cannot bind), and its fixed
    cost plus what it would charge more per unit (``unit``: the x objective coefficient) on
    all of ``t``'s lines is no more than ``t``'s fixed cost. Moving a solution's units from
    ``t`` to ``m`` then never costs more and keeps every rule (no order uses more nodes), so
    some optimum never uses ``t``. On the tiered benchmark world's 20-line orders this
    leaves out a fifth more shipments than asking ``m`` to be no dearer on every count did
    (solve p99 18.5 -> 16.5 ms, the same optima)."""
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
            # re-planning: what it takes beyond what it had before costs stability too
            cost = unit[i] + (d.stability if o.kept else 0.0)
            best[o.demand] = min(best.get(o.demand, cost), cost)
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
            if not all(prob.options[i].demand in best for i in mine):
                continue
            dearer = sum(
                min(tops[i], prob.demands[prob.options[i].demand].qty)
                * max(0.0, best[prob.options[i].demand] - unit[i])
                for i in mine
            )
            if ship_cost[other] + dearer <= ship_cost[key] + EPS:
                dropped.add(key)
                break
    return dropped


def _restable(prob: Problem, i: int, s: Source) -> float:
    """Re-planning: parts beyond what a source sent before cost stability."""
    return 0.0 if s.kept is None else prob.demands[prob.options[i].demand].stability


def dominated_sources(prob: Problem, sl: Slack) -> set[Key]:
    """Inbound shipments (source node, assembler) another source node ``m`` beats: ``m`` can
    send the whole need of every component they could send there (its stock, unit and line
    rows cannot bind), and its inbound shipment's cost plus the most it could add on all
    those parts (dearer units, and every kit of each line they feed made later by as much as
    ``m`` is later) is no more than theirs. Moving all of a beaten node's parts to ``m`` never costs more, so some optimum
    never uses it (the w, y and b columns it would add)."""
    sends: dict[Key, list[tuple[int, int, int]]] = {}  # (source, assembler) -> its sources
    ship: dict[Key, float] = {}
    # (option, part) -> node -> its sources that can always send the part's whole need
    whole: dict[tuple[int, int], dict[str, list[int]]] = {}
    for i, o in enumerate(prob.options):
        for ci, (_, _, sources) in enumerate(o.components):
            fits = whole.setdefault((i, ci), {})
            for si, s in enumerate(sources):
                if s.node != o.node:  # an assembler's own stock needs no inbound shipment
                    sends.setdefault((s.node, o.node), []).append((i, ci, si))
                    ship[(s.node, o.node)] = s.per_shipment
                if _whole(prob, sl, i, ci, si):
                    fits.setdefault(s.node, []).append(si)

    def dearer(i: int, ci: int, si: int, by: str) -> tuple[float, int] | None:
        """What sending this part from ``by`` instead costs more per unit at most, and ``by``'s
        delay for the kits (None: it cannot)."""
        there = whole[(i, ci)].get(by)
        if not there:
            return None
        sources = prob.options[i].components[ci][2]
        mine, moved = sources[si], source_most(prob, i, ci, si)
        extra = min(
            max(0.0, sources[sj].unit_cost + _restable(prob, i, sources[sj]) - mine.unit_cost)
            for sj in there
        )
        return moved * extra, sources[there[0]].late_days

    into: dict[str, list[Key]] = {}  # assembler -> its inbound shipments
    for key in sends:
        into.setdefault(key[1], []).append(key)
    dropped: set[Key] = set()
    for key in sorted(sends, key=lambda k: -ship[k]):
        for other in into[key[1]]:
            if (
                other == key
                or other in dropped
                or ship[other] > ship[key] + EPS
                or not _roomy(prob, sl, other[0])
            ):
                continue
            extra = 0.0  # parts' extra cost are never negative: stop once past the saving
            later: set[int] = set()  # kit lines already charged for ``other``'s delay
            for i, ci, si in sends[key]:
                e = dearer(i, ci, si, other[0])
                if e is None:
                    break
                extra += e[0]
                if i not in later:
                    later.add(i)
                    extra += _lateness_added(prob, i, prob.options[i].components[ci][2][si], e[1])
                if ship[other] + extra > ship[key] + EPS:
                    break
            else:
                dropped.add(key)
                break
    return dropped


def _lateness_added(prob: Problem, i: int, mine: Source, late: int) -> float:
    """A kit line is as late as its slowest used part source: moving the parts ``mine``'s node
    sends to a node ``late`` days late makes every kit at most that much later than ``mine``
    already did, and never later where ``late`` is no more than ``mine``'s delay."""
    d = prob.demands[prob.options[i].demand]
    rate = prob.orders[d.order].rules.lateness_cost_per_unit_day
    return rate * d.qty * max(0, late - mine.late_days)


def dominated_assemblies(
    prob: Problem, tops: list[float], unit: list[float], ship_cost: dict[Key, float], sl: Slack
) -> set[Key]:
    """Kit shipments from an assembler ``a`` that another assembler ``b`` of the same line
    beats: ``b`` can make every kit of the line from parts it can always get (each part from
    one source holding the whole need; its own and those sources' rows cannot bind), and for
    any number of kits ``t`` what ``b`` would cost at most (its shipments, and per kit its
    price, the parts' and the slowest source's delay) is no more than what ``a`` costs at
    least. Moving all of ``a``'s kits to ``b`` then never costs more and uses no more nodes,
    so some optimum never assembles at ``a``, and its inbound shipments leave the model too.
    Both bounds are linear in ``t``, so checking the fixed part and ``t`` = the line's
    quantity covers every ``t`` in between."""
    carried: dict[Key, int] = {}  # shipment -> options riding it
    at: dict[tuple[int, str], int] = {}  # (order, node) -> its options there, for max splits
    kits: dict[int, list[int]] = {}
    for i, o in enumerate(prob.options):
        carried[o.shipment] = carried.get(o.shipment, 0) + 1
        where = (prob.demands[o.demand].order, o.node)
        at[where] = at.get(where, 0) + 1
        if o.mode == "assemble":
            kits.setdefault(o.demand, []).append(i)
    fed = feeds(prob, range(len(prob.options)))
    dropped: set[Key] = set()
    for di, options in kits.items():
        if len(options) < 2:
            continue
        most_cost = {b: c for b in options if (c := _most_cost(prob, b, tops, unit, ship_cost, sl))}
        for a in sorted(options, key=lambda i: -ship_cost[prob.options[i].shipment]):
            o = prob.options[a]
            alone = carried[o.shipment] == 1 and at[(prob.demands[di].order, o.node)] == 1
            if not alone or o.kept or _ever_sourced(o):
                continue  # other lines ride its shipment, or an earlier plan used it
            own = all(fed[(s.node, o.node)] == 1 for s in _sources(o) if s.node != o.node)
            fixed, per_kit = _least_cost(prob, a, unit, ship_cost, own)
            q = prob.demands[di].qty
            for b, (b_fixed, b_per_kit) in most_cost.items():
                if b == a or prob.options[b].shipment in dropped:
                    continue
                if b_fixed <= fixed + EPS and b_fixed + q * b_per_kit <= fixed + q * per_kit + EPS:
                    dropped.add(o.shipment)
                    break
    return dropped


def feeds(prob: Problem, options: Iterable[int], beaten: Set[Key] = frozenset()) -> dict[Key, int]:
    """How many of ``options`` (kit lines) draw parts over each inbound shipment (source,
    assembler), leaving out ``beaten`` ones: a count of 1 means the shipment is that line's own."""
    out: dict[Key, int] = {}
    for i in options:
        o = prob.options[i]
        for n in {s.node for s in _sources(o)}:
            if n != o.node and (n, o.node) not in beaten:
                out[(n, o.node)] = out.get((n, o.node), 0) + 1
    return out


def _sources(o: Option) -> list[Source]:
    return [s for _, _, sources in o.components for s in sources]


def _ever_sourced(o: Option) -> bool:
    return any(s.kept for s in _sources(o))


def _roomy(prob: Problem, sl: Slack, node: str) -> bool:
    return sl.units_loose(prob, node) and sl.lines_loose(prob, node)


def _whole(prob: Problem, sl: Slack, i: int, ci: int, si: int) -> bool:
    """Source ``si`` of part ``ci`` could send the kit line's whole need of that part, whatever
    else is planned (its stock row cannot bind)."""
    o = prob.options[i]
    _, per_kit, sources = o.components[ci]
    s = sources[si]
    need = prob.demands[o.demand].qty * per_kit
    return source_most(prob, i, ci, si) >= need - EPS and sl.stock_loose(prob, (s.node, s.sku))


def _most_cost(
    prob: Problem,
    b: int,
    tops: list[float],
    unit: list[float],
    ship_cost: dict[Key, float],
    sl: Slack,
) -> tuple[float, float] | None:
    """What making ``t`` kits at option ``b`` costs at most, as (fixed, per kit): each part
    from the one source that can always send the whole need and looks cheapest for it;
    None if ``b`` cannot take every kit of the line whatever else is planned."""
    o = prob.options[b]
    d = prob.demands[o.demand]
    if tops[b] < d.qty - EPS or not _roomy(prob, sl, o.node):
        return None
    rate = prob.orders[d.order].rules.lateness_cost_per_unit_day
    per_kit = unit[b] + (d.stability if o.kept else 0.0)
    inbound: dict[str, float] = {}  # source node -> its inbound shipment
    slowest = 0

    def price(s: Source, qty: float) -> float:  # per kit, stability on parts sent before
        return qty * (s.unit_cost + (d.stability if s.kept is not None else 0.0))

    for ci, (_, qty, sources) in enumerate(o.components):
        fits = [
            (s, price(s, qty))
            for si, s in enumerate(sources)
            if _whole(prob, sl, b, ci, si) and _roomy(prob, sl, s.node)
        ]
        if not fits:
            return None
        best, cost = min(
            fits, key=lambda f: f[0].per_shipment + d.qty * (f[1] + rate * f[0].late_days)
        )
        inbound[best.node] = best.per_shipment
        per_kit += cost
        slowest = max(slowest, best.late_days)
    # the kit option's lateness column rises by at most the slowest source's delay per kit
    return ship_cost[o.shipment] + sum(inbound.values()), per_kit + rate * slowest


def _least_cost(
    prob: Problem, a: int, unit: list[float], ship_cost: dict[Key, float], own: bool
) -> tuple[float, float]:
    """What making any kits at option ``a`` costs at least, as (fixed, per kit): its shipment,
    one inbound shipment if its inbound shipments serve no other line (``own``), and per kit
    its price, the cheapest source of every part and the least lateness it can be promised."""
    o = prob.options[a]
    d = prob.demands[o.demand]
    rate = prob.orders[d.order].rules.lateness_cost_per_unit_day
    fixed = ship_cost[o.shipment]
    if own:
        fixed += max(min(s.per_shipment for s in sources) for _, _, sources in o.components)
    per_kit = unit[a]
    least_late = 0  # every kit waits for each part's quickest source at least
    for _, qty, sources in o.components:
        per_kit += qty * min(s.unit_cost for s in sources)
        least_late = max(least_late, min(s.late_days for s in sources))
    return fixed, per_kit + rate * least_late
