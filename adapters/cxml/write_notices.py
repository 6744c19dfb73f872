"""Canonical OrderResponse / ShipNotice -> cXML ConfirmationRequest / ShipNoticeRequest."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from lxml import etree

from adapters.cxml.common import money, sub, write_phone
from adapters.cxml.write_order import write_item_detail, write_item_id
from canonical import Item, OrderResponse, Party, ShipNotice

LINE_TYPES = {
    "accepted": "accept",
    "changed": "detail",
    "backordered": "backordered",
    "rejected": "reject",
}
_LANG = {"{http://www.w3.org/XML/1998/namespace}lang": "en"}


def _header_type(response: OrderResponse) -> str:
    if response.status == "rejected":
        return "reject"
    if response.status == "accepted" and all(line.status == "accepted" for line in response.lines):
        return "accept" if not response.lines else "detail"
    return "detail"


def _order_reference(
    parent: etree._Element, po_number: str, po_date: date | None, payload: str
) -> None:
    ref = sub(
        parent,
        "OrderReference",
        orderID=po_number,
        orderDate=po_date.isoformat() if po_date else None,
    )
    sub(ref, "DocumentReference", payloadID=payload)


def write_confirmation_request(
    request: etree._Element, response: OrderResponse, today: date
) -> None:
    body = sub(request, "ConfirmationRequest")
    header = sub(
        body,
        "ConfirmationHeader",
        type=_header_type(response),
        noticeDate=(response.response_date or today).isoformat(),
        confirmID=response.response_number,
        operation="new",
    )
    if response.currency:
        total = sum((line.quantity * (line.unit_price or 0) for line in response.lines), Decimal(0))
        money(header, "Total", total, response.currency)
    if response.notes:
        sub(header, "Comments", "\n".join(response.notes), **_LANG)
    payload = next((r.value for r in response.references if r.qualifier == "payloadID"), "")
    _order_reference(body, response.po_number, response.po_date, payload)
    for line in response.lines:
        ordered = line.ordered_quantity if line.ordered_quantity is not None else line.quantity
        item = sub(body, "ConfirmationItem", lineNumber=line.line_number, quantity=str(ordered))
        sub(item, "UnitOfMeasure", line.uom)
        quantity = ordered if line.status == "rejected" else line.quantity
        status = sub(
            item,
            "ConfirmationStatus",
            type=LINE_TYPES[line.status],
            quantity=str(quantity),
            deliveryDate=line.promised_date.isoformat() if line.promised_date else None,
        )
        sub(status, "UnitOfMeasure", line.uom)
        if line.item != Item():
            item_in = sub(status, "ItemIn", quantity=str(quantity))
            write_item_id(item_in, line.item)
            write_item_detail(
                item_in, "ItemDetail", line.item, line.uom, line.unit_price, response.currency
            )
        elif line.unit_price is not None:
            money(status, "UnitPrice", line.unit_price, response.currency)
        if line.reason:
            sub(status, "Comments", line.reason, **_LANG)


def _contact(parent: etree._Element, role: str, party: Party | None) -> None:
    if party is None:
        return
    ident = party.ids[0] if party.ids else None
    contact = sub(
        parent,
        "Contact",
        role=role,
        addressID=ident.value if ident else None,
        addressIDDomain=ident.scheme if ident else None,
    )
    sub(contact, "Name", party.name or "", **_LANG)
    address = party.address
    if address is not None:
        postal = sub(contact, "PostalAddress", name="default")
        for street in address.street:
            sub(postal, "Street", street)
        for tag, value in (
            ("City", address.city),
            ("State", address.region),
            ("PostalCode", address.postal_code),
        ):
            if value:
                sub(postal, tag, value)
        if address.country:
            sub(postal, "Country", address.country, isoCountryCode=address.country)
    if party.contact and party.contact.email:
        sub(contact, "Email", party.contact.email, name="default")
    write_phone(
        contact,
        party.contact.phone if party.contact else None,
        address.country if address else None,
    )


def write_ship_notice_request(request: etree._Element, notice: ShipNotice, today: date) -> None:
    body = sub(request, "ShipNoticeRequest")
    header = sub(
        body,
        "ShipNoticeHeader",
        shipmentID=notice.shipment_id,
        operation="new",
        noticeDate=(notice.notice_date or today).isoformat(),
        shipmentDate=notice.ship_date.isoformat() if notice.ship_date else None,
        deliveryDate=notice.estimated_delivery_date.isoformat()
        if notice.estimated_delivery_date
        else None,
        shipmentType="actual",
    )
    _contact(header, "shipFrom", notice.ship_from)
    _contact(header, "shipTo", notice.ship_to)
    if notice.carrier or notice.tracking_number:
        control = sub(body, "ShipControl")
        if notice.carrier:
            scac = re.fullmatch(r"[A-Z]{2,4}", notice.carrier) is not None
            sub(
                control,
                "CarrierIdentifier",
                notice.carrier,
                domain="SCAC" if scac else "companyName",
            )
        if notice.tracking_number:
            sub(control, "ShipmentIdentifier", notice.tracking_number)
    portion = sub(body, "ShipNoticePortion")
    _order_reference(portion, notice.po_number, None, "")
    for package in notice.packages:
        for line in package.lines:
            item = sub(
                portion, "ShipNoticeItem", lineNumber=line.line_number, quantity=str(line.quantity)
            )
            if line.item != Item():
                write_item_id(item, line.item)
                write_item_detail(item, "ShipNoticeItemDetail", line.item, line.uom, None, None)
            sub(item, "UnitOfMeasure", line.uom)
            if package.sscc or package.tracking_number or package.weight is not None:
                packaging = sub(item, "Packaging")
                if package.weight is not None:
                    dim = sub(
                        packaging, "Dimension", quantity=str(package.weight), type="grossWeight"
                    )
                    sub(dim, "UnitOfMeasure", package.weight_uom or "KGM")
                if package.sscc:
                    sub(packaging, "ShippingContainerSerialCode", package.sscc)
                if package.tracking_number:
                    sub(sub(packaging, "PackageID"), "PackageTrackingID", package.tracking_number)
    for ref in notice.references:
        if ref.qualifier == "ON":
            _order_reference(sub(body, "ShipNoticePortion"), ref.value, None, "")
