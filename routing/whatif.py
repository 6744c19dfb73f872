"""What if the network were different? The same orders planned on two networks, side by side."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from canonical.order import Order
from routing.inventory import Inventory
from routing.network import Network
from routing.plan import Plan
from routing.planner import plan_sequence
from routing.rules import Rules


@dataclass(frozen=True)
class Summary:
    orders: int
    cost: float
    shipments: int
    splits: int
    on_time_rate: float
    units_filled: float
    units_unfilled: float

    @classmethod
    def of(cls, plans: Sequence[Plan]) -> Summary:
        filled = sum(float(a.quantity) for p in plans for a in p.customer_assignments())
        late = sum(
            float(a.quantity) for p in plans for a in p.customer_assignments() if not a.on_time
        )
        return cls(
            orders=len(plans),
            cost=round(sum(p.costs.total for p in plans), 2),
            shipments=sum(p.shipments for p in plans),
            splits=sum(p.splits for p in plans),
            on_time_rate=round(1.0 - late / filled, 4) if filled else 1.0,
            units_filled=filled,
            units_unfilled=sum(float(u.quantity) for p in plans for u in p.unfilled),
        )


@dataclass(frozen=True)
class Change:
    """One order planned differently on network b: the figures and nodes on each side."""

    po_number: str
    cost: tuple[float, float]
    shipments: tuple[int, int]
    on_time_rate: tuple[float, float]
    nodes: tuple[tuple[str, ...], tuple[str, ...]]
    unfilled: tuple[float, float]
    promised: tuple[date | None, date | None]  # the order's last promised delivery

    @classmethod
    def between(cls, a: Plan, b: Plan) -> Change | None:
        def nodes(p: Plan) -> tuple[str, ...]:
            return tuple(sorted({x.node for x in p.assignments}))

        def unfilled(p: Plan) -> float:
            return float(sum(u.quantity for u in p.unfilled))

        def promised(p: Plan) -> date | None:
            dates = [x.promised_date for x in p.customer_assignments() if x.promised_date]
            return max(dates, default=None)

        change = cls(
            a.po_number,
            (round(a.costs.total, 2), round(b.costs.total, 2)),
            (a.shipments, b.shipments),
            (round(a.on_time_rate(), 4), round(b.on_time_rate(), 4)),
            (nodes(a), nodes(b)),
            (unfilled(a), unfilled(b)),
            (promised(a), promised(b)),
        )
        pairs = (change.cost, change.shipments, change.nodes, change.unfilled, change.promised)
        return None if all(x == y for x, y in pairs) else change


@dataclass(frozen=True)
class WhatIf:
    a: Summary
    b: Summary
    changes: tuple[Change, ...] = ()  # the orders planned differently, in the order given

    def difference(self) -> dict[str, float]:
        """b minus a, per figure (negative cost = network b is cheaper)."""
        da, db = asdict(self.a), asdict(self.b)
        return {k: round(db[k] - da[k], 4) for k in da}

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": asdict(self.a),
            "b": asdict(self.b),
            "difference": self.difference(),
            "changed_orders": [asdict(c) for c in self.changes],
        }


def compare(
    orders: Sequence[Order],
    network_a: Network,
    network_b: Network,
    inventory: Inventory,
    rules: Rules,
    *,
    customers: Sequence[str],
    today: date,
    inventory_b: Inventory | None = None,
    time_limit_s: float = 0.05,
) -> WhatIf:
    def run(network: Network, inv: Inventory) -> list[Plan]:
        return plan_sequence(
            orders, network, inv, rules, customers=customers, today=today, time_limit_s=time_limit_s
        )

    a, b = run(network_a, inventory), run(network_b, inventory_b or inventory)
    changes = (Change.between(pa, pb) for pa, pb in zip(a, b, strict=True))
    return WhatIf(Summary.of(a), Summary.of(b), tuple(c for c in changes if c is not None))
