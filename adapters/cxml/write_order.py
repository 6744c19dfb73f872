"""Canonical Order -> cXML OrderRequest (and the item blocks other writers reuse)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lxml import etree

from adapters.cxml.common import money, sub, write_address, write_phone
from canonical import Item, Order

PURPOSE_TYPES = {"original": "new", "change": "update", "cancel": "delete"}
ORDER_TYPES = {"standalone": "regular", "release": "release", "blanket": "blanket"}
_LANG = {"{http://www.w3.org/XML/1998/namespace}lang": "en"}


def write_item_id(parent: etree._Element, item: Item) -> etree._Element:
    item_id = sub(parent, "ItemID")
    sub(item_id, "SupplierPartID", item.supplier_part or "")
    aux = next((i.value for i in item.ids if i.scheme == "VS"), None)
    if aux:
        sub(item_id, "SupplierPartAuxiliaryID", aux)
    if item.buyer_part:
        sub(item_id, "BuyerPartID", item.buyer_part)
    return item_id


def write_item_detail(
    parent: etree._Element,
    tag: str,
    item: Item,
    uom: str,
    price: Decimal | None,
    currency: str | None,
) -> None:
    """ItemDetail (or ShipNoticeItemDetail): price, description, unit, ids, GTIN."""
    detail = sub(parent, tag)
    if price is not None:
        money(detail, "UnitPrice", price, currency)
    sub(detail, "Description", item.description or "", **_LANG)
    sub(detail, "UnitOfMeasure", uom)
    others = [i for i in item.ids if i.scheme not in ("VS", "MF")]
    for other in others:
        sub(detail, "Classification", other.value, domain=other.scheme)
    if not others:
        sub(detail, "Classification", "", domain="UNSPSC")
    manufacturer = next((i.value for i in item.ids if i.scheme == "MF"), None)
    if manufacturer:
        sub(detail, "ManufacturerPartID", manufacturer)
    if item.gtin:
        sub(sub(sub(detail, "ItemDetailIndustry"), "ItemDetailRetail"), "EANID", item.gtin)


def _notes(parent: etree._Element, notes: list[str]) -> None:
    if notes:
        sub(parent, "Comments", "\n".join(notes), **_LANG)


def write_order_request(request: etree._Element, order: Order, today: date) -> None:
    body = sub(request, "OrderRequest")
    header = sub(
        body,
        "OrderRequestHeader",
        orderID=order.po_number,
        orderDate=(order.po_date or today).isoformat(),
        type=PURPOSE_TYPES[order.purpose],
        orderType=ORDER_TYPES.get(order.order_type or ""),
        requestedDeliveryDate=order.requested_delivery_date.isoformat()
        if order.requested_delivery_date
        else None,
    )
    total = order.total_amount
    if total is None:
        total = sum((line.quantity * (line.unit_price or 0) for line in order.lines), Decimal(0))
    money(header, "Total", total, order.currency)
    write_address(header, "ShipTo", order.ship_to)
    write_address(header, "BillTo", order.bill_to)
    contact = order.buyer.contact if order.buyer else None
    if contact is not None:
        person = sub(header, "Contact", role="buyer")
        sub(person, "Name", contact.name or "", **_LANG)
        if contact.email:
            sub(person, "Email", contact.email, name="default")
        write_phone(person, contact.phone, None)
    _notes(header, order.notes)
    for ref in order.references:
        sub(header, "Extrinsic", ref.value, name=ref.qualifier)
    for line in order.lines:
        item = sub(
            body,
            "ItemOut",
            quantity=str(line.quantity),
            lineNumber=line.line_number,
            requestedDeliveryDate=line.requested_delivery_date.isoformat()
            if line.requested_delivery_date
            else None,
        )
        write_item_id(item, line.item)
        write_item_detail(item, "ItemDetail", line.item, line.uom, line.unit_price, order.currency)
        _notes(item, line.notes)
