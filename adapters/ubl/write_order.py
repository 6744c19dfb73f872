"""Canonical Order -> UBL 2.1 Order (Peppol BIS Order 3); a change or cancellation ->
OrderChange or OrderCancellation (Peppol BIS Advanced Ordering 3, T114 and T115)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lxml import etree

from adapters.ubl.common import (
    CANCELLED,
    cac,
    cbc,
    root_element,
    scheme_out,
    write_address,
    write_contact,
    write_item,
    write_party,
)
from canonical import Order, Party

CUSTOMIZATION = "urn:fdc:peppol.eu:poacc:trns:order:3"
PROFILE = "urn:fdc:peppol.eu:poacc:bis:ordering:3"
CHANGE = "urn:fdc:peppol.eu:poacc:trns:order_change:3"
CANCELLATION = "urn:fdc:peppol.eu:poacc:trns:order_cancellation:3"
ADVANCED = "urn:fdc:peppol.eu:poacc:bis:advanced_ordering:3"
# OrderChange LineItem/LineStatusCode (UNCL 1229): 1 added, 2 deleted, 3 changed
LINE_STATUS = {"add": "1", "delete": "2", "change": "3", None: "3"}
REFERENCES = {"CR": "CustomerReference", "AAG": "QuotationDocumentReference", "CT": "Contract"}


def write_period(
    parent: etree._Element, tag: str, earliest: date | None, latest: date | None
) -> None:
    """Mirror of ``read_period``: a lone date is written as StartDate."""
    if earliest is None and latest is None:
        return
    period = cac(parent, tag)
    if earliest is not None and latest is not None:
        cbc(period, "StartDate", earliest.isoformat())
        cbc(period, "EndDate", latest.isoformat())
    else:
        cbc(period, "StartDate", (earliest or latest).isoformat())  # type: ignore[union-attr]


def write_delivery(
    parent: etree._Element, ship_to: Party | None, earliest: date | None, latest: date | None
) -> None:
    if ship_to is None and earliest is None and latest is None:
        return
    delivery = cac(parent, "Delivery")
    if ship_to is not None and (ship_to.ids[:1] or ship_to.address):
        location = cac(delivery, "DeliveryLocation")
        if ship_to.ids:
            cbc(location, "ID", ship_to.ids[0].value, schemeID=scheme_out(ship_to.ids[0].scheme))
        write_address(location, "Address", ship_to.address)
    write_period(delivery, "RequestedDeliveryPeriod", earliest, latest)
    if ship_to is not None and (ship_to.ids[1:] or ship_to.name or ship_to.contact):
        party = cac(delivery, "DeliveryParty")
        for pid in ship_to.ids[1:]:
            cbc(cac(party, "PartyIdentification"), "ID", pid.value, schemeID=scheme_out(pid.scheme))
        if ship_to.name:
            cbc(cac(party, "PartyName"), "Name", ship_to.name)
        write_contact(party, "Contact", ship_to.contact)


def document_name(order: Order) -> str:
    """The UBL document an order becomes: a cancellation naming no lines cancels it whole;
    naming lines, it is a change that deletes them."""
    if order.purpose == "original":
        return "Order"
    return "OrderCancellation" if order.purpose == "cancel" and not order.lines else "OrderChange"


def build_order(order: Order, today: date, sequence: str = "1") -> etree._Element:
    """``sequence``: the change's number among the order's changes (T114 SequenceNumberID),
    also making the change's own ID unique."""
    name = document_name(order)
    if name == "OrderCancellation":
        return _cancellation(order, today, sequence)
    change = name == "OrderChange"
    root = root_element(name)
    cbc(root, "CustomizationID", CHANGE if change else CUSTOMIZATION)
    cbc(root, "ProfileID", ADVANCED if change else PROFILE)
    if change:
        cbc(root, "ID", f"{order.po_number}-{sequence}")
        cbc(root, "IssueDate", today.isoformat())
        cbc(root, "SequenceNumberID", sequence)
    else:
        cbc(root, "ID", order.po_number)
        cbc(root, "IssueDate", (order.po_date or today).isoformat())
        cbc(root, "OrderTypeCode", "220")
    for note in order.notes:
        cbc(root, "Note", note)
    if order.currency:
        cbc(root, "DocumentCurrencyCode", order.currency)
    refs = {r.qualifier: r.value for r in order.references}
    if "CR" in refs:
        cbc(root, "CustomerReference", refs["CR"])
    if "AAG" in refs:
        cbc(cac(root, "QuotationDocumentReference"), "ID", refs["AAG"])
    if change:
        _order_reference(root, order)
    if "CT" in refs:
        cbc(cac(root, "Contract"), "ID", refs["CT"])
    write_party(root, "BuyerCustomerParty", order.buyer)
    write_party(root, "SellerSupplierParty", order.seller)
    write_party(root, "AccountingCustomerParty", order.bill_to)
    write_delivery(root, order.ship_to, order.earliest_delivery_date, order.requested_delivery_date)
    currency = order.currency
    line_total = sum((line.quantity * (line.unit_price or 0) for line in order.lines), Decimal(0))
    if order.total_amount is not None:
        totals = cac(root, "AnticipatedMonetaryTotal")
        cbc(totals, "LineExtensionAmount", line_total, currencyID=currency)
        cbc(totals, "PayableAmount", order.total_amount, currencyID=currency)
    for line in order.lines:
        order_line = cac(root, "OrderLine")
        for note in line.notes:
            cbc(order_line, "Note", note)
        item = cac(order_line, "LineItem")
        cbc(item, "ID", line.line_number)
        if change:
            deleted = order.purpose == "cancel" or line.action == "delete"
            cbc(item, "LineStatusCode", LINE_STATUS["delete" if deleted else line.action])
        cbc(item, "Quantity", line.quantity, unitCode=line.uom)
        if line.unit_price is not None:
            cbc(item, "LineExtensionAmount", line.quantity * line.unit_price, currencyID=currency)
        write_delivery(item, None, None, line.requested_delivery_date)
        if line.unit_price is not None:
            cbc(cac(item, "Price"), "PriceAmount", line.unit_price, currencyID=currency)
        write_item(item, line.item)
    return root


def _order_reference(root: etree._Element, order: Order) -> None:
    reference = cac(root, "OrderReference")
    cbc(reference, "ID", order.po_number)
    if order.po_date is not None:
        cbc(reference, "IssueDate", order.po_date.isoformat())


def _cancellation(order: Order, today: date, sequence: str) -> etree._Element:
    """T115: the whole order cancelled; the reason is the order's notes."""
    root = root_element("OrderCancellation")
    cbc(root, "CustomizationID", CANCELLATION)
    cbc(root, "ProfileID", ADVANCED)
    cbc(root, "ID", f"{order.po_number}-{sequence}")
    cbc(root, "IssueDate", today.isoformat())
    for note in order.notes:
        cbc(root, "Note", note)
    cbc(root, "CancellationNote", "; ".join(order.notes) or CANCELLED)
    _order_reference(root, order)
    write_party(root, "BuyerCustomerParty", order.buyer)
    write_party(root, "SellerSupplierParty", order.seller)
    return root
