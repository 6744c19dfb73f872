"""cXML ShipNoticeRequest -> canonical ShipNotice (packages keyed by SSCC)."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from adapters.cxml.common import credentials, read_phone, read_postal, source
from adapters.cxml.read_order import read_item
from adapters.xmlsafe import FieldReader
from canonical import Contact, Package, Party, PartyId, Reference, ShipNotice, ShippedLine
from canonical.shipment import is_valid_sscc


def read_contact_party(contact: etree._Element | None, f: FieldReader) -> Party | None:
    """A header Contact (role shipFrom / shipTo) as a party."""
    if contact is None:
        return None
    ids = []
    if contact.get("addressID"):
        ids.append(
            PartyId(scheme=contact.get("addressIDDomain") or "ZZ", value=contact.get("addressID"))
        )
    person = Contact(
        email=FieldReader.text(contact.find("Email")), phone=read_phone(contact.find("Phone"))
    )
    return Party(
        ids=ids,
        name=FieldReader.text(contact.find("Name")),
        address=read_postal(contact.find("PostalAddress"), f),
        contact=person if person.email or person.phone else None,
    )


def sscc_of(packaging: etree._Element, f: FieldReader) -> str | None:
    code_el = packaging.find("ShippingContainerSerialCode")
    code = FieldReader.text(code_el)
    if code is None:
        return None
    if len(code) == 20 and code.startswith("00"):  # written with its GS1 application identifier
        code = code[2:]
    if not is_valid_sscc(code):
        f.fail(code_el, f"SSCC {code!r} is not 18 digits with a valid check digit")
        return None
    return code


def _weight(packaging: etree._Element, f: FieldReader) -> tuple[Decimal | None, str | None]:
    for dim in packaging.findall("Dimension"):
        if dim.get("type") == "grossWeight":
            value = f.decimal(dim.get("quantity"), dim, attribute="quantity", what="weight")
            return value, FieldReader.text(dim.find("UnitOfMeasure"))
    return None, None


def _packages(request: etree._Element, f: FieldReader) -> tuple[list[Package], list[str]]:
    packages: dict[tuple[str | None, str | None], Package] = {}
    orders: list[str] = []
    for portion in request.findall("ShipNoticePortion"):
        ref = portion.find("OrderReference")
        if ref is None:
            f.fail(portion, "missing OrderReference")
        elif (order_id := f.required_attr(ref, "orderID")) is not None:
            orders.append(order_id)
        for item in portion.findall("ShipNoticeItem"):
            number = f.required_attr(item, "lineNumber")
            qty = f.decimal(
                f.required_attr(item, "quantity"),
                item,
                attribute="quantity",
                what="quantity",
                minimum=Decimal(0),
            )
            packaging = item.find("Packaging")
            sscc = tracking = None
            weight, weight_uom = None, None
            if packaging is not None:
                sscc = sscc_of(packaging, f)
                tracking = FieldReader.text(packaging.find("PackageID/PackageTrackingID"))
                weight, weight_uom = _weight(packaging, f)
            if number is None or qty is None:
                continue
            detail = item.find("ShipNoticeItemDetail")
            line = ShippedLine(
                line_number=number,
                item=read_item(item.find("ItemID"), detail),
                quantity=qty,
                uom=FieldReader.text(item.find("UnitOfMeasure")) or "EA",
            )
            package = packages.setdefault(
                (sscc, tracking), Package(sscc=sscc, tracking_number=tracking)
            )
            if weight is not None and package.weight is None:
                package.weight, package.weight_uom = weight, weight_uom
            package.lines.append(line)
    return list(packages.values()), orders


def read_ship_notice_request(
    root: etree._Element, request: etree._Element, f: FieldReader
) -> ShipNotice | None:
    header = request.find("ShipNoticeHeader")
    if header is None:
        f.fail(request, "missing ShipNoticeHeader")
        return None
    shipment_id = f.required_attr(header, "shipmentID")
    notice_date = f.date(f.required_attr(header, "noticeDate"), header, attribute="noticeDate")
    ship_date = f.date(header.get("shipmentDate"), header, attribute="shipmentDate")
    delivery = f.date(header.get("deliveryDate"), header, attribute="deliveryDate")
    contacts = {c.get("role"): c for c in header.findall("Contact")}
    control = request.find("ShipControl")
    carrier = tracking = None
    if control is not None:
        carriers = {
            c.get("domain"): FieldReader.text(c) for c in control.findall("CarrierIdentifier")
        }
        carrier = (
            carriers.get("SCAC")
            or carriers.get("companyName")
            or next(iter(carriers.values()), None)
        )
        tracking = FieldReader.text(control.find("ShipmentIdentifier"))
    packages, orders = _packages(request, f)
    if not orders and request.find("ShipNoticePortion") is None:
        f.fail(request, "a ShipNoticeRequest needs a ShipNoticePortion with an OrderReference")
    ship_from = read_contact_party(contacts.get("shipFrom"), f)
    ship_to = read_contact_party(contacts.get("shipTo"), f)
    head = root.find("Header")
    seller_ids = credentials(head.find("From")) if head is not None else []
    buyer_ids = credentials(head.find("To")) if head is not None else []
    if f.errors or shipment_id is None or not orders:
        return None
    return ShipNotice(
        shipment_id=shipment_id,
        notice_date=notice_date,
        po_number=orders[0],
        ship_date=ship_date,
        estimated_delivery_date=delivery,
        carrier=carrier,
        tracking_number=tracking,
        ship_from=ship_from,
        ship_to=ship_to,
        seller=Party(ids=seller_ids) if seller_ids else None,
        buyer=Party(ids=buyer_ids) if buyer_ids else None,
        references=[Reference(qualifier="ON", value=o) for o in orders[1:]],
        packages=packages,
        source=source(root, "ShipNoticeRequest"),
    )
