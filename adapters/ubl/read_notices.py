"""UBL OrderResponse (Peppol T76) -> OrderResponse; DespatchAdvice (Peppol T16) -> ShipNotice."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from adapters.ubl.common import DATE_RULE, NS, find, q, quantity, read_item, read_party, text, value
from adapters.ubl.read_order import read_period
from adapters.xmlsafe import FieldReader
from canonical import OrderResponse, Package, ResponseLine, ShipNotice, ShippedLine
from canonical.shipment import is_valid_sscc

RESPONSE_CODES = {
    "AP": "accepted",
    "AB": "accepted",
    "CA": "accepted_with_changes",
    "RE": "rejected",
}
LINE_CODES = {"5": "accepted", "42": "accepted", "3": "changed", "1": "changed", "7": "rejected"}
GROSS_WEIGHT = "AAB"  # UNCL 6313 measured attribute: gross weight


def _response_line(order_line: etree._Element, default: str, f: FieldReader) -> ResponseLine | None:
    item = find(order_line, "cac:LineItem")
    if item is None:
        f.fail(order_line, "missing cac:LineItem")
        return None
    own_id = f.required(item, "cbc:ID", NS)
    code_el = find(item, "cbc:LineStatusCode")
    code = text(code_el)
    if code is not None and code not in LINE_CODES:
        f.fail(code_el, f"LineStatusCode {code!r} is not one of 1, 3, 5, 7, 42 (UNCL1229 subset)")
    status = LINE_CODES.get(code or "", default)
    qty, unit = (None, None)
    if find(item, "cbc:Quantity") is not None:
        qty, unit = quantity(item, "cbc:Quantity", f, missing_rule=None, unit_rule=None)
    price_el = find(item, "cac:Price/cbc:PriceAmount")
    price = f.decimal(text(price_el), price_el, what="price") if price_el is not None else None
    earliest, promised = read_period(find(item, "cac:Delivery/cac:PromisedDeliveryPeriod"), f)
    number = value(order_line, "cac:OrderLineReference/cbc:LineID") or own_id
    found = read_item(find(item, "cac:Item"), f)
    if number is None:
        return None
    return ResponseLine(
        line_number=number,
        item=found,
        status=status,  # type: ignore[arg-type]
        quantity=Decimal(0) if status == "rejected" or qty is None else qty,
        uom=unit or "EA",
        unit_price=price,
        promised_date=promised or earliest,
        reason=" ".join(n for n in (text(el) for el in item.findall(q("cbc:Note"))) if n) or None,
    )


def read_order_response(root: etree._Element, f: FieldReader) -> OrderResponse | None:
    number = f.required(root, "cbc:ID", NS, code="PEPPOL-T76-B00103")
    issue = f.required(root, "cbc:IssueDate", NS, code="PEPPOL-T76-B00104")
    issued = f.date(issue, find(root, "cbc:IssueDate"), code=DATE_RULE, date_only=True)
    code_el = find(root, "cbc:OrderResponseCode")
    code = f.required(root, "cbc:OrderResponseCode", NS, code="PEPPOL-T76-B00105")
    if code is not None and code not in RESPONSE_CODES:
        f.fail(
            code_el,
            f"OrderResponseCode {code!r} is not AB, AP, CA or RE (UNCL4343 subset)",
            code="PEPPOL-T76-B00801",
        )
    status = RESPONSE_CODES.get(code or "", "accepted")
    if find(root, "cac:OrderReference") is None:
        f.fail(root, "missing cac:OrderReference", code="PEPPOL-T76-B00107")
        po_number = None
    else:
        po_number = f.required(
            find(root, "cac:OrderReference"), "cbc:ID", NS, code="PEPPOL-T76-B01201"
        )
    default_line = "rejected" if status == "rejected" else "accepted"
    lines = [_response_line(el, default_line, f) for el in root.findall(q("cac:OrderLine"))]
    seller = read_party(find(root, "cac:SellerSupplierParty/cac:Party"), f)
    buyer = read_party(find(root, "cac:BuyerCustomerParty/cac:Party"), f)
    if f.errors or po_number is None:
        return None
    return OrderResponse(
        response_number=number,
        response_date=issued,
        po_number=po_number,
        status=status,  # type: ignore[arg-type]
        currency=value(root, "cbc:DocumentCurrencyCode"),
        seller=seller,
        buyer=buyer,
        lines=[line for line in lines if line is not None],
        notes=[n for n in (text(el) for el in root.findall(q("cbc:Note"))) if n],
    )


def _unit(line: etree._Element, f: FieldReader) -> tuple[str | None, Decimal | None, str | None]:
    """(SSCC, gross weight, weight unit) of a despatch line's transport handling unit."""
    unit = find(line, "cac:Shipment/cac:TransportHandlingUnit")
    if unit is None:
        return None, None, None
    id_el = find(unit, "cbc:ID")
    sscc = text(id_el)
    if sscc is not None and len(sscc) == 20 and sscc.startswith("00"):
        sscc = sscc[2:]
    if sscc is not None and not is_valid_sscc(sscc):
        f.fail(id_el, f"SSCC {sscc!r} is not 18 digits with a valid check digit")
        sscc = None
    for dim in unit.findall(q("cac:MeasurementDimension")):
        if value(dim, "cbc:AttributeID") == GROSS_WEIGHT:
            measure = find(dim, "cbc:Measure")
            weight = (
                f.decimal(text(measure), measure, what="weight") if measure is not None else None
            )
            return sscc, weight, measure.get("unitCode") if measure is not None else None
    return sscc, None, None


