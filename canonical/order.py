"""The purchase order, in the one shape every adapter reads into and writes from."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from canonical.base import CanonicalModel, Versioned
from canonical.party import Party

Purpose = Literal["original", "change", "cancel"]


class ItemId(CanonicalModel):
    """Any further item identifier: scheme is the X12 qualifier or EDIFACT code (SK, IN, MF...)."""

    scheme: str
    value: str


class Item(CanonicalModel):
    gtin: str | None = None
    buyer_part: str | None = None
    supplier_part: str | None = None
    description: str | None = None
    ids: list[ItemId] = Field(default_factory=list)

    def key(self) -> str:
        """A stable identity for matching lines across documents."""
        return self.gtin or self.supplier_part or self.buyer_part or (self.description or "")


class Reference(CanonicalModel):
    """A document reference (RFF / REF): qualifier in the standard's code list, and value."""

    qualifier: str
    value: str


class Source(CanonicalModel):
    """Where a document came from: enough to acknowledge it and to find the raw bytes."""

    standard: str  # edifact, x12, cxml, ubl
    version: str | None = None  # D96A, 004010, 1.2.063, 2.1
    message_type: str | None = None  # ORDERS, 850, OrderRequest, Order
    sender: str | None = None
    sender_qualifier: str | None = None
    receiver: str | None = None
    receiver_qualifier: str | None = None
    interchange_control: str | None = None
    group_control: str | None = None
    message_ref: str | None = None
    channel: str | None = None
    email_from: str | None = None  # the e-mail sender, for documents that came by e-mail
    email_subject: str | None = None
    raw_id: str | None = None
    test: bool = False


class OrderLine(CanonicalModel):
    line_number: str
    item: Item
    quantity: Decimal
    uom: str = "EA"  # UN/ECE Recommendation 20 unit code
    unit_price: Decimal | None = None
    requested_delivery_date: date | None = None
    notes: list[str] = Field(default_factory=list)
    action: Literal["add", "change", "delete"] | None = None  # for order changes


class Order(Versioned):
    type: Literal["order"] = "order"
    id: str | None = None  # hub-assigned at intake
    po_number: str
    po_date: date | None = None
    purpose: Purpose = "original"
    order_type: str | None = None  # standalone, dropship, blanket, release...
    currency: str | None = None  # ISO 4217
    buyer: Party | None = None
    seller: Party | None = None
    ship_to: Party | None = None
    bill_to: Party | None = None
    requested_delivery_date: date | None = None
    earliest_delivery_date: date | None = None
    carrier: str | None = None
    references: list[Reference] = Field(default_factory=list)
    total_amount: Decimal | None = None
    lines: list[OrderLine] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    source: Source | None = None
