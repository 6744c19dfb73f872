"""Small hand-made networks and orders for the routing tests (data, not documents)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from canonical import Address, Item, Order, OrderLine, Party, PartyId
from routing.inventory import Inventory
from routing.network import Network
from routing.plan import Plan
from routing.rules import CustomerRules, Rules

TODAY = date(2026, 11, 25)  # a Wednesday
CONFIG = Path(__file__).resolve().parents[2] / "config"


def node(
    node_id: str,
    *,
    items: list[str],
    kind: str = "supplier",
    country: str = "DE",
    lines: int = 100,
    units: float = 1000,
    per_shipment: float = 10.0,
    per_unit: float = 1.0,
    lead: int = 0,
    services: list[str] | None = None,
    lat: float = 50.0,
    lon: float = 10.0,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": node_id,
        "name": node_id.title(),
        "kind": kind,
        "location": {"lat": lat, "lon": lon, "country": country},
        "items": items,
        "capacity": {"lines": lines, "units": units},
        "handling": {"per_shipment": per_shipment, "per_unit": per_unit},
        "lead_time_days": lead,
        "cutoff": "23:59",
    }
    if services is not None:
        data["services"] = services
    return data


def lane(
    origin: str,
    destination: str = "DE",
    *,
    shipment: float = 20.0,
    unit: float = 0.5,
    days: int = 2,
) -> dict[str, Any]:
    return {
        "origin": origin,
        "destination": destination,
        "cost_per_shipment": shipment,
        "cost_per_unit": unit,
        "transit_days": days,
    }


def network(
    nodes: list[dict[str, Any]],
    lanes: list[dict[str, Any]] | None = None,
    skus: tuple[str, ...] = ("A", "B", "C"),
    kits: list[dict[str, Any]] | None = None,
    substitutes: dict[str, list[str]] | None = None,
) -> Network:
    countries = {n["location"]["country"] for n in nodes}
    return Network.model_validate(
        {
            "nodes": nodes,
            "transport": {"lanes": lanes if lanes is not None else [lane(c) for c in countries]},
            "catalog": {
                "items": [
                    {"sku": s, "weight_kg": 1.0, "substitutes": (substitutes or {}).get(s, [])}
                    for s in skus
                ],
                "kits": kits or [],
            },
        }
    )


def kit(
    parts: tuple[tuple[str, int], ...] = (("A", 1), ("B", 2)),
    at: list[str] | tuple[str, ...] = ("asm",),
    *,
    sku: str = "K",
    lead: int = 1,
) -> dict[str, Any]:
    """A kit for ``network(kits=[...])``: its parts and quantities, and where it is made."""
    return {
        "sku": sku,
        "components": [{"sku": s, "quantity": q} for s, q in parts],
        "assembled_at": list(at),
        "assembly_lead_days": lead,
    }


def order(
    *lines: tuple[str, float],
    country: str = "DE",
    po: str = "PO-1",
    requested: date | None = None,
    ship_to_ids: list[str] | None = None,
    order_type: str | None = None,
    street: str = "Main St 1",
) -> Order:
    return Order(
        id=f"ord-{po}",
        po_number=po,
        order_type=order_type,
        requested_delivery_date=requested,
        ship_to=Party(
            name="Customer",
            ids=[PartyId(scheme="ZZ", value=v) for v in ship_to_ids or []],
            address=Address(street=[street], city="Town", country=country),
        ),
        lines=[
            OrderLine(
                line_number=str(i + 1), item=Item(supplier_part=sku), quantity=Decimal(str(q))
            )
            for i, (sku, q) in enumerate(lines)
        ],
    )


def stock(**per_node: dict[str, float]) -> Inventory:
    return Inventory(
        {(n, s): Decimal(str(q)) for n, items in per_node.items() for s, q in items.items()}
    )


def rules(**kw: Any) -> Rules:
    return Rules(default=CustomerRules(**kw))


def where(plan: Plan, line: str) -> dict[str, Decimal]:
    """Units of a line per node (customer-facing assignments only)."""
    out: dict[str, Decimal] = {}
    for a in plan.customer_assignments():
        if a.line_number == line:
            out[a.node] = out.get(a.node, Decimal(0)) + a.quantity
    return out


def candidate(plan: Plan, line: str, node_id: str):
    exp = next(e for e in plan.explanations if e.line_number == line)
    return next(c for c in exp.candidates if c.node == node_id)
