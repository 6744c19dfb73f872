"""Work items: what one fulfilment node must do for one order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from canonical.base import CanonicalModel, Versioned
from canonical.order import Item
from canonical.party import Party

WorkKind = Literal["supply", "assemble", "ship", "pickup"]


class WorkLine(CanonicalModel):
    line_number: str  # the customer's order line this work serves
    item: Item
    quantity: Decimal
    uom: str = "EA"
    unit_price: Decimal | None = None
    promised_date: date | None = None
    components: list[WorkLine] = Field(default_factory=list)  # for assembly of kits


class WorkItem(Versioned):
    type: Literal["work_item"] = "work_item"
    id: str  # deterministic: order id, node, kind, plan revision
    order_id: str
    po_number: str
    revision: int = 1
    node: str  # the partner id of the fulfilment node
    kind: WorkKind
    purpose: Literal["original", "change", "cancel"] = "original"
    ship_to: Party | None = None
    deliver_to_node: str | None = None  # supply to an assembler: where to send the parts
    requested_delivery_date: date | None = None
    ship_date: date | None = None  # when the node is to send it: the day it books capacity
    currency: str | None = None
    lines: list[WorkLine] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
