"""The planning problem: every way each order line could be served, with its cost and date.

Built once (routing/candidates.py) from (orders, network, inventory, rules) and shared by the
MILP, the greedy fallback and the nearest-node baseline, so all three are judged alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from canonical.order import Order
from routing.network import Network
from routing.rules import CustomerRules

Mode = Literal["ship", "pickup", "assemble"]


@dataclass(frozen=True)
class OrderInput:
    """One order to plan, with whose rules apply and what earlier plans decided."""

    order: Order
    customer: str
    rules: CustomerRules
    excluded: frozenset[tuple[str, str]] = frozenset()  # (line number, node) rejected before
    down: frozenset[str] = frozenset()  # nodes that cannot take work
    # what an earlier plan had: line number -> {(node, sku, mode): units}
    previous: dict[str, dict[tuple[str, str, str], float]] = field(default_factory=dict)


@dataclass
class Demand:
    order: int  # index into Problem.orders
    line_number: str
    sku: str | None
    qty: float
    requested: date | None
    penalty: float  # per unfilled unit
    unmatched: str | None = None  # why it cannot be served at all
    promised: float = 0.0  # units an earlier plan filled: leaving them unfilled costs stability
    stability: float = 0.0  # per such unit, on top of the penalty


@dataclass
class Source:
    """A node that can send one kit component to the assembler."""

    node: str
    sku: str
    per_kit: float
    unit_cost: float
    per_shipment: float
    shipped: date
    arrival: date
    late_days: int  # kit lateness if this is the slowest component source
    delivery: date
    # re-planning: the parts an earlier plan took from here (more costs stability); None if new
    kept: float | None = None


@dataclass
class Option:
    demand: int
    node: str
    sku: str
    mode: Mode
    unit_cost: float  # handling + transport per unit (money)
    unit_penalty: float  # preference, substitution, stability (weights, not money)
    late_days: int
    ship_date: date
    delivery: date
    shipment: tuple[str, str]  # (node, destination key): lines sharing it ride together
    per_shipment: float
    distance_km: float
    handling_unit: float = 0.0
    transport_unit: float = 0.0
    components: list[tuple[str, float, list[Source]]] = field(default_factory=list)
    kept: float = 0.0  # units an earlier plan had here: only more than these costs stability


@dataclass
class Candidate:
    """Why a node was or was not an option for a line (filled in before and after solving)."""

    node: str
    sku: str | None
    mode: str
    reason: str
    option: int | None = None
    est_cost: float | None = None
    delivery: date | None = None


@dataclass
class Problem:
    network: Network
    orders: list[OrderInput]
    demands: list[Demand] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    candidates: list[list[Candidate]] = field(default_factory=list)
    stock: dict[tuple[str, str], float] = field(default_factory=dict)
    cap_lines: dict[str, int] = field(default_factory=dict)
    cap_units: dict[str, float] = field(default_factory=dict)
    shipment_extra: dict[tuple[str, str], float] = field(default_factory=dict)
    dest: list[str | None] = field(default_factory=list)  # per order: country or store id
    pickup: list[bool] = field(default_factory=list)
    integral: bool = True
    _by_demand: list[list[int]] = field(default_factory=list, init=False, repr=False, compare=False)
    _indexed: int = field(default=-1, init=False, repr=False, compare=False)

    def options_of(self, demand: int) -> list[int]:
        """Indices of the options serving one demand (indexed once the options are all in)."""
        if self._indexed != len(self.options):
            self._by_demand = [[] for _ in self.demands]
            for i, o in enumerate(self.options):
                while o.demand >= len(self._by_demand):
                    self._by_demand.append([])
                self._by_demand[o.demand].append(i)
            self._indexed = len(self.options)
        if demand >= len(self._by_demand):
            return []
        return list(self._by_demand[demand])
