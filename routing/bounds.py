"""How few shipments could serve what a plan serves: a lower bound to judge shipment counts by.

The fewest customer shipments (node, destination) whose options could between them fill
each line as much as the plan filled it, each option up to the most it could carry alone
(stock, unit capacity, kit parts). Lines competing for one stock row and line capacity are
ignored, so no plan that fills as much from the same stock can use fewer shipments.
"""

from __future__ import annotations

import highspy
import numpy as np
from highspy import _core

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
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(keys), len(rows)
    lp.col_cost_ = np.ones(len(keys))
    lp.col_lower_ = np.zeros(len(keys))
    lp.col_upper_ = np.ones(len(keys))
    lp.row_lower_ = np.array([qty for _, _, qty in rows])
    lp.row_upper_ = np.full(len(rows), highspy.kHighsInf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = lp.num_col_, lp.num_row_
    starts = np.cumsum([0] + [len(cols) for cols, _, _ in rows])
    lp.a_matrix_.start_ = starts.astype(np.int32)
    lp.a_matrix_.index_ = np.array([j for cols, _, _ in rows for j in cols], dtype=np.int32)
    lp.a_matrix_.value_ = np.array([a for _, vals, _ in rows for a in vals], dtype=float)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * len(keys)
    h = _core._Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("time_limit", 10.0)
    h.passModel(lp)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return round(h.getInfo().objective_function_value)
