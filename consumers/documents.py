"""Pure translations between the customer's documents and the partners' documents.

The hub buys from its partners in its own name: a work item becomes a purchase order
from us to the node (po_number = the work item id, line numbers = the customer's line
numbers, so answers map back without a lookup table). What a partner answers becomes
the customer's order response or ship notice, in the customer's PO and line numbers.
"""

from __future__ import annotations

from datetime import date

from canonical import (
    Item,
    Order,
    OrderLine,
    OrderResponse,
    Party,
    Reference,
    ResponseLine,
    ShipNotice,
    WorkItem,
)
from canonical.lifecycle import OrderProgress

_ORDER_TYPE = {
    "supply": "standalone",
    "assemble": "assembly",
    "ship": "dropship",
    "pickup": "pickup",
}


def purchase_order_for(
    work: WorkItem,
    order: Order,
    *,
    us: Party,
    node: Party,
    today: date,
    deliver_to: Party | None = None,
) -> Order:
    """The purchase order (or 3PL shipping order, or assembly order) we send a node.

    Parts for a kit go to the assembler (``deliver_to``), everything else to the customer.
    """
    lines = [
        OrderLine(
            line_number=line.line_number,
            item=line.item,
            quantity=line.quantity,
            uom=line.uom,
            unit_price=line.unit_price,
            requested_delivery_date=line.promised_date,
            notes=[
                f"component {c.item.supplier_part or c.item.gtin} x {c.quantity}"
                for c in line.components
            ],
        )
        for line in work.lines
    ]
    return Order(
        id=work.id,
        po_number=work.id,
        po_date=today,
        purpose=work.purpose,
        order_type=_ORDER_TYPE[work.kind],
        currency=work.currency or order.currency,
        buyer=us,
        seller=node,
        ship_to=deliver_to or work.ship_to or order.ship_to,
        bill_to=us,
        requested_delivery_date=work.requested_delivery_date or order.requested_delivery_date,
        references=[Reference(qualifier="CO", value=order.po_number)],
        lines=lines,
        notes=list(work.notes),
    )


def order_response_for(
    order: Order, progress: OrderProgress, *, us: Party, today: date
) -> OrderResponse:
    """Our answer to the customer, line by line, with the dates we promise."""
    lines: list[ResponseLine] = []
    for line in order.lines:
        state = progress.line(line.line_number)
        if state.status in ("rejected", "cancelled"):
            status, quantity = "rejected", 0
        elif state.status == "backordered":
            status, quantity = "backordered", 0
        else:
            status, quantity = "accepted", state.confirmed or state.ordered
        lines.append(
            ResponseLine(
                line_number=line.line_number,
                item=line.item,
                status=status,
                quantity=quantity,
                ordered_quantity=line.quantity,
                uom=line.uom,
                unit_price=line.unit_price,
                promised_date=state.promised_date,
            )
        )
    statuses = {line.status for line in lines}
    overall = (
        "accepted"
        if statuses == {"accepted"}
        else "rejected"
        if statuses == {"rejected"}
        else "accepted_with_changes"
    )
    return OrderResponse(
        id=f"R-{progress.order_id}-{progress.revision}",
        response_number=f"R{progress.order_id[-10:]}{progress.revision}",
        response_date=today,
        po_number=order.po_number,
        po_date=order.po_date,
        order_id=progress.order_id,
        status=overall,
        currency=order.currency,
        buyer=order.buyer,
        seller=order.seller or us,
        ship_to=order.ship_to,
        lines=lines,
    )


def customer_ship_notice(
    order: Order, notice: ShipNotice, *, order_id: str, us: Party
) -> ShipNotice:
    """A node's ship notice, retold to the customer in the customer's PO and lines.

    Blind: the customer bought from us, so the notice names us as the party that shipped
    (name, identifiers, contact), never the supplier or 3PL that did. The address is ours:
    from our profile, else the one the customer's order gives its seller; only where neither
    has one does the node's address stay, so the carrier's origin is known. The node's own
    notice is kept in the archive and the trace."""
    items = {line.line_number: line.item for line in order.lines}
    packages = [
        package.model_copy(
            update={
                "lines": [
                    line.model_copy(update={"item": _merge(items.get(line.line_number), line.item)})
                    for line in package.lines
                ]
            }
        )
        for package in notice.packages
    ]
    return notice.model_copy(
        update={
            "id": f"N-{order_id}-{notice.shipment_id}",
            "po_number": order.po_number,
            "order_id": order_id,
            "buyer": order.buyer,
            "seller": order.seller or us,
            "ship_to": order.ship_to or notice.ship_to,
            "ship_from": _as_us(notice.ship_from, us, order.seller),
            "packages": packages,
            "references": [Reference(qualifier="ON", value=order.po_number)],
            "source": None,
        }
    )


def _as_us(ship_from: Party | None, us: Party, seller: Party | None) -> Party:
    for party in (us, seller, ship_from):
        if party is not None and party.address is not None:
            return us.model_copy(update={"address": party.address})
    return us


def _merge(ordered: Item | None, shipped: Item) -> Item:
    """The customer's own identifiers first, what the node said where the customer said nothing."""
    if ordered is None:
        return shipped
    return Item(
        gtin=ordered.gtin or shipped.gtin,
        buyer_part=ordered.buyer_part or shipped.buyer_part,
        supplier_part=ordered.supplier_part or shipped.supplier_part,
        description=ordered.description or shipped.description,
        ids=ordered.ids,
    )
