"""cXML ReceiptRequest -> canonical ReceiptAdvice.

Why: a procurement network's receipt is the customer's word that goods were counted in.
ReceiptRequestHeader@receiptID / @receiptDate, ReceiptOrder/ReceiptOrderInfo/OrderReference
(or OrderIDInfo) @orderID, ReceiptItem@quantity / @receiptLineNumber / @type "received" or
"returned", ReceiptItemReference@lineNumber (the order line) with ItemID, Description and
ManufacturerPartID, ShipNoticeIDInfo@shipNoticeID (the ship notice answered).

A "returned" item with the same order line as the "received" one before it is that line's
refused quantity. The receiving condition has no cXML attribute: it travels as
``<Extrinsic name="receivingCondition">`` (written only when the quantities alone do not
say it: returned means "rejected", none means "accepted").
"""

from __future__ import annotations

from decimal import Decimal
from typing import get_args

from lxml import etree

from adapters.cxml.common import credentials, lines_of, source
from adapters.cxml.read_order import read_item
from adapters.xmlsafe import FieldReader
from canonical import Party, ReceiptAdvice, ReceivedLine, Reference
from canonical.receipt import ReceiptCondition

CONDITION_EXTRINSIC = "receivingCondition"
CONDITIONS: frozenset[str] = frozenset(get_args(ReceiptCondition))
ITEM_TYPES = ("received", "returned")


def default_condition(rejected: Decimal) -> str:
    """The condition a ReceiptItem's quantities imply when no extrinsic says otherwise."""
    return "rejected" if rejected else "accepted"


def _order_id(order: etree._Element, f: FieldReader) -> str | None:
    """ReceiptOrderInfo names the order by OrderReference or, without a copy of it, OrderIDInfo."""
    info = order.find("ReceiptOrderInfo")
    if info is None:
        f.fail(order, "missing ReceiptOrderInfo")
        return None
    ref = info.find("OrderReference")
    if ref is None:
        ref = info.find("OrderIDInfo")
    if ref is None:
        f.fail(info, "missing OrderReference (or OrderIDInfo)")
        return None
    return f.required_attr(ref, "orderID")


def _condition(item: etree._Element, f: FieldReader) -> str | None:
    """The receivingCondition extrinsic, checked against the canonical conditions."""
    for ext in item.findall("Extrinsic"):
        if ext.get("name") == CONDITION_EXTRINSIC:
            value = FieldReader.text(ext)
            if value not in CONDITIONS:
                f.fail(ext, f"receiving condition {value!r} is not one of {sorted(CONDITIONS)}")
                return None
            return value
    return None


def _items(order: etree._Element, f: FieldReader, shipments: list[str]) -> list[ReceivedLine]:
    """ReceiptItems as lines: a "returned" item joins the "received" one of its order line."""
    lines: list[dict[str, object]] = []
    for item in order.findall("ReceiptItem"):
        number = f.required_attr(item, "receiptLineNumber")
        quantity = f.decimal(f.required_attr(item, "quantity"), item, attribute="quantity",
                             what="quantity", minimum=Decimal(0))  # fmt: skip
        kind = (item.get("type") or "received").strip()
        if kind not in ITEM_TYPES:
            f.fail(item, f"ReceiptItem type {kind!r} is not received or returned", attribute="type")
        ref = item.find("ReceiptItemReference")
        order_line = f.required_attr(ref, "lineNumber") if ref is not None else number
        notice = item.find("ShipNoticeIDInfo")
        if notice is not None and (shipment := f.required_attr(notice, "shipNoticeID")):
            shipments.append(shipment)
        condition = _condition(item, f)
        reason = " ".join(lines_of(FieldReader.text(item.find("Comments")))) or None
        if quantity is None or order_line is None or kind not in ITEM_TYPES:
            continue
        previous = lines[-1] if lines else None
        if kind == "returned" and previous is not None and previous["line_number"] == order_line \
                and not previous["rejected_quantity"]:  # fmt: skip
            line = previous
        else:
            line = {"line_number": order_line, "quantity": Decimal(0),
                    "rejected_quantity": Decimal(0),
                    "item": read_item(ref.find("ItemID") if ref is not None else None, ref)}  # fmt: skip
            lines.append(line)
        line["rejected_quantity" if kind == "returned" else "quantity"] = quantity
        if condition:
            line["condition"] = condition
        if reason:
            line["reason"] = reason
    for line in lines:
        line.setdefault("condition", default_condition(line["rejected_quantity"]))  # type: ignore[arg-type]
    return [ReceivedLine(**line) for line in lines]  # type: ignore[arg-type]


def read_receipt_request(
    root: etree._Element, request: etree._Element, f: FieldReader
) -> ReceiptAdvice | None:
    """The whole request, or None with every broken field recorded in ``f``."""
    header = request.find("ReceiptRequestHeader")
    if header is None:
        f.fail(request, "missing ReceiptRequestHeader")
        return None
    receipt_id = f.required_attr(header, "receiptID")
    receipt_date = f.date(f.required_attr(header, "receiptDate"), header, attribute="receiptDate")
    shipments: list[str] = []
    notice = header.find("ShipNoticeIDInfo")
    if notice is not None and (shipment := f.required_attr(notice, "shipNoticeID")):
        shipments.append(shipment)
    orders: list[str] = []
    lines: list[ReceivedLine] = []
    for order in request.findall("ReceiptOrder"):
        order_id = _order_id(order, f)
        if order_id is not None:
            orders.append(order_id)
        lines += _items(order, f, shipments)
    if not orders and request.find("ReceiptOrder") is None:
        f.fail(request, "a ReceiptRequest needs a ReceiptOrder with an OrderReference")
    references = [
        Reference(qualifier=ext.get("name") or "Extrinsic", value=value)
        for ext in header.findall("Extrinsic")
        if (value := FieldReader.text(ext))
    ]
    references += [Reference(qualifier="ON", value=o) for o in orders[1:]]
    head = root.find("Header")
    buyer_ids = credentials(head.find("From")) if head is not None else []
    seller_ids = credentials(head.find("To")) if head is not None else []
    if f.errors or receipt_id is None or not orders:
        return None
    return ReceiptAdvice(
        receipt_number=receipt_id,
        receipt_date=receipt_date,
        po_number=orders[0],
        shipment_id=shipments[0] if shipments else None,
        buyer=Party(ids=buyer_ids) if buyer_ids else None,
        seller=Party(ids=seller_ids) if seller_ids else None,
        references=references,
        lines=lines,
        source=source(root, "ReceiptRequest"),
    )
