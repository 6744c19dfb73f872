"""Items and kits as configured, and matching a customer's line to our SKU."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from canonical.order import Item


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def normalise_gtin(value: str) -> str:
    """GTIN-8/12/13/14 compared as GTIN-14, so 4012345000016 matches 04012345000016."""
    return value.strip().zfill(14)


def gtin_valid(value: str) -> bool:
    digits = value.strip()
    if not digits.isdigit() or len(digits) not in (8, 12, 13, 14):
        return False
    body, check = digits[:-1], int(digits[-1])
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


class CatalogItem(_Strict):
    sku: str = Field(min_length=1)
    gtin: str | None = None
    description: str = ""
    unit: str = "EA"
    weight_kg: float = Field(default=0.0, ge=0)
    partner_parts: dict[str, str] = Field(default_factory=dict)  # customer id -> their part no
    substitutes: list[str] = Field(default_factory=list)  # SKUs acceptable in its place

    @field_validator("gtin")
    @classmethod
    def _gtin(cls, value: str | None) -> str | None:
        if value is not None and not gtin_valid(value):
            raise ValueError(f"GTIN {value!r} has the wrong length or check digit")
        return value


class Component(_Strict):
    sku: str
    quantity: Decimal = Field(gt=0)


class Kit(_Strict):
    sku: str
    components: list[Component] = Field(min_length=1)
    assembled_at: list[str] = Field(min_length=1)
    assembly_lead_days: int = Field(default=1, ge=0)


class Catalog(_Strict):
    items: list[CatalogItem] = Field(default_factory=list)
    kits: list[Kit] = Field(default_factory=list)
    _by_sku: dict[str, CatalogItem] = PrivateAttr(default_factory=dict)
    _by_gtin: dict[str, str] = PrivateAttr(default_factory=dict)
    _kits: dict[str, Kit] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        self._by_sku = {i.sku: i for i in self.items}
        self._by_gtin = {normalise_gtin(i.gtin): i.sku for i in self.items if i.gtin}
        self._kits = {k.sku: k for k in self.kits}

    @model_validator(mode="after")
    def _consistent(self) -> Catalog:
        skus: set[str] = set()
        for item in self.items:
            if item.sku in skus:
                raise ValueError(f"SKU {item.sku!r} appears twice")
            skus.add(item.sku)
        for item in self.items:
            for sub in item.substitutes:
                if sub not in skus:
                    raise ValueError(f"substitute {sub!r} of {item.sku!r} is not in the catalog")
        for kit in self.kits:
            for sku in [kit.sku, *(c.sku for c in kit.components)]:
                if sku not in skus:
                    raise ValueError(f"kit {kit.sku!r}: SKU {sku!r} is not in the catalog")
        return self

    def item(self, sku: str) -> CatalogItem:
        return self._by_sku[sku]

    def kit(self, sku: str) -> Kit | None:
        return self._kits.get(sku)

    def weight(self, sku: str) -> float:
        return self.item(sku).weight_kg

    def match(self, item: Item, customer: str) -> str | None:
        """Our SKU for a line, whichever id the customer sent: GTIN, our SKU, their part no."""
        if item.gtin and normalise_gtin(item.gtin) in self._by_gtin:
            return self._by_gtin[normalise_gtin(item.gtin)]
        for value in (item.supplier_part, *(i.value for i in item.ids)):
            if value and value in self._by_sku:
                return value
        if item.buyer_part:
            for cand in self.items:
                if cand.partner_parts.get(customer) == item.buyer_part:
                    return cand.sku
        return None


def match(catalog: Catalog, item: Item, customer: str) -> str | None:
    """Module-level form of :meth:`Catalog.match` (the catalog is data, passed in)."""
    return catalog.match(item, customer)
