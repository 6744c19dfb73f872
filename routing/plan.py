"""The plan: who does what for an order, what it costs, and why (JSON-able, pure)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from canonical.order import Item
from canonical.party import Party
from canonical.work import WorkItem, WorkLine

Kind = Literal["supply", "assemble", "ship", "pickup"]


@dataclass(frozen=True)
class Assignment:
    line_number: str
    node: str
    sku: str
    quantity: Decimal
    kind: Kind
    ship_date: date
    promised_date: date | None  # delivery (or pickup) promised to the customer; None for supply
    gtin: str | None = None
    description: str = ""
    uom: str = "EA"
    deliver_to_node: str | None = None  # supply: the assembler receiving the parts
    for_sku: str | None = None  # supply: the kit the part goes into
    substitute_for: str | None = None  # the SKU ordered, when a substitute is sent
    on_time: bool = True


@dataclass(frozen=True)
class Unfilled:
    line_number: str
    sku: str | None
    quantity: Decimal
    status: Literal["backordered", "rejected"]
    reason: str


@dataclass(frozen=True)
class CandidateNode:
    node: str
    sku: str | None
    mode: str
    status: Literal["chosen", "feasible", "excluded"]
    reason: str
    cost: float | None = None  # est. cost to serve the whole line from here alone
    delivery: date | None = None


@dataclass(frozen=True)
class LineExplanation:
    line_number: str
    sku: str | None
    quantity: Decimal
    candidates: list[CandidateNode]


@dataclass(frozen=True)
class Costs:
    handling: float = 0.0
    transport: float = 0.0
    extra_shipment: float = 0.0
    lateness: float = 0.0

    @property
    def total(self) -> float:
        return self.handling + self.transport + self.extra_shipment + self.lateness


@dataclass(frozen=True)
class Plan:
    order_id: str
    po_number: str
    customer: str
    revision: int
    solver: str  # "milp" or "greedy"
    solver_status: str
    assignments: list[Assignment]
    unfilled: list[Unfilled]
    costs: Costs
    penalties: float  # rules' steering weights and unfilled penalties, not money
    shipments: int
    explanations: list[LineExplanation]
    ship_to: Party | None = None
    currency: str | None = None
    requested_delivery_date: date | None = None
    excluded: frozenset[tuple[str, str]] = frozenset()  # (line, node) pairs rejected so far
    down: frozenset[str] = frozenset()
    notes: list[str] = field(default_factory=list)
    # planned with other orders: node -> the POs whose goods leave it in the same shipment
    ship_with: dict[str, list[str]] = field(default_factory=dict)

    @property
    def objective(self) -> float:
        return self.costs.total + self.penalties

    @property
    def splits(self) -> int:
        return max(0, self.shipments - 1)

    def customer_assignments(self) -> list[Assignment]:
        return [a for a in self.assignments if a.kind != "supply"]

    def on_time_rate(self) -> float:
        """Share of delivered units promised by the date asked (1.0 when nothing is shipped)."""
        units = [a for a in self.customer_assignments()]
        total = sum(a.quantity for a in units)
        if not total:
            return 1.0
        return float(sum(a.quantity for a in units if a.on_time) / total)

    def filled(self, line_number: str) -> Decimal:
        return sum(
            (a.quantity for a in self.customer_assignments() if a.line_number == line_number),
            Decimal(0),
        )

    def work_items(
        self, order_id: str | None = None, revision: int | None = None
    ) -> list[WorkItem]:
        """One work item per (node, kind[, destination]); ids are stable for the same plan."""
        oid, rev = order_id or self.order_id, revision or self.revision
        groups: dict[tuple[str, str, str], list[Assignment]] = {}
        for a in self.assignments:
            groups.setdefault((a.node, a.kind, a.deliver_to_node or ""), []).append(a)
        comps = [a for a in self.assignments if a.kind == "supply"]
        items: list[WorkItem] = []
        for (node, kind, to), rows in sorted(groups.items()):
            lines = []
            for a in sorted(rows, key=lambda r: (r.line_number, r.sku)):
                parts = [
                    WorkLine(
                        line_number=c.line_number,
                        item=Item(
                            gtin=c.gtin, supplier_part=c.sku, description=c.description or None
                        ),
                        quantity=c.quantity,
                        uom=c.uom,
                    )
                    for c in comps
                    if kind == "assemble"
                    and c.deliver_to_node == node
                    and c.line_number == a.line_number
                ]
                lines.append(
                    WorkLine(
                        line_number=a.line_number,
                        item=Item(
                            gtin=a.gtin, supplier_part=a.sku, description=a.description or None
                        ),
                        quantity=a.quantity,
                        uom=a.uom,
                        promised_date=a.promised_date or a.ship_date,
                        components=parts,
                    )
                )
            suffix = f"-{to}" if to else ""
            items.append(
                WorkItem(
                    id=f"{oid}-{node}-{kind}{suffix}-r{rev}",
                    order_id=oid,
                    po_number=self.po_number,
                    revision=rev,
                    node=node,
                    kind=kind,  # type: ignore[arg-type]
                    ship_to=None if kind == "supply" else self.ship_to,
                    deliver_to_node=to or None,
                    requested_delivery_date=self.requested_delivery_date,
                    ship_date=min(a.ship_date for a in rows),
                    currency=self.currency,
                    lines=lines,
                    notes=[
                        f"Ship together with customer order {po} (same address): one shipment"
                        for po in (self.ship_with.get(node, []) if kind != "supply" else [])
                    ],
                )
            )
        return items

    def to_dict(self) -> dict[str, Any]:
        def clean(value: Any) -> Any:
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            if isinstance(value, list | tuple | frozenset | set):
                items = [clean(v) for v in value]
                return sorted(items, key=str) if isinstance(value, frozenset | set) else items
            if isinstance(value, Decimal):
                return str(int(value)) if value == value.to_integral_value() else str(value)
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, float):
                return round(value, 2)
            if isinstance(value, Party):
                return value.model_dump(mode="json", exclude_none=True)
            if is_dataclass(value) and not isinstance(value, type):
                # field by field: dataclasses.asdict deep-copies every leaf first
                return {f.name: clean(getattr(value, f.name)) for f in fields(value)}
            return value

        data = clean(self)
        data["costs"]["total"] = round(self.costs.total, 2)
        data["objective"] = round(self.objective, 2)
        data["splits"] = self.splits
        data["on_time_rate"] = round(self.on_time_rate(), 4)
        return data
