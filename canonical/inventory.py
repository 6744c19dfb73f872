"""Inventory reports (INVRPT, 846): what a node holds, per item."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from canonical.base import CanonicalModel, Versioned
from canonical.order import Item, Source
from canonical.party import Party


class InventoryLine(CanonicalModel):
    item: Item
    quantity_on_hand: Decimal
    quantity_available: Decimal | None = None
    uom: str = "EA"
    location: str | None = None  # the node's location id, when a report covers several
    available_date: date | None = None


class InventoryReport(Versioned):
    type: Literal["inventory_report"] = "inventory_report"
    id: str | None = None
    report_number: str | None = None
    report_date: date | None = None
    reporter: Party | None = None  # the node reporting
    recipient: Party | None = None
    lines: list[InventoryLine] = Field(default_factory=list)
    source: Source | None = None
