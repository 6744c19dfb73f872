"""What the router and the tracker share: inventory from the store, a plan put into effect.

Putting a plan into effect is one step: record its work items, reserve stock, move the
order's lines to "planned", and publish one work message per node. The router does it
for a new order, the tracker for a re-plan after a rejection or a change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from canonical import Order, WorkItem
from canonical import lifecycle as lc
from consumers import orderbook
from consumers.messages import DOCUMENT_TYPE, ORDER_ID, PARTNER, body_of
from hub.bus.consumer import Transaction
from hub.bus.topology import WORK
from hub.store.inventory import positions_all, reserve
from hub.store.work import capacity_booked, work_put
from routing.inventory import Inventory
from routing.network import Network
from routing.plan import Plan

RESERVATION_HOLD = timedelta(days=14)


@dataclass(frozen=True)
class Routing:
    """The routing configuration the services plan with."""

    network: Network
    rules: object  # routing.rules.Rules


def inventory_from_store(
    session: Session,
    network: Network,
    *,
    now: datetime,
    order: Order | None = None,
    customer: str = "",
    others: Sequence[tuple[Order, str]] = (),
) -> Inventory:
    """Availability (on hand minus active reservations) at every node of the order's (and
    the ``others``' (order, customer)) items and their kits' components, or of every item
    when no order is given; and the capacity live work already books per node and ship day."""
    skus = None if order is None else _skus_of(order, network, customer)
    for other, who in others if skus is not None else ():
        skus |= _skus_of(other, network, who)
    figures = positions_all(session, now=now, items=skus)
    stock = {
        (node.id, sku): figures.get((node.id, sku), Decimal(0))
        for node in network.nodes
        for sku in node.items
        if skus is None or sku in skus
    }
    lines, units = capacity_booked(session, since=now.date())
    return Inventory(available=stock, lines_used=lines, units_used=units)


def _skus_of(order: Order, network: Network, customer: str) -> set[str]:
    """Every SKU a plan of the order may draw on: its lines', their substitutes', and their
    kits' components (with theirs)."""
    catalog = network.catalog
    wanted: set[str] = set()
    for line in order.lines:
        sku = catalog.match(line.item, customer)
        if sku is not None:
            wanted.add(sku)
            kit = catalog.kit(sku)
            wanted.update(c.sku for c in kit.components) if kit is not None else None
    return wanted | {sub for sku in wanted for sub in catalog.item(sku).substitutes}


def short_work_id(work: WorkItem) -> str:
    """Work ids become partners' PO numbers: short enough for X12 BEG03 (22)."""
    return "W" + hashlib.sha1(work.id.encode()).hexdigest()[:12].upper()


