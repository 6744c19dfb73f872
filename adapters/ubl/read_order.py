"""UBL 2.1 Order (Peppol BIS Order 3, transaction T01) -> canonical Order; OrderChange and
OrderCancellation (Peppol BIS Advanced Ordering 3, T114 and T115) -> an Order whose purpose
is change or cancel, naming the order it changes."""

from __future__ import annotations

from datetime import date

from lxml import etree

from adapters.ubl.common import (
    CANCELLED,
    DATE_RULE,
    NS,
    find,
    q,
    quantity,
    read_address,
    read_contact,
    read_ids,
    read_item,
    read_party,
    text,
    value,
)
from adapters.xmlsafe import FieldReader
from canonical import Order, OrderLine, Party, Reference

# Peppol BIS Order 3 (T01) rule ids for what the reader enforces
RULE_ID = "PEPPOL-T01-B00103"
RULE_ISSUE_DATE = "PEPPOL-T01-B00104"
RULE_ORDER_LINE = "PEPPOL-T01-B00108"
RULE_BUYER_COUNTRY = "PEPPOL-T01-B05001"
RULE_LINE_ID = "PEPPOL-T01-B21401"
RULE_LINE_QUANTITY = "PEPPOL-T01-B21402"
RULE_LINE_ITEM = "PEPPOL-T01-B21403"
RULE_LINE_UNIT = "PEPPOL-T01-B21601"
# OrderChange LineItem/LineStatusCode (UNCL 1229) -> canonical line action; 4 (no action)
# repeats a line unchanged, so it is no change at all
ACTIONS = {"1": "add", "2": "delete", "3": "change"}
REFERENCES = (
    ("cbc:CustomerReference", "CR"),
    ("cac:QuotationDocumentReference/cbc:ID", "AAG"),
    ("cac:Contract/cbc:ID", "CT"),
)


def read_period(period: etree._Element | None, f: FieldReader) -> tuple[date | None, date | None]:
    """(earliest, requested): StartDate is the earliest only when an EndDate closes the period."""
    if period is None:
        return None, None
    start_el, end_el = find(period, "cbc:StartDate"), find(period, "cbc:EndDate")
    start = (
        f.date(text(start_el), start_el, code=DATE_RULE, date_only=True)
        if start_el is not None
        else None
    )
    end = (
        f.date(text(end_el), end_el, code=DATE_RULE, date_only=True) if end_el is not None else None
    )
    return (start, end) if end is not None else (None, start)


def read_delivery(delivery: etree._Element | None, f: FieldReader) -> Party | None:
    """cac:Delivery: DeliveryLocation (id, address) and DeliveryParty (name, contact)."""
    if delivery is None:
        return None
    location = find(delivery, "cac:DeliveryLocation")
    party = find(delivery, "cac:DeliveryParty")
    ids = read_ids(
        (location.findall(q("cbc:ID")) if location is not None else [])
        + (party.findall(q("cac:PartyIdentification/cbc:ID")) if party is not None else [])
    )
    found = Party(
        ids=ids,
        name=value(party, "cac:PartyName/cbc:Name") or value(location, "cbc:Name"),
        address=read_address(find(location, "cac:Address"), f, None),
        contact=read_contact(find(party, "cac:Contact")),
    )
    return found if found != Party() else None


def _line(
    order_line: etree._Element, ship_to: Party | None, f: FieldReader, change: bool = False
) -> OrderLine | None:
    item = find(order_line, "cac:LineItem")
    if item is None:
        f.fail(order_line, "missing cac:LineItem", code="PEPPOL-T01-B21201")
        return None
    number = f.required(item, "cbc:ID", NS, code=RULE_LINE_ID)
    status_el = find(item, "cbc:LineStatusCode")
    status = text(status_el) if status_el is not None else None
    if change and status not in (*ACTIONS, "4"):
        f.fail(status_el if status_el is not None else item,
               f"LineStatusCode {status!r} is not 1 (added), 2 (deleted), 3 (changed) or 4 "
               "(no action)" if status else "an OrderChange line needs a cbc:LineStatusCode")  # fmt: skip
    qty, unit = quantity(
        item, "cbc:Quantity", f, missing_rule=RULE_LINE_QUANTITY, unit_rule=RULE_LINE_UNIT
    )
    if qty is not None and qty == 0 and not (change and status == "2"):
        f.fail(find(item, "cbc:Quantity"), "quantity must be greater than zero")
        qty = None
    price_el = find(item, "cac:Price/cbc:PriceAmount")
    price = f.decimal(text(price_el), price_el, what="price") if price_el is not None else None
    if find(item, "cac:Item") is None:
        f.fail(item, "missing cac:Item", code=RULE_LINE_ITEM)
    delivery = find(item, "cac:Delivery")
    _, requested = read_period(find(delivery, "cac:RequestedDeliveryPeriod"), f)
    notes = [n for n in (text(el) for el in order_line.findall(q("cbc:Note"))) if n]
    line_ship_to = read_delivery(delivery, f)
    if line_ship_to is not None and line_ship_to != ship_to:
        # The canonical line has no ship-to of its own: keep it visible as a note.
        ident = line_ship_to.ids[0].value if line_ship_to.ids else ""
        where = (
            line_ship_to.name or (line_ship_to.address.city if line_ship_to.address else "") or ""
        )
        notes.append(" ".join(p for p in ("ship to", ident, where) if p))
    found = read_item(find(item, "cac:Item"), f)
    if number is None or qty is None:
        return None
    return OrderLine(
        line_number=number,
        item=found,
        quantity=qty,
        uom=unit or "EA",
        unit_price=price,
        requested_delivery_date=requested,
        notes=notes,
        action=ACTIONS.get(status or "") if change else None,  # type: ignore[arg-type]
    )


