"""Availability the planner may use: given in, never read here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from routing.plan import Plan


@dataclass(frozen=True)
class Inventory:
    """Available units per (node, sku) (on hand minus reservations), and the capacity work
    already booked per (node, day it leaves the node): capacity is daily, so a node full
    today may still take work for tomorrow."""

    available: Mapping[tuple[str, str], Decimal] = field(default_factory=dict)
    lines_used: Mapping[tuple[str, date], int] = field(default_factory=dict)
    units_used: Mapping[tuple[str, date], Decimal] = field(default_factory=dict)

    def qty(self, node: str, sku: str) -> Decimal:
        return Decimal(self.available.get((node, sku), 0))

    def after(self, plan: Plan) -> Inventory:
        """What is left once a plan's work is reserved: stock drawn, lines and units booked
        on the day each assignment leaves its node."""
        return self._book(plan, 1)

    def without(self, plan: Plan) -> Inventory:
        """The inverse of ``after``: a plan's reservations given back, stock and capacity."""
        return self._book(plan, -1)

    def _book(self, plan: Plan, sign: int) -> Inventory:
        avail = dict(self.available)
        units = {k: Decimal(v) for k, v in self.units_used.items()}
        lines = dict(self.lines_used)
        for a in plan.assignments:
            if a.kind != "assemble":
                avail[(a.node, a.sku)] = Decimal(avail.get((a.node, a.sku), 0)) - sign * a.quantity
            day = (a.node, a.ship_date)
            units[day] = units.get(day, Decimal(0)) + sign * a.quantity
            lines[day] = lines.get(day, 0) + sign
        return Inventory(avail, lines, units)
