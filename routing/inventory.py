"""Availability the planner may use: given in, never read here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Inventory:
    """Available units per (node, sku) (on hand minus reservations) and capacity already used today."""

    available: Mapping[tuple[str, str], Decimal] = field(default_factory=dict)
    lines_used: Mapping[str, int] = field(default_factory=dict)
    units_used: Mapping[str, Decimal] = field(default_factory=dict)

    def qty(self, node: str, sku: str) -> Decimal:
        return Decimal(self.available.get((node, sku), 0))

    def minus(
        self, used: Iterable[tuple[str, str, Decimal]], lines: Mapping[str, int]
    ) -> Inventory:
        """What is left after a plan takes (node, sku, qty) and order lines per node."""
        avail = dict(self.available)
        units = {k: Decimal(v) for k, v in self.units_used.items()}
        for node, sku, qty in used:
            avail[(node, sku)] = Decimal(avail.get((node, sku), 0)) - qty
            units[node] = units.get(node, Decimal(0)) + qty
        line_used = dict(self.lines_used)
        for node, n in lines.items():
            line_used[node] = line_used.get(node, 0) + n
        return Inventory(avail, line_used, units)