def read_order(root: etree._Element, f: FieldReader) -> Order | None:
    return _read(root, f, change=False)


def read_order_change(root: etree._Element, f: FieldReader) -> Order | None:
    return _read(root, f, change=True)


def read_order_cancellation(root: etree._Element, f: FieldReader) -> Order | None:
    f.required(root, "cbc:ID", NS, code=RULE_ID)
    f.required(root, "cbc:IssueDate", NS, code=RULE_ISSUE_DATE)
    po_number, po_date = _order_reference(root, f)
    buyer = read_party(find(root, "cac:BuyerCustomerParty/cac:Party"), f, RULE_BUYER_COUNTRY)
    seller = read_party(find(root, "cac:SellerSupplierParty/cac:Party"), f)
    notes = [n for n in (text(el) for el in root.findall(q("cbc:Note"))) if n]
    reason = value(root, "cbc:CancellationNote")
    if not notes and reason and reason != CANCELLED:
        notes = [reason]
    if f.errors or po_number is None:
        return None
    return Order(po_number=po_number, po_date=po_date, purpose="cancel", buyer=buyer,
                 seller=seller, notes=notes)  # fmt: skip


def _order_reference(root: etree._Element, f: FieldReader) -> tuple[str | None, date | None]:
    """The order a change or cancellation is about: OrderReference ID and issue date."""
    reference = find(root, "cac:OrderReference")
    if reference is None:
        f.fail(root, "missing cac:OrderReference: which order is changed?")
        return None, None
    number = f.required(reference, "cbc:ID", NS)
    issued = find(reference, "cbc:IssueDate")
    day = (
        f.date(text(issued), issued, code=DATE_RULE, date_only=True) if issued is not None else None
    )
    return number, day


def _read(root: etree._Element, f: FieldReader, *, change: bool) -> Order | None:
    if change:
        f.required(root, "cbc:ID", NS, code=RULE_ID)
        f.required(root, "cbc:IssueDate", NS, code=RULE_ISSUE_DATE)
        po_number, po_date = _order_reference(root, f)
    else:
        po_number = f.required(root, "cbc:ID", NS, code=RULE_ID)
        issue = f.required(root, "cbc:IssueDate", NS, code=RULE_ISSUE_DATE)
        po_date = f.date(issue, find(root, "cbc:IssueDate"), code=DATE_RULE, date_only=True)
    buyer = read_party(find(root, "cac:BuyerCustomerParty/cac:Party"), f, RULE_BUYER_COUNTRY)
    seller = read_party(find(root, "cac:SellerSupplierParty/cac:Party"), f)
    bill_to = read_party(find(root, "cac:AccountingCustomerParty/cac:Party"), f)
    delivery = find(root, "cac:Delivery")
    ship_to = read_delivery(delivery, f)
    earliest, requested = read_period(find(delivery, "cac:RequestedDeliveryPeriod"), f)
    lines_el = root.findall(q("cac:OrderLine"))
    if not lines_el:
        f.fail(root, "an Order needs at least one cac:OrderLine", code=RULE_ORDER_LINE)
    lines = [_line(el, ship_to, f, change) for el in lines_el]
    payable = find(root, "cac:AnticipatedMonetaryTotal/cbc:PayableAmount")
    total = (
        f.decimal(text(payable), payable, what="payable amount") if payable is not None else None
    )
    references = [
        Reference(qualifier=q, value=v) for path, q in REFERENCES if (v := value(root, path))
    ]
    if f.errors or po_number is None:
        return None
    return Order(
        po_number=po_number,
        po_date=po_date,
        purpose="change" if change else "original",
        currency=value(root, "cbc:DocumentCurrencyCode"),
        buyer=buyer,
        seller=seller,
        ship_to=ship_to,
        bill_to=bill_to,
        requested_delivery_date=requested,
        earliest_delivery_date=earliest,
        references=references,
        total_amount=total,
        lines=[line for line in lines if line is not None and not (change and not line.action)],
        notes=[n for n in (text(el) for el in root.findall(q("cbc:Note"))) if n],
    )
