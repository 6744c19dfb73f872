"""HiGHS, set up once for every model routing solves (the plan MILP and the shipment floor).

HiGHS keeps one task scheduler per calling thread, sized by the first run's ``threads``
option; a later run on that thread asking for another size fails ("not set"). So every
solve here asks for the same ``THREADS``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import highspy
import numpy as np
from highspy import _core

INF = highspy.kHighsInf
# Two threads: HiGHS runs its root-node side tasks and a second search worker beside the main
# one. Measured on the tiered benchmark world (20-line orders, same optima, same plans) on a
# two-core machine: solve p99 21 ms -> 17 ms. More were not measured (no more cores here).
THREADS = max(1, min(2, os.cpu_count() or 1))


def solver(time_limit_s: float) -> _core._Highs:
    """A quiet solver (the bare one: highspy.Highs adds Python callbacks on every event)."""
    h = _core._Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", THREADS)
    h.setOptionValue("time_limit", max(1e-9, time_limit_s))
    return h


def load(
    h: _core._Highs,
    cost: Sequence[float],
    bounds: tuple[Sequence[float], Sequence[float]],
    rows: tuple[Sequence[int], Sequence[int], Sequence[float]],
    row_bounds: tuple[Sequence[float], Sequence[float]],
    integer: Sequence[bool],
) -> bool:
    """Pass a model given row-wise (``rows``: start, index, value); False if HiGHS refuses it."""
    start, index, value = rows
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(cost), len(start) - 1
    lp.col_cost_ = np.asarray(cost, dtype=float)
    lp.col_lower_ = np.asarray(bounds[0], dtype=float)
    lp.col_upper_ = np.asarray(bounds[1], dtype=float)
    lp.row_lower_ = np.asarray(row_bounds[0], dtype=float)
    lp.row_upper_ = np.asarray(row_bounds[1], dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = lp.num_col_, lp.num_row_
    lp.a_matrix_.start_ = np.asarray(start, dtype=np.int32)
    lp.a_matrix_.index_ = np.asarray(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.asarray(value, dtype=float)
    kinds = (highspy.HighsVarType.kContinuous, highspy.HighsVarType.kInteger)
    lp.integrality_ = [kinds[b] for b in integer]
    return bool(h.passModel(lp) == highspy.HighsStatus.kOk)


def optimal(h: _core._Highs) -> bool:
    return bool(h.getModelStatus() == highspy.HighsModelStatus.kOptimal)


def has_solution(h: _core._Highs) -> bool:
    return bool(
        h.getInfo().primal_solution_status == highspy.SolutionStatus.kSolutionStatusFeasible
    )