def apply_plan(
    tx: Transaction,
    view: orderbook.OrderView,
    plan: Plan,
    *,
    kind: str,
    now: datetime,
    only_lines: set[str] | None = None,
    record: Plan | None = None,
) -> tuple[orderbook.OrderView, list[WorkItem]]:
    """Record, reserve, add the new portions and publish the work; returns the new view.

    Every unit of ``plan`` is new work, even at a node already doing part of the line: a
    re-plan covers only what moved (routing.replan.merge keeps the rest for the record).
    ``only_lines``: the lines it covers; ``record``: the order's whole plan to keep then.
    """
    session = tx.session

    works = []
    for work in plan.work_items(view.id, plan.revision):
        lines = [ln for ln in work.lines if only_lines is None or ln.line_number in only_lines]
        if lines:
            works.append(work.model_copy(update={"id": short_work_id(work), "lines": lines}))
    portions: dict[str, list[lc.Portion]] = {}
    for work in works:
        if not work_put(
            session,
            id=work.id,
            order_id=view.id,
            node=work.node,
            kind=work.kind,
            revision=work.revision,
            document=work.model_dump(mode="json"),
            ship_date=work.ship_date,
            line_count=len(work.lines),
            unit_count=sum((line.quantity for line in work.lines), Decimal(0)),
        ):
            continue  # already recorded by an earlier attempt of the same plan
        for line in work.lines:
            sku = line.item.supplier_part or ""
            if work.kind != "assemble" and sku:
                reserve(
                    session,
                    view.id,
                    work.node,
                    sku,
                    line.quantity,
                    expires_at=now + RESERVATION_HOLD,
                    allow_short=True,
                    now=now,
                )
            if work.kind != "supply":
                portions.setdefault(line.line_number, []).append(
                    lc.Portion(
                        node=work.node,
                        work_id=work.id,
                        quantity=line.quantity,
                        promised_date=line.promised_date,
                    )
                )
        tx.publish(
            WORK,
            f"work.{work.node}.{work.kind}",
            body_of(work),
            headers={PARTNER: work.node, ORDER_ID: view.id, DOCUMENT_TYPE: "work_item"},
        )  # fmt: skip
    touched = (
        only_lines if only_lines is not None else {line.line_number for line in view.order.lines}
    )
    backordered = {
        u.line_number
        for u in plan.unfilled
        if u.status == "backordered" and u.line_number in touched
    }
    rejected = frozenset(
        u.line_number for u in plan.unfilled if u.status == "rejected" and u.line_number in touched
    )
    progress = lc.planned(view.progress, portions, backordered, plan.revision, rejected)
    detail = {
        "revision": plan.revision,
        "solver": plan.solver,
        "cost": round(plan.costs.total, 2),
        "shipments": plan.shipments,
        "work": [{"id": w.id, "node": w.node, "kind": w.kind} for w in works],
        "unfilled": [
            {"line": u.line_number, "status": u.status, "reason": u.reason} for u in plan.unfilled
        ],
    }
    extra = {**view.extra, "plan": (record or plan).to_dict()}
    return orderbook.save(
        session, view, progress, kind=kind, cause=tx.cause_id, detail=detail, extra=extra
    ), works


def standing_units(progress: lc.OrderProgress) -> dict[tuple[str, str], Decimal]:
    """(line, node) -> units still live there: what a node confirmed once it answered (less,
    if it was short), else what it was asked for."""
    out: dict[tuple[str, str], Decimal] = {}
    for line in progress.lines:
        for p in line.live():
            units = p.confirmed if p.status != "planned" and p.confirmed > 0 else p.quantity
            out[(line.line_number, p.node)] = (
                out.get((line.line_number, p.node), Decimal(0)) + units
            )
    return out


def plan_from_dict(data: dict) -> Plan:
    """Rebuild a stored plan (``Plan.to_dict``) so that a re-plan can start from it."""
    from routing.plan import Assignment, CandidateNode, Costs, LineExplanation, Unfilled

    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    assignments = [
        Assignment(**{**a, "quantity": Decimal(a["quantity"]), "ship_date": day(a["ship_date"]),
                      "promised_date": day(a.get("promised_date"))})
        for a in data["assignments"]
    ]  # fmt: skip
    unfilled = [Unfilled(**{**u, "quantity": Decimal(u["quantity"])}) for u in data["unfilled"]]
    explanations = [
        LineExplanation(
            line_number=e["line_number"], sku=e.get("sku"), quantity=Decimal(e["quantity"]),
            candidates=[CandidateNode(**{**c, "delivery": day(c.get("delivery"))}) for c in e["candidates"]],
        )
        for e in data.get("explanations", [])
    ]  # fmt: skip
    costs = {k: v for k, v in data["costs"].items() if k != "total"}
    from canonical import Party

    return Plan(
        order_id=data["order_id"], po_number=data["po_number"], customer=data["customer"],
        revision=data["revision"], solver=data["solver"], solver_status=data["solver_status"],
        assignments=assignments, unfilled=unfilled, costs=Costs(**costs), penalties=data["penalties"],
        shipments=data["shipments"], explanations=explanations,
        ship_to=Party.model_validate(data["ship_to"]) if data.get("ship_to") else None,
        currency=data.get("currency"), requested_delivery_date=day(data.get("requested_delivery_date")),
        excluded=frozenset(tuple(x) for x in data.get("excluded", [])),
        down=frozenset(data.get("down", [])), notes=list(data.get("notes", [])),
        ship_with={node: list(pos) for node, pos in data.get("ship_with", {}).items()},
    )  # fmt: skip