def read_despatch_advice(root: etree._Element, f: FieldReader) -> ShipNotice | None:
    number = f.required(root, "cbc:ID", NS, code="PEPPOL-T16-B00103")
    issue = f.required(root, "cbc:IssueDate", NS, code="PEPPOL-T16-B00104")
    issued = f.date(issue, find(root, "cbc:IssueDate"), code=DATE_RULE, date_only=True)
    lines_el = root.findall(q("cac:DespatchLine"))
    if not lines_el:
        f.fail(
            root, "a DespatchAdvice needs at least one cac:DespatchLine", code="PEPPOL-T16-B00107"
        )
    po_number = value(root, "cac:OrderReference/cbc:ID") or next(
        (
            v
            for el in lines_el
            if (v := value(el, "cac:OrderLineReference/cac:OrderReference/cbc:ID"))
        ),
        None,
    )
    if po_number is None:
        f.fail(
            root,
            "missing cac:OrderReference/cbc:ID (the order this despatch is for)",
            code="PEPPOL-T16-B00801",
        )
    packages: dict[str | None, Package] = {}
    for el in lines_el:
        line_id = f.required(el, "cac:OrderLineReference/cbc:LineID", NS, code="PEPPOL-T16-B15401")
        qty, unit = quantity(
            el,
            "cbc:DeliveredQuantity",
            f,
            missing_rule="PEPPOL-T16-R005",
            unit_rule="PEPPOL-T16-B14901",
        )
        sscc, weight, weight_uom = _unit(el, f)
        item = read_item(find(el, "cac:Item"), f)
        if line_id is None or qty is None:
            continue
        package = packages.setdefault(sscc, Package(sscc=sscc))
        if weight is not None and package.weight is None:
            package.weight, package.weight_uom = weight, weight_uom
        package.lines.append(
            ShippedLine(line_number=line_id, item=item, quantity=qty, uom=unit or "EA")
        )
    shipment = find(root, "cac:Shipment")
    delivery = find(shipment, "cac:Delivery")
    despatched = find(delivery, "cac:Despatch/cbc:ActualDespatchDate")
    ship_date = (
        f.date(text(despatched), despatched, code=DATE_RULE, date_only=True)
        if despatched is not None
        else None
    )
    earliest, latest = read_period(find(delivery, "cac:EstimatedDeliveryPeriod"), f)
    carrier = value(shipment, "cac:Consignment/cac:CarrierParty/cac:PartyName/cbc:Name") or value(
        shipment, "cac:Consignment/cac:CarrierParty/cac:PartyIdentification/cbc:ID"
    )
    ship_from = read_party(find(root, "cac:DespatchSupplierParty/cac:Party"), f)
    ship_to = read_party(find(root, "cac:DeliveryCustomerParty/cac:Party"), f)
    buyer = read_party(find(root, "cac:BuyerCustomerParty/cac:Party"), f)
    seller = read_party(find(root, "cac:SellerSupplierParty/cac:Party"), f)
    if f.errors or number is None or po_number is None:
        return None
    return ShipNotice(
        shipment_id=number,
        notice_date=issued,
        po_number=po_number,
        ship_date=ship_date,
        estimated_delivery_date=latest or earliest,
        carrier=carrier,
        tracking_number=value(delivery, "cbc:TrackingID"),
        ship_from=ship_from,
        ship_to=ship_to,
        buyer=buyer,
        seller=seller,
        packages=list(packages.values()),
    )
