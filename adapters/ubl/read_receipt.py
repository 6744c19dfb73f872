"""UBL 2.1 ReceiptAdvice (Peppol Logistics T128) -> canonical ReceiptAdvice.

Why: the customer's own count of what arrived is what delivers an order. cbc:ID is the
receipt number, cac:OrderReference the order, cac:DespatchDocumentReference the despatch
advice answered, cac:AdditionalDocumentReference (ID, DocumentTypeCode or DocumentType) the
other references. DeliveryCustomerParty is the ship-to, DespatchSupplierParty or
SellerSupplierParty the seller, BuyerCustomerParty the buyer (the sender is the buyer's
endpoint, else the delivery customer's: see ``reader.DOCUMENTS``).

Per ReceiptLine: ReceivedQuantity is "the total quantity received, including any rejected
parts" (Peppol), so the accepted quantity is ReceivedQuantity less RejectedQuantity;
OrderLineReference/LineID is the order line; ReceivedDate the day it came in; RejectReason
(or a Note) the reason; QuantityDiscrepancyCode or RejectReasonCode in UNCL 4221 gives the
condition (AF damaged, AC over-shipped, CP/BP short); a rejected quantity without one is
"rejected".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lxml import etree

from adapters.ubl.common import DATE_RULE, NS, find, q, quantity, read_item, read_party, text, value
from adapters.xmlsafe import FieldReader
from canonical import ReceiptAdvice, ReceivedLine, Reference

LINE_ID_RULE = "PEPPOL-T128-B16601"  # ReceiptLine: element 'cbc:ID' MUST be provided
CONDITIONS = {"AF": "damaged", "AC": "over", "CP": "short", "BP": "short"}  # UNCL 4221
CONDITION_CODES = {"damaged": "AF", "over": "AC", "short": "CP"}
CONDITION_LIST = "UNCL4221"


def _condition(line: etree._Element, rejected: Decimal) -> str:
    """A UNCL 4221 code names the condition; without one a refusal is plain "rejected"."""
    for path in ("cbc:QuantityDiscrepancyCode", "cbc:RejectReasonCode"):
        code = value(line, path)
        if code in CONDITIONS:
            return CONDITIONS[code]
    return "rejected" if rejected else "accepted"


def _line(element: etree._Element, f: FieldReader) -> tuple[ReceivedLine | None, date | None]:
    """One ReceiptLine, and its ReceivedDate (a candidate receipt date for the header)."""
    own_id = f.required(element, "cbc:ID", NS, code=LINE_ID_RULE)
    received, unit = None, None
    if find(element, "cbc:ReceivedQuantity") is not None:
        received, unit = quantity(element, "cbc:ReceivedQuantity", f, missing_rule=None,
                                  unit_rule=None)  # fmt: skip
    rejected = Decimal(0)
    rejected_el = find(element, "cbc:RejectedQuantity")
    if rejected_el is not None:
        rejected = f.decimal(text(rejected_el), rejected_el, what="quantity",
                             minimum=Decimal(0)) or Decimal(0)  # fmt: skip
        unit = unit or (rejected_el.get("unitCode") or "").strip() or None
    if received is not None and rejected > received:
        f.fail(rejected_el, f"rejected quantity {rejected} is more than the {received} received")
    date_el = find(element, "cbc:ReceivedDate")
    when = f.date(text(date_el), date_el, code=DATE_RULE, date_only=True) if date_el is not None \
        else None  # fmt: skip
    number = value(element, "cac:OrderLineReference/cbc:LineID") or own_id
    reason = value(element, "cbc:RejectReason") or (
        " ".join(n for n in (text(el) for el in element.findall(q("cbc:Note"))) if n) or None
    )
    item = read_item(find(element, "cac:Item"), f)
    if number is None:
        return None, when
    line = ReceivedLine(
        line_number=number,
        item=item,
        quantity=max((received or Decimal(0)) - rejected, Decimal(0)),
        rejected_quantity=rejected,
        uom=unit or "EA",
        condition=_condition(element, rejected),  # type: ignore[arg-type]
        reason=reason,
    )
    return line, when


def _references(root: etree._Element) -> list[Reference]:
    """AdditionalDocumentReference: the ID is the value, its document type the qualifier."""
    found = []
    for ref in root.findall(q("cac:AdditionalDocumentReference")):
        ident = value(ref, "cbc:ID")
        kind = value(ref, "cbc:DocumentTypeCode") or value(ref, "cbc:DocumentType") or "ZZ"
        if ident:
            found.append(Reference(qualifier=kind, value=ident))
    return found


def read_receipt_advice(root: etree._Element, f: FieldReader) -> ReceiptAdvice | None:
    """The whole document, or None with every broken field recorded in ``f``."""
    number = f.required(root, "cbc:ID", NS)
    issue = f.required(root, "cbc:IssueDate", NS)
    issued = f.date(issue, find(root, "cbc:IssueDate"), code=DATE_RULE, date_only=True)
    order = find(root, "cac:OrderReference")
    po_number = f.required(order, "cbc:ID", NS, label="cac:OrderReference/cbc:ID") \
        if order is not None else None  # fmt: skip
    if order is None:
        f.fail(root, "missing cac:OrderReference (the order this receipt is for)")
    results = [_line(el, f) for el in root.findall(q("cac:ReceiptLine"))]
    received_on = next((when for _, when in results if when is not None), None)
    ship_to = read_party(find(root, "cac:DeliveryCustomerParty/cac:Party"), f)
    seller = read_party(find(root, "cac:SellerSupplierParty/cac:Party"), f) or read_party(
        find(root, "cac:DespatchSupplierParty/cac:Party"), f
    )
    buyer = read_party(find(root, "cac:BuyerCustomerParty/cac:Party"), f)
    if f.errors or number is None or po_number is None:
        return None
    return ReceiptAdvice(
        receipt_number=number,
        receipt_date=received_on or issued,  # type: ignore[arg-type]
        po_number=po_number,
        shipment_id=value(root, "cac:DespatchDocumentReference/cbc:ID"),
        buyer=buyer,
        seller=seller,
        ship_to=ship_to,
        references=_references(root),
        lines=[line for line, _ in results if line is not None],
    )
