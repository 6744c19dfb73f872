"""cXML ConfirmationRequest -> canonical OrderResponse (a partner's order confirmation)."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from adapters.cxml.common import credentials, lines_of, source
from adapters.cxml.read_order import read_item
from adapters.xmlsafe import FieldReader
from canonical import Item, OrderResponse, Party, Reference, ResponseLine

LINE_STATUS = {
    "accept": "accepted",
    "allDetail": "changed",
    "detail": "changed",
    "backordered": "backordered",
    "reject": "rejected",
}
HEADER_TYPES = {"accept", "allDetail", "detail", "backordered", "except", "reject", "replace"}


def _status_lines(item: etree._Element, f: FieldReader) -> list[ResponseLine]:
    number = f.required_attr(item, "lineNumber")
    ordered = f.decimal(
        item.get("quantity"), item, attribute="quantity", what="quantity", minimum=Decimal(0)
    )
    item_uom = FieldReader.text(item.find("UnitOfMeasure"))
    out: list[ResponseLine] = []
    statuses = item.findall("ConfirmationStatus")
    if not statuses:
        f.fail(item, "ConfirmationItem without ConfirmationStatus")
    for status in statuses:
        kind = status.get("type") or ""
        if kind not in LINE_STATUS:
            f.fail(
                status,
                f"ConfirmationStatus type {kind!r} is not one of {sorted(LINE_STATUS)}",
                attribute="type",
            )
            continue
        qty = f.decimal(
            f.required_attr(status, "quantity"),
            status,
            attribute="quantity",
            what="quantity",
            minimum=Decimal(0),
        )
        when = f.date(status.get("deliveryDate"), status, attribute="deliveryDate")
        money = status.find("UnitPrice/Money")
        if money is None:
            money = status.find("ItemIn/ItemDetail/UnitPrice/Money")
        price = (
            f.decimal(FieldReader.text(money), money, what="unit price")
            if money is not None
            else None
        )
        item_in = status.find("ItemIn")
        found = (
            read_item(item_in.find("ItemID"), item_in.find("ItemDetail"))
            if item_in is not None
            else Item()
        )
        if qty is None or number is None:
            continue
        out.append(
            ResponseLine(
                line_number=number,
                item=found,
                status=LINE_STATUS[kind],  # type: ignore[arg-type]
                quantity=Decimal(0) if kind == "reject" else qty,
                ordered_quantity=ordered,
                uom=FieldReader.text(status.find("UnitOfMeasure")) or item_uom or "EA",
                unit_price=price,
                promised_date=when,
                reason=" ".join(lines_of(FieldReader.text(status.find("Comments")))) or None,
            )
        )
    return out


def _overall(kind: str, lines: list[ResponseLine]) -> str:
    if kind == "accept":
        return "accepted"
    if kind == "reject":
        return "rejected"
    if lines and all(line.status == "rejected" for line in lines):
        return "rejected"
    if lines and all(line.status == "accepted" for line in lines):
        return "accepted"
    return "accepted_with_changes"


def read_confirmation_request(
    root: etree._Element, request: etree._Element, f: FieldReader
) -> OrderResponse | None:
    header = request.find("ConfirmationHeader")
    if header is None:
        f.fail(request, "missing ConfirmationHeader")
        return None
    kind = f.required_attr(header, "type") or ""
    if kind and kind not in HEADER_TYPES:
        f.fail(
            header,
            f"ConfirmationHeader type {kind!r} is not one of {sorted(HEADER_TYPES)}",
            attribute="type",
        )
    notice_date = f.date(f.required_attr(header, "noticeDate"), header, attribute="noticeDate")
    reference = request.find("OrderReference")
    po_number = po_date = None
    references: list[Reference] = []
    if reference is None:
        f.fail(request, "missing OrderReference")
    else:
        po_number = f.required_attr(reference, "orderID")
        po_date = f.date(reference.get("orderDate"), reference, attribute="orderDate")
        doc_ref = reference.find("DocumentReference")
        if doc_ref is not None and (doc_ref.get("payloadID") or "").strip():
            references.append(
                Reference(qualifier="payloadID", value=doc_ref.get("payloadID").strip())
            )
    lines = [
        line for item in request.findall("ConfirmationItem") for line in _status_lines(item, f)
    ]
    total = header.find("Total/Money")
    head = root.find("Header")
    seller_ids = credentials(head.find("From")) if head is not None else []
    buyer_ids = credentials(head.find("To")) if head is not None else []
    if f.errors or po_number is None:
        return None
    return OrderResponse(
        response_number=header.get("confirmID"),
        response_date=notice_date,
        po_number=po_number,
        po_date=po_date,
        status=_overall(kind, lines),  # type: ignore[arg-type]
        currency=(total.get("currency") or None) if total is not None else None,
        seller=Party(ids=seller_ids) if seller_ids else None,
        buyer=Party(ids=buyer_ids) if buyer_ids else None,
        references=references,
        lines=lines,
        notes=lines_of(FieldReader.text(header.find("Comments"))),
        source=source(root, "ConfirmationRequest"),
    )
