"""Per-customer routing rules, merged over a default."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class CustomerRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    preferred_nodes: list[str] = Field(default_factory=list)
    excluded_nodes: list[str] = Field(default_factory=list)
    ship_complete: bool = False
    max_splits: int | None = Field(default=None, ge=0)  # extra shipments allowed per order
    allow_substitutions: bool = False
    backorder_policy: Literal["backorder", "reject"] = "backorder"
    # max_requested: promise = max(ship date + transit, requested); earliest: ship + transit
    promise: Literal["max_requested", "earliest"] = "max_requested"
    lateness_cost_per_unit_day: float = Field(default=1.0, ge=0)
    cost_per_extra_shipment: float = Field(default=0.0, ge=0)
    # not money: weights that steer the optimiser, reported apart from cost-to-serve
    unfilled_penalty_per_unit: float = Field(default=1000.0, ge=0)
    non_preferred_penalty_per_unit: float = Field(default=0.5, ge=0)
    substitution_penalty_per_unit: float = Field(default=2.0, ge=0)
    stability_cost_per_unit: float = Field(default=100.0, ge=0)


class Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    default: CustomerRules = CustomerRules()
    customers: dict[str, CustomerRules] = Field(default_factory=dict)

    def for_customer(self, customer: str) -> CustomerRules:
        """The default with the customer's own keys laid over it (only keys they set)."""
        own = self.customers.get(customer)
        if own is None:
            return self.default
        return self.default.model_copy(update=own.model_dump(exclude_unset=True))
