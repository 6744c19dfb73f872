"""Canonical ReceiptAdvice -> UBL 2.1 ReceiptAdvice (Peppol Logistics T128 identifiers).

The mirror of ``read_receipt``; elements are written in the UBL 2.1 schema's order.
"""

from __future__ import annotations

from datetime import date, datetime

from lxml import etree

from adapters.ubl.common import cac, cbc, root_element, write_item, write_party
from adapters.ubl.read_receipt import CONDITION_CODES, CONDITION_LIST
from canonical import ReceiptAdvice, ReceivedLine

CUSTOMIZATION = "urn:fdc:peppol.eu:logistics:trns:receipt_advice:1"
PROFILE = "urn:fdc:peppol.eu:logistics:bis:despatch_advice_w_receipt_advice:1"
# ReceiptAdviceTypeCode (Peppol): D answers an advanced despatch advice, S a received shipment
ANSWERS_DESPATCH, ANSWERS_SHIPMENT = "D", "S"


def _line(root: etree._Element, index: int, line: ReceivedLine, received: date | None) -> None:
    """ReceivedQuantity counts the refused part too (Peppol), so accepted + rejected."""
    element = cac(root, "ReceiptLine")
    cbc(element, "ID", str(index))
    if line.reason and not line.rejected_quantity:
        cbc(element, "Note", line.reason)
    cbc(element, "ReceivedQuantity", line.quantity + line.rejected_quantity, unitCode=line.uom)
    if line.rejected_quantity:
        cbc(element, "RejectedQuantity", line.rejected_quantity, unitCode=line.uom)
        if line.reason:
            cbc(element, "RejectReason", line.reason)
    code = CONDITION_CODES.get(line.condition)
    if code is not None:
        cbc(element, "QuantityDiscrepancyCode", code, listID=CONDITION_LIST)
    if received is not None:
        cbc(element, "ReceivedDate", received.isoformat())
    cbc(cac(element, "OrderLineReference"), "LineID", line.line_number)
    write_item(element, line.item)


def build_receipt_advice(receipt: ReceiptAdvice, created: datetime) -> etree._Element:
    """``created`` (the envelope's clock) gives IssueTime, and IssueDate without a receipt date."""
    root = root_element("ReceiptAdvice")
    cbc(root, "CustomizationID", CUSTOMIZATION)
    cbc(root, "ProfileID", PROFILE)
    cbc(root, "ID", receipt.receipt_number)
    cbc(root, "IssueDate", (receipt.receipt_date or created.date()).isoformat())
    cbc(root, "IssueTime", created.strftime("%H:%M:%S"))
    cbc(
        root, "ReceiptAdviceTypeCode", ANSWERS_DESPATCH if receipt.shipment_id else ANSWERS_SHIPMENT
    )
    cbc(cac(root, "OrderReference"), "ID", receipt.po_number)
    if receipt.shipment_id:
        cbc(cac(root, "DespatchDocumentReference"), "ID", receipt.shipment_id)
    for ref in receipt.references:
        additional = cac(root, "AdditionalDocumentReference")
        cbc(additional, "ID", ref.value)
        cbc(additional, "DocumentType", ref.qualifier)
    write_party(root, "DeliveryCustomerParty", receipt.ship_to)
    write_party(root, "DespatchSupplierParty", receipt.seller)
    write_party(root, "BuyerCustomerParty", receipt.buyer)
    for index, line in enumerate(receipt.lines, 1):
        _line(root, index, line, receipt.receipt_date)
    return root
