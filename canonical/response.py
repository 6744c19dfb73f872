"""Order responses: the seller's answer to an order, line by line (ORDRSP, 855, ...)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from canonical.base import CanonicalModel, Versioned
from canonical.order import Item, Reference, Source
from canonical.party import Party

ResponseStatus = Literal["accepted", "accepted_with_changes", "rejected"]
LineStatus = Literal["accepted", "changed", "rejected", "backordered"]


class ResponseLine(CanonicalModel):
    line_number: str
    item: Item
    status: LineStatus = "accepted"
    quantity: Decimal  # the confirmed quantity (0 when rejected)
    ordered_quantity: Decimal | None = None
    uom: str = "EA"
    unit_price: Decimal | None = None
    promised_date: date | None = None
    reason: str | None = None


class OrderResponse(Versioned):
    type: Literal["order_response"] = "order_response"
    id: str | None = None
    response_number: str | None = None
    response_date: date | None = None
    po_number: str
    po_date: date | None = None
    order_id: str | None = None  # the hub's order id, when known
    status: ResponseStatus = "accepted"
    currency: str | None = None
    buyer: Party | None = None
    seller: Party | None = None
    ship_to: Party | None = None
    references: list[Reference] = Field(default_factory=list)
    lines: list[ResponseLine] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    source: Source | None = None
