"""Ship notices (DESADV, 856, 945, ShipNoticeRequest, DespatchAdvice)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field, field_validator

from canonical.base import CanonicalModel, Versioned
from canonical.order import Item, Reference, Source
from canonical.party import Party


def sscc_check_digit(body: str) -> str:
    """GS1 mod-10 check digit for the first 17 digits of an SSCC-18."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def is_valid_sscc(value: str) -> bool:
    return len(value) == 18 and value.isdigit() and sscc_check_digit(value[:17]) == value[17]


class ShippedLine(CanonicalModel):
    line_number: str
    item: Item
    quantity: Decimal
    uom: str = "EA"
    ordered_quantity: Decimal | None = None


class Package(CanonicalModel):
    sscc: str | None = None  # SSCC-18 with its check digit
    tracking_number: str | None = None
    weight: Decimal | None = None
    weight_uom: str | None = None  # KGM, LBR
    lines: list[ShippedLine] = Field(default_factory=list)

    @field_validator("sscc")
    @classmethod
    def _sscc(cls, value: str | None) -> str | None:
        if value is not None and not is_valid_sscc(value):
            raise ValueError(f"SSCC {value!r} is not 18 digits with a valid check digit")
        return value


class ShipNotice(Versioned):
    type: Literal["ship_notice"] = "ship_notice"
    id: str | None = None
    shipment_id: str  # the sender's shipment / despatch advice number
    notice_date: date | None = None
    po_number: str
    order_id: str | None = None
    ship_date: date | None = None
    estimated_delivery_date: date | None = None
    carrier: str | None = None  # SCAC or carrier name
    service_level: str | None = None
    tracking_number: str | None = None  # the shipment's (bill of lading / pro number)
    ship_from: Party | None = None
    ship_to: Party | None = None
    buyer: Party | None = None
    seller: Party | None = None
    references: list[Reference] = Field(default_factory=list)
    packages: list[Package] = Field(default_factory=list)
    source: Source | None = None

    def shipped_lines(self) -> list[ShippedLine]:
        return [line for package in self.packages for line in package.lines]
