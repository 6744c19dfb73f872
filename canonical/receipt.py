"""Receipt advices: the customer says what arrived (RECADV, 861, ReceiptRequest, ReceiptAdvice).

The one document that tells the hub an order was *delivered*: a carrier's word that a
parcel was handed over is not the customer's word that the goods were counted in.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from canonical.base import CanonicalModel, Versioned
from canonical.order import Item, Reference, Source
from canonical.party import Party

ReceiptCondition = Literal["accepted", "damaged", "short", "over", "rejected"]


class ReceivedLine(CanonicalModel):
    line_number: str  # the line of the customer's purchase order
    item: Item
    quantity: Decimal  # received and accepted
    rejected_quantity: Decimal = Decimal(0)  # received but refused (damaged, wrong item)
    uom: str = "EA"
    condition: ReceiptCondition = "accepted"
    reason: str | None = None


class ReceiptAdvice(Versioned):
    type: Literal["receipt_advice"] = "receipt_advice"
    id: str | None = None
    receipt_number: str  # the customer's receiving document number
    receipt_date: date | None = None
    po_number: str  # the customer's purchase order
    order_id: str | None = None
    shipment_id: str | None = None  # the ship notice (DESADV / 856) it answers, when named
    buyer: Party | None = None
    seller: Party | None = None
    ship_to: Party | None = None
    references: list[Reference] = Field(default_factory=list)
    lines: list[ReceivedLine] = Field(default_factory=list)
    source: Source | None = None
