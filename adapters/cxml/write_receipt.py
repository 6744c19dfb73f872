"""Canonical ReceiptAdvice -> cXML ReceiptRequest (the mirror of ``read_receipt``).

One ReceiptOrder for the purchase order; per line a "received" ReceiptItem with the accepted
quantity and, when something was refused, a "returned" ReceiptItem for the same order line.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lxml import etree

from adapters.cxml.common import sub
from adapters.cxml.read_receipt import CONDITION_EXTRINSIC, default_condition
from adapters.cxml.write_order import write_item_id
from canonical import Item, ReceiptAdvice, ReceivedLine

_LANG = {"{http://www.w3.org/XML/1998/namespace}lang": "en"}
GTIN_DOMAIN = "GTIN"  # read back by read_order.GTIN_DOMAINS


def _item_reference(parent: etree._Element, line: ReceivedLine) -> None:
    """ReceiptItemReference: ItemID (with ids as IdReference), Description, ManufacturerPartID."""
    item: Item = line.item
    ref = sub(parent, "ReceiptItemReference", lineNumber=line.line_number)
    item_id = write_item_id(ref, item)
    if item.gtin:
        sub(item_id, "IdReference", identifier=item.gtin, domain=GTIN_DOMAIN)
    for other in item.ids:
        if other.scheme not in ("VS", "MF"):
            sub(item_id, "IdReference", identifier=other.value, domain=other.scheme)
    if item.description:
        sub(ref, "Description", item.description, **_LANG)
    manufacturer = next((i.value for i in item.ids if i.scheme == "MF"), None)
    if manufacturer:
        sub(ref, "ManufacturerPartID", manufacturer)


def _receipt_item(
    order: etree._Element, number: int, line: ReceivedLine, kind: str, quantity: Decimal,
    shipment_id: str | None,
) -> etree._Element:  # fmt: skip
    """One ReceiptItem; the order line it counts against is in its ReceiptItemReference."""
    item = sub(order, "ReceiptItem", quantity=str(quantity), receiptLineNumber=str(number),
               type=kind)  # fmt: skip
    _item_reference(item, line)
    if shipment_id:
        sub(item, "ShipNoticeIDInfo", shipNoticeID=shipment_id)
    return item


def write_receipt_request(request: etree._Element, receipt: ReceiptAdvice, today: date) -> None:
    """``today`` (the envelope's date) stands in for a missing receipt date (it is required)."""
    body = sub(request, "ReceiptRequest")
    header = sub(body, "ReceiptRequestHeader", receiptID=receipt.receipt_number,
                 operation="new", receiptDate=(receipt.receipt_date or today).isoformat())  # fmt: skip
    for ref in receipt.references:
        sub(header, "Extrinsic", ref.value, name=ref.qualifier)
    order = sub(body, "ReceiptOrder")
    reference = sub(sub(order, "ReceiptOrderInfo"), "OrderReference", orderID=receipt.po_number)
    sub(reference, "DocumentReference", payloadID="")
    number = 0
    for line in receipt.lines:
        number += 1
        received = _receipt_item(order, number, line, "received", line.quantity,
                                 receipt.shipment_id)  # fmt: skip
        last = received
        if line.rejected_quantity:
            number += 1
            last = _receipt_item(order, number, line, "returned", line.rejected_quantity,
                                 receipt.shipment_id)  # fmt: skip
        if line.reason:
            sub(last, "Comments", line.reason, **_LANG)
        if line.condition != default_condition(line.rejected_quantity):
            sub(received, "Extrinsic", line.condition, name=CONDITION_EXTRINSIC)
