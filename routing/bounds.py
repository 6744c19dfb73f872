"""How few shipments could serve what a plan serves: a lower bound to judge shipment counts by.

The fewest customer shipments (node, destination) whose options could between them fill
each line as much as the plan filled it, each option up to the most it could carry alone
(stock, unit capacity, kit parts). Lines competing for one stock row and line capacity are
ignored, so no plan that fills as much from the same stock can use fewer shipments.
"""

from __future__ import annotations

from itertools import accumulate

from routing import highs
from routing.problem import Problem
from routing.prune import most


def fewest_shipments(prob: Problem, filled: dict[int, float]) -> int | None:
    """The exact minimum (a set cover solved by HiGHS) for ``filled``: units per demand
    index. None when no choice of shipments covers the fills (they exceed what could be
    carried) or the solver does not finish."""
    keys = sorted({o.shipment for o in prob.options})
    col = {key: j for j, key in enumerate(keys)}
    rows: list[tuple[list[int], list[float], float]] = []
    for di, qty in filled.items():
        if qty <= 1e-9:
            continue
        reach: dict[int, float] = {}
        for i in prob.options_of(di):
            j = col[prob.options[i].shipment]
            reach[j] = reach.get(j, 0.0) + min(most(prob, i), qty)
        if sum(reach.values()) < qty - 1e-9:
            return None
        rows.append((list(reach), list(reach.values()), qty))
    if not rows:
        return 0
    starts = list(accumulate((len(cols) for cols, _, _ in rows), initial=0))
    h = highs.solver(10.0)
    highs.load(
        h,
        [1.0] * len(keys),
        ([0.0] * len(keys), [1.0] * len(keys)),
        (
            starts,
            [j for cols, _, _ in rows for j in cols],
            [a for _, vals, _ in rows for a in vals],
        ),
        ([qty for _, _, qty in rows], [highs.INF] * len(rows)),
        [True] * len(keys),
    )
    h.run()
    if not highs.optimal(h):
        return None
    return round(h.getInfo().objective_function_value)
